package org.tern.tests.mobile;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0352 client state indication: hold what can wait while inactive, in order, bounded. */
class ClientStateTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("csi.max-held", "5");
        server.addUser("nora", "n-secret");
        server.addUser("otto", "o-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void presence(XMPPTCPConnection from, String to, String status) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildPresenceStanza().to(JidCreate.from(to)).setStatus(status).build());
    }

    private static void message(XMPPTCPConnection from, String to, String body, boolean chatStateOnly) throws Exception {
        var b = from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat);
        if (chatStateOnly) {
            b.addExtension(new org.jivesoftware.smackx.chatstates.packet.ChatStateExtension(
                    org.jivesoftware.smackx.chatstates.ChatState.composing));
            b.setThread(body);
        } else {
            b.setBody(body);
        }
        from.sendStanza(b.build());
    }

    @Test
    void holdsPresenceAndChatStatesUntilSomethingUrgent() throws Exception {
        XMPPTCPConnection otto = Clients.login(server, "otto", "o-secret");
        try (RawClient nora = RawClient.loggedIn(server, "nora", "n-secret", "phone")) {
            assertTrue(nora.lastFeatures().contains("<csi xmlns=\"urn:xmpp:csi:0\"/>"), nora.lastFeatures());
            nora.send("<presence/>");
            nora.send("<inactive xmlns='urn:xmpp:csi:0'/>");
            nora.send("<iq type='get' id='sync'><ping xmlns='urn:xmpp:ping'/></iq>"); // iqs are never held
            nora.expect("id=\"sync\"");
            presence(otto, "nora@localhost", "first status");
            presence(otto, "nora@localhost", "second status");
            message(otto, "nora@localhost", "typing-1", true);
            String meanwhile = nora.drain(Duration.ofMillis(700));
            assertFalse(meanwhile.contains("status") || meanwhile.contains("composing"), meanwhile);
            message(otto, "nora@localhost", "a real message", false);
            String got = nora.expect("a real message");
            assertFalse(got.contains("first status"), "a newer presence from the same sender replaces the held one: " + got);
            int presenceAt = got.indexOf("second status");
            int stateAt = got.indexOf("composing");
            int bodyAt = got.indexOf("a real message");
            assertTrue(presenceAt >= 0 && presenceAt < stateAt && stateAt < bodyAt, "held stanzas first, in order: " + got);
        } finally {
            otto.disconnect();
        }
    }

    @Test
    void activeFlushesAndBoundFlushes() throws Exception {
        XMPPTCPConnection otto = Clients.login(server, "otto", "o-secret");
        try (RawClient nora = RawClient.loggedIn(server, "nora", "n-secret", "tablet")) {
            nora.send("<presence/>");
            nora.send("<inactive xmlns='urn:xmpp:csi:0'/>");
            nora.send("<iq type='get' id='sync'><ping xmlns='urn:xmpp:ping'/></iq>");
            nora.expect("id=\"sync\"");
            message(otto, "nora@localhost/tablet", "state-a", true);
            assertFalse(nora.drain(Duration.ofMillis(500)).contains("state-a"));
            nora.send("<active xmlns='urn:xmpp:csi:0'/>");
            assertTrue(nora.expect("state-a").contains("composing"));

            nora.send("<inactive xmlns='urn:xmpp:csi:0'/>");
            nora.send("<iq type='get' id='sync2'><ping xmlns='urn:xmpp:ping'/></iq>");
            nora.expect("id=\"sync2\"");
            for (int i = 0; i < 5; i++) { // csi.max-held = 5: the fifth flushes all
                message(otto, "nora@localhost/tablet", "held-" + i, true);
            }
            String flushed = nora.expect("held-4");
            for (int i = 0; i < 4; i++) {
                assertTrue(flushed.contains("held-" + i), flushed);
            }
            assertEquals(-1, nora.drain(Duration.ofMillis(200)).indexOf("held-"));
        } finally {
            otto.disconnect();
        }
    }
}
