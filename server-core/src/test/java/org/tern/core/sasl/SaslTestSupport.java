package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Shared fixtures: an in-memory user store, and helpers to drive an exchange. */
final class SaslTestSupport {

    static final String DOMAIN = "example.org";
    static final byte[] SECRET = "0123456789abcdef-unknown-user-secret".getBytes(UTF_8);
    static final int ITERATIONS = 4096;
    static final ChannelBindingData TLS_SERVER_END_POINT = new ChannelBindingData(
            Map.of("tls-server-end-point", Base64.getDecoder().decode("q1VCpmHuyY9yEuX2tpN3Y/nyD4ZtEFvYm6l7EQn69wM=")));

    private SaslTestSupport() {
    }

    /** An in-memory store; counts lookups. */
    static final class MemoryLookup implements CredentialLookup {
        final Map<String, StoredCredentials> accounts = new HashMap<>();
        final java.util.List<String> lookedUp = new java.util.ArrayList<>();

        MemoryLookup add(String username, ScramCredential... credentials) {
            Map<ScramAlgorithm, ScramCredential> map = new EnumMap<>(ScramAlgorithm.class);
            for (ScramCredential c : credentials) {
                map.put(c.algorithm(), c);
            }
            accounts.put(username, new StoredCredentials(username, map));
            return this;
        }

        /** An account with both credentials for that password, random salts. */
        MemoryLookup addUser(String username, String password) {
            return add(username, Scram.derive(ScramAlgorithm.SHA_1, password, ITERATIONS),
                    Scram.derive(ScramAlgorithm.SHA_256, password, ITERATIONS));
        }

        @Override
        public CompletionStage<Optional<StoredCredentials>> lookup(String username) {
            lookedUp.add(username);
            return CompletableFuture.completedFuture(Optional.ofNullable(accounts.get(username)));
        }
    }

    /** The RFC examples' account: user "user", password "pencil", the RFCs' salts. */
    static MemoryLookup rfcAccount() {
        return new MemoryLookup().add("user",
                Scram.derive(ScramAlgorithm.SHA_1, "pencil", ScramTestClient.RFC5802_SALT, 4096),
                Scram.derive(ScramAlgorithm.SHA_256, "pencil", ScramTestClient.RFC7677_SALT, 4096));
    }

    static SaslMechanisms mechanisms(CredentialLookup lookup, String serverNonce) {
        return new SaslMechanisms(DOMAIN, lookup, SECRET, ITERATIONS, Runnable::run, () -> serverNonce);
    }

    static SaslMechanisms mechanisms(CredentialLookup lookup) {
        return new SaslMechanisms(DOMAIN, lookup, SECRET, ITERATIONS);
    }

    static SaslStep step(SaslServerMechanism mechanism, byte[] response) {
        try {
            return mechanism.evaluate(response).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("step did not complete normally", e);
        }
    }

    static SaslStep step(SaslServerMechanism mechanism, String response) {
        return step(mechanism, response.getBytes(UTF_8));
    }

    static byte[] challenge(SaslStep step) {
        return assertInstanceOf(SaslStep.Challenge.class, step, () -> "expected a challenge: " + step).data();
    }

    static SaslStep.Success success(SaslStep step) {
        return assertInstanceOf(SaslStep.Success.class, step, () -> "expected success: " + step);
    }

    static SaslStep.Failure failure(SaslStep step) {
        return assertInstanceOf(SaslStep.Failure.class, step, () -> "expected failure: " + step);
    }

    static String text(byte[] data) {
        return new String(data, UTF_8);
    }
}
