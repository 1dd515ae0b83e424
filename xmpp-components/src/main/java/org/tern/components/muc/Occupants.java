package org.tern.components.muc;

import org.tern.core.jid.Jid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A room's occupants, by nickname (in order of entry) and by the full JIDs of their sessions. */
final class Occupants {
    private final Map<String, Occupant> byNick = new LinkedHashMap<>();
    private final Map<Jid, Occupant> bySession = new HashMap<>();

    Occupant byNick(String nick) {
        return byNick.get(nick);
    }

    Occupant bySession(Jid fullJid) {
        return fullJid == null ? null : bySession.get(fullJid);
    }

    void add(Occupant o) {
        byNick.put(o.nick(), o);
        for (Jid s : o.sessions()) {
            bySession.put(s, o);
        }
    }

    void addSession(Occupant o, Jid fullJid) {
        bySession.put(fullJid, o);
    }

    /** Forgets one session; returns true when it was the occupant's last, which left the room. */
    boolean removeSession(Occupant o, Jid fullJid) {
        o.removeSession(fullJid);
        bySession.remove(fullJid, o);
        if (!o.hasSessions()) {
            byNick.remove(o.nick(), o);
            return true;
        }
        return false;
    }

    void remove(Occupant o) {
        byNick.remove(o.nick(), o);
        for (Jid s : o.sessions()) {
            bySession.remove(s, o);
        }
    }

    void rename(Occupant o, String newNick) {
        byNick.remove(o.nick(), o);
        o.rename(newNick);
        byNick.put(newNick, o);
    }

    Collection<Occupant> all() {
        return byNick.values();
    }

    /** A copy, for loops that remove occupants. */
    List<Occupant> snapshot() {
        return new ArrayList<>(byNick.values());
    }

    List<Occupant> ofUser(Jid bare) {
        List<Occupant> out = new ArrayList<>(1);
        for (Occupant o : byNick.values()) {
            if (o.bareJid().equals(bare)) {
                out.add(o);
            }
        }
        return out;
    }

    int size() {
        return byNick.size();
    }

    boolean isEmpty() {
        return byNick.isEmpty();
    }
}
