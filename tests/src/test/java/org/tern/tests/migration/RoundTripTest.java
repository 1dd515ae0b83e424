package org.tern.tests.migration;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.core.storage.Storage;
import org.tern.tests.Clients;
import org.tern.tests.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XEP-0227 round trip: data made over the wire on one server, exported while it runs, imported
 * into an empty data directory, compared table by table through the real storage.
 */
class RoundTripTest {
    static final String[] USERS = {"ann", "ben", "cat", "dan", "zoë", "_under"};

    @TempDir
    Path dir;

    static Jid jid(String s) throws Exception {
        return JidCreate.from(s);
    }

    static Presence presence(Presence.Type type, String to) throws Exception {
        return PresenceBuilder.buildPresence().ofType(type).to(jid(to)).build();
    }

    @Test
    void exportWhileRunningThenImportGivesTheSameTables() throws Exception {
        Path export = dir.resolve("export");
        Path copy = dir.resolve("copy");
        try (TestServer origin = TestServer.start()) {
            for (String u : USERS) {
                origin.addUser(u, "pw-" + u);
            }
            populate(origin);

            // XEP-0227 §6 and §5.1: owner-only files in the recommended layout; read-only, so the server runs on
            Pie.Run out = Pie.export(origin.dataDir(), export);
            assertEquals(0, out.exit(), out.all());
            assertTrue(out.out().contains("exported 6 accounts of localhost"), out.all());
            layoutAndPermissions(export);

            Pie.Run in = Pie.importInto(copy, export);
            assertEquals(0, in.exit(), in.all());
            assertTrue(in.out().contains("imported 6 (0 replaced), skipped 0 existing, rejected 0"), in.all());
            assertTrue(!in.out().contains("note:"), "a Tern export imports without notes: " + in.all());

            try (TestServer imported = Pie.serve(copy)) {
                compare(origin.kernel().storage(), imported.kernel().storage());
                // and the copy serves: ann logs in with her password and finds her roster
                XMPPTCPConnection ann = new XMPPTCPConnection(Pie.client(imported, "ann", "pw-ann").build());
                ann.setUseStreamManagement(false);
                Roster.getInstanceFor(ann).setSubscriptionMode(Roster.SubscriptionMode.manual);
                ann.connect().login();
                Roster roster = Roster.getInstanceFor(ann);
                roster.reloadAndWait();
                RosterEntry ben = roster.getEntry(JidCreate.bareFrom("ben@localhost"));
                assertEquals(RosterPacket.ItemType.to, ben.getType());
                assertEquals("Benny", ben.getName());
                ann.disconnect();
            }
        }
    }

    /** Roster states of RFC 6121 Appendix A, a pre-approval, a removal, blocks and offline messages, all over the wire. */
    private static void populate(TestServer server) throws Exception {
        XMPPTCPConnection ann = manual(server, "ann");
        XMPPTCPConnection ben = manual(server, "ben");
        XMPPTCPConnection cat = manual(server, "cat");
        try {
            Roster.getInstanceFor(ann).createItem(JidCreate.bareFrom("ben@localhost"), "Benny", new String[] {"Friends", "Work"});
            ann.sendStanza(presence(Presence.Type.subscribe, "ben@localhost"));
            sync(ann);
            ben.sendStanza(presence(Presence.Type.subscribed, "ann@localhost")); // ann: to, ben: from
            ben.sendStanza(PresenceBuilder.buildPresence("req-1").ofType(Presence.Type.subscribe).to(jid("ann@localhost"))
                    .setStatus("let me see you").build()); // ann: pending in, never answered
            sync(ben);
            ann.sendStanza(presence(Presence.Type.subscribed, "cat@localhost")); // pre-approval (RFC 6121 §3.4)
            Roster.getInstanceFor(ann).createItem(JidCreate.bareFrom("gone@localhost"), "Gone", null);
            // RFC 6121 §2.5 removal, sent as such (Smack's cache may not hold the push yet): leaves a tombstone
            RosterPacket remove = new RosterPacket();
            remove.setType(IQ.Type.set);
            RosterPacket.Item gone = new RosterPacket.Item(JidCreate.bareFrom("gone@localhost"), null);
            gone.setItemType(RosterPacket.ItemType.remove);
            remove.addRosterItem(gone);
            ann.createStanzaCollectorAndSend(remove).nextResultOrThrow();
            BlockingCommandManager.getInstanceFor(ann).blockContacts(List.of(jid("spam@x.example"), jid("evil.example")));
            cat.sendStanza(presence(Presence.Type.subscribe, "dan@localhost")); // dan is away: unlisted, pending in
            // dan and zoë are offline: their messages are stored (XEP-0160)
            ann.sendStanza(MessageBuilder.buildMessage("m1").ofType(Message.Type.chat).to(jid("dan@localhost"))
                    .setBody("one").build());
            ann.sendStanza(MessageBuilder.buildMessage("m2").ofType(Message.Type.normal).to(jid("dan@localhost"))
                    .setSubject("subject").setBody("two <&> \"'").setLanguage("de").build());
            cat.sendStanza(MessageBuilder.buildMessage("m3").ofType(Message.Type.chat).to(jid("zoë@localhost"))
                    .setBody("für dich").build());
            sync(ann);
            sync(cat);
        } finally {
            ann.disconnect();
            ben.disconnect();
            cat.disconnect();
        }
        assertEquals(List.of("2"), Pie.rows(server.kernel().storage(),
                "SELECT COUNT(*) FROM offline_message WHERE username = 'dan'"));
        assertEquals(List.of("1"), Pie.rows(server.kernel().storage(),
                "SELECT COUNT(*) FROM roster_tombstone WHERE owner = 'ann'"));
    }

    private static XMPPTCPConnection manual(TestServer server, String user) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(Clients.config(server, user, "pw-" + user).setResource("r").build());
        c.setUseStreamManagement(false);
        Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.manual);
        c.connect().login();
        Roster.getInstanceFor(c).reloadAndWait();
        return c;
    }

    /** A client's stanzas are handled in order: an answered ping means the earlier ones were. */
    private static void sync(XMPPTCPConnection c) throws Exception {
        PingManager.getInstanceFor(c).pingMyServer();
    }

    private static void layoutAndPermissions(Path export) throws Exception {
        assertTrue(Files.isRegularFile(export.resolve("server-data.xml")));
        assertTrue(Files.isRegularFile(export.resolve("localhost.xml")));
        assertTrue(Files.isRegularFile(export.resolve("localhost/ann.xml")));
        assertTrue(Files.isRegularFile(export.resolve("localhost/zoë.xml")));
        String host = Files.readString(export.resolve("localhost.xml"));
        assertTrue(host.contains("href='localhost/zo%C3%AB.xml'"), host);
        assertTrue(host.contains("href='localhost/_"), "a name starting with '_' gets a hashed file: " + host);
        try (Stream<Path> all = Files.walk(export)) {
            for (Path p : all.toList()) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", perms, p.toString());
            }
        }
    }

    /**
     * Every table, row for row. By design an import starts a new roster version epoch (XEP-0237:
     * no client may take it for a roster it cached) with versions 1..n and keeps no removal
     * history (tombstones), and accounts get a new creation time.
     */
    private static void compare(Storage a, Storage b) throws Exception {
        String users = "SELECT username, sha1_salt, sha1_iterations, sha1_stored_key, sha1_server_key, sha256_salt, "
                + "sha256_iterations, sha256_stored_key, sha256_server_key FROM tern_users ORDER BY username";
        same(a, b, users);
        same(a, b, "SELECT owner, contact, name, subscription, ask_out, pending_in, approved, listed, request "
                + "FROM roster_item ORDER BY owner, contact");
        same(a, b, "SELECT owner, contact, position, name FROM roster_group ORDER BY owner, contact, position");
        same(a, b, "SELECT owner, jid FROM roster_block ORDER BY owner, jid");
        same(a, b, "SELECT username, sender, stored_at, byte_size, stanza FROM offline_message ORDER BY username, id");
        same(a, b, "SELECT owner FROM roster_version ORDER BY owner");
        for (String owner : Pie.rows(a, "SELECT owner FROM roster_version")) {
            assertNotEquals(Pie.rows(a, "SELECT epoch FROM roster_version WHERE owner = ?", owner),
                    Pie.rows(b, "SELECT epoch FROM roster_version WHERE owner = ?", owner), "new epoch for " + owner);
        }
        assertEquals(List.of("2|0"), Pie.rows(b, "SELECT version, min_version FROM roster_version WHERE owner = 'ann'"));
        assertEquals(List.of("1", "2"), Pie.rows(b, "SELECT version FROM roster_item WHERE owner = 'ann' AND listed "
                + "ORDER BY version"));
        assertEquals(List.of("0"), Pie.rows(b, "SELECT COUNT(*) FROM roster_tombstone"));
    }

    private static void same(Storage a, Storage b, String sql) throws Exception {
        List<String> before = Pie.rows(a, sql);
        assertTrue(!before.isEmpty(), "nothing to compare: " + sql);
        assertEquals(before, Pie.rows(b, sql), sql);
    }
}
