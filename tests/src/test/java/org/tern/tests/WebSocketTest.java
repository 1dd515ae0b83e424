package org.tern.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7395 XMPP over WebSocket, with the JDK's WebSocket client. */
class WebSocketTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("kate", "k-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static final class Frames implements WebSocket.Listener {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                queue.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String s = queue.poll(10, TimeUnit.SECONDS);
            assertNotNull(s, "no frame arrived");
            return s;
        }

        String until(String fragment) throws InterruptedException {
            while (true) {
                String s = next();
                if (s.contains(fragment)) {
                    return s;
                }
            }
        }
    }

    private static WebSocket open(String scheme, int port, Frames frames) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(server.trustingSslContext()).build();
        return http.newWebSocketBuilder().subprotocols("xmpp")
                .buildAsync(URI.create(scheme + "://localhost:" + port + "/xmpp-websocket"), frames)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void fullSessionOverSecureWebSocket() throws Exception {
        Frames f = new Frames();
        WebSocket ws = open("wss", server.port("websocket-tls"), f);
        ws.sendText("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>", true);
        assertTrue(f.next().startsWith("<open xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\""));
        String features = f.next();
        assertTrue(features.contains("<mechanism>PLAIN</mechanism>"), features);
        String auth = Base64.getEncoder().encodeToString("\0kate\0k-secret".getBytes(StandardCharsets.UTF_8));
        ws.sendText("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + auth + "</auth>", true);
        assertTrue(f.next().startsWith("<success"));
        ws.sendText("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>", true);
        f.until("<open");
        assertTrue(f.until("features").contains("urn:ietf:params:xml:ns:xmpp-bind"));
        ws.sendText("<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<resource>browser</resource></bind></iq>", true);
        assertTrue(f.until("b1").contains("<jid>kate@localhost/browser</jid>"));
        ws.sendText("<message xmlns='jabber:client' to='kate@localhost/browser' type='chat'><body>echo &amp; co</body></message>", true);
        String echo = f.until("<message");
        assertTrue(echo.contains("xmlns=\"jabber:client\"") && echo.contains("<body>echo &amp; co</body>"), echo);
        ws.sendText("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", true);
        assertTrue(f.until("close").contains("urn:ietf:params:xml:ns:xmpp-framing"));
    }

    @Test
    void plainWebSocketNeverOffersPlain() throws Exception {
        Frames f = new Frames();
        WebSocket ws = open("ws", server.port("websocket"), f);
        ws.sendText("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>", true);
        f.next();
        String features = f.next();
        assertTrue(features.contains("<mechanism>SCRAM-SHA-256</mechanism>"), features);
        assertFalse(features.contains("PLAIN"), features);
        assertFalse(features.contains("-PLUS"), features);
        ws.abort();
    }

    @Test
    void malformedFrameGetsStreamError() throws Exception {
        Frames f = new Frames();
        WebSocket ws = open("wss", server.port("websocket-tls"), f);
        ws.sendText("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>", true);
        f.next();
        f.next();
        ws.sendText("<message><unclosed></message>", true);
        String err = f.until("error");
        assertTrue(err.contains("<not-well-formed"), err);
        assertTrue(f.until("close").contains("xmpp-framing"));
    }
}
