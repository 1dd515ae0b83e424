package org.tern.tests.roster;

import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.rosterstore.DirectoryRosterStore;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roster versioning: RFC 6121 §2.6 and XEP-0237. */
class RosterVersioningTest {
    private static final Pattern VER = Pattern.compile("ver=\"([^\"]*)\"");
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String ver(String text) {
        Matcher m = VER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertNotNull(last, "no ver in " + text);
        return last;
    }

    static String get(RawClient c, String version) throws Exception {
        return Wire.answer(Wire.iq(c, "get", "<query xmlns='jabber:iq:roster' ver='" + version + "'/>"));
    }

    static void set(RawClient c, String item) throws Exception {
        String reply = Wire.answer(Wire.iq(c, "set", "<query xmlns='jabber:iq:roster'>" + item + "</query>"));
        assertTrue(reply.contains("type=\"result\""), reply);
    }

    /** §2.6.1: the stream feature, offered with subscription pre-approval (§3.4). */
    @Test
    void streamFeaturesAdvertiseVersioningAndPreApproval() throws Exception {
        String user = Wire.newUser(server, "feat");
        try (RawClient c = RawClient.authenticated(server, user, "pw-" + user)) {
            assertTrue(c.lastFeatures().contains("<ver xmlns=\"urn:xmpp:features:rosterver\""), c.lastFeatures());
            assertTrue(c.lastFeatures().contains("<sub xmlns=\"urn:xmpp:features:pre-approval\""), c.lastFeatures());
        }
    }

    /** §2.6.3: an empty 'ver' gets the whole roster with its version; the current one, an empty result. */
    @Test
    void currentVersionGetsAnEmptyResult() throws Exception {
        String user = Wire.newUser(server, "ver");
        try (RawClient c = Wire.bound(server, user, "r")) {
            set(c, "<item jid='a@example.org' name='A'/>");
            String full = get(c, "");
            assertTrue(full.contains("jid=\"a@example.org\""), full);
            String version = ver(full);
            String same = get(c, version);
            assertTrue(same.matches("(?s)<iq [^>]*type=\"result\"[^>]*/>"), "expected an empty result: " + same);
            String unknown = get(c, "no-such-version");
            assertTrue(unknown.contains("jid=\"a@example.org\"") && ver(unknown).equals(version), unknown);
        }
    }

    /**
     * §2.6.3: a client holding an older version gets an empty result, then one push per change
     * since, in order, each with the version after it; the last one is the current version.
     */
    @Test
    void olderVersionGetsTheChangesAsPushes() throws Exception {
        String user = Wire.newUser(server, "inc");
        String old;
        try (RawClient editor = Wire.bound(server, user, "editor")) {
            set(editor, "<item jid='keep@example.org' name='Keep'/>");
            set(editor, "<item jid='gone@example.org'/>");
            old = ver(get(editor, ""));
            set(editor, "<item jid='new@example.org' name='New'><group>G</group></item>");
            set(editor, "<item jid='keep@example.org' name='Kept'/>");
            set(editor, "<item jid='gone@example.org' subscription='remove'/>");
        }
        try (RawClient later = Wire.bound(server, user, "later")) {
            String answer = get(later, old);
            assertTrue(answer.matches("(?s)<iq [^>]*type=\"result\"[^>]*/>"), "expected an empty result: " + answer);
            String pushes = Wire.sync(later);
            List<String> order = new ArrayList<>();
            Matcher m = Pattern.compile("<item jid=\"([^\"]+)\"").matcher(pushes);
            while (m.find()) {
                order.add(m.group(1));
            }
            assertEquals(List.of("new@example.org", "keep@example.org", "gone@example.org"), order, pushes);
            assertTrue(pushes.lastIndexOf("<item ") < pushes.indexOf("id=\"sync"),
                    "the pushes come before the answer to the client's next stanza: " + pushes);
            assertTrue(pushes.contains("name=\"Kept\"") && pushes.contains("<group>G</group>")
                    && pushes.contains("jid=\"gone@example.org\" subscription=\"remove\""), pushes);
            String current = ver(get(later, ""));
            assertEquals(current, ver(pushes), "the last push carries the current version");
            List<String> versions = new ArrayList<>();
            Matcher v = VER.matcher(pushes);
            while (v.find()) {
                versions.add(v.group(1));
            }
            assertEquals(3, versions.size());
            assertEquals(3, versions.stream().distinct().count(), "each push has its own version: " + versions);
            assertNotEquals(old, current);
            // Up to date now: nothing more.
            assertTrue(get(later, current).matches("(?s)<iq [^>]*type=\"result\"[^>]*/>"));
            assertFalse(Wire.sync(later).contains("jabber:iq:roster"));
        }
    }

    /** Live pushes carry the version too, so a client that stays connected stays current. */
    @Test
    void pushesCarryTheNewVersion() throws Exception {
        String user = Wire.newUser(server, "live");
        try (RawClient watcher = Wire.bound(server, user, "watch"); RawClient editor = Wire.bound(server, user, "edit")) {
            String before = ver(get(watcher, ""));
            set(editor, "<item jid='x@example.org'/>");
            String push = Wire.sync(watcher);
            assertTrue(push.contains("jid=\"x@example.org\""), push);
            String pushed = ver(push);
            assertNotEquals(before, pushed);
            assertTrue(get(watcher, pushed).matches("(?s)<iq [^>]*type=\"result\"[^>]*/>"));
        }
    }

    /** Smack with a roster store: the second login is served from the store plus what changed. */
    @Test
    void smackKeepsItsStoredRosterCurrent(@TempDir Path dir) throws Exception {
        String user = Wire.newUser(server, "smackver");
        DirectoryRosterStore store = DirectoryRosterStore.init(dir.toFile());
        XMPPTCPConnection first = Clients.login(server, user, "pw-" + user, "a", null);
        try {
            Roster r = Roster.getInstanceFor(first);
            assertTrue(r.isRosterVersioningSupported());
            r.setRosterStore(store);
            r.reloadAndWait();
            String loaded = store.getRosterVersion();
            r.createItem(JidCreate.bareFrom("one@example.org"), "One", null);
            // Only the version file is polled: Smack writes it after the entry's file, and reading an
            // entry's file while Smack writes it makes Smack delete it as corrupt.
            Eventually.await("push stored", () -> store.getRosterVersion() != null && !store.getRosterVersion().equals(loaded));
            assertNotNull(store.getEntry(JidCreate.bareFrom("one@example.org")), "the pushed item is in the store");
        } finally {
            first.disconnect();
        }
        String stored = store.getRosterVersion();
        try (RawClient other = Wire.bound(server, user, "other")) {
            set(other, "<item jid='two@example.org' name='Two'/>");
        }
        XMPPTCPConnection second = Clients.login(server, user, "pw-" + user, "b", null);
        try {
            Roster r = Roster.getInstanceFor(second);
            r.setRosterStore(store);
            r.reloadAndWait();
            Eventually.await("both items", () -> r.getEntryCount() == 2);
            assertEquals("Two", r.getEntry(JidCreate.bareFrom("two@example.org")).getName());
            assertEquals("One", r.getEntry(JidCreate.bareFrom("one@example.org")).getName());
            Eventually.await("store updated", () -> store.getRosterVersion() != null && !stored.equals(store.getRosterVersion()));
        } finally {
            second.disconnect();
        }
    }
}
