package org.tern.tests;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import java.net.InetSocketAddress;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timeouts, slow readers, login throttling per address, and closing in both directions. */
class ConnectionLimitsTest {

    /** RFC 6120 §4.4: the client closes, the server answers with its own closing tag and closes. */
    @Test
    void clientCloseIsAnsweredAndSessionEnds() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.addUser("lena", "l-secret");
            try (RawClient c = RawClient.loggedIn(server, "lena", "l-secret", "r")) {
                c.send("</stream:stream>");
                String rest = c.expectClosed();
                assertTrue(rest.contains("</stream:stream>"), rest);
            }
            for (int i = 0; i < 100 && server.kernel().sessions().count() > 0; i++) {
                Thread.sleep(20);
            }
            assertEquals(0, server.kernel().sessions().count());
        }
    }

    /** XEP-0199 keepalive: a silent client is pinged, and dropped when it does not answer. */
    @Test
    void idleClientIsPingedThenDropped() throws Exception {
        try (TestServer server = TestServer.start("stream.idle-timeout", "1s", "stream.ping-timeout", "1s")) {
            server.addUser("mute", "m-secret");
            try (RawClient c = RawClient.loggedIn(server, "mute", "m-secret", "r")) {
                String ping = c.expect("<ping xmlns=\"urn:xmpp:ping\"/></iq>");
                assertTrue(ping.contains("type=\"get\""), ping);
                String rest = c.expectClosed();
                assertTrue(rest.contains("<connection-timeout"), rest);
            }
        }
    }

    @Test
    void idleClientThatAnswersStays() throws Exception {
        try (TestServer server = TestServer.start("stream.idle-timeout", "1s", "stream.ping-timeout", "1s")) {
            server.addUser("chatty", "c-secret");
            try (RawClient c = RawClient.loggedIn(server, "chatty", "c-secret", "r")) {
                for (int i = 0; i < 2; i++) {
                    String ping = c.expect("</iq>");
                    int at = ping.indexOf("id=\"") + 4;
                    String id = ping.substring(at, ping.indexOf('"', at));
                    c.send("<iq type='result' to='localhost' id='" + id + "'/>");
                }
                c.send("<iq type='get' id='me'><ping xmlns='urn:xmpp:ping'/></iq>");
                assertTrue(c.expect("id=\"me\"").length() > 0);
            }
        }
    }

    @Test
    void failedLoginsAreThrottledPerAddress() throws Exception {
        try (TestServer server = TestServer.start("auth.failures-per-address", "2", "auth.failures-per-account", "0")) {
            server.addUser("nina", "n-secret");
            for (String user : new String[] {"x1", "x2"}) {
                assertThrows(SASLErrorException.class,
                        () -> Clients.login(server, user, "guess", "r", Clients.mechanism("SCRAM-SHA-1")));
            }
            SASLErrorException e = assertThrows(SASLErrorException.class,
                    () -> Clients.login(server, "nina", "n-secret", "r", Clients.mechanism("SCRAM-SHA-1")));
            assertEquals("temporary-auth-failure", e.getSASLFailure().getSASLErrorString());
        }
    }

    /**
     * A client that stops reading cannot make the server buffer without bound: past
     * stream.max-outbound-buffer it is dropped, and the sender goes on unharmed.
     */
    @Test
    void clientThatDoesNotReadIsDropped() throws Exception {
        try (TestServer server = TestServer.start("stream.max-outbound-buffer", "1m")) {
            server.addUser("sink", "s-secret");
            server.addUser("source", "s-secret");
            // No presence: messages to its full JID reach it all the same, and no offline flush is involved.
            RawClient sink = RawClient.loggedIn(server, "sink", "s-secret", "slow");
            XMPPTCPConnection source = Clients.login(server, "source", "s-secret");
            try (StanzaCollector errors = source.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
                String big = "z".repeat(8000);
                Message first = null;
                for (int i = 0; i < 2000 && server.kernel().sessions().of(
                        org.tern.core.jid.Jid.parse("sink@localhost")).size() > 0; i++) {
                    Message m = source.getStanzaFactory().buildMessageStanza().to(JidCreate.from("sink@localhost/slow"))
                            .ofType(Message.Type.chat).setBody(big).build();
                    source.sendStanza(m);
                    if (first == null) {
                        first = m;
                    }
                    if (i % 50 == 49) {
                        Thread.sleep(50);
                    }
                }
                // The server works through what the source sent at its own pace: wait for it.
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
                while (server.kernel().sessions().of(org.tern.core.jid.Jid.parse("sink@localhost")).size() > 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(0, server.kernel().sessions().of(org.tern.core.jid.Jid.parse("sink@localhost")).size(),
                        "the reader that never reads is still connected");
                // The sender is fine: its ping is answered once the messages it sent before it are
                // handled (stored offline now that the sink is gone: that takes a while).
                assertTrue(org.jivesoftware.smackx.ping.PingManager.getInstanceFor(source)
                        .ping(org.jxmpp.jid.impl.JidCreate.domainBareFrom("localhost"), 120_000));
                assertNotNull(first);
            } finally {
                source.disconnect();
                sink.close();
            }
        }
    }

    @Test
    void tcpConnectWithoutTalkingIsClosed() throws Exception {
        try (TestServer server = TestServer.start("stream.negotiation-timeout", "1s")) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", server.c2sPort()));
                s.setSoTimeout(10_000);
                byte[] buf = new byte[4096];
                int total = 0;
                int n;
                StringBuilder sb = new StringBuilder();
                while ((n = s.getInputStream().read(buf)) > 0) {
                    total += n;
                    sb.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                }
                assertTrue(total > 0 && sb.toString().contains("<connection-timeout"), sb.toString());
            }
        }
    }
}
