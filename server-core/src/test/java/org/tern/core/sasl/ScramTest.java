package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.sasl.ScramTestClient.RFC5802_SALT;
import static org.tern.core.sasl.ScramTestClient.RFC7677_SALT;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key derivation: RFC 5802 §3 against published vectors and the independent test client. */
class ScramTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 6070 §2, the PBKDF2-HMAC-SHA1 vector with c = 4096: Hi is PBKDF2 with dkLen = hLen. */
    @Test
    void hiMatchesRfc6070Vector() {
        byte[] out = Scram.hi(ScramAlgorithm.SHA_1.mac(), "password".getBytes(UTF_8), "salt".getBytes(UTF_8), 4096);
        assertEquals("4b007901b765489abead49d926f721d065a429c1", HEX.formatHex(out));
    }

    /** The widely published PBKDF2-HMAC-SHA256 vector ("password", "salt", 4096, 32 bytes). */
    @Test
    void hiMatchesPbkdf2Sha256Vector() {
        byte[] out = Scram.hi(ScramAlgorithm.SHA_256.mac(), "password".getBytes(UTF_8), "salt".getBytes(UTF_8), 4096);
        assertEquals("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a", HEX.formatHex(out));
    }

    /** RFC 5802 §5: user/pencil, salt QSXCR+Q6sek8bf92, 4096 iterations. */
    @Test
    void deriveMatchesRfc5802Example() throws Exception {
        ScramCredential c = Scram.derive(ScramAlgorithm.SHA_1, "pencil", RFC5802_SALT, 4096);
        assertEquals("e9d94660c39d65c38fbad91c358f14da0eef2bd6", HEX.formatHex(c.storedKey()));
        assertEquals("0fe09258b3ac852ba502cc62ba903eaacdbf7d31", HEX.formatHex(c.serverKey()));
        assertArrayEquals(RFC5802_SALT, c.salt());
        assertEquals(4096, c.iterations());
        assertIndependentlyDerived("SHA1", c, "pencil");
    }

    /** RFC 7677 §3: user/pencil, salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations. */
    @Test
    void deriveMatchesRfc7677Example() throws Exception {
        ScramCredential c = Scram.derive(ScramAlgorithm.SHA_256, "pencil", RFC7677_SALT, 4096);
        assertEquals("586e5df283e6dceb5c3e791d8b8528ec191e664045ce971792e2e6b5bb13e2a6", HEX.formatHex(c.storedKey()));
        assertEquals("c1f3cbc1c13a9d35a14c0990eed97629ea225863e566a4314ab99f3f00e5d9d5", HEX.formatHex(c.serverKey()));
        assertIndependentlyDerived("SHA256", c, "pencil");
    }

    @Test
    void deriveAppliesOpaqueString() throws Exception {
        // OpaqueString maps non-ASCII spaces such as U+00A0 to U+0020 (RFC 8265 §4.2.1).
        ScramCredential c = Scram.derive(ScramAlgorithm.SHA_256, "a\u00a0b", RFC7677_SALT, 4096);
        assertIndependentlyDerived("SHA256", c, "a b");
        assertTrue(Scram.verify(c, "a b"));
    }

    @Test
    void deriveWithRandomSaltUsesFreshSixteenBytes() {
        ScramCredential a = Scram.derive(ScramAlgorithm.SHA_256, "secret", 4096);
        ScramCredential b = Scram.derive(ScramAlgorithm.SHA_256, "secret", 4096);
        assertEquals(16, a.salt().length);
        assertFalse(MessageDigest.isEqual(a.salt(), b.salt()));
        assertFalse(MessageDigest.isEqual(a.storedKey(), b.storedKey()));
    }

    @Test
    void deriveRefusesFewIterationsAndBadPasswords() {
        assertThrows(IllegalArgumentException.class, () -> Scram.derive(ScramAlgorithm.SHA_1, "pencil", 4095));
        assertThrows(IllegalArgumentException.class, () -> Scram.derive(ScramAlgorithm.SHA_1, "", 4096));
        assertThrows(IllegalArgumentException.class, () -> Scram.derive(ScramAlgorithm.SHA_1, "pencil", new byte[0], 4096));
        assertThrows(IllegalArgumentException.class, () -> Scram.preparePassword(""));
        assertThrows(IllegalArgumentException.class, () -> Scram.preparePassword("tab\there"));
        assertEquals("pencil", Scram.preparePassword("pencil"));
    }

    @Test
    void verifyAcceptsOnlyTheRightPassword() {
        for (ScramAlgorithm alg : ScramAlgorithm.values()) {
            ScramCredential c = Scram.derive(alg, "correct horse", 4096);
            assertTrue(Scram.verify(c, "correct horse"), alg.name());
            assertFalse(Scram.verify(c, "correct horsE"), alg.name());
            assertFalse(Scram.verify(c, ""), alg.name());
        }
    }

    @Test
    void credentialCopiesArraysAndHidesKeys() {
        byte[] salt = RFC5802_SALT.clone();
        ScramCredential c = Scram.derive(ScramAlgorithm.SHA_1, "pencil", salt, 4096);
        salt[0] ^= 1;
        c.storedKey()[0] ^= 1;
        assertEquals(Scram.derive(ScramAlgorithm.SHA_1, "pencil", RFC5802_SALT, 4096), c);
        assertFalse(c.toString().contains(HEX.formatHex(c.storedKey())));
        assertThrows(IllegalArgumentException.class,
                () -> new ScramCredential(ScramAlgorithm.SHA_256, salt, 4096, new byte[20], new byte[20]));
    }

    @Test
    void algorithmNames() {
        assertEquals("SCRAM-SHA-1", ScramAlgorithm.SHA_1.mechanismName());
        assertEquals("SCRAM-SHA-1-PLUS", ScramAlgorithm.SHA_1.plusMechanismName());
        assertEquals("SCRAM-SHA-256", ScramAlgorithm.SHA_256.mechanismName());
        assertEquals("SCRAM-SHA-256-PLUS", ScramAlgorithm.SHA_256.plusMechanismName());
        assertNotEquals(ScramAlgorithm.SHA_1.keyLength(), ScramAlgorithm.SHA_256.keyLength());
    }

    private static void assertIndependentlyDerived(String hash, ScramCredential c, String preparedPassword)
            throws Exception {
        byte[] salted = ScramTestClient.saltedPassword(hash, preparedPassword, c.salt(), c.iterations());
        byte[] clientKey = ScramTestClient.hmac(hash, salted, "Client Key".getBytes(UTF_8));
        byte[] storedKey = MessageDigest.getInstance(ScramTestClient.digestName(hash)).digest(clientKey);
        byte[] serverKey = ScramTestClient.hmac(hash, salted, "Server Key".getBytes(UTF_8));
        assertArrayEquals(storedKey, c.storedKey());
        assertArrayEquals(serverKey, c.serverKey());
    }
}
