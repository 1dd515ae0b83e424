package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tls-exporter (RFC 9266) checked against an independent implementation: the {@code openssl}
 * command-line client's keying-material exporter (RFC 8446 §7.5 / RFC 5705), run as the client.
 */
class TlsExporterTest {
    private static final Pattern KEYING_MATERIAL = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");

    @TempDir
    Path dir;

    private static String openssl() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(p, "openssl");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** Runs {@code openssl s_client} against the port; returns what it exported. */
    private byte[] sClientExport(int port, String tls13Suite) throws Exception {
        String openssl = openssl();
        Assumptions.assumeTrue(openssl != null, "no openssl command on PATH");
        Path out = dir.resolve("s_client.out");
        Process p = new ProcessBuilder(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
                "-ciphersuites", tls13Suite, "-keymatexport", "EXPORTER-Channel-Binding", "-keymatexportlen", "32")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().close(); // EOF on stdin: s_client closes after the handshake
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "openssl s_client did not finish");
        String text = Files.readString(out, StandardCharsets.ISO_8859_1);
        Matcher m = KEYING_MATERIAL.matcher(text);
        assertTrue(m.find(), () -> "no keying material in s_client output:\n" + text);
        return HexFormat.of().parseHex(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void openSslServerAgreesWithOpenSslCli(String suite) throws Exception {
        Assumptions.assumeTrue(OpenSsl.isAvailable(), "OpenSSL not available");
        TlsCredentials creds = Certificates.selfSigned(dir, List.of("localhost"));
        SslContext ctx = TlsContexts.server(creds, TlsOptions.defaults());
        assertEquals("OpenSSL (BoringSSL)", TlsContexts.providerName(ctx));
        try (TestTlsServer server = new TestTlsServer(ctx, TestTlsServer.Mode.DIRECT)) {
            byte[] client = sClientExport(server.port(), suite);
            TestTlsServer.Handshake h = server.nextHandshake();
            assertTrue(h.succeeded(), () -> String.valueOf(h.failure()));
            assertEquals("TLSv1.3", h.protocol());
            assertEquals(suite, h.cipherSuite());
            assertNotNull(h.tlsExporter(), "OpenSSL engine must export");
            assertEquals(32, h.tlsExporter().length);
            assertArrayEquals(client, h.tlsExporter());
            // asked again later (the connection is gone by now): the same value
            assertArrayEquals(h.tlsExporter(), ChannelBinding.tlsExporter(h.engine()));
        }
    }

    @Test
    void eachConnectionHasItsOwnBinding() throws Exception {
        Assumptions.assumeTrue(OpenSsl.isAvailable(), "OpenSSL not available");
        TlsCredentials creds = Certificates.selfSigned(dir, List.of("localhost"));
        try (TestTlsServer server = new TestTlsServer(TlsContexts.server(creds, TlsOptions.defaults()),
                TestTlsServer.Mode.DIRECT)) {
            byte[] first = sClientExport(server.port(), "TLS_AES_128_GCM_SHA256");
            byte[] second = sClientExport(server.port(), "TLS_AES_128_GCM_SHA256");
            assertFalse(java.util.Arrays.equals(first, second));
            assertArrayEquals(first, server.nextHandshake().tlsExporter());
            assertArrayEquals(second, server.nextHandshake().tlsExporter());
        }
    }

    @Test
    void jdkServerOnJava17ExportsNothing() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() < 25, "Java 25+ has an exporter");
        TlsCredentials creds = Certificates.selfSigned(dir, List.of("localhost"));
        TlsOptions jdk = new TlsOptions(TlsOptions.defaults().protocols(), TlsOptions.defaults().ciphers(), false);
        try (TestTlsServer server = new TestTlsServer(TlsContexts.server(creds, jdk), TestTlsServer.Mode.DIRECT)) {
            sClientExport(server.port(), "TLS_AES_128_GCM_SHA256");
            TestTlsServer.Handshake h = server.nextHandshake();
            assertEquals("TLSv1.3", h.protocol());
            assertNull(h.tlsExporter());
        }
    }

    @Test
    void jdkServerOnJava25AgreesWithOpenSslCli() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "needs Java 25+");
        TlsCredentials creds = Certificates.selfSigned(dir, List.of("localhost"));
        TlsOptions jdk = new TlsOptions(TlsOptions.defaults().protocols(), TlsOptions.defaults().ciphers(), false);
        try (TestTlsServer server = new TestTlsServer(TlsContexts.server(creds, jdk), TestTlsServer.Mode.DIRECT)) {
            byte[] client = sClientExport(server.port(), "TLS_AES_256_GCM_SHA384");
            assertArrayEquals(client, server.nextHandshake().tlsExporter());
        }
    }
}
