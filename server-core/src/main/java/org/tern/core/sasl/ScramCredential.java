package org.tern.core.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * One algorithm's stored credential (RFC 5802 §3): what the server keeps instead of a password.
 * The arrays are copied on the way in and out, so an instance is immutable. {@link #toString()}
 * does not print the keys.
 */
public record ScramCredential(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey,
                              byte[] serverKey) {

    public ScramCredential {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (salt.length == 0) {
            throw new IllegalArgumentException("empty salt");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        if (storedKey.length != algorithm.keyLength() || serverKey.length != algorithm.keyLength()) {
            throw new IllegalArgumentException("keys must be " + algorithm.keyLength() + " bytes for " + algorithm);
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential c
                && algorithm == c.algorithm
                && iterations == c.iterations
                && Arrays.equals(salt, c.salt)
                && Arrays.equals(storedKey, c.storedKey)
                && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey));
    }

    @Override
    public String toString() {
        return "ScramCredential[" + algorithm + ", iterations=" + iterations + "]";
    }
}
