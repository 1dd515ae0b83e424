package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;

import java.util.Set;
import java.util.TreeSet;

/**
 * Fan-out of a room's presence and messages. Each stanza is built once per way of seeing it (with
 * or without real JIDs, self or not) with shared payload elements, then only its 'to' changes per
 * recipient session, so a message to a thousand occupants is serialised once, not a thousand times.
 */
final class Broadcaster {
    private final Room room;

    Broadcaster(Room room) {
        this.room = room;
    }

    /**
     * Sends an occupant's presence to every occupant, the occupant itself included (with 110).
     * Call before removing a leaving occupant, so it still gets its own unavailable presence.
     */
    void presence(Occupant who, Notice n) {
        boolean broadcast = n.unavailable() || room.config.presenceBroadcast().contains(who.role());
        if (broadcast) {
            Stanza[] variants = new Stanza[2];
            for (Occupant viewer : room.occupants.all()) {
                if (viewer == who) {
                    continue;
                }
                int v = room.config.showsJidsTo(viewer.role()) ? 1 : 0;
                if (variants[v] == null) {
                    variants[v] = build(who, n, v == 1, false);
                }
                toSessions(viewer, variants[v]);
            }
        }
        toSessions(who, build(who, n, true, true));
    }

    /** An occupant's presence to one session only (its own when self is true). */
    void presenceTo(Occupant who, Notice n, Jid session, Role viewerRole, boolean self) {
        room.outbox.send(build(who, n, self || room.config.showsJidsTo(viewerRole), self).withTo(session));
    }

    /** A stanza (built without 'to') to every session of every occupant. */
    void toAll(Stanza base) {
        for (Occupant o : room.occupants.all()) {
            toSessions(o, base);
        }
    }

    void toSessions(Occupant o, Stanza base) {
        for (Jid s : o.sessions()) {
            room.outbox.send(base.withTo(s));
        }
    }

    private Stanza build(Occupant who, Notice n, boolean showJid, boolean self) {
        Element.Builder item = Element.builder("item", Muc.USER)
                .attr("affiliation", room.affiliations.of(who.bareJid()).value())
                .attr("role", n.unavailable() && n.newNick() == null ? Role.NONE.value() : who.role().value())
                .attr("jid", showJid ? String.valueOf(who.shownJid() == null ? who.bareJid() : who.shownJid()) : null)
                .attr("nick", n.newNick());
        if (n.actorNick() != null) {
            item.child(Element.builder("actor", Muc.USER).attr("nick", n.actorNick()).build());
        }
        if (n.reason() != null) {
            item.child(Element.builder("reason", Muc.USER).text(n.reason()).build());
        }
        Element.Builder x = Element.builder("x", Muc.USER).child(item.build()).child(n.destroy());
        Set<Integer> codes = new TreeSet<>(n.codes());
        if (self) {
            codes.add(110);
            codes.addAll(n.selfCodes());
        }
        for (int c : codes) {
            x.child(Element.builder("status", Muc.USER).attr("code", Integer.toString(c)).build());
        }
        Element e = Element.builder("presence", Namespaces.CLIENT)
                .attr("from", room.occupantJid(who.nick()).toString())
                .attr("type", n.unavailable() ? "unavailable" : null)
                .attr("id", n.id())
                .children(n.payload())
                .child(x.build())
                .child(occupantId(who))
                .build();
        return Stanza.trusted(e);
    }

    static Element occupantId(Occupant o) {
        return Element.builder("occupant-id", Muc.OCCUPANT_ID).attr("id", o.occupantId()).build();
    }
}
