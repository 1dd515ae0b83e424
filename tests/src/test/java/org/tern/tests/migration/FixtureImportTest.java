package org.tern.tests.migration;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterGroup;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.ScramSha256Mechanism;
import org.tern.tests.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XEP-0227 files written by ejabberd 23.01 ({@code export_piefxis}) and Prosody 0.12
 * ({@code mod_storage_xep0227} through {@code prosody-migrator}), committed under
 * src/test/resources/pie (how they were made: docs/MIGRATION.md). Each is imported, then a real
 * server serves it: the accounts log in over TLS with the passwords they had, and their rosters,
 * pending requests, block lists and offline messages are what the old server held.
 */
class FixtureImportTest {
    static final String[] USERS = {"alice", "bob", "carol", "dave", "erin"};

    @TempDir
    Path dir;

    static String password(String user) {
        return user.equals("carol") ? "carol pw ü" : user + "-pw";
    }

    /** Fixtures whose accounts carry SCRAM-SHA-1 data only (no plaintext): SCRAM-SHA-256 cannot work for them. */
    static boolean sha1Only(String fixture) {
        return fixture.endsWith("-scram") || fixture.endsWith("-hashed");
    }

    static XMPPTCPConnection connection(TestServer server, String fixture, String user) throws Exception {
        return connection(server, fixture, user, password(user));
    }

    static XMPPTCPConnection connection(TestServer server, String fixture, String user, String password) throws Exception {
        return connection(server, fixture, user, password, true);
    }

    static XMPPTCPConnection connection(TestServer server, String fixture, String user, String password, boolean presence)
            throws Exception {
        var config = Pie.client(server, user, password).setResource("migrated").setSendPresence(presence);
        if (sha1Only(fixture)) {
            config.addEnabledSaslMechanism("SCRAM-SHA-1");
        }
        XMPPTCPConnection c = new XMPPTCPConnection(config.build());
        c.setUseStreamManagement(false);
        Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.manual);
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ejabberd-23.01-plain", "ejabberd-23.01-scram", "prosody-0.12-hashed", "prosody-0.12-plain"})
    void importedAccountsLogInWithTheirRostersAndMessages(String fixture) throws Exception {
        Path data = dir.resolve("data");
        Pie.Run run = Pie.importInto(data, Pie.fixture(fixture));
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("imported 5 (0 replaced), skipped 0 existing, rejected 0"), run.all());
        // XEP-0227 §4: data Tern does not keep is ignored, and the operator is told
        assertTrue(run.out().contains("alice@localhost: note: <vCard xmlns='vcard-temp'> ignored"), run.all());
        if (sha1Only(fixture)) {
            assertTrue(run.out().contains("5 imported accounts have SCRAM-SHA-1 credentials only"), run.all());
        }
        if (fixture.equals("ejabberd-23.01-scram")) {
            assertTrue(run.out().contains("base64-encoded twice"), run.all());
        }
        boolean ejabberd = fixture.startsWith("ejabberd");

        try (TestServer server = Pie.serve(data)) {
            // every account logs in over TLS with its old password (RFC 6120 §6, SCRAM data taken as is)
            for (String user : USERS) { // without presence: stored messages and requests stay for later
                XMPPTCPConnection c = connection(server, fixture, user, password(user), false);
                c.connect().login();
                assertEquals(user + "@localhost/migrated", c.getUser().toString());
                c.disconnect();
            }
            XMPPTCPConnection wrong = connection(server, fixture, "alice", "not-alice-pw");
            wrong.connect();
            assertThrows(SASLErrorException.class, wrong::login);
            wrong.disconnect();

            XMPPTCPConnection alice = connection(server, fixture, "alice");
            StanzaCollector requests = alice.createStanzaCollector(StanzaCollector.newConfiguration()
                    .setStanzaFilter(PresenceTypeFilter.SUBSCRIBE));
            StanzaCollector messages = alice.createStanzaCollector(StanzaCollector.newConfiguration()
                    .setStanzaFilter(StanzaTypeFilter.MESSAGE));
            alice.connect().login();
            try {
                Roster roster = Roster.getInstanceFor(alice);
                roster.reloadAndWait();
                // RFC 6121 §2.1: items with names, groups, subscription and ask
                assertEquals(3, roster.getEntries().size(), roster.getEntries().toString());
                RosterEntry bob = roster.getEntry(JidCreate.bareFrom("bob@localhost"));
                assertEquals(RosterPacket.ItemType.both, bob.getType());
                assertEquals("Bobby", bob.getName());
                assertEquals(List.of("Friends", "Work"), bob.getGroups().stream().map(RosterGroup::getName).sorted().toList());
                assertEquals(RosterPacket.ItemType.to, roster.getEntry(JidCreate.bareFrom("carol@localhost")).getType());
                RosterEntry dave = roster.getEntry(JidCreate.bareFrom("dave@localhost"));
                assertEquals(RosterPacket.ItemType.none, dave.getType());
                assertTrue(dave.isSubscriptionPending(), "ask='subscribe' kept (pending out)");
                assertNull(roster.getEntry(JidCreate.bareFrom("erin@localhost")), "a request alone is no roster item");

                // RFC 6121 §3.1.3: the request erin made while alice was away comes at login
                Presence request = requests.nextResult(10_000);
                assertNotNull(request, "pending subscription request not delivered");
                assertEquals("erin@localhost", request.getFrom().toString());
                if (ejabberd) {
                    assertEquals("Hi Alice, it's Erin", request.getStatus()); // Prosody 0.12 exports no status
                }

                if (ejabberd) {
                    // XEP-0160 / XEP-0203: the messages bob left, in order, with the old server's stamps
                    List<Instant> stamps = stamps(Pie.fixture(fixture));
                    Message m1 = messages.nextResult(10_000);
                    Message m2 = messages.nextResult(10_000);
                    assertNotNull(m2, "offline messages not delivered");
                    assertEquals("Hello Alice", m1.getBody());
                    assertEquals("Are you there? <3", m2.getBody());
                    assertEquals("t-1", m2.getThread());
                    assertEquals("bob@localhost/fixture", m1.getFrom().toString());
                    int i = 0;
                    for (Message m : List.of(m1, m2)) {
                        DelayInformation delay = DelayInformation.from(m);
                        assertNotNull(delay, "no delay stamp on " + m.toXML());
                        assertEquals("localhost", delay.getFrom());
                        assertEquals(stamps.get(i++).toEpochMilli(), delay.getStamp().getTime());
                    }
                    // XEP-0191 from ejabberd's default privacy list
                    assertEquals(List.of(JidCreate.from("spam@remote.example")),
                            BlockingCommandManager.getInstanceFor(alice).getBlockList());
                } else {
                    assertTrue(BlockingCommandManager.getInstanceFor(alice).getBlockList().isEmpty());
                }
                assertNull(messages.pollResult(), "nothing else was stored");
            } finally {
                alice.disconnect();
            }

            XMPPTCPConnection bob = connection(server, fixture, "bob");
            bob.connect().login();
            Roster bobs = Roster.getInstanceFor(bob);
            bobs.reloadAndWait();
            RosterEntry a = bobs.getEntry(JidCreate.bareFrom("alice@localhost"));
            assertEquals(RosterPacket.ItemType.both, a.getType());
            assertEquals(List.of("Friends"), a.getGroups().stream().map(RosterGroup::getName).toList());
            bob.disconnect();

            // the other sides: carol has 'from', erin asked (pending out), dave holds alice's request
            assertEquals(List.of("from|false|false|true"), Pie.rows(server.kernel().storage(),
                    "SELECT subscription, ask_out, pending_in, listed FROM roster_item WHERE owner = 'carol'"));
            assertEquals(List.of("none|true|false|true"), Pie.rows(server.kernel().storage(),
                    "SELECT subscription, ask_out, pending_in, listed FROM roster_item WHERE owner = 'erin'"));
            assertEquals(List.of("alice@localhost|none|false|true|false"), Pie.rows(server.kernel().storage(),
                    "SELECT contact, subscription, ask_out, pending_in, listed FROM roster_item WHERE owner = 'dave'"));
        }
    }

    /**
     * SCRAM data is stored as it came, so an account that only had SCRAM-SHA-1 keys cannot answer
     * SCRAM-SHA-256 (RFC 7677) at first. The first PLAIN login (the one moment the server sees the
     * password) adds the missing keys, after which SCRAM-SHA-256 works; so does a password change.
     */
    @Test
    void scramSha1OnlyAccountsGainScramSha256AtTheirFirstPlainLogin() throws Exception {
        Path data = dir.resolve("data");
        assertEquals(0, Pie.importInto(data, Pie.fixture("prosody-0.12-hashed")).exit());
        try (TestServer server = Pie.serve(data)) {
            XMPPTCPConnection sha256 = new XMPPTCPConnection(Pie.client(server, "bob", "bob-pw")
                    .addEnabledSaslMechanism(ScramSha256Mechanism.NAME).build());
            sha256.setUseStreamManagement(false);
            sha256.connect();
            assertThrows(SASLErrorException.class, sha256::login);
            sha256.disconnect();

            // PLAIN (over TLS) checks the password against the SCRAM-SHA-1 data, and adds SHA-256 keys
            XMPPTCPConnection plain = new XMPPTCPConnection(Pie.client(server, "bob", "bob-pw")
                    .addEnabledSaslMechanism("PLAIN").build());
            plain.setUseStreamManagement(false);
            plain.connect().login();
            plain.disconnect();
            for (int i = 0; i < 200 && server.kernel().users().credentials("bob").get().orElseThrow().credentials()
                    .get(org.tern.core.sasl.ScramAlgorithm.SHA_256) == null; i++) {
                Thread.sleep(25);
            }
            XMPPTCPConnection upgraded = new XMPPTCPConnection(Pie.client(server, "bob", "bob-pw")
                    .addEnabledSaslMechanism(ScramSha256Mechanism.NAME).build());
            upgraded.setUseStreamManagement(false);
            upgraded.connect().login();
            assertEquals(ScramSha256Mechanism.NAME, upgraded.getUsedSaslMechansism());
            upgraded.disconnect();

            server.kernel().accounts().changePassword("dave", "dave-pw");
            XMPPTCPConnection again = new XMPPTCPConnection(Pie.client(server, "dave", "dave-pw")
                    .addEnabledSaslMechanism(ScramSha256Mechanism.NAME).build());
            again.setUseStreamManagement(false);
            again.connect().login();
            assertEquals(ScramSha256Mechanism.NAME, again.getUsedSaslMechansism());
            again.disconnect();
        }
    }

    /** The delay stamps of a fixture's offline messages, in file order. */
    static List<Instant> stamps(Path fixture) throws Exception {
        List<Instant> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = Pattern.compile("stamp='([^']+)'").matcher(Files.readString(f));
                while (m.find()) {
                    out.add(Instant.parse(m.group(1)));
                }
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }
}
