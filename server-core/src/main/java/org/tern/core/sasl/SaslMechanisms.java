package org.tern.core.sasl;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The SASL mechanisms of one server domain: what to offer on a connection, and new exchanges.
 * Thread-safe; one instance serves every connection.
 *
 * <p>Channel binding: the -PLUS mechanisms are offered exactly when the connection has channel
 * binding data, and that is also what the SCRAM "y" downgrade check (RFC 5802 §6) compares with.
 */
public final class SaslMechanisms {

    /** Random bytes in a server nonce (base64: 32 characters). RFC 5802 wants it unpredictable. */
    static final int SERVER_NONCE_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScramAlgorithm[] PREFERENCE = {ScramAlgorithm.SHA_256, ScramAlgorithm.SHA_1};

    private final MechanismContext ctx;

    /**
     * PLAIN's password check runs on the thread that completes the lookup: have the lookup
     * complete on the storage executor, or use the constructor that takes an executor.
     *
     * @param domain the server's domain; an authzid, if given, must be exactly username@domain
     * @param unknownUserSecret server secret (16 bytes or more) for the fake salts of unknown users
     * @param fakeIterations the iteration count shown for unknown users: the one real accounts get
     */
    public SaslMechanisms(String domain, CredentialLookup lookup, byte[] unknownUserSecret, int fakeIterations) {
        this(domain, lookup, unknownUserSecret, fakeIterations, Runnable::run);
    }

    /** @param verifyExecutor runs PLAIN's password check (one key derivation per attempt) */
    public SaslMechanisms(String domain, CredentialLookup lookup, byte[] unknownUserSecret, int fakeIterations,
                          Executor verifyExecutor) {
        this(domain, lookup, unknownUserSecret, fakeIterations, verifyExecutor, SaslMechanisms::randomNonce);
    }

    /** For tests: a fixed server nonce reproduces the RFC examples. */
    SaslMechanisms(String domain, CredentialLookup lookup, byte[] unknownUserSecret, int fakeIterations,
                   Executor verifyExecutor, Supplier<String> serverNonces) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(unknownUserSecret, "unknownUserSecret");
        Objects.requireNonNull(verifyExecutor, "verifyExecutor");
        Objects.requireNonNull(serverNonces, "serverNonces");
        this.ctx = new MechanismContext(Usernames.normaliseDomain(domain), lookup,
                new FakeCredentials(unknownUserSecret, fakeIterations), verifyExecutor, serverNonces);
    }

    /**
     * Mechanism names to offer, in preference order: SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS (only
     * when there is channel binding data), SCRAM-SHA-256, SCRAM-SHA-1, PLAIN (only on TLS).
     */
    public List<String> offered(boolean onTls, ChannelBindingData cb) {
        Objects.requireNonNull(cb, "cb");
        List<String> names = new ArrayList<>(5);
        if (!cb.isEmpty()) {
            for (ScramAlgorithm alg : PREFERENCE) {
                names.add(alg.plusMechanismName());
            }
        }
        for (ScramAlgorithm alg : PREFERENCE) {
            names.add(alg.mechanismName());
        }
        if (onTls) {
            names.add(PlainServerMechanism.NAME);
        }
        return List.copyOf(names);
    }

    /**
     * A new exchange for that mechanism, or empty for an unknown name or one {@link #offered}
     * would not list with the same arguments (e.g. PLAIN without TLS: the caller answers
     * ENCRYPTION_REQUIRED or INVALID_MECHANISM).
     */
    public Optional<SaslServerMechanism> start(String mechanism, boolean onTls, ChannelBindingData cb) {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(cb, "cb");
        if (PlainServerMechanism.NAME.equals(mechanism)) {
            return onTls ? Optional.of(new PlainServerMechanism(ctx)) : Optional.empty();
        }
        for (ScramAlgorithm alg : PREFERENCE) {
            if (alg.mechanismName().equals(mechanism)) {
                return Optional.of(new ScramServerMechanism(alg, false, cb, ctx));
            }
            if (alg.plusMechanismName().equals(mechanism)) {
                return cb.isEmpty() ? Optional.empty() : Optional.of(new ScramServerMechanism(alg, true, cb, ctx));
            }
        }
        return Optional.empty();
    }

    private static String randomNonce() {
        byte[] bytes = new byte[SERVER_NONCE_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
