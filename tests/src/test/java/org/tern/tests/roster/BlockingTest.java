package org.tern.tests.roster;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.roster.Wire.jid;

/** XEP-0191 Blocking Command. */
class BlockingTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String block(RawClient c, String... jids) throws Exception {
        return Wire.answer(Wire.iq(c, "set", "<block xmlns='urn:xmpp:blocking'>" + items(jids) + "</block>"));
    }

    static String unblock(RawClient c, String... jids) throws Exception {
        return Wire.answer(Wire.iq(c, "set", "<unblock xmlns='urn:xmpp:blocking'>" + items(jids) + "</unblock>"));
    }

    private static String items(String... jids) {
        StringBuilder sb = new StringBuilder();
        for (String j : jids) {
            sb.append("<item jid='").append(j).append("'/>");
        }
        return sb.toString();
    }

    /** §3.1: discovered on the server (and on the account). */
    @Test
    void supportIsDiscoverable() throws Exception {
        String user = Wire.newUser(server, "disco");
        XMPPTCPConnection c = Clients.login(server, user, "pw-" + user, "r", null);
        try {
            assertTrue(BlockingCommandManager.getInstanceFor(c).isSupportedByServer());
        } finally {
            c.disconnect();
        }
        try (RawClient raw = Wire.bound(server, user, "raw")) {
            String info = Wire.iq(raw, "get", jid(user), "<query xmlns='http://jabber.org/protocol/disco#info'/>");
            assertTrue(info.contains("var=\"urn:xmpp:blocking\""), info);
        }
    }

    /** §3.2-3.5 with Smack: list, block, unblock, unblock all; pushes reach resources that asked for the list. */
    @Test
    void listBlockUnblockAndPushes() throws Exception {
        String user = Wire.newUser(server, "blocker");
        XMPPTCPConnection smack = Clients.login(server, user, "pw-" + user, "smack", null);
        try (RawClient asked = Wire.bound(server, user, "asked"); RawClient notAsked = Wire.bound(server, user, "quiet")) {
            String list = Wire.answer(Wire.iq(asked, "get", "<blocklist xmlns='urn:xmpp:blocking'/>"));
            assertTrue(list.contains("<blocklist xmlns=\"urn:xmpp:blocking\"/>"), "empty list: " + list);
            BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(smack);
            assertTrue(blocking.getBlockList().isEmpty());

            Jid romeo = JidCreate.from("romeo@montague.net");
            Jid iago = JidCreate.from("iago@shakespeare.lit");
            blocking.blockContacts(List.of(romeo, iago));
            String push = Wire.sync(asked);
            assertTrue(push.contains("<block xmlns=\"urn:xmpp:blocking\"><item jid=\"romeo@montague.net\"/>"
                    + "<item jid=\"iago@shakespeare.lit\"/></block>"), push);
            assertFalse(Wire.sync(notAsked).contains("urn:xmpp:blocking"), "a resource that never asked got a push");
            String again = Wire.answer(Wire.iq(notAsked, "get", "<blocklist xmlns='urn:xmpp:blocking'/>"));
            assertTrue(again.contains("jid=\"romeo@montague.net\"") && again.contains("jid=\"iago@shakespeare.lit\""), again);

            blocking.unblockContacts(List.of(romeo));
            String unpush = Wire.sync(asked);
            assertTrue(unpush.contains("<unblock xmlns=\"urn:xmpp:blocking\"><item jid=\"romeo@montague.net\"/></unblock>"), unpush);
            Eventually.await("smack's list follows", () -> {
                try {
                    return blocking.getBlockList().equals(List.of(iago));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });

            blocking.unblockAll();
            assertTrue(Wire.sync(asked).contains("<unblock xmlns=\"urn:xmpp:blocking\"/>"));
            String empty = Wire.answer(Wire.iq(notAsked, "get", "<blocklist xmlns='urn:xmpp:blocking'/>"));
            assertFalse(empty.contains("<item"), empty);
        } finally {
            smack.disconnect();
        }
    }

    /** §3.3: from a blocked entity, messages and iq requests get service-unavailable; presence is dropped silently. */
    @Test
    void stanzasFromABlockedEntity() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String mallory = Wire.newUser(server, "mallory");
        try (RawClient a = Wire.online(server, alice, "r"); RawClient m = Wire.online(server, mallory, "r")) {
            assertTrue(block(a, jid(mallory)).contains("type=\"result\""));
            String back = Wire.send(m, "<message to='" + jid(alice) + "' type='chat' id='m1'><body>hi</body></message>"
                    + "<iq to='" + jid(alice) + "/r' type='get' id='q1'><query xmlns='jabber:iq:version'/></iq>"
                    + "<presence to='" + jid(alice) + "'/>"
                    + "<presence to='" + jid(alice) + "' type='subscribe'/>"
                    + "<presence to='" + jid(alice) + "' type='probe'/>");
            assertTrue(back.matches("(?s).*<message [^>]*id=\"m1\"[^>]*type=\"error\".*<service-unavailable .*"), back);
            assertTrue(back.matches("(?s).*<iq [^>]*id=\"q1\"[^>]*type=\"error\".*<service-unavailable .*"), back);
            assertFalse(back.contains("<presence"), "presence is answered with nothing: " + back);
            String atAlice = Wire.sync(a);
            assertFalse(atAlice.contains(jid(mallory)), "alice got something from mallory: " + atAlice);
            assertNull(RosterRows.row(server, alice, jid(mallory)), "the request was dropped, not kept");

            // A blocked domain covers its users too; unblocking lets them through again.
            unblock(a, jid(mallory));
            block(a, TestServer.DOMAIN + "/bot", "mallory.example");
            Wire.send(m, "<message to='" + jid(alice) + "' type='chat' id='m2'><body>again</body></message>");
            assertTrue(Wire.sync(a).contains("again"));
        }
    }

    /** §3.3: the user's stanzas to a blocked entity are not routed; the user gets not-acceptable + blocked. */
    @Test
    void stanzasToABlockedEntity() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String mallory = Wire.newUser(server, "mallory");
        try (RawClient a = Wire.online(server, alice, "r"); RawClient m = Wire.online(server, mallory, "r")) {
            block(a, jid(mallory));
            String back = Wire.send(a, "<message to='" + jid(mallory) + "/r' type='chat' id='m1'><body>hi</body></message>"
                    + "<presence to='" + jid(mallory) + "' id='p1'/>");
            assertTrue(back.matches("(?s).*<message [^>]*id=\"m1\"[^>]*type=\"error\">(<body>hi</body>)?<error type=\"cancel\">"
                    + "<not-acceptable [^>]*/><blocked xmlns=\"urn:xmpp:blocking:errors\"/>.*"), back);
            assertTrue(back.matches("(?s).*<presence [^>]*id=\"p1\"[^>]*type=\"error\">.*<blocked .*"), back);
            assertFalse(Wire.sync(m).contains(jid(alice)), "mallory got something");
        }
    }

    /**
     * §3.3-3.4: blocking a contact sends it unavailable presence and withholds the user's presence;
     * unblocking sends the current presence again and asks for the contact's.
     */
    @Test
    void blockingHidesPresenceAndUnblockingRestoresIt() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");
        String grace = Wire.newUser(server, "grace");
        Wire.befriend(server, alice, bob);
        try (RawClient b = Wire.online(server, bob, "r"); RawClient g = Wire.online(server, grace, "r");
             RawClient a = Wire.online(server, alice, "r")) {
            Wire.send(a, "<presence to='" + jid(grace) + "'/>"); // directed presence to a non-contact
            Wire.sync(b);
            Wire.sync(g);
            block(a, jid(bob), jid(grace));
            String atBob = Wire.sync(b);
            assertTrue(atBob.contains("from=\"" + jid(alice) + "/r\"") && atBob.contains("type=\"unavailable\""), atBob);
            String atGrace = Wire.sync(g);
            assertTrue(atGrace.contains("from=\"" + jid(alice) + "/r\"") && atGrace.contains("type=\"unavailable\""), atGrace);

            Wire.send(a, "<presence><status>busy</status></presence>");
            assertFalse(Wire.sync(b).contains("busy"), "presence reached a blocked contact");
            Wire.send(b, "<presence><status>bob here</status></presence>");
            assertFalse(Wire.sync(a).contains("bob here"), "a blocked contact's presence got through");

            String unblocked = Wire.send(a, "<iq type='set' id='ub'><unblock xmlns='urn:xmpp:blocking'><item jid='"
                    + jid(bob) + "'/></unblock></iq>");
            assertTrue(unblocked.contains("bob here"), "the contact's presence, probed again: " + unblocked);
            String back = Wire.sync(b);
            assertTrue(back.contains("busy") && back.contains("from=\"" + jid(alice) + "/r\""), back);
        }
    }

    /** Malformed commands and a full list get their errors. */
    @Test
    void badCommandsAreRefused() throws Exception {
        try (TestServer small = TestServer.start("roster.max-blocked", "2")) {
            small.addUser("u", "pw-u");
            small.addUser("other", "pw-other");
            try (RawClient c = Wire.bound(small, "u", "r")) {
                assertTrue(block(c).contains("<bad-request "), "block without items");
                assertTrue(block(c, "a@b@c").contains("<jid-malformed "));
                assertTrue(Wire.answer(Wire.iq(c, "set", "<block xmlns='urn:xmpp:blocking'><item/></block>"))
                        .contains("<bad-request "));
                assertTrue(block(c, "one@example.org", "two@example.org").contains("type=\"result\""));
                assertTrue(block(c, "three@example.org").contains("<not-acceptable "));
                assertTrue(block(c, "one@example.org").contains("type=\"result\""), "already there: no growth");
                assertTrue(Wire.answer(Wire.iq(c, "get", "other@" + TestServer.DOMAIN,
                        "<blocklist xmlns='urn:xmpp:blocking'/>")).contains("<forbidden "));
                String list = Wire.answer(Wire.iq(c, "get", "<blocklist xmlns='urn:xmpp:blocking'/>"));
                assertEquals(2, list.split("<item ", -1).length - 1, list);
            }
        }
    }
}
