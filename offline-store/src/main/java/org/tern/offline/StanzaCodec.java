package org.tern.offline;

import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamException;
import org.tern.core.xml.XmlStreamParser;

import java.nio.charset.StandardCharsets;

/** Stored form of a stanza: its standalone XML text, parsed back with the kernel's parser. */
final class StanzaCodec {
    private StanzaCodec() {
    }

    static String toText(Stanza stanza) {
        return stanza.element().toXml();
    }

    static int size(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Parses what {@link #toText} wrote; the text was a valid stanza when stored. */
    static Stanza parse(String text) throws XmlStreamException, StanzaException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Stored stanzas passed the stream limits when they arrived; depth grew by one (delay, offline item).
        XmlStreamParser parser = new XmlStreamParser(new XmlStreamParser.Limits(bytes.length + 1, 10_000, 10_000, 8192),
                XmlStreamParser.Mode.FRAMED);
        parser.feed(bytes, 0, bytes.length);
        StreamEvent event = parser.next();
        if (!(event instanceof StreamEvent.Stanza s)) {
            throw new IllegalStateException("stored text is not one element");
        }
        return Stanza.of(s.element());
    }
}
