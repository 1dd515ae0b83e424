package org.tern.tests.muc;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.RawClient;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.muc.MucSupport.SERVICE;
import static org.tern.tests.muc.MucSupport.createInstant;
import static org.tern.tests.muc.MucSupport.freshRoom;
import static org.tern.tests.muc.MucSupport.muc;
import static org.tern.tests.muc.MucSupport.nick;
import static org.tern.tests.muc.MucSupport.roomJid;

/** XEP-0045 §6 service discovery, XEP-0410 self-ping, iqs between occupants, and bad addresses. */
class MucDiscoTest extends MucTestBase {
    /** §6.1-6.2: the server lists the service; the service is conference/text and speaks MUC. */
    @Test
    void serviceIsDiscoverable() throws Exception {
        assertEquals(List.of(JidCreate.domainBareFrom(SERVICE)), MultiUserChatManager.getInstanceFor(bob).getMucServiceDomains());
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(JidCreate.from(SERVICE));
        assertTrue(info.hasIdentity("conference", "text"));
        for (String f : List.of("http://jabber.org/protocol/muc", "http://jabber.org/protocol/muc#stable_id",
                "http://jabber.org/protocol/muc#self-ping-optimization", "urn:xmpp:occupant-id:0")) {
            assertTrue(info.containsFeature(f), f);
        }
    }

    /** §6.3: the service lists public rooms, not hidden ones. */
    @Test
    void publicRoomsAreListedHiddenOnesAreNot() throws Exception {
        String open = freshRoom("listed");
        String hidden = freshRoom("hidden");
        createInstant(alice, open, "Alice");
        MucSupport.createConfigured(alice, hidden, "Alice", java.util.Map.of("muc#roomconfig_publicroom", false));
        var rooms = MultiUserChatManager.getInstanceFor(bob).getRoomsHostedBy(JidCreate.domainBareFrom(SERVICE));
        assertTrue(rooms.containsKey(roomJid(open)));
        assertFalse(rooms.containsKey(roomJid(hidden)));
    }

    /** §6.3 with XEP-0059: a long room list can be read a page at a time. */
    @Test
    void roomListPages() throws Exception {
        for (int i = 0; i < 3; i++) {
            createInstant(alice, "page-" + i, "Alice");
        }
        try (RawClient raw = RawClient.loggedIn(server, "bob", "bob-secret", "raw")) {
            raw.send("<iq id='p1' type='get' to='" + SERVICE + "'><query xmlns='http://jabber.org/protocol/disco#items'>"
                    + "<set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set></query></iq>");
            String first = raw.expect("</iq>");
            assertEquals(2, count(first, "<item "), first);
            assertTrue(first.contains("<count>") && first.contains("<last>"), first);
            String last = first.substring(first.indexOf("<last>") + 6, first.indexOf("</last>"));
            raw.send("<iq id='p2' type='get' to='" + SERVICE + "'><query xmlns='http://jabber.org/protocol/disco#items'>"
                    + "<set xmlns='http://jabber.org/protocol/rsm'><max>100</max><after>" + last + "</after></set></query></iq>");
            String rest = raw.expect("</iq>");
            assertFalse(rest.contains("jid=\"" + last + "@"), "the next page starts after the last one: " + rest);
            assertTrue(rest.contains("page-2@"), rest);
        }
    }

    private static int count(String s, String part) {
        return s.split(part, -1).length - 1;
    }

    /** §6.4: a room's disco#info names its type with the muc_ features and the muc#roominfo form. */
    @Test
    void roomInfoDescribesTheRoom() throws Exception {
        String room = freshRoom("info");
        MultiUserChat a = MucSupport.createConfigured(alice, room, "Alice", java.util.Map.of("muc#roomconfig_roomdesc", "All about spells",
                "muc#roomconfig_moderatedroom", true));
        a.changeSubject("Spells");
        muc(bob, room).join(nick("Bob"));
        RoomInfo info = MultiUserChatManager.getInstanceFor(bob).getRoomInfo(roomJid(room));
        assertEquals("All about spells", info.getDescription());
        assertEquals("Spells", info.getSubject());
        assertEquals(2, info.getOccupantsCount());
        assertTrue(info.isModerated());
        assertFalse(info.isMembersOnly() || info.isPasswordProtected() || info.isPersistent() || info.isNonanonymous());
        DiscoverInfo raw = ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(roomJid(room));
        for (String feature : List.of("muc_public", "muc_temporary", "muc_open", "muc_unsecured", "muc_moderated",
                "muc_semianonymous", "http://jabber.org/protocol/muc", "http://jabber.org/protocol/muc#stable_id",
                "urn:xmpp:occupant-id:0", "http://jabber.org/protocol/muc#self-ping-optimization")) {
            assertTrue(raw.containsFeature(feature), feature);
        }
    }

    /** XEP-0410: a self-ping is answered by the room: result while joined, not-acceptable when not. */
    @Test
    void selfPing() throws Exception {
        String room = freshRoom("ping");
        MultiUserChat a = createInstant(alice, room, "Alice");
        Ping ping = new Ping(JidCreate.from(room + "@" + SERVICE + "/Alice"));
        assertEquals(IQ.Type.result, ((IQ) alice.createStanzaCollectorAndSend(ping).nextResultOrThrow()).getType());
        Ping stranger = new Ping(JidCreate.from(room + "@" + SERVICE + "/Alice"));
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> bob.createStanzaCollectorAndSend(stranger).nextResultOrThrow());
        assertEquals(StanzaError.Condition.not_acceptable, e.getStanzaError().getCondition());
        assertTrue(a.isJoined());
    }

    /** §6.6 / XEP-0410 §3.2: an iq to another occupant goes to its client and the answer comes back masked. */
    @Test
    void iqToAnotherOccupantIsPassedThrough() throws Exception {
        String room = freshRoom("proxy");
        createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        Ping ping = new Ping(JidCreate.from(room + "@" + SERVICE + "/Bob"));
        IQ answer = (IQ) alice.createStanzaCollectorAndSend(ping).nextResultOrThrow();
        assertEquals(IQ.Type.result, answer.getType(), "Smack answers pings itself");
        assertEquals(room + "@" + SERVICE + "/Bob", answer.getFrom().toString());
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> alice.createStanzaCollectorAndSend(new Ping(JidCreate.from(room + "@" + SERVICE + "/Nobody")))
                        .nextResultOrThrow());
        assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
    }

    /** Unknown rooms: disco, messages and iqs get item-not-found. */
    @Test
    void unknownRoomIsItemNotFound() throws Exception {
        assertEquals(StanzaError.Condition.item_not_found, assertThrows(XMPPException.XMPPErrorException.class,
                () -> MultiUserChatManager.getInstanceFor(bob).getRoomInfo(roomJid("no-such-room")))
                .getStanzaError().getCondition());
        try (RawClient raw = RawClient.loggedIn(server, "bob", "bob-secret", "raw")) {
            raw.send("<message id='m1' type='groupchat' to='no-such-room@" + SERVICE + "'><body>hi</body></message>");
            String reply = raw.expect("</message>");
            assertTrue(reply.contains("type=\"error\"") && reply.contains("<item-not-found"), reply);
            raw.send("<iq id='a1' type='get' to='no-such-room@" + SERVICE + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                    + "<item affiliation='member'/></query></iq>");
            String iq = raw.expect("</iq>");
            assertTrue(iq.contains("type=\"error\"") && iq.contains("<item-not-found"), iq);
        }
    }

    /** Bad input to a room gets the RFC 6120 / XEP-0045 error and changes nothing. */
    @Test
    void malformedRequestsAreRefused() throws Exception {
        String room = freshRoom("garbage");
        MultiUserChat a = createInstant(alice, room, "Alice");
        try (RawClient raw = RawClient.loggedIn(server, "alice", "alice-secret", "raw")) {
            String to = room + "@" + SERVICE;
            raw.send("<iq id='b1' type='set' to='" + to + "'><query xmlns='http://jabber.org/protocol/muc#admin'/></iq>");
            assertTrue(raw.expect("</iq>").contains("<bad-request"));
            raw.send("<iq id='b2' type='set' to='" + to + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                    + "<item affiliation='emperor' jid='bob@localhost'/></query></iq>");
            assertTrue(raw.expect("</iq>").contains("<bad-request"));
            raw.send("<iq id='b3' type='set' to='" + to + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                    + "<item affiliation='member' jid='@@'/></query></iq>");
            assertTrue(raw.expect("</iq>").contains("<jid-malformed"));
            raw.send("<iq id='b4' type='get' to='" + to + "'><query xmlns='urn:example:unknown'/></iq>");
            assertTrue(raw.expect("</iq>").contains("<service-unavailable"));
            raw.send("<message id='b5' type='chat' to='" + to + "'><body>to the room itself</body></message>");
            assertTrue(raw.expect("</message>").contains("<bad-request"));
        }
        assertTrue(a.getMembers().isEmpty());
        assertEquals(Set.of(), Set.copyOf(a.getOutcasts()));
    }
}
