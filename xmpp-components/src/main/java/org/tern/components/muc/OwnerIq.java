package org.tern.components.muc;

import org.tern.components.DataForm;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The muc#owner iq (XEP-0045 §10): the configuration form, its submission (which unlocks a new
 * room and announces changes with status codes), cancelling a new room, and destruction.
 */
final class OwnerIq {
    private final Room room;

    OwnerIq(Room room) {
        this.room = room;
    }

    CompletionStage<Void> handle(Stanza iq) throws StanzaException {
        if (!room.affiliations.of(iq.from()).atLeast(Affiliation.OWNER)) {
            throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "only owners configure the room");
        }
        Element query = iq.payload();
        if (iq.iqType() == Stanza.IqType.GET) {
            Element form = ConfigForm.render(room.config, room.affiliations, room.ctx.settings().maxOccupants());
            room.send(iq.resultReply(Element.builder("query", Muc.OWNER).child(form).build()));
            return Room.DONE;
        }
        Element destroy = query.child("destroy", Muc.OWNER);
        if (destroy != null) {
            return destroy(destroy).thenRun(() -> room.send(iq.resultReply(null)));
        }
        Element x = query.child("x", DataForm.NS);
        if (x == null) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "expected a form or destroy");
        }
        DataForm form = DataForm.parse(x);
        if (form.type().equals("cancel")) {
            // §10.1.3: cancelling the initial configuration destroys the new room
            CompletionStage<Void> done = room.state == Room.State.LOCKED ? destroy(null) : Room.DONE;
            return done.thenRun(() -> room.send(iq.resultReply(null)));
        }
        if (!form.type().equals("submit") || (form.formType() != null && !Muc.ROOMCONFIG.equals(form.formType()))) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "expected a muc#roomconfig submission");
        }
        return configure(iq, form);
    }

    private CompletionStage<Void> configure(Stanza iq, DataForm form) throws StanzaException {
        ConfigForm.Submission s;
        try {
            s = ConfigForm.apply(room.config, form, room.ctx.settings().historySize());
        } catch (IllegalArgumentException e) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, e.getMessage());
        }
        List<Moderation.AffiliationChange> changes = new ArrayList<>();
        listChanges(changes, s.owners(), Affiliation.OWNER);
        listChanges(changes, s.admins(), Affiliation.ADMIN);
        StanzaError noOwner = room.moderation.checkOwnersRemain(changes);
        if (noOwner != null) {
            throw new StanzaException(noOwner);
        }
        RoomConfig before = room.config;
        boolean wasLocked = room.state == Room.State.LOCKED;
        room.config = s.config();
        Occupant actor = room.occupants.bySession(iq.from());
        CompletableFuture<Void> done = room.persistence()
                .thenCompose(v -> room.moderation.setAffiliations(changes, actor == null ? null : actor.nick()))
                .toCompletableFuture();
        return done.handle((v, error) -> {
            if (error != null) {
                room.config = before;
                throw new java.util.concurrent.CompletionException(error);
            }
            room.state = Room.State.OPEN;
            announce(before, wasLocked);
            room.send(iq.resultReply(null));
            return null;
        });
    }

    /** Owner and admin lists from the form: who is added, and who left the list becomes a member. */
    private void listChanges(List<Moderation.AffiliationChange> changes, List<Jid> wanted, Affiliation a) {
        if (wanted == null) {
            return;
        }
        Set<Jid> current = new HashSet<>();
        room.affiliations.with(a).forEach(e -> current.add(e.jid()));
        for (Jid j : wanted) {
            if (!current.remove(j)) {
                changes.add(new Moderation.AffiliationChange(j, a, null, null));
            }
        }
        for (Jid gone : current) {
            changes.add(new Moderation.AffiliationChange(gone, Affiliation.MEMBER, null, null));
        }
    }

    /** §10.2.1: occupants learn of the change; a room made members-only loses its non-members. */
    private void announce(RoomConfig before, boolean wasLocked) {
        RoomConfig after = room.config;
        if (after.membersOnly() && !before.membersOnly()) {
            room.moderation.removeNonMembers();
        }
        if (wasLocked) {
            return;
        }
        Set<Integer> codes = ConfigForm.changeCodes(before, after);
        if (!codes.isEmpty()) {
            Element.Builder x = Element.builder("x", Muc.USER);
            codes.forEach(c -> x.child(Element.builder("status", Muc.USER).attr("code", c.toString()).build()));
            room.out.toAll(Stanza.trusted(Element.builder("message", Namespaces.CLIENT)
                    .attr("from", room.jid.toString()).attr("type", "groupchat").attr("id", Stanza.newId())
                    .child(x.build()).build()));
        }
        if (before.whois() != after.whois()) {
            // who sees real JIDs changed: everyone gets everyone's presence as now visible to them
            for (Occupant o : room.occupants.all()) {
                room.out.presence(o, Notice.available(o.presence(), Stanza.newId()));
            }
        }
    }

    /** §10.9: every occupant is told (with the alternate venue and reason), then the room is gone. */
    CompletionStage<Void> destroy(Element request) throws StanzaException {
        Element.Builder notice = Element.builder("destroy", Muc.USER);
        if (request != null) {
            String alternate = request.attr("jid");
            if (alternate != null) {
                try {
                    notice.attr("jid", Jid.parse(alternate).bare().toString());
                } catch (JidFormatException e) {
                    throw new StanzaException(StanzaErrorCondition.JID_MALFORMED, e.getMessage());
                }
            }
            String reason = request.childText("reason");
            if (reason != null) {
                notice.child(Element.builder("reason", Muc.USER).text(reason).build());
            }
            String password = request.childText("password");
            if (password != null) {
                notice.child(Element.builder("password", Muc.USER).text(password).build());
            }
        }
        Element d = notice.build();
        for (Occupant o : room.occupants.snapshot()) {
            room.presences.remove(o, Notice.unavailable(null, Stanza.newId()).destroy(d));
        }
        CompletionStage<Void> deleted = room.stored
                ? room.ctx.history().barrier().thenCompose(v -> room.ctx.store().delete(room.name))
                : Room.DONE;
        return deleted.thenRun(() -> {
            room.stored = false;
            room.release();
        });
    }
}
