package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;

/**
 * Stand-in credentials for accounts that do not exist (or lack the requested algorithm), so that
 * the exchange looks the same as for a real account until the proof fails (no user enumeration).
 * The salt is stable per algorithm and username, derived with HMAC-SHA-256 keyed by a server
 * secret; it has the length of real salts and the iteration count real accounts use.
 */
final class FakeCredentials {

    private final byte[] secret;
    private final int iterations;

    FakeCredentials(byte[] secret, int iterations) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("unknownUserSecret must have at least 16 bytes");
        }
        if (iterations < Scram.MIN_ITERATIONS) {
            throw new IllegalArgumentException("fakeIterations must be at least " + Scram.MIN_ITERATIONS);
        }
        this.secret = secret.clone();
        this.iterations = iterations;
    }

    /** A credential no proof or password matches (keys unknown to anyone), stable per input. */
    ScramCredential forUser(ScramAlgorithm alg, String username) {
        byte[] salt = Arrays.copyOf(prf("salt", alg, username), Scram.SALT_LENGTH);
        byte[] storedKey = Arrays.copyOf(prf("stored-key", alg, username), alg.keyLength());
        byte[] serverKey = Arrays.copyOf(prf("server-key", alg, username), alg.keyLength());
        return new ScramCredential(alg, salt, iterations, storedKey, serverKey);
    }

    private byte[] prf(String label, ScramAlgorithm alg, String username) {
        byte[] input = (label + '\0' + alg.mechanismName() + '\0' + username).getBytes(UTF_8);
        return Scram.hmac(ScramAlgorithm.SHA_256.mac(), secret, input);
    }
}
