package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.xml.Element;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Presence to a room (XEP-0045 §7.2-7.7, §7.14): entering (see {@link Entry}), presence updates,
 * nickname changes, leaving, and occupants whose sessions ended or bounced an error.
 */
final class Presences {
    /** XEP-0045 status 333: removed because of a technical problem (its client answered with an error). */
    static final int REMOVED_ON_ERROR = 333;

    private final Room room;
    private final Entry entry;

    Presences(Room room) {
        this.room = room;
        this.entry = new Entry(room, this);
    }

    CompletionStage<Void> handle(Stanza p) {
        Stanza.PresenceType type = p.presenceType();
        Jid from = p.from();
        if (type == null) {
            error(p, StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "unknown presence type"));
            return Room.DONE;
        }
        Occupant o = room.occupants.bySession(from);
        switch (type) {
            case AVAILABLE -> {
            }
            case UNAVAILABLE -> {
                if (o != null) {
                    leave(o, from, p, Set.of());
                }
                return Room.DONE;
            }
            case ERROR -> {
                if (o != null) {
                    leave(o, from, null, Set.of(REMOVED_ON_ERROR));
                }
                return Room.DONE;
            }
            default -> {
                return Room.DONE; // subscriptions and probes mean nothing to a room
            }
        }
        if (!p.to().isFull()) {
            // §7.2.1: entering needs a nickname
            error(p, StanzaError.of(StanzaErrorCondition.JID_MALFORMED, "a room nickname is required"));
            return Room.DONE;
        }
        String nick = p.to().resource();
        if (o == null) {
            return entry.enter(p, nick);
        }
        if (!o.nick().equals(nick)) {
            changeNick(o, p, nick);
        } else if (p.element().child("x", Muc.NS) != null) {
            entry.rejoin(o, p);
        } else {
            o.present(from, p);
            room.out.presence(o, Notice.available(p, p.id()));
        }
        return Room.DONE;
    }

    /** §7.6: unavailable with 303 from the old nickname, then available from the new one. */
    private void changeNick(Occupant o, Stanza p, String nick) {
        Jid user = p.from();
        Jid holder = room.affiliations.holderOf(nick);
        if (room.occupants.byNick(nick) != null || (holder != null && !holder.equals(user.bare()))) {
            error(p, StanzaError.of(StanzaErrorCondition.CONFLICT, "that nickname is taken"));
            return;
        }
        String reserved = room.affiliations.reservedNick(user);
        if (room.ctx.settings().enforceReservedNicks() && reserved != null && !reserved.equals(nick)) {
            error(p, StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE, "you must use your reserved nickname"));
            return;
        }
        o.present(user, p);
        room.out.presence(o, Notice.unavailable(null, p.id()).codes(Set.of(303), Set.of()).newNick(nick));
        room.occupants.rename(o, nick);
        room.out.presence(o, Notice.available(p, p.id()));
    }

    /**
     * One session leaves (§7.14): the occupant's unavailable presence to everyone when it was its
     * last session, otherwise to that session only.
     */
    void leave(Occupant o, Jid session, Stanza unavailable, Set<Integer> codes) {
        String id = unavailable == null ? Stanza.newId() : unavailable.id();
        Notice n = Notice.unavailable(unavailable, id).codes(codes, Set.of());
        if (o.sessions().size() > 1) {
            room.out.presenceTo(o, n, session, o.role(), true);
        } else {
            room.out.presence(o, n);
        }
        room.occupants.removeSession(o, session);
        room.ctx.host().left(room, session);
    }

    /**
     * A session ended (its connection closed or was lost) or went unavailable: it leaves the room,
     * unless a new session has taken its full JID meanwhile (that one is the occupant now).
     */
    CompletionStage<Void> sessionGone(ClientSession session) {
        Occupant o = room.occupants.bySession(session.jid());
        ClientSession current = room.ctx.sessions().get(session.jid());
        if (o != null && (current == null || current == session)) {
            leave(o, session.jid(), null, Set.of());
        }
        return Room.DONE;
    }

    /** Removes every session of an occupant with a notice everyone sees (kick, ban, destruction). */
    void remove(Occupant o, Notice n) {
        room.out.presence(o, n);
        room.occupants.remove(o);
        for (Jid s : o.sessions()) {
            room.ctx.host().left(room, s);
        }
    }

    /** §7.2: an error presence from the occupant JID asked for, with the muc element of the request. */
    void error(Stanza p, StanzaError e) {
        Element reply = Element.builder("presence", Namespaces.CLIENT)
                .attr("from", p.to().toString())
                .attr("to", p.from().toString())
                .attr("id", p.id())
                .attr("type", "error")
                .child(Element.of("x", Muc.NS))
                .child(e.toElement().withAttr("by", room.jid.toString()))
                .build();
        room.send(Stanza.trusted(reply));
    }
}
