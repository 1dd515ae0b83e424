package org.tern.components.muc;

import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;
import org.tern.core.xml.XmlWriter;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A room's recent discussion (XEP-0045 §7.2.15): the last messages as broadcast (without 'to'),
 * newest last, and the selection a new occupant asks for with maxchars, maxstanzas, seconds, since.
 */
final class History {
    /** One message; length is its serialised size, which maxchars counts. */
    record Entry(long seq, Instant stamp, Element message, int length) {
    }

    /** What a joining client asked for; null fields are absent limits. */
    record Request(Integer maxChars, Integer maxStanzas, Instant since) {
        static final Request DEFAULT = new Request(null, null, null);
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int capacity;
    private long lastSeq;

    History(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a message, dropping the oldest beyond capacity. */
    Entry append(Element message, Instant stamp) {
        Entry e = new Entry(++lastSeq, stamp, message, XmlWriter.toString(message, Namespaces.CLIENT).length());
        if (capacity > 0) {
            entries.addLast(e);
            while (entries.size() > capacity) {
                entries.removeFirst();
            }
        }
        return e;
    }

    /** Restores stored entries (oldest first) and the sequence they continue from. */
    void restore(List<Entry> stored, long storedLastSeq) {
        entries.clear();
        for (Entry e : stored) {
            entries.addLast(e);
        }
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
        lastSeq = Math.max(lastSeq, storedLastSeq);
    }

    int size() {
        return entries.size();
    }

    /**
     * The entries to send, oldest first: the newest ones that fit every limit the client gave, and
     * never more than the room's muc#maxhistoryfetch.
     */
    List<Entry> select(Request r, int maxFetch) {
        int maxStanzas = r.maxStanzas() != null ? Math.min(r.maxStanzas(), maxFetch) : maxFetch;
        long maxChars = r.maxChars() != null ? r.maxChars() : Long.MAX_VALUE;
        List<Entry> out = new ArrayList<>();
        long chars = 0;
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext() && out.size() < maxStanzas; ) {
            Entry e = it.next();
            if (r.since() != null && e.stamp().isBefore(r.since())) {
                break;
            }
            chars += e.length();
            if (chars > maxChars) {
                break;
            }
            out.add(e);
        }
        Collections.reverse(out);
        return out;
    }
}
