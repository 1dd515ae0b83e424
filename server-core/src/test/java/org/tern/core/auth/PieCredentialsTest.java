package org.tern.core.auth;

import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;
import org.tern.core.module.AccountDataPort;
import org.tern.core.module.ImportReport;
import org.tern.core.sasl.Scram;
import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.core.sasl.StoredCredentials;
import org.tern.core.xml.Element;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0227 §4.3 SCRAM credentials and the 'password' attribute, as read and written. */
class PieCredentialsTest {
    static final class Notes implements ImportReport {
        final List<String> notes = new ArrayList<>();

        @Override
        public Jid account() {
            return Jid.parseOrNull("juliet@capulet.com");
        }

        @Override
        public void note(Element where, String message) {
            notes.add(message);
        }
    }

    static Element user(String password, Element... children) {
        return Element.builder("user", AccountDataPort.PIE_NS).attr("name", "juliet").attr("password", password)
                .children(List.of(children)).build();
    }

    static Element scram(String mechanism, String count, String salt, String serverKey, String storedKey) {
        return Element.builder(PieCredentials.ELEMENT, PieCredentials.SCRAM_NS).attr("mechanism", mechanism)
                .textChild("iter-count", count).textChild("salt", salt).textChild("server-key", serverKey)
                .textChild("stored-key", storedKey).build();
    }

    /** The XEP's own example (§4.3), taken as it is. */
    @Test
    void xepExampleIsTakenAsItIs() throws Exception {
        Element e = scram("SCRAM-SHA-1", "100000", "TmFDbE5hQ2xOYUNsTmFDbE5hQ2xOYUNsTmFDbE5hQ2xOYUNsTmFDbE5hQ2wK",
                "0pXWGK0GZJ6TR73AIUN3ITYtA1g=", "Q6qT/SbybblGCZz8e8eSfCJOQic=");
        Notes n = new Notes();
        Map<ScramAlgorithm, ScramCredential> c = PieCredentials.parse(user(null, e), 4096, n);
        assertEquals(1, c.size());
        ScramCredential sha1 = c.get(ScramAlgorithm.SHA_1);
        assertEquals(100000, sha1.iterations());
        assertArrayEquals(Base64.getDecoder().decode("0pXWGK0GZJ6TR73AIUN3ITYtA1g="), sha1.serverKey());
        assertArrayEquals(Base64.getDecoder().decode("Q6qT/SbybblGCZz8e8eSfCJOQic="), sha1.storedKey());
        assertEquals(List.of(), n.notes);
    }

    @Test
    void exportedCredentialsReadBackEqual() throws Exception {
        Map<ScramAlgorithm, ScramCredential> stored = java.util.Map.of(
                ScramAlgorithm.SHA_1, Scram.derive(ScramAlgorithm.SHA_1, "pw", 4096),
                ScramAlgorithm.SHA_256, Scram.derive(ScramAlgorithm.SHA_256, "pw", 5000));
        List<Element> out = PieCredentials.export(new StoredCredentials("juliet", stored));
        assertEquals(List.of("SCRAM-SHA-1", "SCRAM-SHA-256"), out.stream().map(e -> e.attr("mechanism")).toList());
        assertEquals(stored, PieCredentials.parse(user(null, out.toArray(Element[]::new)), 4096, new Notes()));
    }

    /** A plaintext password becomes credentials for what the SCRAM data lacks, and verifies. */
    @Test
    void passwordFillsTheMissingMechanisms() throws Exception {
        ScramCredential sha1 = Scram.derive(ScramAlgorithm.SHA_1, "s3crEt", 4096);
        Base64.Encoder b = Base64.getEncoder();
        Element e = scram("SCRAM-SHA-1", "4096", b.encodeToString(sha1.salt()), b.encodeToString(sha1.serverKey()),
                b.encodeToString(sha1.storedKey()));
        Map<ScramAlgorithm, ScramCredential> c = PieCredentials.parse(user("s3crEt", e), 4096, new Notes());
        assertEquals(sha1, c.get(ScramAlgorithm.SHA_1));
        assertTrue(Scram.verify(c.get(ScramAlgorithm.SHA_256), "s3crEt"));
        assertTrue(Scram.verify(PieCredentials.parse(user("iLuvJuLi3T"), 4096, new Notes()).get(ScramAlgorithm.SHA_1),
                "iLuvJuLi3T"));
    }

    /** ejabberd 23.01 writes base64 of its base64 values; both layers are removed, and said so. */
    @Test
    void doubleEncodedValuesAreRecognised() throws Exception {
        ScramCredential sha1 = Scram.derive(ScramAlgorithm.SHA_1, "pw", 4096);
        Element e = scram("SCRAM-SHA-1", "4096", twice(sha1.salt()), twice(sha1.serverKey()), twice(sha1.storedKey()));
        Notes n = new Notes();
        assertEquals(sha1, PieCredentials.parse(user(null, e), 4096, n).get(ScramAlgorithm.SHA_1));
        assertTrue(n.notes.get(0).contains("base64-encoded twice"), n.notes.toString());
    }

    @Test
    void malformedDataIsRefused() {
        String key = Base64.getEncoder().encodeToString(new byte[20]);
        assertThrows(ImportReport.Rejected.class, () -> PieCredentials.parse(user(null), 4096, new Notes()));
        assertThrows(ImportReport.Rejected.class, () -> PieCredentials.parse(
                user(null, scram("SCRAM-SHA-1", "04096", "c2FsdA==", key, key)), 4096, new Notes()));
        assertThrows(ImportReport.Rejected.class, () -> PieCredentials.parse(
                user(null, scram("SCRAM-SHA-1", "4096", "c2FsdA==", "not base64!", key)), 4096, new Notes()));
        assertThrows(ImportReport.Rejected.class, () -> PieCredentials.parse(
                user(null, scram("SCRAM-SHA-256", "4096", "c2FsdA==", key, key)), 4096, new Notes())); // 20, not 32
        assertThrows(ImportReport.Rejected.class, () -> PieCredentials.parse(user(null,
                scram("SCRAM-SHA-1", "4096", "c2FsdA==", key, key), scram("SCRAM-SHA-1", "4096", "c2FsdA==", key, key)),
                4096, new Notes()));
    }

    private static String twice(byte[] raw) {
        Base64.Encoder b = Base64.getEncoder();
        return b.encodeToString(b.encodeToString(raw).getBytes(StandardCharsets.US_ASCII));
    }
}
