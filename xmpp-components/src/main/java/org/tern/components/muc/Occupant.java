package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;
import org.tern.core.xml.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Someone in a room under a nickname: one real bare JID, joined from one or more of its sessions
 * (full JIDs) with the same nickname. The most recently active session's presence is the one the
 * room shows.
 */
final class Occupant {
    private String nick;
    private final Jid bareJid;
    private final String occupantId;
    private Role role;
    /** Full JID to its last presence, in order of activity: the last is shown. */
    private final LinkedHashMap<Jid, Stanza> sessions = new LinkedHashMap<>();

    Occupant(String nick, Jid bareJid, String occupantId, Role role) {
        this.nick = nick;
        this.bareJid = bareJid;
        this.occupantId = occupantId;
        this.role = role;
    }

    String nick() {
        return nick;
    }

    void rename(String newNick) {
        nick = newNick;
    }

    Jid bareJid() {
        return bareJid;
    }

    String occupantId() {
        return occupantId;
    }

    Role role() {
        return role;
    }

    void role(Role r) {
        role = r;
    }

    /**
     * Adds or refreshes a session's presence and makes it the one shown. Its children are kept
     * shared, so however often the room sends this presence, each child is serialised once.
     */
    void present(Jid fullJid, Stanza presence) {
        List<Node> children = new ArrayList<>();
        for (Node n : presence.element().children()) {
            children.add(n instanceof Element e ? e.shared() : n);
        }
        sessions.remove(fullJid);
        sessions.put(fullJid, presence.withElement(presence.element().withChildren(children)));
    }

    boolean removeSession(Jid fullJid) {
        return sessions.remove(fullJid) != null;
    }

    boolean hasSession(Jid fullJid) {
        return sessions.containsKey(fullJid);
    }

    List<Jid> sessions() {
        return new ArrayList<>(sessions.keySet());
    }

    boolean hasSessions() {
        return !sessions.isEmpty();
    }

    /** The full JID shown to those who may see real JIDs. */
    Jid shownJid() {
        Jid last = null;
        for (Map.Entry<Jid, Stanza> e : sessions.entrySet()) {
            last = e.getKey();
        }
        return last;
    }

    /** The presence shown for this occupant. */
    Stanza presence() {
        Stanza last = null;
        for (Stanza s : sessions.values()) {
            last = s;
        }
        return last;
    }
}
