package org.tern.tests;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6121 §5 and §8: one-to-one messages between local users. */
class MessagingTest {
    static TestServer server;
    XMPPTCPConnection alice;
    XMPPTCPConnection bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("alice", "a-secret");
        server.addUser("bob", "b-secret");
        server.addUser("carol", "c-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void login() throws Exception {
        alice = Clients.login(server, "alice", "a-secret", "phone", null);
        bob = Clients.login(server, "bob", "b-secret", "laptop", null);
    }

    @AfterEach
    void logout() {
        alice.disconnect();
        bob.disconnect();
    }

    private Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
        return from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat)
                .setBody(body).build();
    }

    @Test
    void unicodeAndXmlSpecialCharactersArriveIntact() throws Exception {
        // (no "]]>": Smack 4.4 writes it unescaped, which XML forbids, and the server rightly refuses it)
        String body = "Grüße, 日本語, emoji 🐦‍⬛ and <b>not markup</b> & \"quotes\" 'too' \u00e9\u0301 \t tab";
        try (StanzaCollector in = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            alice.sendStanza(chat(alice, "bob@localhost", body));
            Message m = in.nextResult(10_000);
            assertNotNull(m, "bob got nothing");
            assertEquals(body, m.getBody());
            assertEquals("alice@localhost/phone", m.getFrom().toString());
            assertEquals(Message.Type.chat, m.getType());
        }
    }

    @Test
    void messageToFullJidReachesThatResource() throws Exception {
        try (StanzaCollector in = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            bob.sendStanza(chat(bob, "alice@localhost/phone", "to your phone"));
            assertEquals("to your phone", ((Message) in.nextResult(10_000)).getBody());
        }
    }

    @Test
    void manyMessagesKeepTheirOrder() throws Exception {
        try (StanzaCollector in = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            for (int i = 0; i < 200; i++) {
                alice.sendStanza(chat(alice, "bob@localhost", "n" + i));
            }
            for (int i = 0; i < 200; i++) {
                Message m = in.nextResult(10_000);
                assertNotNull(m, "message " + i + " missing");
                assertEquals("n" + i, m.getBody());
            }
        }
    }

    /** RFC 6121 §8.5.1: no such account. */
    @Test
    void messageToUnknownUserBouncesServiceUnavailable() throws Exception {
        assertEquals(StanzaError.Condition.service_unavailable, bounce("nobody@localhost"));
    }

    /** Without server-to-server, remote domains are unreachable (RFC 6120 §10.4.3). */
    @Test
    void messageToRemoteDomainBouncesRemoteServerNotFound() throws Exception {
        assertEquals(StanzaError.Condition.remote_server_not_found, bounce("someone@example.net"));
    }

    /** RFC 6121 §8.5.2.2.1: an account with no session, and no offline storage to take the message. */
    @Test
    void messageToOfflineUserWithoutStorageBounces() throws Exception {
        try (TestServer plain = TestServer.start("offline.enabled", "false")) {
            plain.addUser("dan", "d-secret");
            plain.addUser("erin", "e-secret");
            try (RawClient c = RawClient.loggedIn(plain, "dan", "d-secret", "r")) {
                c.send("<message to='erin@localhost' type='chat' id='m1'><body>anyone?</body></message>");
                String reply = c.expect("</message>");
                assertTrue(reply.contains("type=\"error\"") && reply.contains("service-unavailable"), reply);
            }
        }
    }

    private StanzaError.Condition bounce(String to) throws Exception {
        try (StanzaCollector in = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            Message sent = chat(alice, to, "hello?");
            alice.sendStanza(sent);
            Message m = in.nextResult(10_000);
            assertNotNull(m, "no error came back");
            assertEquals(Message.Type.error, m.getType());
            assertEquals(sent.getStanzaId(), m.getStanzaId());
            return m.getError().getCondition();
        }
    }

    /** The server stamps 'from' with the full JID even when the client leaves it out. */
    @Test
    void fromIsStampedByServer() throws Exception {
        try (StanzaCollector in = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            Message m = chat(alice, "bob@localhost", "who am I");
            assertNull(m.getFrom());
            alice.sendStanza(m);
            assertEquals("alice@localhost/phone", in.nextResult(10_000).getFrom().toString());
        }
    }
}
