package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.sasl.SaslTestSupport.DOMAIN;
import static org.tern.core.sasl.SaslTestSupport.ITERATIONS;
import static org.tern.core.sasl.SaslTestSupport.SECRET;
import static org.tern.core.sasl.SaslTestSupport.challenge;
import static org.tern.core.sasl.SaslTestSupport.failure;
import static org.tern.core.sasl.SaslTestSupport.mechanisms;
import static org.tern.core.sasl.SaslTestSupport.step;
import static org.tern.core.sasl.SaslTestSupport.success;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tern.core.sasl.SaslTestSupport.MemoryLookup;

/** PLAIN (RFC 4616), checked against SCRAM credentials, only over TLS. */
class PlainMechanismTest {

    private final MemoryLookup store = new MemoryLookup().addUser("alice", "s3cr3t pass");
    private final SaslMechanisms mechanisms = mechanisms(store);

    private SaslServerMechanism plain() {
        return mechanisms.start("PLAIN", true, ChannelBindingData.none()).orElseThrow();
    }

    @Test
    void rightPasswordSucceeds() {
        SaslServerMechanism plain = plain();
        assertEquals("PLAIN", plain.name());
        SaslStep.Success ok = success(step(plain, "\0alice\0s3cr3t pass"));
        assertEquals("alice", ok.username());
        assertNull(ok.additionalData());
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlike() {
        SaslStep.Failure wrong = failure(step(plain(), "\0alice\0s3cr3t Pass"));
        SaslStep.Failure unknown = failure(step(plain(), "\0bob\0s3cr3t pass"));
        assertEquals(SaslFailure.NOT_AUTHORIZED, wrong.condition());
        assertEquals(wrong, unknown);
    }

    @Test
    void notOfferedWithoutTls() {
        assertTrue(mechanisms.start("PLAIN", false, ChannelBindingData.none()).isEmpty());
        assertFalse(mechanisms.offered(false, ChannelBindingData.none()).contains("PLAIN"));
        assertTrue(mechanisms.offered(true, ChannelBindingData.none()).contains("PLAIN"));
    }

    @Test
    void usernameIsCaseMappedAndMayCarryOurDomain() {
        for (String authcid : new String[] {"Alice", "ALICE", "alice@example.org", "Alice@Example.ORG"}) {
            assertEquals("alice", success(step(plain(), "\0" + authcid + "\0s3cr3t pass")).username(), authcid);
        }
        for (String authcid : new String[] {"alice@example.com", "alice@", "@example.org", "al ice"}) {
            assertEquals(SaslFailure.NOT_AUTHORIZED,
                    failure(step(plain(), "\0" + authcid + "\0s3cr3t pass")).condition(), authcid);
        }
    }

    @Test
    void authzidMustBeTheAccountItself() {
        assertEquals("alice", success(step(plain(), "alice@example.org\0alice\0s3cr3t pass")).username());
        assertEquals("alice", success(step(plain(), "Alice@example.org\0alice\0s3cr3t pass")).username());
        assertEquals(SaslFailure.INVALID_AUTHZID,
                failure(step(plain(), "bob@example.org\0alice\0s3cr3t pass")).condition());
        assertEquals(SaslFailure.INVALID_AUTHZID,
                failure(step(plain(), "alice\0alice\0s3cr3t pass")).condition());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "\0alice", "alice\0s3cr3t pass", "\0\0s3cr3t pass", "\0alice\0",
                            "\0alice\0s3cr3t\0pass", "\0\0\0"})
    void malformedMessages(String message) {
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(plain(), message)).condition(),
                message.replace('\0', '|'));
        assertTrue(store.lookedUp.isEmpty());
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] message = {0, 'a', 0, (byte) 0xFF, 'x'};
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(plain(), message)).condition());
    }

    @Test
    void noInitialResponseGetsEmptyChallengeThenWorks() {
        SaslServerMechanism plain = plain();
        assertEquals(0, challenge(step(plain, (byte[]) null)).length);
        assertEquals("alice", success(step(plain, "\0alice\0s3cr3t pass")).username());
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(plain, "\0alice\0s3cr3t pass")).condition());
    }

    @Test
    void passwordIsPreparedWithOpaqueString() {
        // U+00A0 NO-BREAK SPACE maps to U+0020 (RFC 8265 §4.2.1).
        assertEquals("alice", success(step(plain(), "\0alice\0s3cr3t\u00a0pass")).username());
    }

    @Test
    void prefersTheSha256Credential() {
        MemoryLookup split = new MemoryLookup().add("carol",
                Scram.derive(ScramAlgorithm.SHA_1, "old-password", ITERATIONS),
                Scram.derive(ScramAlgorithm.SHA_256, "new-password", ITERATIONS));
        SaslMechanisms m = mechanisms(split);
        assertEquals("carol",
                success(step(m.start("PLAIN", true, ChannelBindingData.none()).orElseThrow(), "\0carol\0new-password"))
                        .username());
        assertEquals(SaslFailure.NOT_AUTHORIZED,
                failure(step(m.start("PLAIN", true, ChannelBindingData.none()).orElseThrow(), "\0carol\0old-password"))
                        .condition());
    }

    @Test
    void fallsBackToSha1AndFailsWithoutCredentials() {
        MemoryLookup store = new MemoryLookup()
                .add("dave", Scram.derive(ScramAlgorithm.SHA_1, "pw-dave", ITERATIONS))
                .add("erin");
        SaslMechanisms m = mechanisms(store);
        assertEquals("dave",
                success(step(m.start("PLAIN", true, ChannelBindingData.none()).orElseThrow(), "\0dave\0pw-dave"))
                        .username());
        assertEquals(SaslFailure.NOT_AUTHORIZED,
                failure(step(m.start("PLAIN", true, ChannelBindingData.none()).orElseThrow(), "\0erin\0anything"))
                        .condition());
    }

    @Test
    void lookupFailureIsTemporary() {
        SaslMechanisms m = mechanisms(u -> CompletableFuture.failedFuture(new IllegalStateException("db down")));
        assertEquals(SaslFailure.TEMPORARY_AUTH_FAILURE,
                failure(step(m.start("PLAIN", true, ChannelBindingData.none()).orElseThrow(), "\0alice\0pw"))
                        .condition());
    }

    @Test
    void passwordCheckRunsOnTheGivenExecutor() {
        List<Runnable> queued = new ArrayList<>();
        Executor executor = queued::add;
        SaslMechanisms m = new SaslMechanisms(DOMAIN, store, SECRET, ITERATIONS, executor);
        var stage = m.start("PLAIN", true, ChannelBindingData.none()).orElseThrow()
                .evaluate("\0alice\0s3cr3t pass".getBytes(UTF_8)).toCompletableFuture();
        assertFalse(stage.isDone(), "nothing ran on the caller's thread");
        assertEquals(1, queued.size());
        queued.get(0).run();
        assertEquals("alice", success(stage.join()).username());
    }

    @Test
    void rejectedExecutionIsTemporary() {
        Executor full = r -> {
            throw new RejectedExecutionException("queue full");
        };
        SaslMechanisms m = new SaslMechanisms(DOMAIN, store, SECRET, ITERATIONS, full);
        assertEquals(SaslFailure.TEMPORARY_AUTH_FAILURE,
                failure(step(m.start("PLAIN", true, ChannelBindingData.none()).orElseThrow(), "\0alice\0s3cr3t pass"))
                        .condition());
    }
}
