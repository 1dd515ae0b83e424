package org.tern.core.tls;

import java.util.List;
import java.util.stream.Stream;

/**
 * Protocol versions and cipher suites (JSSE names; Netty maps them for OpenSSL) offered by the
 * listeners, and whether to use OpenSSL through netty-tcnative when it is available.
 *
 * <p>Cipher suites for TLS 1.3 are listed too: the JDK provider offers TLS 1.3 only with at
 * least one of them enabled. BoringSSL always enables its three TLS 1.3 suites.
 */
public record TlsOptions(List<String> protocols, List<String> ciphers, boolean preferOpenSsl) {
    static final List<String> TLS13_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    /** Forward secrecy (ECDHE) and AEAD only, as RFC 9325 §4.2 recommends. */
    static final List<String> TLS12_CIPHERS = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    public TlsOptions {
        protocols = List.copyOf(protocols);
        ciphers = List.copyOf(ciphers);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol version");
        }
        if (ciphers.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite");
        }
    }

    /** TLSv1.3 and TLSv1.2; for TLS 1.2 ECDHE with AES-GCM or CHACHA20-POLY1305 only; OpenSSL preferred. */
    public static TlsOptions defaults() {
        return new TlsOptions(List.of("TLSv1.3", "TLSv1.2"),
                Stream.concat(TLS13_CIPHERS.stream(), TLS12_CIPHERS.stream()).toList(),
                true);
    }
}
