package org.tern.tests;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0368: TLS from the first byte on the direct-TLS port, TLS 1.2 at least. */
class DirectTlsTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("judy", "j-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void smackLogsInOverDirectTls() throws Exception {
        XMPPTCPConnection c = Clients.login(server, "judy", "j-secret", "direct", b -> {
            try {
                b.setPort(server.port("c2s-tls"))
                        .setSocketFactory(server.trustingSslContext().getSocketFactory())
                        .setSecurityMode(SecurityMode.disabled)
                        .addEnabledSaslMechanism("SCRAM-SHA-1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertEquals("judy@localhost/direct", c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void featuresOverDirectTlsOfferSaslNotStartTls() throws Exception {
        try (SSLSocket s = (SSLSocket) server.trustingSslContext().getSocketFactory()
                .createSocket("127.0.0.1", server.port("c2s-tls"))) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            String protocol = s.getSession().getProtocol();
            assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
            OutputStream out = s.getOutputStream();
            out.write(("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                    + "to='localhost' version='1.0'>").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String features = readUntil(s.getInputStream(), "</stream:features>");
            assertTrue(features.contains("<mechanism>PLAIN</mechanism>"), features);
            assertFalse(features.contains("starttls"), features);
        }
    }

    @Test
    void oldTlsVersionsAreRefused() throws Exception {
        try (SSLSocket s = (SSLSocket) server.trustingSslContext().getSocketFactory()
                .createSocket("127.0.0.1", server.port("c2s-tls"))) {
            s.setEnabledProtocols(new String[] {"TLSv1.1"});
            s.setSoTimeout(10_000);
            boolean refused;
            try {
                s.startHandshake();
                refused = false;
            } catch (java.io.IOException e) {
                refused = true;
            }
            assertTrue(refused, "a TLS 1.1 handshake succeeded");
        }
    }

    static String readUntil(InputStream in, String end) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        while (sb.indexOf(end) < 0) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
