package org.tern.tests.muc;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.packet.MUCAdmin;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.TestServer;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.muc.MucSupport.codes;
import static org.tern.tests.muc.MucSupport.createInstant;
import static org.tern.tests.muc.MucSupport.freshRoom;
import static org.tern.tests.muc.MucSupport.item;
import static org.tern.tests.muc.MucSupport.muc;
import static org.tern.tests.muc.MucSupport.next;
import static org.tern.tests.muc.MucSupport.nick;
import static org.tern.tests.muc.MucSupport.presenceFrom;

/** XEP-0045 §8-10: moderation and affiliations, and who may change what, with Smack. */
class MucAdminTest extends MucTestBase {
    private static Jid jid(String s) throws Exception {
        return JidCreate.from(s);
    }

    private static StanzaError.Condition refused(Executable e) {
        return assertThrows(XMPPException.XMPPErrorException.class, e).getStanzaError().getCondition();
    }

    /** §8.2: a kicked occupant leaves with 307, the actor and the reason; everyone sees it. */
    @Test
    void kickIs307WithActorAndReason() throws Exception {
        String room = freshRoom("kick");
        MultiUserChat a = createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        muc(carol, room).join(nick("Carol"));
        MucSupport.settle(bob, room, "Bob"); // bob has seen carol enter
        try (StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room));
             StanzaCollector carolSees = carol.createStanzaCollector(presenceFrom(room))) {
            a.kickParticipant(nick("Bob"), "behave");
            for (StanzaCollector c : List.of(bobSees, carolSees)) {
                Presence p = next(c);
                assertEquals(Presence.Type.unavailable, p.getType());
                assertTrue(p.getFrom().toString().endsWith("/Bob"));
                assertTrue(codes(p).contains(307));
                assertEquals(c == bobSees, codes(p).contains(110));
                MUCItem it = item(p);
                assertEquals(MUCRole.none, it.getRole());
                assertEquals("behave", it.getReason());
                assertEquals("Alice", String.valueOf(it.getActorNick()));
            }
        }
        MucSupport.digested(bob);
        muc(bob, room).join(nick("Bob")); // a kick is not a ban
    }

    /** §8.2, §9.1: only moderators kick; nobody kicks an admin or owner (not-allowed). */
    @Test
    void kickPermissions() throws Exception {
        String room = freshRoom("kickrules");
        MultiUserChat a = createInstant(alice, room, "Alice");
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        muc(carol, room).join(nick("Carol"));
        assertEquals(StanzaError.Condition.forbidden, refused(() -> b.kickParticipant(nick("Carol"), null)));
        a.grantAdmin(jid("bob@localhost"));
        assertEquals(StanzaError.Condition.not_allowed, refused(() -> b.kickParticipant(nick("Alice"), null)));
        assertEquals(StanzaError.Condition.item_not_found, refused(() -> b.kickParticipant(nick("Nobody"), null)));
        b.kickParticipant(nick("Carol"), null); // an admin may kick a participant
    }

    /** §9.1, §7.2.7: a ban removes with 301 and keeps the user out (forbidden); it is on the outcast list. */
    @Test
    void banIs301AndBannedUserCannotEnter() throws Exception {
        String room = freshRoom("ban");
        MultiUserChat a = createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        MucSupport.settle(alice, room, "Alice");
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room));
             StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            a.banUser(jid("bob@localhost"), "spam");
            assertEquals(Set.of(110, 301), codes(next(bobSees)));
            MucSupport.digested(bob);
            Presence p = next(aliceSees);
            assertEquals(Presence.Type.unavailable, p.getType());
            assertEquals(Set.of(301), codes(p));
            assertEquals(MUCAffiliation.outcast, item(p).getAffiliation());
            assertEquals("spam", item(p).getReason());
        }
        assertEquals(StanzaError.Condition.forbidden, refused(() -> muc(bob, room).join(nick("Bob"))));
        List<Affiliate> outcasts = a.getOutcasts();
        assertEquals(1, outcasts.size());
        assertEquals("bob@localhost", outcasts.get(0).getJid().toString());
        a.revokeMembership(jid("bob@localhost")); // none again: lifts the ban
        muc(bob, room).join(nick("Bob"));
    }

    /** §8.3-8.4: in a moderated room a moderator grants and revokes voice; the change is broadcast. */
    @Test
    void grantAndRevokeVoice() throws Exception {
        String room = freshRoom("voice");
        MultiUserChat a = MucSupport.createConfigured(alice, room, "Alice", java.util.Map.of("muc#roomconfig_moderatedroom", true));
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        try (StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            a.grantVoice(nick("Bob"));
            assertEquals(MUCRole.participant, item(next(bobSees)).getRole());
            a.revokeVoice(nick("Bob"));
            assertEquals(MUCRole.visitor, item(next(bobSees)).getRole());
        }
        assertEquals(1, a.getModerators().size());
        assertEquals(StanzaError.Condition.forbidden, refused(b::getModerators), "role lists are for moderators");
    }

    /** §9.3-9.5, §10.3-10.7: members, admins and owners are granted and listed; roles follow. */
    @Test
    void affiliationsAreGrantedListedAndShown() throws Exception {
        String room = freshRoom("affs");
        MultiUserChat a = createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        try (StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            a.grantMembership(jid("bob@localhost"));
            assertEquals(MUCAffiliation.member, item(next(bobSees)).getAffiliation());
            a.grantAdmin(jid("bob@localhost"));
            Presence admin = next(bobSees);
            assertEquals(MUCAffiliation.admin, item(admin).getAffiliation());
            assertEquals(MUCRole.moderator, item(admin).getRole(), "an admin is a moderator");
            a.grantOwnership(jid("bob@localhost"));
            assertEquals(MUCAffiliation.owner, item(next(bobSees)).getAffiliation());
            a.revokeOwnership(jid("bob@localhost")); // §10.8: a former owner is an admin
            assertEquals(MUCAffiliation.admin, item(next(bobSees)).getAffiliation());
            a.revokeAdmin(JidCreate.entityBareFrom("bob@localhost")); // §10.10: a former admin is a member
            Presence member = next(bobSees);
            assertEquals(MUCAffiliation.member, item(member).getAffiliation());
            assertEquals(MUCRole.participant, item(member).getRole());
        }
        a.grantMembership(jid("carol@localhost")); // not in the room: the list still changes
        assertEquals(List.of("bob@localhost", "carol@localhost"),
                a.getMembers().stream().map(x -> x.getJid().toString()).sorted().toList());
        assertEquals(List.of("alice@localhost"), a.getOwners().stream().map(x -> x.getJid().toString()).toList());
    }

    /** §9, §10: an admin may not touch owners or admins (not-allowed) nor grant them (forbidden). */
    @Test
    void adminLimits() throws Exception {
        String room = freshRoom("adminlimits");
        MultiUserChat a = createInstant(alice, room, "Alice");
        a.grantAdmin(jid("bob@localhost"));
        a.grantAdmin(jid("dave@localhost"));
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        assertEquals(StanzaError.Condition.not_allowed, refused(() -> b.revokeOwnership(jid("alice@localhost"))),
                "an admin demoting an owner");
        assertEquals(StanzaError.Condition.not_allowed, refused(() -> b.banUser(jid("alice@localhost"), null)));
        assertEquals(StanzaError.Condition.not_allowed, refused(() -> b.revokeAdmin(JidCreate.entityBareFrom("dave@localhost"))));
        assertEquals(StanzaError.Condition.forbidden, refused(() -> b.grantOwnership(jid("carol@localhost"))));
        assertEquals(StanzaError.Condition.forbidden, refused(() -> b.grantAdmin(jid("carol@localhost"))));
        b.grantMembership(jid("carol@localhost")); // within an admin's reach
        MultiUserChat c = muc(carol, room);
        c.join(nick("Carol"));
        assertEquals(StanzaError.Condition.forbidden, refused(() -> c.grantMembership(jid("erin@localhost"))),
                "members do not manage affiliations");
    }

    /** §10.7: the last owner cannot leave the room without one (conflict). */
    @Test
    void lastOwnerCannotAbdicate() throws Exception {
        String room = freshRoom("lastowner");
        MultiUserChat a = createInstant(alice, room, "Alice");
        assertEquals(StanzaError.Condition.conflict, refused(() -> a.revokeOwnership(jid("alice@localhost"))));
        a.grantOwnership(jid("bob@localhost"));
        a.revokeOwnership(jid("alice@localhost")); // another owner remains
        assertEquals(List.of("bob@localhost"), a.getOwners().stream().map(x -> x.getJid().toString()).toList());
    }

    /** §9.4, 321: revoking membership in a members-only room removes the occupant. */
    @Test
    void revokedMemberLeavesMembersOnlyRoomWith321() throws Exception {
        String room = freshRoom("revoke");
        MultiUserChat a = muc(alice, room);
        a.create(nick("Alice"));
        a.getConfigFormManager().makeMembersOnly().submitConfigurationForm();
        a.grantMembership(jid("bob@localhost"));
        muc(bob, room).join(nick("Bob"));
        try (StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            a.revokeMembership(jid("bob@localhost"));
            Presence p = next(bobSees);
            assertEquals(Presence.Type.unavailable, p.getType());
            assertEquals(Set.of(110, 321), codes(p));
        }
    }

    /** §9.5 with muc#roomconfig_getmemberlist: participants may read the member list, never the outcasts. */
    @Test
    void memberListVisibility() throws Exception {
        String room = freshRoom("lists");
        MultiUserChat a = createInstant(alice, room, "Alice");
        a.grantMembership(jid("carol@localhost"));
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        assertEquals(List.of("carol@localhost"), b.getMembers().stream().map(x -> x.getJid().toString()).toList());
        assertEquals(StanzaError.Condition.forbidden, refused(b::getOutcasts));
        XMPPTCPConnection dave = MucSupport.login(server, "dave");
        try {
            assertEquals(StanzaError.Condition.forbidden, refused(() -> muc(dave, room).getMembers()),
                    "not an occupant, no affiliation");
        } finally {
            dave.disconnect();
        }
    }

    /** §9: several items in one request are applied all or none. */
    @Test
    void aRequestIsAppliedWholeOrNotAtAll() throws Exception {
        String room = freshRoom("atomic");
        MultiUserChat a = createInstant(alice, room, "Alice");
        MUCAdmin iq = new MUCAdmin();
        iq.setTo(MucSupport.roomJid(room));
        iq.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        iq.addItem(new MUCItem(MUCAffiliation.member, jid("bob@localhost")));
        iq.addItem(new MUCItem(MUCAffiliation.member, jid("carol@localhost")));
        iq.addItem(new MUCItem(MUCRole.participant, nick("Ghost")));
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> alice.createStanzaCollectorAndSend(iq).nextResultOrThrow());
        assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
        assertTrue(a.getMembers().isEmpty(), "nothing was applied");
    }

    /** §7.12: a reserved nickname is discoverable; with muc.enforce-reserved-nicks it is imposed (210). */
    @Test
    void reservedNicknameIsDiscoveredAndEnforced() throws Exception {
        try (TestServer strict = TestServer.start("muc.enforce-reserved-nicks", "true")) {
            MucSupport.addUsers(strict);
            XMPPTCPConnection owner = MucSupport.login(strict, "alice");
            XMPPTCPConnection member = MucSupport.login(strict, "bob");
            try {
                String room = freshRoom("reserved");
                createInstant(owner, room, "Alice");
                MUCAdmin iq = new MUCAdmin();
                iq.setTo(MucSupport.roomJid(room));
                iq.setType(org.jivesoftware.smack.packet.IQ.Type.set);
                MUCItem reserve = new MUCItem(MUCAffiliation.member, null, null, null, jid("bob@localhost"),
                        nick("Robert"), null);
                iq.addItem(reserve);
                owner.createStanzaCollectorAndSend(iq).nextResultOrThrow();
                MultiUserChat m = muc(member, room);
                assertEquals("Robert", m.getReservedNickname());
                try (StanzaCollector in = member.createStanzaCollector(presenceFrom(room))) {
                    m.join(nick("Bobby"));
                    Presence first = next(in);
                    Presence self = first.getFrom().toString().endsWith("/Alice") ? next(in) : first;
                    assertTrue(self.getFrom().toString().endsWith("/Robert"));
                    assertEquals(Set.of(110, 210), codes(self));
                }
                assertEquals("Robert", m.getNickname().toString());
                MucSupport.settle(owner, room, "Alice"); // Robert's entry has reached the owner
                assertEquals(StanzaError.Condition.conflict, refused(() -> muc(owner, room).changeNickname(nick("Robert"))));
            } finally {
                owner.disconnect();
                member.disconnect();
            }
        }
    }
}
