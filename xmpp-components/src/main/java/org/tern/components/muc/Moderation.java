package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Changing roles and affiliations (XEP-0045 §8-10): who may change what, and what a change does to
 * the occupants concerned (307 kick, 301 ban, 321 removed as non-member, new role and affiliation
 * shown to all).
 */
final class Moderation {
    record AffiliationChange(Jid jid, Affiliation affiliation, String nick, String reason) {
    }

    private final Room room;

    Moderation(Room room) {
        this.room = room;
    }

    /** §8.2-8.5, §9.6-9.7; null when the actor may give the target this role. */
    StanzaError checkRole(Jid actor, Occupant target, Role to) {
        if (room.roleOf(actor) != Role.MODERATOR) {
            return StanzaError.of(StanzaErrorCondition.FORBIDDEN, "only moderators change roles");
        }
        if (to == target.role()) {
            return null;
        }
        Affiliation actorAffiliation = room.affiliations.of(actor);
        if ((to == Role.MODERATOR || target.role() == Role.MODERATOR) && !actorAffiliation.atLeast(Affiliation.ADMIN)) {
            return StanzaError.of(StanzaErrorCondition.FORBIDDEN, "only admins and owners grant or revoke moderation");
        }
        if (room.affiliations.of(target.bareJid()).atLeast(Affiliation.ADMIN)) {
            return StanzaError.of(StanzaErrorCondition.NOT_ALLOWED, "the role of an admin or owner cannot be changed");
        }
        return null;
    }

    /** §9.1-9.4, §10.3-10.7; null when the actor may give the target this affiliation. */
    StanzaError checkAffiliation(Jid actor, Jid target, Affiliation to) {
        Affiliation actorAffiliation = room.affiliations.of(actor);
        if (!actorAffiliation.atLeast(Affiliation.ADMIN)) {
            return StanzaError.of(StanzaErrorCondition.FORBIDDEN, "only admins and owners change affiliations");
        }
        if (actorAffiliation == Affiliation.ADMIN) {
            if (room.affiliations.of(target).atLeast(Affiliation.ADMIN)) {
                return StanzaError.of(StanzaErrorCondition.NOT_ALLOWED, "an admin cannot change an admin or owner");
            }
            if (to.atLeast(Affiliation.ADMIN)) {
                return StanzaError.of(StanzaErrorCondition.FORBIDDEN, "only owners grant admin or owner");
            }
        }
        return null;
    }

    /** §10.7: the room must keep an owner; null when the changes leave at least one. */
    StanzaError checkOwnersRemain(List<AffiliationChange> changes) {
        Set<Jid> owners = new HashSet<>();
        room.affiliations.with(Affiliation.OWNER).forEach(e -> owners.add(e.jid()));
        for (AffiliationChange c : changes) {
            if (c.affiliation() == Affiliation.OWNER) {
                owners.add(c.jid());
            } else {
                owners.remove(c.jid());
            }
        }
        return owners.isEmpty() && !room.affiliations.with(Affiliation.OWNER).isEmpty()
                ? StanzaError.of(StanzaErrorCondition.CONFLICT, "the room would have no owner left") : null;
    }

    /** Applies a role: 307 removal for none, otherwise the new role shown to all. */
    void setRole(Occupant target, Role role, String actorNick, String reason) {
        if (role == Role.NONE) {
            room.presences.remove(target, Notice.unavailable(null, Stanza.newId()).codes(Set.of(307), Set.of())
                    .moderation(actorNick, reason));
            return;
        }
        target.role(role);
        room.out.presence(target, Notice.available(target.presence(), Stanza.newId()).moderation(actorNick, reason));
    }

    /** Stores the changes (persistent rooms), then applies them to the list and the occupants concerned. */
    CompletionStage<Void> setAffiliations(List<AffiliationChange> changes, String actorNick) {
        if (changes.isEmpty()) {
            return Room.DONE;
        }
        List<Affiliations.Entry> entries = new ArrayList<>();
        for (AffiliationChange c : changes) {
            Affiliations.Entry old = room.affiliations.entry(c.jid());
            String nick = c.affiliation() == Affiliation.NONE || c.affiliation() == Affiliation.OUTCAST ? null
                    : c.nick() != null ? c.nick() : old == null ? null : old.nick();
            entries.add(new Affiliations.Entry(c.jid(), c.affiliation(), nick, c.reason()));
        }
        CompletionStage<Void> saved = room.stored ? room.ctx.store().saveAffiliations(room.name, entries) : Room.DONE;
        return saved.thenRun(() -> {
            for (Affiliations.Entry e : entries) {
                room.affiliations.put(e);
                for (Occupant o : room.occupants.ofUser(e.jid())) {
                    affected(o, room.affiliations.of(o.bareJid()), actorNick, e.reason());
                }
            }
        });
    }

    private void affected(Occupant o, Affiliation now, String actorNick, String reason) {
        if (now == Affiliation.OUTCAST) {
            room.presences.remove(o, Notice.unavailable(null, Stanza.newId()).codes(Set.of(301), Set.of())
                    .moderation(actorNick, reason));
            return;
        }
        if (room.config.membersOnly() && !now.atLeast(Affiliation.MEMBER)) {
            room.presences.remove(o, Notice.unavailable(null, Stanza.newId()).codes(Set.of(321), Set.of())
                    .moderation(actorNick, reason));
            return;
        }
        if (now.atLeast(Affiliation.ADMIN)) {
            o.role(Role.MODERATOR);
        } else if (o.role() == Role.MODERATOR) {
            o.role(now.defaultRole(room.config.moderated()));
        } else if (now == Affiliation.MEMBER && o.role() == Role.VISITOR) {
            o.role(Role.PARTICIPANT);
        }
        room.out.presence(o, Notice.available(o.presence(), Stanza.newId()).moderation(actorNick, reason));
    }

    /** §10.2: a room made members-only removes its non-members (322). */
    void removeNonMembers() {
        for (Occupant o : room.occupants.snapshot()) {
            if (!room.affiliations.of(o.bareJid()).atLeast(Affiliation.MEMBER)) {
                room.presences.remove(o, Notice.unavailable(null, Stanza.newId()).codes(Set.of(322), Set.of()));
            }
        }
    }
}
