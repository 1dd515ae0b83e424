package org.tern.tests.migration;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tern.config.AdminChannel;
import org.tern.core.sasl.Scram;
import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.tests.ScramSha256Mechanism;
import org.tern.tests.TestServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials, existing accounts, several main files and the running-server guard of {@code tern import}. */
class ImportAccountsTest {
    static final String HEAD = ImportInputTest.HEAD;
    static final String OPEN = ImportInputTest.OPEN;

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    static String scram(String mechanism, ScramCredential c) {
        Base64.Encoder b = Base64.getEncoder();
        return "<scram-credentials xmlns='urn:xmpp:pie:0#scram' mechanism='" + mechanism + "'>"
                + "<iter-count>" + c.iterations() + "</iter-count><salt>" + b.encodeToString(c.salt()) + "</salt>"
                + "<server-key>" + b.encodeToString(c.serverKey()) + "</server-key>"
                + "<stored-key>" + b.encodeToString(c.storedKey()) + "</stored-key></scram-credentials>";
    }

    static void login(TestServer server, String user, String password, String mechanism) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(Pie.client(server, user, password).setSendPresence(false)
                .addEnabledSaslMechanism(mechanism).build());
        c.setUseStreamManagement(false);
        c.connect();
        try {
            c.login();
        } finally {
            c.disconnect();
        }
    }

    /**
     * XEP-0227 §4.3: SCRAM data is kept as it is (RFC 5802 keys, nothing to derive); a plaintext
     * 'password' becomes SCRAM credentials for every mechanism the data lacks and is not kept.
     */
    @Test
    void credentialsFromScramDataAndPasswords() throws Exception {
        ScramCredential sha1 = Scram.derive(ScramAlgorithm.SHA_1, Scram.preparePassword("s-secret"),
                "fixed salt".getBytes(StandardCharsets.UTF_8), 5000);
        ScramCredential both1 = Scram.derive(ScramAlgorithm.SHA_1, Scram.preparePassword("b-secret"), 4096);
        ScramCredential shortKey = new ScramCredential(ScramAlgorithm.SHA_1, new byte[] {1}, 4096, new byte[20], new byte[20]);
        String badKey = scram("SCRAM-SHA-1", shortKey).replace(Base64.getEncoder().encodeToString(new byte[20]), "AAAA");
        Path main = write("main.xml", HEAD + OPEN + "<host jid='localhost'>\n"
                + "<user name='pw' password='p-secret'/>\n"
                + "<user name='scram'>" + scram("SCRAM-SHA-1", sha1) + "</user>\n"
                + "<user name='both' password='b-secret'>" + scram("SCRAM-SHA-1", both1) + "</user>\n"
                + "<user name='none'/>\n"
                + "<user name='short'>" + badKey + "</user>\n"
                + "<user name='twice'>" + scram("SCRAM-SHA-1", sha1) + scram("SCRAM-SHA-1", sha1) + "</user>\n"
                + "<user name='sha512'>" + scram("SCRAM-SHA-512", sha1) + "</user>\n"
                + "</host>\n</server-data>\n");
        Pie.Run r = Pie.importInto(dir.resolve("data"), main);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("imported 3 (0 replaced), skipped 0 existing, rejected 4"), r.all());
        assertTrue(r.err().contains(main + ":7:"), r.all());
        assertTrue(r.err().contains("none@localhost: rejected: no credentials"), r.all());
        assertTrue(r.err().contains("short@localhost: rejected: SCRAM-SHA-1 keys must be 20 bytes"), r.all());
        assertTrue(r.err().contains("twice@localhost: rejected: two <scram-credentials/> for SCRAM-SHA-1"), r.all());
        assertTrue(r.err().contains("sha512@localhost: rejected: no credentials"), r.all());
        assertTrue(r.out().contains("1 imported account has SCRAM-SHA-1 credentials only"), r.all());
        try (TestServer s = Pie.serve(dir.resolve("data"))) {
            assertEquals(List.of("both|true|true", "pw|true|true", "scram|true|false"), Pie.rows(s.kernel().storage(),
                    "SELECT username, sha1_salt IS NOT NULL, sha256_salt IS NOT NULL FROM tern_users ORDER BY username"));
            // taken as is: salt, iterations and keys are the file's
            assertEquals(List.of(Base64.getEncoder().encodeToString(sha1.salt()) + "|5000"), Pie.rows(s.kernel().storage(),
                    "SELECT sha1_salt, sha1_iterations FROM tern_users WHERE username = 'scram'"));
            login(s, "pw", "p-secret", ScramSha256Mechanism.NAME);
            login(s, "pw", "p-secret", "SCRAM-SHA-1");
            login(s, "scram", "s-secret", "SCRAM-SHA-1");
            assertThrows(SASLErrorException.class, () -> login(s, "scram", "s-secret", ScramSha256Mechanism.NAME));
            login(s, "scram", "s-secret", "PLAIN"); // adds the SCRAM-SHA-256 keys (checked in FixtureImportTest)
            login(s, "both", "b-secret", "SCRAM-SHA-1");
            login(s, "both", "b-secret", ScramSha256Mechanism.NAME);
        }
    }

    /** Existing accounts are left alone; with --overwrite the whole account is replaced, data included. */
    @Test
    void existingAccountsAreSkippedUnlessOverwritten() throws Exception {
        Path data = dir.resolve("data");
        Path v1 = write("v1.xml", HEAD + OPEN + "<host jid='localhost'><user name='alice' password='one'>"
                + "<query xmlns='jabber:iq:roster'><item jid='bob@localhost' subscription='both'/></query>"
                + "<offline-messages><message xmlns='jabber:client' from='bob@localhost' type='chat'><body>old</body>"
                + "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='2020-01-02T03:04:05Z'/></message></offline-messages>"
                + "</user></host></server-data>\n");
        Path v2 = write("v2.xml", HEAD + OPEN + "<host jid='localhost'><user name='alice' password='two'>"
                + "<query xmlns='jabber:iq:roster'><item jid='carol@localhost' subscription='to'/></query>"
                + "<offline-messages><message xmlns='jabber:client' from='carol@localhost' type='chat'><body>new</body>"
                + "</message></offline-messages>"
                + "</user></host></server-data>\n");
        assertEquals(0, Pie.importInto(data, v1).exit());
        Pie.Run skip = Pie.importInto(data, v2);
        assertEquals(0, skip.exit(), skip.all());
        assertTrue(skip.out().contains(v2 + ":3:"), skip.all());
        assertTrue(skip.out().contains("alice@localhost: skipped: the account exists (--overwrite replaces it)"), skip.all());
        assertTrue(skip.out().contains("imported 0 (0 replaced), skipped 1 existing, rejected 0"), skip.all());
        List<String> epoch;
        try (TestServer s = Pie.serve(data)) {
            assertEquals(List.of("bob@localhost"), Pie.rows(s.kernel().storage(), "SELECT contact FROM roster_item"));
            assertEquals(List.of(Long.toString(java.time.Instant.parse("2020-01-02T03:04:05Z").toEpochMilli())),
                    Pie.rows(s.kernel().storage(), "SELECT stored_at FROM offline_message"));
            epoch = Pie.rows(s.kernel().storage(), "SELECT epoch FROM roster_version");
            login(s, "alice", "one", "SCRAM-SHA-1");
        }

        Pie.Run over = Pie.importInto(data, v2, "--overwrite", "--verbose");
        assertEquals(0, over.exit(), over.all());
        assertTrue(over.out().contains("alice@localhost: replaced"), over.all());
        // the message had no delay from this domain: XEP-0203 stamp of the import, said so
        assertTrue(over.out().contains("offline message without a valid delay stamp from localhost: stamped with the import time"),
                over.all());
        assertTrue(over.out().contains("imported 1 (1 replaced), skipped 0 existing, rejected 0"), over.all());
        try (TestServer s = Pie.serve(data)) {
            assertEquals(List.of("carol@localhost|to"), Pie.rows(s.kernel().storage(),
                    "SELECT contact, subscription FROM roster_item"));
            assertNotEquals(epoch, Pie.rows(s.kernel().storage(), "SELECT epoch FROM roster_version"),
                    "XEP-0237: a replaced roster starts a new version epoch");
            assertThrows(SASLErrorException.class, () -> login(s, "alice", "one", "SCRAM-SHA-1"));
            XMPPTCPConnection c = new XMPPTCPConnection(Pie.client(s, "alice", "two").build());
            c.setUseStreamManagement(false);
            c.connect();
            StanzaCollector messages = c.createStanzaCollector(StanzaCollector.newConfiguration()
                    .setStanzaFilter(StanzaTypeFilter.MESSAGE));
            c.login();
            Message m = messages.nextResult(10_000);
            assertNotNull(m, "the replaced account's message is delivered");
            assertEquals("new", m.getBody());
            c.disconnect();
        }
    }

    /**
     * A directory is read through its main files (root server-data), in the current and the old
     * namespace alike; an .xml file that is neither a main file nor included is reported.
     */
    @Test
    void directoryOfMainFilesInBothNamespaces() throws Exception {
        write("in/a.xml", HEAD + OPEN + "<host jid='localhost'><user name='amy' password='a'/></host></server-data>\n");
        write("in/b.xml", HEAD + "<server-data xmlns='http://www.xmpp.org/extensions/xep-0227.html#ns'>"
                + "<host jid='localhost'><user name='ben' password='b'>"
                + "<query xmlns='jabber:iq:roster'><item jid='amy@localhost' subscription='both' name='Amy'/></query>"
                + "<offline-messages><message xmlns='jabber:client' from='amy@localhost' type='chat'><body>hi</body>"
                + "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='2021-06-02T10:00:00.5+02:00'/></message></offline-messages>"
                + "</user></host></server-data>\n");
        write("in/stray.xml", HEAD + "<host xmlns='urn:xmpp:pie:0' jid='localhost'><user name='cy' password='c'/></host>\n");
        Pie.Run r = Pie.importInto(dir.resolve("data"), dir.resolve("in"));
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("imported 2 (0 replaced)"), r.all());
        assertTrue(r.out().contains("stray.xml: note: not read: its root is not <server-data/>"), r.all());
        try (TestServer s = Pie.serve(dir.resolve("data"))) {
            assertEquals(List.of("amy", "ben"), Pie.rows(s.kernel().storage(), "SELECT username FROM tern_users ORDER BY 1"));
            assertEquals(List.of("amy@localhost|Amy|both"), Pie.rows(s.kernel().storage(),
                    "SELECT contact, name, subscription FROM roster_item WHERE owner = 'ben'"));
            assertEquals(List.of(Long.toString(java.time.Instant.parse("2021-06-02T08:00:00.500Z").toEpochMilli())),
                    Pie.rows(s.kernel().storage(), "SELECT stored_at FROM offline_message"));
        }
    }

    /**
     * Import writes beneath the modules' caches, so it is refused while a server runs on the data
     * directory (its admin socket answers); and while an import runs, the socket is taken.
     */
    @Test
    void refusedWhileAServerRunsOnTheDataDirectory() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path main = write("main.xml", HEAD + OPEN + "<host jid='localhost'><user name='amy' password='a'/></host></server-data>\n");
        try (AdminChannel running = AdminChannel.open(data, words -> new AdminChannel.Reply(true, "running\n"))) {
            Pie.Run r = Pie.importInto(data, main);
            assertEquals(1, r.exit(), r.all());
            assertTrue(r.err().contains("a server is running on " + data.toAbsolutePath()), r.all());
            assertTrue(r.err().contains("stop the server first"), r.all());
        }
        Pie.Run r = Pie.importInto(data, main);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("imported 1"), r.all());
        assertTrue(!Files.exists(AdminChannel.socketPath(data)), "the import's socket is gone");
    }
}
