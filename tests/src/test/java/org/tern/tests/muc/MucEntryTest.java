package org.tern.tests.muc;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import static org.tern.tests.muc.MucSupport.sync;

/** XEP-0045 §7.2-7.7, §7.14: entering, presence, nickname changes and leaving, with Smack. */
class MucEntryTest extends MucTestBase {
    /** §10.1.1: the creator enters a locked room with 201 and 110, as owner and moderator. */
    @Test
    void creatingARoomGives201And110() throws Exception {
        String room = freshRoom("create");
        try (StanzaCollector in = alice.createStanzaCollector(presenceFrom(room))) {
            MultiUserChat m = muc(alice, room);
            m.create(nick("Alice")).makeInstant();
            Presence self = next(in);
            assertEquals(Set.of(110, 201), codes(self));
            MUCItem it = item(self);
            assertEquals(MUCAffiliation.owner, it.getAffiliation());
            assertEquals(MUCRole.moderator, it.getRole());
            assertEquals("alice@localhost/res", String.valueOf(it.getJid()), "one's own real JID, shown to oneself");
            assertTrue(m.isJoined());
        }
    }

    /**
     * §7.2.3: the newcomer first gets the occupants already there, then its own presence (110);
     * the others get its presence without the real JID in a semi-anonymous room, the moderator with it.
     */
    @Test
    void enteringSendsOccupantsThenSelfAndBroadcastsTheNewcomer() throws Exception {
        String room = freshRoom("enter");
        createInstant(alice, room, "Alice");
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room));
             StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            muc(bob, room).join(nick("Bob"));
            Presence first = next(bobSees);
            assertEquals(room + "@" + MucSupport.SERVICE + "/Alice", first.getFrom().toString());
            assertEquals(MUCRole.moderator, item(first).getRole());
            assertNull(item(first).getJid(), "a participant does not see real JIDs in a semi-anonymous room");
            Presence self = next(bobSees);
            assertEquals(room + "@" + MucSupport.SERVICE + "/Bob", self.getFrom().toString());
            assertEquals(Set.of(110), codes(self));
            assertEquals(MUCRole.participant, item(self).getRole());
            assertEquals(MUCAffiliation.none, item(self).getAffiliation());

            Presence toModerator = next(aliceSees);
            assertEquals(room + "@" + MucSupport.SERVICE + "/Bob", toModerator.getFrom().toString());
            assertEquals("bob@localhost/res", String.valueOf(item(toModerator).getJid()), "moderators see real JIDs");
            assertEquals(Set.of(), codes(toModerator));
        }
    }

    /** §7.2.9: a nickname in use by someone else is refused with conflict. */
    @Test
    void takenNicknameIsAConflict() throws Exception {
        String room = freshRoom("conflict");
        createInstant(alice, room, "Same");
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).join(nick("Same")));
        assertEquals(StanzaError.Condition.conflict, e.getStanzaError().getCondition());
    }

    /** §7.6: unavailable with 303 and the new nick from the old occupant JID, then available from the new one. */
    @Test
    void nicknameChangeIs303ThenTheNewPresence() throws Exception {
        String room = freshRoom("nick");
        createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        MucSupport.settle(alice, room, "Alice"); // alice has seen bob enter
        // Smack 4.4.8's changeNickname() deadlocks on the 110 its own 303 presence carries (its
        // listener takes the lock changeNickname holds), so the presence is sent as a plain stanza.
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room));
             StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza()
                    .to(org.jxmpp.jid.impl.JidCreate.from(room + "@" + MucSupport.SERVICE + "/Robert")).build());
            for (StanzaCollector c : List.of(aliceSees, bobSees)) {
                Presence gone = next(c);
                assertEquals(Presence.Type.unavailable, gone.getType());
                assertTrue(gone.getFrom().toString().endsWith("/Bob"));
                assertTrue(codes(gone).contains(303));
                assertEquals(c == bobSees, codes(gone).contains(110));
                assertEquals("Robert", String.valueOf(item(gone).getNick()));
                Presence back = next(c);
                assertEquals(Presence.Type.available, back.getType());
                assertTrue(back.getFrom().toString().endsWith("/Robert"));
                assertEquals(c == bobSees, codes(back).contains(110));
            }
        }
        // the new nickname is taken now
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room))) {
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza()
                    .to(org.jxmpp.jid.impl.JidCreate.from(room + "@" + MucSupport.SERVICE + "/Robert")).build());
            Presence refused = next(aliceSees);
            assertEquals(Presence.Type.error, refused.getType());
            assertEquals(StanzaError.Condition.conflict, refused.getError().getCondition());
        }
    }

    /** §7.7: a presence update reaches everyone, with the payload the client sent. */
    @Test
    void presenceUpdateIsBroadcast() throws Exception {
        String room = freshRoom("status");
        createInstant(alice, room, "Alice");
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        MucSupport.settle(alice, room, "Alice");
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room))) {
            b.changeAvailabilityStatus("in a meeting", Presence.Mode.dnd);
            Presence p = next(aliceSees);
            assertEquals("in a meeting", p.getStatus());
            assertEquals(Presence.Mode.dnd, p.getMode());
            assertTrue(p.getFrom().toString().endsWith("/Bob"));
        }
    }

    /** §7.14: leaving is unavailable (role none) to all, the leaver's own copy with 110. */
    @Test
    void leavingIsBroadcastAsUnavailable() throws Exception {
        String room = freshRoom("leave");
        createInstant(alice, room, "Alice");
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        MucSupport.settle(alice, room, "Alice");
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room))) {
            Presence own = b.leave();
            assertEquals(Presence.Type.unavailable, own.getType());
            assertTrue(codes(own).contains(110));
            Presence seen = next(aliceSees);
            assertEquals(Presence.Type.unavailable, seen.getType());
            assertEquals(MUCRole.none, item(seen).getRole());
            assertFalse(codes(seen).contains(110));
        }
        assertEquals(1, MucSupport.occupantCount(bob, room));
    }

    /** §7.2.1: a presence to the bare room JID names no nickname: jid-malformed. */
    @Test
    void enteringWithoutNicknameIsJidMalformed() throws Exception {
        assertPresenceRefused("nonick", "<presence id='p1' to='ROOM'><x xmlns='http://jabber.org/protocol/muc'/></presence>",
                "<jid-malformed");
    }

    /** A presence with a type RFC 6121 does not define is malformed: bad-request. */
    @Test
    void unknownPresenceTypeIsBadRequest() throws Exception {
        assertPresenceRefused("badtype", "<presence id='p2' type='sideways' to='ROOM/Bob'/>", "<bad-request");
    }

    /** Sends a raw presence (ROOM standing for a new room's JID) and expects an error presence with this condition. */
    private void assertPresenceRefused(String prefix, String presence, String condition) throws Exception {
        String room = freshRoom(prefix);
        createInstant(alice, room, "Alice");
        try (org.tern.tests.RawClient raw = org.tern.tests.RawClient.loggedIn(server, "bob", "bob-secret", "raw")) {
            raw.send(presence.replace("ROOM", room + "@" + MucSupport.SERVICE));
            String reply = raw.expect("</presence>");
            assertTrue(reply.contains("type=\"error\"") && reply.contains(condition), reply);
        }
    }

    /** §7.2: the same user entering from a second session under the same nickname joins that occupant. */
    @Test
    void secondSessionSharesTheOccupant() throws Exception {
        String room = freshRoom("multi");
        createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        MucSupport.settle(alice, room, "Alice");
        XMPPTCPConnection bob2 = org.tern.tests.Clients.login(server, "bob", "bob-secret", "other", null);
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room))) {
            muc(bob2, room).join(nick("Bob"));
            assertEquals(2, MucSupport.occupantCount(alice, room));
            List<org.jivesoftware.smack.packet.Stanza> seen = sync(alice, room, "Alice", aliceSees);
            assertTrue(seen.stream().allMatch(s -> s.getFrom().toString().endsWith("/Bob")
                    && ((Presence) s).getType() == Presence.Type.available), seen.toString());
        } finally {
            bob2.disconnect();
        }
    }

    /** §7.2.10: others cannot enter a room still locked for its owner's configuration. */
    @Test
    void lockedRoomIsItemNotFoundForOthers() throws Exception {
        String room = freshRoom("locked");
        muc(alice, room).create(nick("Alice")); // not configured: stays locked
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).join(nick("Bob")));
        assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
    }

    @Test
    void selfPresenceKeepsTheJoinId() throws Exception {
        String room = freshRoom("ids");
        createInstant(alice, room, "Alice");
        Presence joined = null;
        try (StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            muc(bob, room).join(nick("Bob"));
            next(bobSees); // Alice
            joined = next(bobSees);
        }
        assertNotNull(joined.getStanzaId(), "muc#stable_id: the join presence's id is reflected");
    }
}
