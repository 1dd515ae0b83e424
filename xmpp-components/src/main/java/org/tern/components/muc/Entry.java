package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.xml.Element;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Entering a room (XEP-0045 §7.2) and creating one (§10.1): the admission checks with the errors
 * §7.2.5-7.2.11 name, then the entry sequence: the occupants' presence, the newcomer's presence to
 * all (its own copy with 110 and the codes that concern it), discussion history, the subject.
 */
final class Entry {
    private final Room room;
    private final Presences presences;

    Entry(Room room, Presences presences) {
        this.room = room;
        this.presences = presences;
    }

    CompletionStage<Void> enter(Stanza p, String requestedNick) {
        Jid user = p.from();
        if (room.state == Room.State.ABSENT) {
            return create(p, requestedNick);
        }
        if (!room.exists(user)) {
            return refuse(p, StanzaErrorCondition.ITEM_NOT_FOUND, "no such room"); // §7.2.10 locked room
        }
        Affiliation affiliation = room.affiliations.of(user);
        if (affiliation == Affiliation.OUTCAST) {
            return refuse(p, StanzaErrorCondition.FORBIDDEN, "you are banned from this room"); // §7.2.7
        }
        String nick = requestedNick;
        String reserved = room.affiliations.reservedNick(user);
        boolean renamed = false;
        if (room.ctx.settings().enforceReservedNicks() && reserved != null && !reserved.equals(nick)) {
            nick = reserved;
            renamed = true;
        }
        Occupant same = room.occupants.byNick(nick);
        Jid holder = room.affiliations.holderOf(nick);
        if ((same != null && !same.bareJid().equals(user.bare())) || (holder != null && !holder.equals(user.bare()))) {
            return refuse(p, StanzaErrorCondition.CONFLICT, "that nickname is taken"); // §7.2.9
        }
        if (room.config.membersOnly() && !affiliation.atLeast(Affiliation.MEMBER)) {
            return refuse(p, StanzaErrorCondition.REGISTRATION_REQUIRED, "this room is for members only"); // §7.2.6
        }
        if (room.config.requiresPassword() && !room.config.password().equals(password(p))) {
            return refuse(p, StanzaErrorCondition.NOT_AUTHORIZED, "a password is required"); // §7.2.5
        }
        if (same == null && !affiliation.atLeast(Affiliation.ADMIN) && room.occupants.size() >= room.maxUsers()) {
            return refuse(p, StanzaErrorCondition.SERVICE_UNAVAILABLE, "the room is full"); // §7.2.11
        }
        Set<Integer> selfCodes = new HashSet<>();
        if (renamed) {
            selfCodes.add(210);
        }
        Occupant o = same;
        if (o == null) {
            o = new Occupant(nick, user.bare(), room.ctx.occupantIds().of(room.jid, user),
                    affiliation.defaultRole(room.config.moderated()));
        }
        admit(o, p, selfCodes);
        return Room.DONE;
    }

    /**
     * §10.1.1: a join to a room that does not exist creates it, locked until its owner configures
     * it (§10.1.2-10.1.3), or open at once for a groupchat 1.0 client.
     */
    private CompletionStage<Void> create(Stanza p, String nick) {
        Jid user = p.from();
        MucSettings settings = room.ctx.settings();
        if (settings.roomCreation() == MucSettings.RoomCreation.ADMINS && !settings.isAdmin(user)) {
            return refuse(p, StanzaErrorCondition.NOT_ALLOWED, "only service admins may create rooms");
        }
        // A groupchat 1.0 client (no muc element) cannot configure a room: it gets an instant one.
        boolean gc10 = p.element().child("x", Muc.NS) == null;
        room.state = gc10 ? Room.State.OPEN : Room.State.LOCKED;
        room.createdAt = room.now();
        room.affiliations.put(new Affiliations.Entry(user.bare(), Affiliation.OWNER, null, null));
        Occupant o = new Occupant(nick, user.bare(), room.ctx.occupantIds().of(room.jid, user), Role.MODERATOR);
        Set<Integer> selfCodes = new HashSet<>();
        selfCodes.add(201);
        admit(o, p, selfCodes);
        return Room.DONE;
    }

    /** A session already in the room sent its entry presence again: it gets the whole sequence again. */
    void rejoin(Occupant o, Stanza p) {
        admit(o, p, new HashSet<>());
    }

    private void admit(Occupant o, Stanza p, Set<Integer> selfCodes) {
        Jid session = p.from();
        boolean isNew = room.occupants.byNick(o.nick()) != o;
        o.present(session, p);
        if (isNew) {
            room.occupants.add(o);
        } else {
            room.occupants.addSession(o, session);
        }
        room.ctx.host().entered(room, session);
        // 1. everyone already here, to the newcomer's session
        for (Occupant other : room.occupants.all()) {
            if (other != o && room.config.presenceBroadcast().contains(other.role())) {
                room.out.presenceTo(other, Notice.available(other.presence(), null), session, o.role(), false);
            }
        }
        // 2. the newcomer to everyone, its own sessions last with 110
        if (room.config.whois() == RoomConfig.Whois.ANYONE) {
            selfCodes.add(100);
        }
        if (room.config.logging()) {
            selfCodes.add(170);
        }
        room.out.presence(o, Notice.available(p, p.id()).codes(Set.of(), selfCodes));
        // 3. history, 4. subject
        Element x = p.element().child("x", Muc.NS);
        sendHistory(session, historyRequest(x == null ? null : x.child("history", Muc.NS)));
        sendSubject(session);
    }

    private void sendHistory(Jid session, History.Request request) {
        for (History.Entry e : room.history.select(request, room.config.historyFetch())) {
            Element delay = Element.builder("delay", Namespaces.DELAY)
                    .attr("from", room.jid.toString())
                    .attr("stamp", e.stamp().truncatedTo(ChronoUnit.MILLIS).toString())
                    .build();
            room.send(Stanza.trusted(e.message().withChild(delay)).withTo(session));
        }
    }

    /** §7.2.15: always sent, empty when there is no subject, last in the entry sequence. */
    private void sendSubject(Jid session) {
        Subject s = room.subject;
        Jid from = s != null && s.nick() != null ? room.occupantJid(s.nick()) : room.jid;
        Element m = Element.builder("message", Namespaces.CLIENT)
                .attr("from", from.toString())
                .attr("type", "groupchat")
                .attr("id", Stanza.newId())
                .child(Element.builder("subject", Namespaces.CLIENT).text(s == null ? null : s.text()).build())
                .build();
        room.send(Stanza.trusted(m).withTo(session));
    }

    /** §7.2.15 history limits; attributes that do not parse are ignored. */
    private History.Request historyRequest(Element h) {
        if (h == null) {
            return History.Request.DEFAULT;
        }
        Integer maxChars = number(h.attr("maxchars"));
        Integer maxStanzas = number(h.attr("maxstanzas"));
        Integer seconds = number(h.attr("seconds"));
        Instant since = null;
        if (seconds != null) {
            since = room.now().minusSeconds(seconds);
        }
        Instant at = instant(h.attr("since"));
        if (at != null && (since == null || at.isAfter(since))) {
            since = at;
        }
        return new History.Request(maxChars, maxStanzas, since);
    }

    private static Integer number(String s) {
        if (s == null) {
            return null;
        }
        try {
            int v = Integer.parseInt(s.trim());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String password(Stanza p) {
        Element x = p.element().child("x", Muc.NS);
        String pw = x == null ? null : x.childText("password");
        return pw == null ? "" : pw;
    }

    private CompletionStage<Void> refuse(Stanza p, StanzaErrorCondition condition, String text) {
        presences.error(p, StanzaError.of(condition, text));
        return Room.DONE;
    }
}
