package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelBindingTest {
    private static X509Certificate signedWith(KeyPair pair, String sigAlg) throws Exception {
        Instant now = Instant.now();
        return TestPki.certificate("CN=example.org", pair.getPublic(), "CN=example.org", pair.getPrivate(), sigAlg,
                false, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), "example.org");
    }

    /** RFC 5929 §4.1: the certificate's own hash, except MD5 and SHA-1, which become SHA-256. */
    @ParameterizedTest
    @CsvSource({
        "MD5withRSA, SHA-256",
        "SHA1withRSA, SHA-256",
        "SHA224withRSA, SHA-224",
        "SHA256withRSA, SHA-256",
        "SHA384withRSA, SHA-384",
        "SHA512withRSA, SHA-512",
        "SHA256withRSAandMGF1, SHA-256",
        "SHA384withRSAandMGF1, SHA-384",
    })
    void tlsServerEndPointHashFollowsTheSignatureAlgorithm(String sigAlg, String expectedHash) throws Exception {
        X509Certificate cert = signedWith(rsa(), sigAlg);
        assertArrayEquals(MessageDigest.getInstance(expectedHash).digest(cert.getEncoded()),
                ChannelBinding.tlsServerEndPoint(cert));
    }

    @ParameterizedTest
    @CsvSource({"SHA1withECDSA, SHA-256", "SHA256withECDSA, SHA-256", "SHA384withECDSA, SHA-384",
        "SHA512withECDSA, SHA-512"})
    void tlsServerEndPointForEcdsa(String sigAlg, String expectedHash) throws Exception {
        X509Certificate cert = signedWith(TestPki.ec(), sigAlg);
        assertArrayEquals(MessageDigest.getInstance(expectedHash).digest(cert.getEncoded()),
                ChannelBinding.tlsServerEndPoint(cert));
    }

    @Test
    void tlsServerEndPointIsUndefinedForEd25519() throws Exception {
        // RFC 5929 §4.1: no single hash function in the signature algorithm, no channel binding
        assertNull(ChannelBinding.tlsServerEndPoint(signedWith(TestPki.ed25519(), "Ed25519")));
    }

    private static KeyPair rsaKey;

    private static synchronized KeyPair rsa() throws Exception {
        if (rsaKey == null) {
            rsaKey = TestPki.rsa();
        }
        return rsaKey;
    }

    @Test
    void hkdfExpandMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] prk = hex.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        byte[] info = hex.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                hex.formatHex(Tls13Exporter.hkdfExpand("HmacSHA256", prk, info, 42)));
    }

    @Test
    void exporterSecretLinesAreKeptOnlyUntilTheyExpire() {
        OpenSslExporterSecrets secrets = new OpenSslExporterSecrets();
        String random = "11".repeat(32);
        secrets.handle(1, ("CLIENT_HANDSHAKE_TRAFFIC_SECRET " + random + " " + "22".repeat(32))
                .getBytes(StandardCharsets.US_ASCII));
        secrets.handle(2, ("EXPORTER_SECRET " + random + " zz").getBytes(StandardCharsets.US_ASCII));
        secrets.handle(3, ("EXPORTER_SECRET " + random + " " + "22".repeat(20)).getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, secrets.pendingCount(), "other labels, bad hex and odd lengths are ignored");

        byte[] line = ("EXPORTER_SECRET " + random + " " + "33".repeat(48) + "\n").getBytes(StandardCharsets.US_ASCII);
        secrets.handle(4, line);
        assertEquals(1, secrets.pendingCount());
        assertArrayEquals(new byte[line.length], line, "the line with the secret is wiped");

        secrets.sweep(System.nanoTime());
        assertEquals(1, secrets.pendingCount());
        secrets.sweep(System.nanoTime() + OpenSslExporterSecrets.UNCLAIMED_TTL_NANOS + 1);
        assertEquals(0, secrets.pendingCount());
    }
}
