package org.tern.bench.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client side of SCRAM (RFC 5802, RFC 7677) without channel binding ("n,,"). The salted password's
 * client and server keys are cached per user, salt and iteration count, as real clients do
 * (Conversations, Smack): the PBKDF2 cost then falls on the first login of each account only,
 * which keeps the generator's share of the shared CPUs small.
 */
public final class ScramClient {
    public enum Algorithm {
        SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1", "PBKDF2WithHmacSHA1", 20),
        SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256", "PBKDF2WithHmacSHA256", 32);

        final String mechanism;
        final String hmac;
        final String digest;
        final String pbkdf2;
        final int length;

        Algorithm(String mechanism, String hmac, String digest, String pbkdf2, int length) {
            this.mechanism = mechanism;
            this.hmac = hmac;
            this.digest = digest;
            this.pbkdf2 = pbkdf2;
            this.length = length;
        }

        public String mechanism() {
            return mechanism;
        }
    }

    private record Keys(byte[] clientKey, byte[] serverKey) {
    }

    private static final Map<String, Keys> CACHE = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Algorithm alg;
    private final String user;
    private final String password;
    private final String clientFirstBare;
    private final String nonce;
    private byte[] expectedServerSignature;

    public ScramClient(Algorithm alg, String user, String password) {
        this.alg = alg;
        this.user = user;
        this.password = password;
        byte[] n = new byte[18];
        RANDOM.nextBytes(n);
        this.nonce = Base64.getEncoder().encodeToString(n);
        this.clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce;
    }

    /** Base64 of client-first-message. */
    public String clientFirst() {
        return b64("n,," + clientFirstBare);
    }

    /** Base64 of client-final-message for the base64 server-first-message. */
    public String clientFinal(String serverFirstB64) throws GeneralSecurityException {
        String serverFirst = new String(Base64.getDecoder().decode(serverFirstB64.trim()), StandardCharsets.UTF_8);
        String r = null;
        String s = null;
        int i = 0;
        for (String part : serverFirst.split(",")) {
            if (part.startsWith("r=")) {
                r = part.substring(2);
            } else if (part.startsWith("s=")) {
                s = part.substring(2);
            } else if (part.startsWith("i=")) {
                i = Integer.parseInt(part.substring(2));
            }
        }
        if (r == null || s == null || i <= 0 || !r.startsWith(nonce)) {
            throw new GeneralSecurityException("bad server-first-message: " + serverFirst);
        }
        Keys keys = keys(s, i);
        String withoutProof = "c=biws,r=" + r;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = MessageDigest.getInstance(alg.digest).digest(keys.clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = keys.clientKey.clone();
        for (int k = 0; k < proof.length; k++) {
            proof[k] ^= signature[k];
        }
        expectedServerSignature = hmac(keys.serverKey, authMessage);
        return b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
    }

    /** Whether the base64 server-final-message (additional data of success) proves the server knew our key. */
    public boolean verifyServerFinal(String serverFinalB64) {
        String f = new String(Base64.getDecoder().decode(serverFinalB64.trim()), StandardCharsets.UTF_8);
        if (!f.startsWith("v=") || expectedServerSignature == null) {
            return false;
        }
        return MessageDigest.isEqual(Base64.getDecoder().decode(f.substring(2)), expectedServerSignature);
    }

    private Keys keys(String saltB64, int iterations) throws GeneralSecurityException {
        String key = user + '\0' + alg + '\0' + saltB64 + '\0' + iterations + '\0' + password;
        Keys k = CACHE.get(key);
        if (k == null) {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(saltB64), iterations, alg.length * 8);
            byte[] salted = SecretKeyFactory.getInstance(alg.pbkdf2).generateSecret(spec).getEncoded();
            k = new Keys(hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII)),
                    hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
            CACHE.put(key, k);
        }
        return k;
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(alg.hmac);
        mac.init(new SecretKeySpec(key, alg.hmac));
        return mac.doFinal(data);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
