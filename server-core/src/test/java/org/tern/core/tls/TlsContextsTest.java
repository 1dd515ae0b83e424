package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.List;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsContextsTest {
    static TlsCredentials creds;

    @BeforeAll
    static void credentials() throws Exception {
        KeyPair pair = TestPki.ec();
        creds = new TlsCredentials(pair.getPrivate(), List.of(TestPki.selfSigned(pair, "localhost", "localhost")));
    }

    @Test
    void defaults() {
        TlsOptions d = TlsOptions.defaults();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), d.protocols());
        assertTrue(d.preferOpenSsl());
        for (String c : d.ciphers()) {
            boolean tls13 = c.startsWith("TLS_AES_") || c.startsWith("TLS_CHACHA20_");
            boolean ecdheAead = c.startsWith("TLS_ECDHE_") && (c.contains("_GCM_") || c.contains("_CHACHA20_POLY1305_"));
            assertTrue(tls13 || ecdheAead, c);
        }
        assertEquals(9, d.ciphers().size());
    }

    @Test
    void jdkWhenOpenSslIsNotPreferred() throws Exception {
        var ctx = TlsContexts.server(creds, new TlsOptions(List.of("TLSv1.3"), TlsOptions.TLS13_CIPHERS, false));
        assertInstanceOf(JdkSslContext.class, ctx);
        assertEquals("JDK", TlsContexts.providerName(ctx));
        assertTrue(ctx.isServer());
    }

    @Test
    void openSslWhenAvailableAndPreferred() throws Exception {
        var ctx = TlsContexts.server(creds, TlsOptions.defaults());
        assertEquals(OpenSsl.isAvailable() ? "OpenSSL (BoringSSL)" : "JDK", TlsContexts.providerName(ctx));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void noUsableCipherSuiteIsAConfigError(boolean openSsl) {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContexts.server(creds,
                new TlsOptions(List.of("TLSv1.2"), List.of("TLS_NO_SUCH_SUITE"), openSsl)));
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unknownProtocolIsAConfigError(boolean openSsl) {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContexts.server(creds,
                new TlsOptions(List.of("TLSv9"), TlsOptions.defaults().ciphers(), openSsl)));
        assertTrue(e.getMessage().contains("TLSv9"), e.getMessage());
    }

    @Test
    void optionsNeedProtocolsAndCiphers() {
        assertThrows(IllegalArgumentException.class, () -> new TlsOptions(List.of(), TlsOptions.TLS13_CIPHERS, true));
        assertThrows(IllegalArgumentException.class, () -> new TlsOptions(List.of("TLSv1.3"), List.of(), true));
    }
}
