package org.tern.tests.muc;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.packet.Destroy;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.muc.MucSupport.SERVICE;
import static org.tern.tests.muc.MucSupport.codes;
import static org.tern.tests.muc.MucSupport.createInstant;
import static org.tern.tests.muc.MucSupport.freshRoom;
import static org.tern.tests.muc.MucSupport.item;
import static org.tern.tests.muc.MucSupport.muc;
import static org.tern.tests.muc.MucSupport.next;
import static org.tern.tests.muc.MucSupport.nick;
import static org.tern.tests.muc.MucSupport.presenceFrom;
import static org.tern.tests.muc.MucSupport.roomJid;

/**
 * Rooms over time: destruction (XEP-0045 §10.9), temporary rooms ending with their last occupant,
 * persistent rooms across restarts, occupants whose connection ends, who may create rooms.
 */
class MucLifecycleTest extends MucTestBase {
    private static StanzaError.Condition roomInfoError(XMPPTCPConnection c, String room) {
        return assertThrows(XMPPException.XMPPErrorException.class,
                () -> MultiUserChatManager.getInstanceFor(c).getRoomInfo(roomJid(room))).getStanzaError().getCondition();
    }

    /** §10.9: every occupant is told, with the reason and the alternate venue; the room is gone. */
    @Test
    void destructionTellsOccupantsAndRemovesTheRoom() throws Exception {
        String room = freshRoom("doomed");
        MultiUserChat a = createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        try (StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            a.destroy("moving on", JidCreate.entityBareFrom("newplace@" + SERVICE));
            Presence p = next(bobSees);
            assertEquals(Presence.Type.unavailable, p.getType());
            assertEquals(MUCRole.none, item(p).getRole());
            Destroy d = MUCUser.from(p).getDestroy();
            assertNotNull(d, "the destroy notice");
            assertEquals("moving on", d.getReason());
            assertEquals("newplace@" + SERVICE, d.getJid().toString());
        }
        MucSupport.digested(bob);
        assertEquals(StanzaError.Condition.item_not_found, roomInfoError(bob, room));
        // the name is free: entering it creates a new room
        try (StanzaCollector in = bob.createStanzaCollector(presenceFrom(room))) {
            muc(bob, room).createOrJoin(nick("Bob"));
            assertTrue(codes(next(in)).contains(201));
        }
    }

    /** §10.9: only owners destroy; service admins (muc.admins) are owners of every room. */
    @Test
    void onlyOwnersAndServiceAdminsDestroy() throws Exception {
        XMPPTCPConnection erin = MucSupport.login(server, "erin");
        try {
            String room = freshRoom("guarded");
            createInstant(alice, room, "Alice");
            MultiUserChat b = muc(bob, room);
            b.join(nick("Bob"));
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> b.destroy("mine", null));
            assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
            muc(erin, room).destroy("service admin", null);
            assertEquals(StanzaError.Condition.item_not_found, roomInfoError(bob, room));
        } finally {
            erin.disconnect();
        }
    }

    /** §10.1 (temporary rooms): the room ends with its last occupant. */
    @Test
    void temporaryRoomEndsWithItsLastOccupant() throws Exception {
        String room = freshRoom("temp");
        MultiUserChat a = createInstant(alice, room, "Alice");
        a.sendMessage("soon forgotten");
        MucSupport.leave(alice, a);
        assertEquals(StanzaError.Condition.item_not_found, roomInfoError(bob, room));
        try (StanzaCollector in = bob.createStanzaCollector(s -> s instanceof Message m && m.getBody() != null)) {
            MultiUserChat b = muc(bob, room);
            b.createOrJoin(nick("Bob"));
            assertTrue(MucSupport.sync(bob, room, "Bob", in).isEmpty(), "a new room has no history");
        }
    }

    /**
     * A persistent room keeps its configuration, affiliations, subject and history: when it empties
     * (it is unloaded and read again) and across a server restart.
     */
    @Test
    void persistentRoomSurvivesEmptyingAndRestart() throws Exception {
        String room = freshRoom("lasting");
        MultiUserChat a = MucSupport.createConfigured(alice, room, "Alice", java.util.Map.of(
                "muc#roomconfig_persistentroom", true, "muc#roomconfig_roomname", "Lasting Room",
                "muc#roomconfig_membersonly", true));
        a.grantMembership(JidCreate.from("bob@localhost"));
        a.banUser(JidCreate.from("carol@localhost"), "no");
        a.changeSubject("Kept subject");
        for (int i = 1; i <= 3; i++) {
            a.sendMessage("kept " + i);
        }
        MucSupport.leave(alice, a); // empty: unloaded, then read back from the database
        assertEquals(List.of("kept 1", "kept 2", "kept 3"), bodiesOnJoin(bob, room));
        bob.disconnect();
        alice.disconnect();

        server.restart();

        bob = MucSupport.login(server, "bob");
        carol = MucSupport.login(server, "carol");
        RoomInfo info = MultiUserChatManager.getInstanceFor(bob).getRoomInfo(roomJid(room));
        assertEquals("Lasting Room", info.getName());
        assertTrue(info.isPersistent() && info.isMembersOnly());
        assertEquals("Kept subject", info.getSubject());
        try (StanzaCollector subject = bob.createStanzaCollector(s -> s instanceof Message m
                && "Kept subject".equals(m.getSubject()))) {
            List<Message> history = historyOnJoin(bob, room);
            assertEquals(List.of("kept 1", "kept 2", "kept 3"), history.stream().map(Message::getBody).toList());
            for (Message m : history) {
                assertNotNull(DelayInformation.from(m));
                assertNotNull(StanzaIdElement.getStanzaId(m));
            }
            assertNotNull(next(subject));
        }
        XMPPException.XMPPErrorException banned = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(carol, room).join(nick("Carol")));
        assertEquals(StanzaError.Condition.forbidden, banned.getStanzaError().getCondition());
        assertTrue(MultiUserChatManager.getInstanceFor(carol).getRoomsHostedBy(JidCreate.domainBareFrom(SERVICE))
                .containsKey(roomJid(room)), "listed from the database");
    }

    private static List<Message> historyOnJoin(XMPPTCPConnection c, String room) throws Exception {
        try (StanzaCollector in = c.createStanzaCollector(s -> s instanceof Message m && m.getBody() != null)) {
            muc(c, room).join(nick("Bob"));
            return MucSupport.sync(c, room, "Bob", in).stream().map(s -> (Message) s).toList();
        }
    }

    private static List<String> bodiesOnJoin(XMPPTCPConnection c, String room) throws Exception {
        return historyOnJoin(c, room).stream().map(Message::getBody).toList();
    }

    /** An occupant whose connection is cut (no unavailable presence, no stream close) leaves: others see it. */
    @Test
    void occupantWithLostConnectionLeaves() throws Exception {
        String room = freshRoom("cut");
        createInstant(alice, room, "Alice");
        try (StanzaCollector aliceSees = alice.createStanzaCollector(s -> s instanceof Presence p
                && p.getFrom().toString().endsWith("/Dave"))) {
            RawClient dave = RawClient.loggedIn(server, "dave", "dave-secret", "raw");
            dave.send("<presence to='" + room + "@" + SERVICE + "/Dave'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            dave.expect("code=\"110\"");
            assertEquals(Presence.Type.available, ((Presence) next(aliceSees)).getType());
            dave.close(); // the socket just goes away
            Presence gone = next(aliceSees);
            assertEquals(Presence.Type.unavailable, gone.getType());
            assertEquals(MUCRole.none, item(gone).getRole());
        }
        assertEquals(1, MucSupport.occupantCount(alice, room));
    }

    /** XEP-0045 status 333: an occupant whose client bounces the room's traffic with an error is removed. */
    @Test
    void occupantAnsweringWithAnErrorIsRemovedWith333() throws Exception {
        String room = freshRoom("ghost");
        createInstant(alice, room, "Alice");
        try (StanzaCollector aliceSees = alice.createStanzaCollector(s -> s instanceof Presence p
                && p.getFrom().toString().endsWith("/Dave"));
             RawClient dave = RawClient.loggedIn(server, "dave", "dave-secret", "raw")) {
            dave.send("<presence to='" + room + "@" + SERVICE + "/Dave'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            dave.expect("code=\"110\"");
            assertEquals(Presence.Type.available, ((Presence) next(aliceSees)).getType());
            dave.send("<message type='error' to='" + room + "@" + SERVICE + "/Alice'><error type='cancel'>"
                    + "<recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
            Presence gone = next(aliceSees);
            assertEquals(Presence.Type.unavailable, gone.getType());
            assertEquals(Set.of(333), codes(gone));
            assertTrue(dave.expect("code=\"333\"").contains("type=\"unavailable\""));
        }
    }

    /** A client that logs off (unavailable presence, then stream close) leaves its rooms too. */
    @Test
    void occupantLoggingOffLeaves() throws Exception {
        String room = freshRoom("logoff");
        createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        MucSupport.settle(alice, room, "Alice");
        try (StanzaCollector aliceSees = alice.createStanzaCollector(s -> s instanceof Presence p
                && p.getFrom().toString().endsWith("/Bob"))) {
            bob.disconnect();
            assertEquals(Presence.Type.unavailable, ((Presence) next(aliceSees)).getType());
        }
    }

    /** §10.1.1 with muc.room-creation = admins: others get not-allowed, service admins create. */
    @Test
    void roomCreationCanBeLimitedToServiceAdmins() throws Exception {
        try (TestServer strict = TestServer.start("muc.room-creation", "admins", "muc.admins", "alice@localhost")) {
            MucSupport.addUsers(strict);
            XMPPTCPConnection admin = MucSupport.login(strict, "alice");
            XMPPTCPConnection user = MucSupport.login(strict, "bob");
            try {
                XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                        () -> muc(user, "bobs-room").create(nick("Bob")));
                assertEquals(StanzaError.Condition.not_allowed, e.getStanzaError().getCondition());
                createInstant(admin, "admins-room", "Alice");
                muc(user, "admins-room").join(nick("Bob")); // existing rooms are open to all
            } finally {
                admin.disconnect();
                user.disconnect();
            }
        }
    }
}
