package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

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
}
