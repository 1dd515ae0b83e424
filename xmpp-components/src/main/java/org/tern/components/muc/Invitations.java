package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Mediated invitations and declines (XEP-0045 §7.8.2, §7.8.3). In an open room any occupant may
 * invite; in a members-only room admins and owners may (and any occupant when the room allows
 * invitations), and an admin's invitation makes the invitee a member when the service is so
 * configured (muc.invite-grants-membership).
 */
final class Invitations {
    private final Room room;

    Invitations(Room room) {
        this.room = room;
    }

    CompletionStage<Void> handle(Stanza m, Occupant sender, Element x) throws StanzaException {
        List<Element> invites = x.children("invite", Muc.USER);
        for (Element decline : x.children("decline", Muc.USER)) {
            decline(m, decline);
        }
        if (invites.isEmpty()) {
            return Room.DONE;
        }
        if (sender == null) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "only occupants may invite");
        }
        Affiliation inviter = room.affiliations.of(m.from());
        if (room.config.membersOnly() && !inviter.atLeast(Affiliation.ADMIN) && !room.config.allowInvites()) {
            throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "only admins may invite to this room");
        }
        List<Jid> invitees = new ArrayList<>();
        for (Element invite : invites) {
            invitees.add(jid(invite.attr("to")));
        }
        List<Moderation.AffiliationChange> grants = new ArrayList<>();
        if (room.config.membersOnly() && inviter.atLeast(Affiliation.ADMIN) && room.ctx.settings().inviteGrantsMembership()) {
            for (Jid j : invitees) {
                if (room.affiliations.of(j) == Affiliation.NONE) {
                    grants.add(new Moderation.AffiliationChange(j.bare(), Affiliation.MEMBER, null, null));
                }
            }
        }
        return room.moderation.setAffiliations(grants, sender.nick()).thenRun(() -> {
            for (int i = 0; i < invites.size(); i++) {
                forward(m, invites.get(i), invitees.get(i));
            }
        });
    }

    private void forward(Stanza m, Element invite, Jid to) {
        String reason = invite.childText("reason");
        Element.Builder inv = Element.builder("invite", Muc.USER).attr("from", m.from().toString());
        if (reason != null) {
            inv.child(Element.builder("reason", Muc.USER).text(reason).build());
        }
        Element cont = invite.child("continue", Muc.USER);
        inv.child(cont);
        Element.Builder x = Element.builder("x", Muc.USER).child(inv.build());
        if (room.config.requiresPassword()) {
            x.child(Element.builder("password", Muc.USER).text(room.config.password()).build());
        }
        String body = m.from().bare() + " invites you to the room " + room.jid + (reason == null ? "" : ": " + reason);
        Element message = Element.builder("message", Namespaces.CLIENT)
                .attr("from", room.jid.toString())
                .attr("to", to.toString())
                .attr("id", Stanza.newId())
                .child(x.build())
                .child(Element.builder("body", Namespaces.CLIENT).text(body).build())
                .build();
        room.send(Stanza.trusted(message));
    }

    /** §7.8.3: passed on to the inviter, from the room. */
    private void decline(Stanza m, Element decline) throws StanzaException {
        Jid to = jid(decline.attr("to"));
        Element.Builder d = Element.builder("decline", Muc.USER).attr("from", m.from().bare().toString());
        String reason = decline.childText("reason");
        if (reason != null) {
            d.child(Element.builder("reason", Muc.USER).text(reason).build());
        }
        Element message = Element.builder("message", Namespaces.CLIENT)
                .attr("from", room.jid.toString())
                .attr("to", to.toString())
                .attr("id", Stanza.newId())
                .child(Element.builder("x", Muc.USER).child(d.build()).build())
                .build();
        room.send(Stanza.trusted(message));
    }

    private static Jid jid(String s) throws StanzaException {
        if (s == null) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "an invitation or decline needs a 'to'");
        }
        try {
            return Jid.parse(s);
        } catch (JidFormatException e) {
            throw new StanzaException(StanzaErrorCondition.JID_MALFORMED, e.getMessage());
        }
    }
}
