package org.tern.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.sasl.SaslTestSupport.TLS_SERVER_END_POINT;
import static org.tern.core.sasl.SaslTestSupport.challenge;
import static org.tern.core.sasl.SaslTestSupport.failure;
import static org.tern.core.sasl.SaslTestSupport.mechanisms;
import static org.tern.core.sasl.SaslTestSupport.step;
import static org.tern.core.sasl.SaslTestSupport.success;
import static org.tern.core.sasl.SaslTestSupport.text;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tern.core.sasl.SaslTestSupport.MemoryLookup;

/** SCRAM-*-PLUS and the gs2 channel binding flag (RFC 5802 §6, RFC 5929 §4). */
class ScramChannelBindingTest {

    private static final String TYPE = "tls-server-end-point";
    private static final byte[] CB = TLS_SERVER_END_POINT.types().get(TYPE);

    private final MemoryLookup store = new MemoryLookup().addUser("alice", "secret");
    private final SaslMechanisms mechanisms = mechanisms(store);

    private SaslServerMechanism start(String name, ChannelBindingData cb) {
        return mechanisms.start(name, true, cb).orElseThrow();
    }

    private static ScramTestClient client(String hash, String gs2Header, byte[] cbData) {
        return new ScramTestClient(hash, gs2Header, cbData, "alice", "secret", "cbnonce");
    }

    @Test
    void plusSucceedsWithMatchingTlsServerEndPoint() {
        for (String[] v : new String[][] {{"SCRAM-SHA-256-PLUS", "SHA256"}, {"SCRAM-SHA-1-PLUS", "SHA1"}}) {
            SaslServerMechanism scram = start(v[0], TLS_SERVER_END_POINT);
            assertEquals(v[0], scram.name());
            ScramTestClient client = client(v[1], "p=" + TYPE + ",,", CB);
            byte[] serverFirst = challenge(step(scram, client.clientFirst()));
            SaslStep.Success ok = success(step(scram, client.clientFinal(serverFirst)));
            assertEquals("alice", ok.username());
            assertEquals(client.expectedServerFinal(), text(ok.additionalData()));
        }
    }

    @Test
    void plusWithAuthzidBindsTheWholeHeader() {
        SaslServerMechanism scram = start("SCRAM-SHA-256-PLUS", TLS_SERVER_END_POINT);
        ScramTestClient client = client("SHA256", "p=" + TYPE + ",a=alice@example.org,", CB);
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("alice", success(step(scram, client.clientFinal(serverFirst))).username());
    }

    @Test
    void plusFailsWhenTheClientSawAnotherChannel() {
        byte[] other = CB.clone();
        other[0] ^= 1; // a man in the middle terminates TLS with another certificate
        SaslServerMechanism scram = start("SCRAM-SHA-256-PLUS", TLS_SERVER_END_POINT);
        ScramTestClient client = client("SHA256", "p=" + TYPE + ",,", other);
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        SaslStep.Failure f = failure(step(scram, client.clientFinal(serverFirst)));
        assertEquals(SaslFailure.NOT_AUTHORIZED, f.condition());
    }

    @Test
    void plusFailsWhenCbDataIsLeftOut() {
        SaslServerMechanism scram = start("SCRAM-SHA-256-PLUS", TLS_SERVER_END_POINT);
        ScramTestClient client = client("SHA256", "p=" + TYPE + ",,", new byte[0]);
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals(SaslFailure.NOT_AUTHORIZED, failure(step(scram, client.clientFinal(serverFirst))).condition());
    }

    @Test
    void gs2HeaderInCMustMatchTheOneSentFirst() {
        // Client-first says "n,,", client-final binds "y,,": the header was tampered with.
        SaslServerMechanism scram = start("SCRAM-SHA-256", ChannelBindingData.none());
        ScramTestClient client = client("SHA256", "n,,", new byte[0]);
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        String nonce = ScramTestClient.attributes(text(serverFirst)).get("r");
        byte[] tampered = client.clientFinal(serverFirst, "c=eSws,r=" + nonce);
        assertEquals(SaslFailure.NOT_AUTHORIZED, failure(step(scram, tampered)).condition());
    }

    @Test
    void unsupportedChannelBindingTypeIsRefused() {
        SaslServerMechanism scram = start("SCRAM-SHA-256-PLUS", TLS_SERVER_END_POINT);
        SaslStep.Failure f = failure(step(scram, "p=tls-unique,,n=alice,r=abc"));
        assertEquals(SaslFailure.NOT_AUTHORIZED, f.condition());
        assertTrue(store.lookedUp.isEmpty(), "refused before any lookup");
    }

    @Test
    void tlsExporterIsUsedWhenThatIsTheType() {
        byte[] exporter = new byte[32];
        exporter[31] = 7;
        ChannelBindingData both = new ChannelBindingData(Map.of(TYPE, CB, "tls-exporter", exporter));
        SaslServerMechanism scram = start("SCRAM-SHA-256-PLUS", both);
        ScramTestClient client = client("SHA256", "p=tls-exporter,,", exporter);
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("alice", success(step(scram, client.clientFinal(serverFirst))).username());

        SaslServerMechanism crossed = start("SCRAM-SHA-256-PLUS", both);
        ScramTestClient wrongType = client("SHA256", "p=tls-exporter,,", CB);
        byte[] sf = challenge(step(crossed, wrongType.clientFirst()));
        assertEquals(SaslFailure.NOT_AUTHORIZED, failure(step(crossed, wrongType.clientFinal(sf))).condition());
    }

    @Test
    void channelBindingOnANonPlusMechanismIsRefused() {
        SaslServerMechanism scram = start("SCRAM-SHA-256", TLS_SERVER_END_POINT);
        assertEquals(SaslFailure.NOT_AUTHORIZED, failure(step(scram, "p=" + TYPE + ",,n=alice,r=abc")).condition());
    }

    @Test
    void noChannelBindingOnAPlusMechanismIsMalformed() {
        assertEquals(SaslFailure.MALFORMED_REQUEST,
                failure(step(start("SCRAM-SHA-256-PLUS", TLS_SERVER_END_POINT), "n,,n=alice,r=abc")).condition());
        assertEquals(SaslFailure.MALFORMED_REQUEST,
                failure(step(start("SCRAM-SHA-1-PLUS", TLS_SERVER_END_POINT), "y,,n=alice,r=abc")).condition());
    }

    /** RFC 5802 §6: "y" means the client saw no -PLUS; when we offered it, someone removed it. */
    @Test
    void yFlagIsADowngradeWhenPlusWasOffered() {
        SaslServerMechanism scram = start("SCRAM-SHA-256", TLS_SERVER_END_POINT);
        SaslStep.Failure f = failure(step(scram, client("SHA256", "y,,", new byte[0]).clientFirst()));
        assertEquals(SaslFailure.NOT_AUTHORIZED, f.condition());
        assertTrue(store.lookedUp.isEmpty());
    }

    @Test
    void yFlagIsFineWhenPlusWasNotOffered() {
        SaslServerMechanism scram = start("SCRAM-SHA-256", ChannelBindingData.none());
        ScramTestClient client = client("SHA256", "y,,", new byte[0]);
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("c=eSws", new String(client.clientFinal(serverFirst)).split(",")[0]);
        assertEquals("alice", success(step(scram, client.clientFinal(serverFirst))).username());
    }

    @Test
    void nFlagOnPlainScramStaysFineWhenPlusIsOffered() {
        // A client without channel binding support picks SCRAM-SHA-256 with "n": allowed.
        SaslServerMechanism scram = start("SCRAM-SHA-256", TLS_SERVER_END_POINT);
        ScramTestClient client = client("SHA256", "n,,", new byte[0]);
        byte[] serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("alice", success(step(scram, client.clientFinal(serverFirst))).username());
    }
}
