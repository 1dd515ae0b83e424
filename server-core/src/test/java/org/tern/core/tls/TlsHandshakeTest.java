package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real handshakes on 127.0.0.1 between a Netty server using {@link TlsContexts#server} and the
 * JDK's SSLSocket as client, with each provider (OpenSSL when netty-tcnative loads here).
 */
class TlsHandshakeTest {
    enum Provider {
        JDK, OPENSSL;

        TlsOptions options() {
            TlsOptions d = TlsOptions.defaults();
            return new TlsOptions(d.protocols(), d.ciphers(), this == OPENSSL);
        }

        TlsOptions with(List<String> protocols, List<String> extraCiphers) {
            List<String> ciphers = new ArrayList<>(TlsOptions.defaults().ciphers());
            ciphers.addAll(extraCiphers);
            return new TlsOptions(protocols, ciphers, this == OPENSSL);
        }
    }

    static KeyPair ecKey;
    static X509Certificate ecCert;
    static TlsCredentials ec;
    static KeyPair rsaKey;
    static TlsCredentials rsa;

    @BeforeAll
    static void credentials() throws Exception {
        ecKey = TestPki.ec();
        ecCert = TestPki.selfSigned(ecKey, "localhost", "localhost");
        ec = new TlsCredentials(ecKey.getPrivate(), List.of(ecCert));
        rsaKey = TestPki.rsa();
        // signed with SHA-384 so tls-server-end-point must pick SHA-384
        X509Certificate rsaCert = TestPki.certificate("CN=localhost", rsaKey.getPublic(), "CN=localhost",
                rsaKey.getPrivate(), "SHA384withRSA", false, java.time.Instant.now().minusSeconds(3600),
                java.time.Instant.now().plusSeconds(86400 * 30L), "localhost");
        rsa = new TlsCredentials(rsaKey.getPrivate(), List.of(rsaCert));
    }

    static SslContext server(Provider provider, TlsCredentials creds, TlsOptions options) throws Exception {
        if (provider == Provider.OPENSSL) {
            Assumptions.assumeTrue(OpenSsl.isAvailable(), () -> "OpenSSL not available: " + OpenSsl.unavailabilityCause());
        }
        SslContext ctx = TlsContexts.server(creds, options);
        if (provider == Provider.OPENSSL) {
            assertInstanceOf(ReferenceCountedOpenSslContext.class, ctx);
            assertEquals("OpenSSL (BoringSSL)", TlsContexts.providerName(ctx));
        } else {
            assertInstanceOf(JdkSslContext.class, ctx);
            assertEquals("JDK", TlsContexts.providerName(ctx));
        }
        return ctx;
    }

    static void assertEngineOf(Provider provider, TestTlsServer.Handshake h) {
        assertEquals(provider == Provider.OPENSSL, h.engine() instanceof ReferenceCountedOpenSslEngine,
                () -> "engine " + h.engine().getClass().getName());
    }

    static SSLContext clientTrusting(X509Certificate... anchors) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < anchors.length; i++) {
            trust.setCertificateEntry("anchor" + i, anchors[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static SSLSocket connect(SSLContext client, int port, String protocol, String cipher, String... alpn)
            throws Exception {
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        configure(socket, protocol, cipher, alpn);
        socket.startHandshake();
        return socket;
    }

    static void configure(SSLSocket socket, String protocol, String cipher, String... alpn) {
        SSLParameters params = socket.getSSLParameters();
        params.setProtocols(new String[] {protocol});
        if (cipher != null) {
            params.setCipherSuites(new String[] {cipher});
        }
        if (alpn.length > 0) {
            params.setApplicationProtocols(alpn);
        }
        socket.setSSLParameters(params);
    }

    static void assertEcho(Socket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write("ping\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ping", in.readLine());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tls13(Provider provider) throws Exception {
        try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.options()),
                TestTlsServer.Mode.DIRECT);
             SSLSocket socket = connect(clientTrusting(ecCert), server.port(), "TLSv1.3", null)) {
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
            assertEcho(socket);
            TestTlsServer.Handshake h = server.nextHandshake();
            assertTrue(h.succeeded(), () -> "server: " + h.failure());
            assertEquals("TLSv1.3", h.protocol());
            assertEngineOf(provider, h);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tls12WithEveryDefaultEcdheAeadSuite(Provider provider) throws Exception {
        for (TlsCredentials creds : List.of(ec, rsa)) {
            String keyType = creds.key().getAlgorithm().equals("EC") ? "ECDSA" : "RSA";
            SslContext ctx = server(provider, creds, provider.options());
            SSLContext client = clientTrusting(creds.certificate());
            try (TestTlsServer server = new TestTlsServer(ctx, TestTlsServer.Mode.DIRECT)) {
                int tried = 0;
                for (String suite : TlsOptions.TLS12_CIPHERS) {
                    if (!suite.startsWith("TLS_ECDHE_" + keyType + "_")) {
                        continue;
                    }
                    tried++;
                    try (SSLSocket socket = connect(client, server.port(), "TLSv1.2", suite)) {
                        assertEquals("TLSv1.2", socket.getSession().getProtocol());
                        assertEquals(suite, socket.getSession().getCipherSuite());
                        assertEcho(socket);
                    }
                    TestTlsServer.Handshake h = server.nextHandshake();
                    assertTrue(h.succeeded(), () -> suite + ": " + h.failure());
                    assertEquals(suite, h.cipherSuite());
                    assertEngineOf(provider, h);
                }
                assertEquals(3, tried);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tls12SuiteWithoutAeadIsRefused(Provider provider) throws Exception {
        // CBC with HMAC-SHA1: both the JDK client and BoringSSL still implement it
        String cbc = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
        SSLContext client = clientTrusting(ecCert);
        try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.options()),
                TestTlsServer.Mode.DIRECT)) {
            assertThrows(SSLHandshakeException.class, () -> connect(client, server.port(), "TLSv1.2", cbc).close());
            assertFalse(server.nextHandshake().succeeded());
        }
        // control: the same client gets through when the server is told to allow that suite
        try (TestTlsServer server = new TestTlsServer(server(provider, ec,
                provider.with(List.of("TLSv1.3", "TLSv1.2"), List.of(cbc))), TestTlsServer.Mode.DIRECT);
             SSLSocket socket = connect(client, server.port(), "TLSv1.2", cbc)) {
            assertEquals(cbc, socket.getSession().getCipherSuite());
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tls11IsRefused(Provider provider) throws Exception {
        try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.options()),
                TestTlsServer.Mode.DIRECT)) {
            assertEquals(RawClientHello.Outcome.REFUSED, RawClientHello.tls11(server.port()).outcome());
            assertFalse(server.nextHandshake().succeeded());
        }
        if (provider == Provider.OPENSSL) {
            // control: BoringSSL does speak TLS 1.1 when asked to, so the probe can tell the difference
            // (the JDK disables TLS 1.1 in java.security whatever the server asks for)
            try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.with(
                    List.of("TLSv1.2", "TLSv1.1"), List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"))),
                    TestTlsServer.Mode.DIRECT)) {
                RawClientHello.Reply reply = RawClientHello.tls11(server.port());
                assertEquals(RawClientHello.Outcome.SERVER_HELLO, reply.outcome());
                assertEquals(0x0302, reply.serverVersion());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void alpnXmppClientIsSelectedWhenOfferedAndNotRequired(Provider provider) throws Exception {
        SSLContext client = clientTrusting(ecCert);
        try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.options()),
                TestTlsServer.Mode.DIRECT)) {
            try (SSLSocket socket = connect(client, server.port(), "TLSv1.3", null, "xmpp-client")) {
                assertEquals("xmpp-client", socket.getApplicationProtocol());
                assertEcho(socket);
            }
            assertEquals("xmpp-client", server.nextHandshake().applicationProtocol());

            try (SSLSocket socket = connect(client, server.port(), "TLSv1.3", null, "h2", "http/1.1")) {
                assertEquals("", socket.getApplicationProtocol(), "nothing selected");
                assertEcho(socket);
            }
            TestTlsServer.Handshake other = server.nextHandshake();
            assertTrue(other.succeeded());
            assertNull(other.applicationProtocol());

            try (SSLSocket socket = connect(client, server.port(), "TLSv1.2", null)) {
                assertEcho(socket);
            }
            TestTlsServer.Handshake none = server.nextHandshake();
            assertTrue(none.succeeded());
            assertNull(none.applicationProtocol());
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void startTlsAfterPlaintext(Provider provider) throws Exception {
        SSLContext client = clientTrusting(ecCert);
        try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.options()),
                TestTlsServer.Mode.STARTTLS);
             Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(10_000);
            OutputStream out = plain.getOutputStream();
            out.write("hello\nSTARTTLS\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // read byte by byte: a buffered reader could swallow the start of the TLS handshake
            assertEquals("PLAINTEXT hello", readLine(plain));
            assertEquals("PROCEED", readLine(plain));
            try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, "localhost",
                    server.port(), true)) {
                configure(tls, "TLSv1.3", null);
                tls.startHandshake();
                assertEquals("TLSv1.3", tls.getSession().getProtocol());
                assertEcho(tls);
            }
            TestTlsServer.Handshake h = server.nextHandshake();
            assertTrue(h.succeeded());
            assertEngineOf(provider, h);
        }
    }

    private static String readLine(Socket s) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int c = s.getInputStream().read(); c != '\n'; c = s.getInputStream().read()) {
            if (c < 0) {
                throw new AssertionError("EOF after '" + sb + "'");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void chainWithIntermediateIsSent(Provider provider) throws Exception {
        TestPki.Chain c = TestPki.chain(TestPki.ec());
        TlsCredentials creds = new TlsCredentials(c.leafKey().getPrivate(), List.of(c.leaf(), c.intermediate()));
        try (TestTlsServer server = new TestTlsServer(server(provider, creds, provider.options()),
                TestTlsServer.Mode.DIRECT);
             SSLSocket socket = connect(clientTrusting(c.root()), server.port(), "TLSv1.3", null)) {
            assertEquals(List.of(c.leaf(), c.intermediate()), List.of(socket.getSession().getPeerCertificates()));
            assertEcho(socket);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tlsServerEndPointMatchesTheClientsView(Provider provider) throws Exception {
        for (TlsCredentials creds : List.of(ec, rsa)) {
            try (TestTlsServer server = new TestTlsServer(server(provider, creds, provider.options()),
                    TestTlsServer.Mode.DIRECT);
                 SSLSocket socket = connect(clientTrusting(creds.certificate()), server.port(), "TLSv1.3", null)) {
                X509Certificate seen = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                byte[] expected = rfc5929(seen);
                assertEquals(creds == ec ? 32 : 48, expected.length);
                assertArrayEquals(expected, ChannelBinding.tlsServerEndPoint(creds.certificate()));
                assertEcho(socket);
            }
        }
    }

    /** RFC 5929 §4.1 from the client's side, from the signature algorithm's JCA name. */
    static byte[] rfc5929(X509Certificate cert) throws Exception {
        Matcher m = Pattern.compile("^(MD5|SHA(\\d+))with", Pattern.CASE_INSENSITIVE).matcher(cert.getSigAlgName());
        assertTrue(m.find(), cert.getSigAlgName());
        String hash = m.group(1).toUpperCase(Locale.ROOT);
        String jca = hash.equals("MD5") || hash.equals("SHA1") ? "SHA-256" : "SHA-" + m.group(2);
        return MessageDigest.getInstance(jca).digest(cert.getEncoded());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tlsExporterIsNullForTls12(Provider provider) throws Exception {
        try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.options()),
                TestTlsServer.Mode.DIRECT);
             SSLSocket socket = connect(clientTrusting(ecCert), server.port(), "TLSv1.2", null)) {
            assertEcho(socket);
            TestTlsServer.Handshake h = server.nextHandshake();
            assertEquals("TLSv1.2", h.protocol());
            assertNull(h.tlsExporter());
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tlsExporterAgreesWithAJdkClientWhereTheJdkCanExport(Provider provider) throws Exception {
        try (TestTlsServer server = new TestTlsServer(server(provider, ec, provider.options()),
                TestTlsServer.Mode.DIRECT);
             SSLSocket socket = connect(clientTrusting(ecCert), server.port(), "TLSv1.3", null)) {
            assertEcho(socket);
            TestTlsServer.Handshake h = server.nextHandshake();
            byte[] client = JdkExport.tlsExporter(socket.getSession());
            if (provider == Provider.JDK && client == null) {
                // Java 17..24: neither side can export; the server must say so, not invent a value
                assertNull(h.tlsExporter());
                return;
            }
            if (client == null) {
                Assumptions.abort("this JDK cannot export keying material on the client side (Java 25+ can)");
            }
            assertNotNull(h.tlsExporter());
            assertArrayEquals(client, h.tlsExporter());
        }
    }
}
