package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The muc#admin iq (XEP-0045 §8-9): role and affiliation lists, and changes to them. A request
 * with several items is checked whole before any of it is applied.
 */
final class AdminIq {
    private record RoleChange(Occupant target, Role role, String reason) {
    }

    private final Room room;

    AdminIq(Room room) {
        this.room = room;
    }

    CompletionStage<Void> handle(Stanza iq) throws StanzaException {
        List<Element> items = iq.payload().children("item", Muc.ADMIN);
        if (items.isEmpty()) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "no item");
        }
        return iq.iqType() == Stanza.IqType.GET ? list(iq, items.get(0)) : change(iq, items);
    }

    private CompletionStage<Void> list(Stanza iq, Element item) throws StanzaException {
        Jid actor = iq.from();
        Element.Builder query = Element.builder("query", Muc.ADMIN);
        String affiliationValue = item.attr("affiliation");
        if (affiliationValue != null) {
            Affiliation a = Affiliation.of(affiliationValue);
            if (a == null || a == Affiliation.NONE) {
                throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "not a list: " + affiliationValue);
            }
            boolean admin = room.affiliations.of(actor).atLeast(Affiliation.ADMIN);
            boolean reader = a != Affiliation.OUTCAST && room.config.memberListReaders().contains(room.roleOf(actor));
            if (!admin && !reader) {
                throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "you may not see this list");
            }
            for (Affiliations.Entry e : room.affiliations.with(a)) {
                Element.Builder i = Element.builder("item", Muc.ADMIN).attr("affiliation", a.value())
                        .attr("jid", e.jid().toString()).attr("nick", e.nick());
                if (e.reason() != null) {
                    i.child(Element.builder("reason", Muc.ADMIN).text(e.reason()).build());
                }
                query.child(i.build());
            }
        } else {
            Role r = Role.of(item.attr("role"));
            if (r == null || r == Role.NONE) {
                throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "an item needs an affiliation or a role");
            }
            if (room.roleOf(actor) != Role.MODERATOR) {
                throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "only moderators see role lists");
            }
            boolean jids = room.config.showsJidsTo(Role.MODERATOR);
            for (Occupant o : room.occupants.all()) {
                if (o.role() == r) {
                    query.child(Element.builder("item", Muc.ADMIN).attr("role", r.value()).attr("nick", o.nick())
                            .attr("affiliation", room.affiliations.of(o.bareJid()).value())
                            .attr("jid", jids ? o.shownJid().toString() : null).build());
                }
            }
        }
        room.send(iq.resultReply(query.build()));
        return Room.DONE;
    }

    private CompletionStage<Void> change(Stanza iq, List<Element> items) throws StanzaException {
        Jid actor = iq.from();
        List<Moderation.AffiliationChange> affiliations = new ArrayList<>();
        List<RoleChange> roles = new ArrayList<>();
        for (Element item : items) {
            String reason = item.childText("reason");
            String affiliationValue = item.attr("affiliation");
            if (affiliationValue != null) {
                Affiliation a = Affiliation.of(affiliationValue);
                if (a == null) {
                    throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "unknown affiliation " + affiliationValue);
                }
                Jid target = target(item);
                check(room.moderation.checkAffiliation(actor, target, a));
                String reserved = item.attr("jid") != null ? item.attr("nick") : null;
                affiliations.add(new Moderation.AffiliationChange(target, a, reserved, reason));
                continue;
            }
            Role r = Role.of(item.attr("role"));
            if (r == null) {
                throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "an item needs an affiliation or a role");
            }
            String nick = item.attr("nick");
            Occupant target = nick == null ? null : room.occupants.byNick(nick);
            if (target == null) {
                throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND, "no occupant " + nick);
            }
            check(room.moderation.checkRole(actor, target, r));
            roles.add(new RoleChange(target, r, reason));
        }
        check(room.moderation.checkOwnersRemain(affiliations));
        Occupant actorOccupant = room.occupants.bySession(actor);
        String actorNick = actorOccupant == null ? null : actorOccupant.nick();
        return room.moderation.setAffiliations(affiliations, actorNick).thenRun(() -> {
            for (RoleChange c : roles) {
                if (room.occupants.byNick(c.target().nick()) == c.target()) { // not removed by an affiliation change
                    room.moderation.setRole(c.target(), c.role(), actorNick, c.reason());
                }
            }
            room.send(iq.resultReply(null));
        });
    }

    /** The bare JID an affiliation item is about: its 'jid', or the occupant its 'nick' names. */
    private Jid target(Element item) throws StanzaException {
        String jid = item.attr("jid");
        if (jid != null) {
            try {
                return Jid.parse(jid).bare();
            } catch (JidFormatException e) {
                throw new StanzaException(StanzaErrorCondition.JID_MALFORMED, e.getMessage());
            }
        }
        String nick = item.attr("nick");
        Occupant o = nick == null ? null : room.occupants.byNick(nick);
        if (o == null) {
            throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND, "no occupant " + nick);
        }
        return o.bareJid();
    }

    private static void check(StanzaError error) throws StanzaException {
        if (error != null) {
            throw new StanzaException(error);
        }
    }
}
