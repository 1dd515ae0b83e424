package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tern.core.sasl.SaslTestSupport.challenge;
import static org.tern.core.sasl.SaslTestSupport.failure;
import static org.tern.core.sasl.SaslTestSupport.mechanisms;
import static org.tern.core.sasl.SaslTestSupport.step;
import static org.tern.core.sasl.SaslTestSupport.success;
import static org.tern.core.sasl.SaslTestSupport.text;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tern.core.sasl.SaslTestSupport.MemoryLookup;

/** Syntax errors in client messages (RFC 5802 §7) end the exchange with malformed-request. */
class ScramMalformedTest {

    private final MemoryLookup store = new MemoryLookup().addUser("alice", "secret");
    private final SaslMechanisms mechanisms = mechanisms(store, "SERVERNONCE");

    private SaslServerMechanism start() {
        return mechanisms.start("SCRAM-SHA-256", true, ChannelBindingData.none()).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                  // empty initial response
        "n=alice,r=abc",                     // no gs2 header
        "n,n=alice,r=abc",                   // gs2 header lacks its second comma
        "x,,n=alice,r=abc",                  // unknown flag
        "F,n,,n=alice,r=abc",                // gs2-nonstd-flag is not SCRAM
        "p=,,n=alice,r=abc",                 // empty cb-name
        "p=tls server,,n=alice,r=abc",       // invalid cb-name
        "n,a=,n=alice,r=abc",                // empty authzid
        "n,,r=abc",                          // missing n=
        "n,,n=alice",                        // missing r=
        "n,,n=alice,r=",                     // empty nonce
        "n,,n=,r=abc",                       // empty username
        "n,,r=abc,n=alice",                  // wrong order
        "n,,n=al=2Dice,r=abc",               // bad escape
        "n,,n=alice=,r=abc",                 // '=' at end
        "n,,n=al=2cice,r=abc",               // lower-case escape
        "n,,m=ext,n=alice,r=abc",            // mandatory extension
        "n,,n=alice,r=abc,m=ext",            // mandatory extension after the nonce
        "n,,n=alice,r=abc,x",                // extension without value
        "n,,n=alice,r=abc,r=def",            // repeated attribute
        "n,,n=alice,r=ab\u00e9c",            // non-printable (non-ASCII) nonce
        "n,,n=ali\u0000ce,r=abc",            // NUL
    })
    void malformedClientFirst(String message) {
        SaslStep.Failure f = failure(step(start(), message));
        assertEquals(SaslFailure.MALFORMED_REQUEST, f.condition(), message);
        assertEquals(0, store.lookedUp.size(), "no lookup for a malformed message");
    }

    @Test
    void mandatoryExtensionIsNamedInTheText() {
        SaslStep.Failure f = failure(step(start(), "n,,m=ext,n=alice,r=abc"));
        assertEquals(new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "Mandatory extensions are not supported"), f);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] message = {'n', ',', ',', 'n', '=', (byte) 0xC3, (byte) 0x28, ',', 'r', '=', 'a'};
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(start(), message)).condition());
    }

    @Test
    void tooLongMessageIsMalformed() {
        String message = "n,,n=alice,r=" + "a".repeat(9000);
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(start(), message)).condition());
    }

    @Test
    void unknownOptionalExtensionIsIgnored() {
        SaslServerMechanism scram = start();
        ScramTestClient client = ScramTestClient.sha256("alice", "secret", "abc").withFirstExtension("x=ext");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        String nonce = ScramTestClient.attributes(text(serverFirst)).get("r");
        assertEquals("abcSERVERNONCE", nonce);
        byte[] clientFinal = client.clientFinal(serverFirst, "c=biws,r=" + nonce + ",y=other");
        assertEquals("alice", success(step(scram, clientFinal)).username());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "c=biws,r=abcSERVERNONCE",                         // no proof
        "r=abcSERVERNONCE,c=biws,p=AAAA",                  // wrong order
        "c=biws,p=AAAA",                                   // no nonce
        "c=b!ws,r=abcSERVERNONCE,p=AAAA",                  // bad base64 in c=
        "c=biw,r=abcSERVERNONCE,p=AAAA",                   // unpadded base64 in c=
        "c=bh==,r=abcSERVERNONCE,p=AAAA",                  // non-canonical base64 in c=
        "c=,r=abcSERVERNONCE,p=AAAA",                      // empty c=
        "c=biws,r=abcSERVERNONCE,p=",                      // empty proof
        "c=biws,r=abcSERVERNONCE,p=A===",                  // bad base64 in p=
        "c=biws,r=abcSERVERNONCE,p=AAAA",                  // proof of the wrong length
        "c=biws,r=abcSERVERNONCE,m=x,p=AAAA",              // mandatory extension
        "c=biws,r=abcSERVERNONCE,p=AAAA,x=y",              // proof not last
        "c=biws,r=abcOTHERNONCE,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // wrong nonce
        "c=biws,r=abc,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",          // client nonce only
    })
    void malformedClientFinal(String message) {
        SaslServerMechanism scram = start();
        challenge(step(scram, "n,,n=alice,r=abc"));
        SaslStep.Failure f = failure(step(scram, message));
        assertEquals(SaslFailure.MALFORMED_REQUEST, f.condition(), message);
        // The exchange is over: even a correct client-final is refused now.
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(scram, "c=biws,r=abcSERVERNONCE,p=AAAA")).condition());
    }

    @Test
    void wrongNonceWithAValidProofIsStillRefused() {
        SaslServerMechanism scram = start();
        ScramTestClient client = ScramTestClient.sha256("alice", "secret", "abc");
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        // The proof is correct for the AuthMessage the client builds, but the nonce is a replay.
        byte[] replay = client.clientFinal(serverFirst, "c=biws,r=abcOLDSERVERNONCE");
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(scram, replay)).condition());
    }

    @Test
    void proofOfAnotherExchangeIsRefused() {
        ScramTestClient client = ScramTestClient.sha256("alice", "secret", "abc");
        SaslServerMechanism first = start();
        byte[] clientFinal = client.clientFinal(challenge(step(first, client.clientFirst())));
        // Same fixed server nonce, but a different client-first (an extension added) changes AuthMessage.
        SaslServerMechanism second = start();
        challenge(step(second, "n,,n=alice,r=abc,x=ext"));
        assertEquals(SaslFailure.NOT_AUTHORIZED, failure(step(second, clientFinal)).condition());
    }

    @Test
    void nullAfterTheChallengeIsMalformed() {
        SaslServerMechanism scram = start();
        challenge(step(scram, "n,,n=alice,r=abc"));
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(scram, (byte[]) null)).condition());
    }

    @Test
    void secondNullIsMalformed() {
        SaslServerMechanism scram = start();
        assertEquals(0, challenge(step(scram, (byte[]) null)).length);
        assertEquals(SaslFailure.MALFORMED_REQUEST, failure(step(scram, (byte[]) null)).condition());
    }

    @Test
    void zeroProofOfTheRightLengthIsNotAuthorized() {
        SaslServerMechanism scram = start();
        challenge(step(scram, "n,,n=alice,r=abc"));
        String zeros = Base64.getEncoder().encodeToString(new byte[32]);
        SaslStep.Failure f = failure(step(scram, ("c=biws,r=abcSERVERNONCE,p=" + zeros).getBytes(UTF_8)));
        assertEquals(SaslFailure.NOT_AUTHORIZED, f.condition());
    }
}
