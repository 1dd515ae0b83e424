package org.tern.core.sasl;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.crypto.Mac;

/** The hash functions SCRAM is offered with (RFC 5802, RFC 7677). */
public enum ScramAlgorithm {
    SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1", 20),
    SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256", 32);

    private final String mechanismName;
    private final String macAlgorithm;
    private final String digestAlgorithm;
    private final int keyLength;
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<MessageDigest> digests;

    ScramAlgorithm(String mechanismName, String macAlgorithm, String digestAlgorithm, int keyLength) {
        this.mechanismName = mechanismName;
        this.macAlgorithm = macAlgorithm;
        this.digestAlgorithm = digestAlgorithm;
        this.keyLength = keyLength;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance(macAlgorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("JDK lacks " + macAlgorithm, e);
            }
        });
        this.digests = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance(digestAlgorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("JDK lacks " + digestAlgorithm, e);
            }
        });
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-1}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** The channel-binding variant's name, e.g. {@code SCRAM-SHA-1-PLUS}. */
    public String plusMechanismName() {
        return mechanismName + "-PLUS";
    }

    /** The JCA name of the HMAC, e.g. {@code HmacSHA1}. */
    public String macAlgorithm() {
        return macAlgorithm;
    }

    /** The JCA name of the hash, e.g. {@code SHA-1}. */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** Output length of the hash in bytes: the length of StoredKey, ServerKey and the proof. */
    public int keyLength() {
        return keyLength;
    }

    /** The algorithm whose plain mechanism name is {@code name}, e.g. SHA_1 for "SCRAM-SHA-1". */
    public static Optional<ScramAlgorithm> forMechanismName(String name) {
        for (ScramAlgorithm alg : values()) {
            if (alg.mechanismName.equals(name)) {
                return Optional.of(alg);
            }
        }
        return Optional.empty();
    }

    /** This thread's Mac instance; the caller re-initialises it with its key before use. */
    Mac mac() {
        return macs.get();
    }

    /** This thread's digest instance, reset. */
    MessageDigest digest() {
        MessageDigest md = digests.get();
        md.reset();
        return md;
    }
}
