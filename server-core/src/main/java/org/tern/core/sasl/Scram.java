package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * SCRAM key derivation and checks (RFC 5802 §3). Stateless and thread-safe; each thread keeps its
 * own {@link Mac} per algorithm. {@link #derive} and {@link #verify} cost {@code iterations} HMACs:
 * call them off the network thread.
 */
public final class Scram {

    /** The least iteration count accepted by {@link #derive} (RFC 5802 §5.1, RFC 7677 §4). */
    public static final int MIN_ITERATIONS = 4096;
    /** Length of the salts {@link #derive(ScramAlgorithm, String, int)} generates. */
    public static final int SALT_LENGTH = 16;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(US_ASCII);
    private static final byte[] INT_1 = {0, 0, 0, 1};
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    /**
     * Password preparation: PRECIS OpaqueString (RFC 8265 §4).
     *
     * @throws IllegalArgumentException for a password OpaqueString refuses (e.g. empty)
     */
    public static String preparePassword(String password) {
        Objects.requireNonNull(password, "password");
        return PrecisProfiles.OPAQUE_STRING.enforce(password);
    }

    /** Derives a credential with a fresh random {@value #SALT_LENGTH}-byte salt. */
    public static ScramCredential derive(ScramAlgorithm alg, String password, int iterations) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return derive(alg, password, salt, iterations);
    }

    /**
     * Derives SaltedPassword, ClientKey, StoredKey and ServerKey; keeps only the last two.
     *
     * @throws IllegalArgumentException when iterations &lt; {@value #MIN_ITERATIONS}, the salt is
     *     empty, or the password is invalid
     */
    public static ScramCredential derive(ScramAlgorithm alg, String password, byte[] salt, int iterations) {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(salt, "salt");
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS + ": " + iterations);
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("empty salt");
        }
        byte[] passwordBytes = preparePassword(password).getBytes(UTF_8);
        Mac mac = alg.mac();
        byte[] saltedPassword = hi(mac, passwordBytes, salt, iterations);
        byte[] clientKey = hmac(mac, saltedPassword, CLIENT_KEY);
        byte[] storedKey = alg.digest().digest(clientKey);
        byte[] serverKey = hmac(mac, saltedPassword, SERVER_KEY);
        Arrays.fill(passwordBytes, (byte) 0);
        Arrays.fill(saltedPassword, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        return new ScramCredential(alg, salt, iterations, storedKey, serverKey);
    }

    /**
     * Checks a plaintext password against a stored credential, comparing StoredKey in constant
     * time. False for a password OpaqueString refuses.
     */
    public static boolean verify(ScramCredential credential, String password) {
        Objects.requireNonNull(credential, "credential");
        String prepared;
        try {
            prepared = preparePassword(password);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ScramAlgorithm alg = credential.algorithm();
        byte[] passwordBytes = prepared.getBytes(UTF_8);
        Mac mac = alg.mac();
        byte[] saltedPassword = hi(mac, passwordBytes, credential.salt(), credential.iterations());
        byte[] clientKey = hmac(mac, saltedPassword, CLIENT_KEY);
        byte[] storedKey = alg.digest().digest(clientKey);
        boolean ok = MessageDigest.isEqual(storedKey, credential.storedKey());
        Arrays.fill(passwordBytes, (byte) 0);
        Arrays.fill(saltedPassword, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        return ok;
    }

    /**
     * Checks a client proof (RFC 5802 §3): ClientKey = proof XOR HMAC(StoredKey, AuthMessage) must
     * hash to StoredKey. Constant time in the proof's content.
     */
    static boolean verifyProof(ScramAlgorithm alg, byte[] storedKey, byte[] authMessage, byte[] proof) {
        if (proof.length != alg.keyLength()) {
            return false;
        }
        byte[] clientKey = hmac(alg.mac(), storedKey, authMessage);
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] ^= proof[i];
        }
        return MessageDigest.isEqual(alg.digest().digest(clientKey), storedKey);
    }

    /** ServerSignature = HMAC(ServerKey, AuthMessage). */
    static byte[] serverSignature(ScramAlgorithm alg, byte[] serverKey, byte[] authMessage) {
        return hmac(alg.mac(), serverKey, authMessage);
    }

    /**
     * Hi(str, salt, i) of RFC 5802 §2.2, i.e. PBKDF2 with dkLen = the HMAC's output length.
     *
     * <p>HMAC by hand on cloned digest states: the key's inner and outer pad blocks are hashed once,
     * and each iteration then costs two compression-function calls instead of the four that
     * {@link Mac#doFinal} spends (it re-hashes the pad blocks every time). This halves the cost of
     * every password derivation and check.
     */
    static byte[] hi(Mac mac, byte[] password, byte[] salt, int iterations) {
        String algorithm = mac.getAlgorithm().equals("HmacSHA1") ? "SHA-1" : "SHA-256";
        MessageDigest inner;
        MessageDigest outer;
        try {
            inner = MessageDigest.getInstance(algorithm);
            outer = MessageDigest.getInstance(algorithm);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        final int block = 64; // SHA-1 and SHA-256 block size
        byte[] key = password.length > block ? inner.digest(password) : password;
        byte[] ipad = new byte[block];
        byte[] opad = new byte[block];
        for (int i = 0; i < block; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        inner.update(ipad);
        outer.update(opad);
        try {
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(salt);
            in.update(INT_1);
            MessageDigest out = (MessageDigest) outer.clone();
            out.update(in.digest());
            byte[] u = out.digest();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                in = (MessageDigest) inner.clone();
                in.update(u);
                out = (MessageDigest) outer.clone();
                out.update(in.digest());
                u = out.digest();
                for (int j = 0; j < u.length; j++) {
                    result[j] ^= u[j];
                }
            }
            Arrays.fill(u, (byte) 0);
            Arrays.fill(ipad, (byte) 0);
            Arrays.fill(opad, (byte) 0);
            return result;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("digest state cannot be cloned", e);
        }
    }

    static byte[] hmac(Mac mac, byte[] key, byte[] data) {
        init(mac, key);
        return mac.doFinal(data);
    }

    private static void init(Mac mac, byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
