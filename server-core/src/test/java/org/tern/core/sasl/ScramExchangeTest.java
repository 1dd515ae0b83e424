package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.sasl.SaslTestSupport.challenge;
import static org.tern.core.sasl.SaslTestSupport.failure;
import static org.tern.core.sasl.SaslTestSupport.mechanisms;
import static org.tern.core.sasl.SaslTestSupport.rfcAccount;
import static org.tern.core.sasl.SaslTestSupport.step;
import static org.tern.core.sasl.SaslTestSupport.success;
import static org.tern.core.sasl.SaslTestSupport.text;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tern.core.sasl.SaslTestSupport.MemoryLookup;

/** Whole SCRAM exchanges (RFC 5802 §5, RFC 7677 §3), good and bad credentials. */
class ScramExchangeTest {

    private static final Pattern SERVER_FIRST =
            Pattern.compile("r=([\\x21-\\x2b\\x2d-\\x7e]+),s=([A-Za-z0-9+/=]+),i=(\\d+)");

    private static SaslServerMechanism start(SaslMechanisms m, String name) {
        return m.start(name, true, ChannelBindingData.none()).orElseThrow();
    }

    /** RFC 5802 §5, byte for byte, with the RFC's fixed nonces. */
    @Test
    void rfc5802Example() {
        SaslMechanisms m = mechanisms(rfcAccount(), "3rfcNHYJY1ZVvWVs7j");
        SaslServerMechanism scram = start(m, "SCRAM-SHA-1");
        assertEquals("SCRAM-SHA-1", scram.name());

        byte[] serverFirst = challenge(step(scram, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        assertEquals("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", text(serverFirst));

        // The independent client computes the same client-final as the RFC.
        ScramTestClient client = ScramTestClient.sha1("user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        String clientFinal = "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
        assertEquals(clientFinal, text(client.clientFinal(serverFirst)));

        SaslStep.Success ok = success(step(scram, clientFinal));
        assertEquals("user", ok.username());
        assertEquals("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", text(ok.additionalData()));
        assertEquals(client.expectedServerFinal(), text(ok.additionalData()));
    }

    /** RFC 7677 §3, byte for byte, with the RFC's fixed nonces. */
    @Test
    void rfc7677Example() {
        SaslMechanisms m = mechanisms(rfcAccount(), "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        SaslServerMechanism scram = start(m, "SCRAM-SHA-256");

        byte[] serverFirst = challenge(step(scram, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                text(serverFirst));

        ScramTestClient client = ScramTestClient.sha256("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        String clientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
        assertEquals(clientFinal, text(client.clientFinal(serverFirst)));

        SaslStep.Success ok = success(step(scram, clientFinal));
        assertEquals("user", ok.username());
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", text(ok.additionalData()));
    }

    @Test
    void randomServerNonceExtendsClientNonce() {
        MemoryLookup store = new MemoryLookup().addUser("juliet", "r0m30");
        SaslServerMechanism scram = start(mechanisms(store), "SCRAM-SHA-256");
        ScramTestClient client = ScramTestClient.sha256("juliet", "r0m30", "abcdefgh");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        var matcher = SERVER_FIRST.matcher(text(serverFirst));
        assertTrue(matcher.matches(), text(serverFirst));
        String serverPart = matcher.group(1).substring("abcdefgh".length());
        assertTrue(serverPart.length() >= 24, "server nonce of 18+ random bytes: " + serverPart);

        SaslStep.Success ok = success(step(scram, client.clientFinal(serverFirst)));
        assertEquals(client.expectedServerFinal(), text(ok.additionalData()));

        SaslServerMechanism again = start(mechanisms(store), "SCRAM-SHA-256");
        String otherServerFirst = text(challenge(step(again, client.clientFirst())));
        assertNotEquals(text(serverFirst), otherServerFirst);
    }

    @Test
    void noInitialResponseGetsEmptyChallenge() {
        SaslServerMechanism scram = start(mechanisms(rfcAccount(), "3rfcNHYJY1ZVvWVs7j"), "SCRAM-SHA-1");
        assertEquals(0, challenge(step(scram, (byte[]) null)).length);
        ScramTestClient client = ScramTestClient.sha1("user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("user", success(step(scram, client.clientFinal(serverFirst))).username());
    }

    @Test
    void wrongPasswordIsNotAuthorized() {
        SaslServerMechanism scram = start(mechanisms(rfcAccount()), "SCRAM-SHA-256");
        ScramTestClient client = ScramTestClient.sha256("user", "pencil2", "nonce1234");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        SaslStep.Failure f = failure(step(scram, client.clientFinal(serverFirst)));
        assertEquals(SaslFailure.NOT_AUTHORIZED, f.condition());
        assertEquals(SaslException.AUTHENTICATION_FAILED, f.text());
    }

    @Test
    void unknownUserLooksLikeARealOneUntilTheProof() {
        MemoryLookup store = new MemoryLookup().addUser("alice", "secret");
        SaslMechanisms m = mechanisms(store);
        for (ScramAlgorithm alg : ScramAlgorithm.values()) {
            String hash = alg == ScramAlgorithm.SHA_1 ? "SHA1" : "SHA256";
            String real = text(challenge(step(start(m, alg.mechanismName()),
                    new ScramTestClient(hash, "n,,", new byte[0], "alice", "x", "abc").clientFirst())));
            String fake = text(challenge(step(start(m, alg.mechanismName()),
                    new ScramTestClient(hash, "n,,", new byte[0], "mallory", "x", "abc").clientFirst())));
            var r = SERVER_FIRST.matcher(real);
            var f = SERVER_FIRST.matcher(fake);
            assertTrue(r.matches() && f.matches(), real + " / " + fake);
            assertEquals(r.group(1).length(), f.group(1).length());
            assertEquals(Base64.getDecoder().decode(r.group(2)).length, Base64.getDecoder().decode(f.group(2)).length);
            assertEquals(r.group(3), f.group(3));
        }
        assertTrue(store.lookedUp.contains("mallory"));
    }

    @Test
    void unknownUserSaltIsStablePerUserAndAlgorithm() {
        SaslMechanisms m = mechanisms(new MemoryLookup());
        String a1 = salt(m, "SCRAM-SHA-256", "mallory");
        String a2 = salt(m, "SCRAM-SHA-256", "mallory");
        String b = salt(m, "SCRAM-SHA-256", "trudy");
        String c = salt(m, "SCRAM-SHA-1", "mallory");
        assertEquals(a1, a2);
        assertNotEquals(a1, b);
        assertNotEquals(a1, c, "real accounts have one salt per algorithm, so must fakes");
        // Another server secret gives other salts.
        SaslMechanisms other = new SaslMechanisms("example.org", new MemoryLookup(),
                "another-secret-of-enough-bytes".getBytes(UTF_8), 4096);
        assertNotEquals(a1, salt(other, "SCRAM-SHA-256", "mallory"));
    }

    @Test
    void unknownUserFailsAtTheProofLikeAWrongPassword() {
        SaslMechanisms m = mechanisms(rfcAccount());
        SaslServerMechanism scram = start(m, "SCRAM-SHA-1");
        ScramTestClient client = ScramTestClient.sha1("nobody", "pencil", "nonce");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        SaslStep.Failure unknown = failure(step(scram, client.clientFinal(serverFirst)));

        SaslServerMechanism scram2 = start(m, "SCRAM-SHA-1");
        ScramTestClient wrong = ScramTestClient.sha1("user", "pencil!", "nonce");
        SaslStep.Failure badPassword = failure(step(scram2, wrong.clientFinal(challenge(step(scram2, wrong.clientFirst())))));
        assertEquals(badPassword, unknown);
        assertEquals(SaslFailure.NOT_AUTHORIZED, unknown.condition());
    }

    @Test
    void accountWithoutThatAlgorithmFailsLikeAnUnknownUser() {
        MemoryLookup store = new MemoryLookup().add("olduser", Scram.derive(ScramAlgorithm.SHA_1, "pw", 4096));
        SaslMechanisms m = mechanisms(store);
        SaslServerMechanism scram = start(m, "SCRAM-SHA-256");
        ScramTestClient client = ScramTestClient.sha256("olduser", "pw", "nonce");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertTrue(SERVER_FIRST.matcher(text(serverFirst)).matches());
        SaslStep.Failure f = failure(step(scram, client.clientFinal(serverFirst)));
        assertEquals(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, SaslException.AUTHENTICATION_FAILED), f);

        // The SHA-1 credential still works.
        SaslServerMechanism sha1 = start(m, "SCRAM-SHA-1");
        ScramTestClient c1 = ScramTestClient.sha1("olduser", "pw", "nonce");
        assertEquals("olduser", success(step(sha1, c1.clientFinal(challenge(step(sha1, c1.clientFirst()))))).username());
    }

    @Test
    void usernamesAreCaseMappedAndTheSuccessNamesTheNormalisedOne() {
        MemoryLookup store = new MemoryLookup().addUser("alice", "secret");
        SaslMechanisms m = mechanisms(store);
        for (String asTyped : new String[] {"Alice", "ALICE", "\uff21\uff4c\uff49\uff43\uff45" /* fullwidth */}) {
            SaslServerMechanism scram = start(m, "SCRAM-SHA-256");
            ScramTestClient client = ScramTestClient.sha256(asTyped, "secret", "nonce");
            byte[] serverFirst = challenge(step(scram, client.clientFirst()));
            SaslStep.Success ok = success(step(scram, client.clientFinal(serverFirst)));
            assertEquals("alice", ok.username(), asTyped);
            assertEquals(client.expectedServerFinal(), text(ok.additionalData()));
        }
    }

    @Test
    void escapedUsernameIsUnescapedBeforeLookup() {
        MemoryLookup store = new MemoryLookup().addUser("a=b", "secret");
        SaslServerMechanism scram = start(mechanisms(store), "SCRAM-SHA-256");
        ScramTestClient client = ScramTestClient.sha256("a=3Db", "secret", "nonce");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("a=b", success(step(scram, client.clientFinal(serverFirst))).username());
    }

    @Test
    void invalidUsernameIsNotAuthorizedWithoutLookup() {
        MemoryLookup store = new MemoryLookup();
        SaslMechanisms m = mechanisms(store);
        for (String bad : new String[] {"two words", "a@b", "x/y", "tab\tname"}) {
            SaslStep.Failure f = failure(step(start(m, "SCRAM-SHA-1"), "n,,n=" + bad + ",r=abc"));
            assertEquals(SaslFailure.NOT_AUTHORIZED, f.condition(), bad);
        }
        assertTrue(store.lookedUp.isEmpty());
    }

    @Test
    void authzidOfTheSameAccountIsAccepted() {
        MemoryLookup store = new MemoryLookup().addUser("alice", "secret");
        SaslMechanisms m = mechanisms(store);
        for (String authzid : new String[] {"alice@example.org", "Alice@EXAMPLE.org"}) {
            SaslServerMechanism scram = start(m, "SCRAM-SHA-256");
            ScramTestClient client = new ScramTestClient("SHA256", "n,a=" + authzid + ",", new byte[0],
                    "alice", "secret", "nonce");
            byte[] serverFirst = challenge(step(scram, client.clientFirst()));
            // c= carries the gs2 header with the authzid: "biws" would be wrong here.
            assertEquals("alice", success(step(scram, client.clientFinal(serverFirst))).username());
        }
    }

    @Test
    void authzidOfAnotherIdentityIsRefused() {
        MemoryLookup store = new MemoryLookup().addUser("alice", "secret");
        SaslMechanisms m = mechanisms(store);
        for (String authzid : new String[] {"bob@example.org", "alice@example.com", "alice",
                                            "alice@example.org/phone", "a=3Dlice@example.org"}) {
            SaslStep.Failure f = failure(step(start(m, "SCRAM-SHA-256"), "n,a=" + authzid + ",n=alice,r=abc"));
            assertEquals(SaslFailure.INVALID_AUTHZID, f.condition(), authzid);
        }
    }

    @Test
    void lookupFailureIsTemporary() {
        SaslMechanisms failing = mechanisms(u -> CompletableFuture.failedFuture(new IllegalStateException("db down")));
        SaslStep.Failure f = failure(step(start(failing, "SCRAM-SHA-1"), "n,,n=user,r=abc"));
        assertEquals(SaslFailure.TEMPORARY_AUTH_FAILURE, f.condition());

        SaslMechanisms throwing = mechanisms(u -> {
            throw new IllegalStateException("db down");
        });
        assertEquals(SaslFailure.TEMPORARY_AUTH_FAILURE,
                failure(step(start(throwing, "SCRAM-SHA-1"), "n,,n=user,r=abc")).condition());
    }

    @Test
    void asynchronousLookupCompletesTheStepLater() {
        CompletableFuture<Optional<StoredCredentials>> pending = new CompletableFuture<>();
        SaslServerMechanism scram = start(mechanisms(u -> pending), "SCRAM-SHA-1");
        ScramTestClient client = ScramTestClient.sha1("user", "pencil", "abc");
        var stage = scram.evaluate(client.clientFirst()).toCompletableFuture();
        assertFalse(stage.isDone());
        pending.complete(Optional.of(new StoredCredentials("user",
                Map.of(ScramAlgorithm.SHA_1, Scram.derive(ScramAlgorithm.SHA_1, "pencil", 4096)))));
        byte[] serverFirst = challenge(stage.join());
        assertEquals("user", success(step(scram, client.clientFinal(serverFirst))).username());
    }

    @Test
    void messagesAfterCompletionAreMalformed() {
        SaslServerMechanism scram = start(mechanisms(rfcAccount(), "3rfcNHYJY1ZVvWVs7j"), "SCRAM-SHA-1");
        ScramTestClient client = ScramTestClient.sha1("user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        byte[] clientFinal = client.clientFinal(challenge(step(scram, client.clientFirst())));
        success(step(scram, clientFinal));
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(scram, clientFinal)).condition());
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(scram, (byte[]) null)).condition());

        SaslServerMechanism failed = start(mechanisms(rfcAccount()), "SCRAM-SHA-1");
        failure(step(failed, "garbage"));
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(failed, client.clientFirst())).condition());
    }

    @Test
    void failureConditionsNameTheirElements() {
        assertEquals("not-authorized", SaslFailure.NOT_AUTHORIZED.elementName());
        assertEquals("temporary-auth-failure", SaslFailure.TEMPORARY_AUTH_FAILURE.elementName());
        assertEquals("invalid-authzid", SaslFailure.INVALID_AUTHZID.elementName());
    }

    @Test
    void successOfPlainHasNoAdditionalDataButScramDoes() {
        SaslServerMechanism scram = start(mechanisms(rfcAccount(), "3rfcNHYJY1ZVvWVs7j"), "SCRAM-SHA-1");
        ScramTestClient client = ScramTestClient.sha1("user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        byte[] data = success(step(scram, client.clientFinal(challenge(step(scram, client.clientFirst()))))).additionalData();
        assertArrayEquals("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=".getBytes(UTF_8), data);
        SaslServerMechanism plain = mechanisms(rfcAccount()).start("PLAIN", true, ChannelBindingData.none()).orElseThrow();
        assertNull(success(step(plain, "\0user\0pencil")).additionalData());
    }

    private static String salt(SaslMechanisms m, String mechanism, String user) {
        var matcher = SERVER_FIRST.matcher(text(challenge(step(start(m, mechanism), "n,,n=" + user + ",r=abc"))));
        assertTrue(matcher.matches());
        return matcher.group(2);
    }
}
