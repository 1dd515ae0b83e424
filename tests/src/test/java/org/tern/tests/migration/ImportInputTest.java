package org.tern.tests.migration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tern.tests.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to {@code tern import}: each refusal names its file and line, and an account is
 * imported whole or not at all.
 */
class ImportInputTest {
    static final String HEAD = "<?xml version='1.0' encoding='UTF-8'?>\n";
    static final String OPEN = "<server-data xmlns='urn:xmpp:pie:0' xmlns:xi='http://www.w3.org/2001/XInclude'>\n";

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    Path data() {
        return dir.resolve("data");
    }

    static List<String> accounts(TestServer server) throws Exception {
        return Pie.rows(server.kernel().storage(), "SELECT username FROM tern_users ORDER BY username");
    }

    /** XML 1.0 well-formedness: a broken file stops the import before anything is written, with its line. */
    @Test
    void malformedXmlNamesTheLineAndImportsNothing() throws Exception {
        Path main = write("main.xml", HEAD + OPEN + "  <xi:include href='host.xml'/>\n</server-data>\n");
        write("host.xml", HEAD
                + "<host xmlns='urn:xmpp:pie:0' jid='localhost'>\n"
                + "  <user name='amy' password='a'/>\n"
                + "  <user name='ben' password='b'/>\n"
                + "  <user name='cy' password='c'><query xmlns='jabber:iq:roster'><item jid='a@b'></query></user>\n"
                + "</host>\n");
        Pie.Run r = Pie.importInto(data(), main);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains(dir.resolve("host.xml") + ":5:"), r.all());
        assertTrue(r.err().contains("malformed XML"), r.all());
        assertTrue(r.err().contains("nothing was imported"), r.all());
        try (TestServer s = Pie.serve(data())) {
            assertEquals(List.of(), accounts(s));
        }
    }

    /** A file cut short (a copy that did not finish) is refused as a whole, the accounts before the cut too. */
    @Test
    void fileEndingHalfWayImportsNothing() throws Exception {
        String full = HEAD + OPEN + "<host jid='localhost'>\n"
                + "  <user name='amy' password='a'/>\n"
                + "  <user name='ben' password='b'><query xmlns='jabber:iq:roster'><item jid='amy@localhost'/></query></user>\n"
                + "</host>\n</server-data>\n";
        Path main = write("main.xml", full.substring(0, full.indexOf("<item")));
        Pie.Run r = Pie.importInto(data(), main);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("main.xml:5:"), r.all());
        assertTrue(r.err().contains("the file ends before its elements are closed"), r.all());
        try (TestServer s = Pie.serve(data())) {
            assertEquals(List.of(), accounts(s));
        }
    }

    /** XEP-0227 §4: unknown data SHOULD be ignored and the operator SHOULD be told. */
    @Test
    void unknownElementsAreIgnoredAndReported() throws Exception {
        Path main = write("main.xml", HEAD + OPEN
                + "  <stats xmlns='urn:example:stats' users='1'/>\n"
                + "  <host jid='localhost'>\n"
                + "    <origin xmlns='urn:example:origin'/>\n"
                + "    <user name='amy' password='a'>\n"
                + "      <prefs xmlns='urn:example:prefs'><theme>dark</theme></prefs>\n"
                + "      <query xmlns='jabber:iq:private'><x xmlns='urn:example:p'/></query>\n"
                + "      <query xmlns='jabber:iq:roster'>\n"
                + "        <item jid='ben@localhost' subscription='both'><group>G</group><flag xmlns='urn:example:f'/></item>\n"
                + "      </query>\n"
                + "    </user>\n"
                + "  </host>\n"
                + "</server-data>\n");
        Pie.Run r = Pie.importInto(data(), main);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("imported 1 (0 replaced), skipped 0 existing, rejected 0"), r.all());
        Map<Integer, String> expected = Map.of(
                3, "note: <stats xmlns='urn:example:stats'> in <server-data/> ignored",
                5, "note: <origin xmlns='urn:example:origin'> in <host/> ignored",
                7, "amy@localhost: note: <prefs xmlns='urn:example:prefs'> ignored",
                8, "amy@localhost: note: <query xmlns='jabber:iq:private'> ignored: private XML storage (XEP-0049) is not kept",
                10, "amy@localhost: note: roster item ben@localhost: <flag/> ignored");
        for (Map.Entry<Integer, String> e : expected.entrySet()) {
            assertTrue(r.out().contains(main + ":" + e.getKey() + ":"), "line " + e.getKey() + ": " + r.all());
            assertTrue(r.out().contains(e.getValue()), e.getValue() + " in " + r.all());
        }
        try (TestServer s = Pie.serve(data())) {
            assertEquals(List.of("ben@localhost|both|G"), Pie.rows(s.kernel().storage(), "SELECT i.contact, i.subscription, "
                    + "g.name FROM roster_item i JOIN roster_group g ON g.owner = i.owner AND g.contact = i.contact"));
        }
    }

    /**
     * RFC 7622 addresses: an invalid JID anywhere in an account rejects that account, whole (one
     * transaction: its valid roster items, requests and messages are not written); the others go in.
     */
    @Test
    void invalidJidsRejectTheirAccountAndNothingOfIt() throws Exception {
        Path main = write("main.xml", HEAD + OPEN + "<host jid='localhost'>\n"
                + "<user name='amy' password='a'/>\n"
                + "<user name='ben' password='b'>\n"
                + "  <presence xmlns='jabber:client' type='subscribe' from='amy@localhost'/>\n"
                + "  <offline-messages><message xmlns='jabber:client' from='amy@localhost' type='chat'><body>hi</body></message></offline-messages>\n"
                + "  <query xmlns='jabber:iq:roster'>\n"
                + "    <item jid='carol@localhost' subscription='both'/>\n"
                + "    <item jid='bad@@jid' subscription='both'/>\n"
                + "  </query>\n"
                + "</user>\n"
                + "<user name='c d' password='c'/>\n"
                + "<user name='eve' password='e'><presence type='subscribe' from='x@y@z'/></user>\n"
                + "<user name='fay' password='f'><offline-messages><message xmlns='jabber:client' to='amy@localhost'><body>x</body></message></offline-messages></user>\n"
                + "</host>\n</server-data>\n");
        Pie.Run r = Pie.importInto(data(), main);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("imported 1 (0 replaced), skipped 0 existing, rejected 4"), r.all());
        assertTrue(r.err().contains(main + ":10:"), r.all());
        assertTrue(r.err().contains("ben@localhost: rejected: roster item: 'bad@@jid' is not a valid JID (RFC 7622)"), r.all());
        assertTrue(r.err().contains(main + ":13:"), r.all());
        assertTrue(r.err().contains("rejected: 'c d' is not a valid username (RFC 7622)"), r.all());
        assertTrue(r.err().contains(main + ":14:"), r.all());
        assertTrue(r.err().contains("eve@localhost: rejected: subscription request: 'x@y@z' is not a valid JID"), r.all());
        assertTrue(r.err().contains(main + ":15:"), r.all());
        assertTrue(r.err().contains("fay@localhost: rejected: offline message addressed to amy@localhost, not to fay@localhost"),
                r.all());
        try (TestServer s = Pie.serve(data())) {
            assertEquals(List.of("amy"), accounts(s));
            assertEquals(List.of("0|0|0"), Pie.rows(s.kernel().storage(), "SELECT (SELECT COUNT(*) FROM roster_item), "
                    + "(SELECT COUNT(*) FROM offline_message), (SELECT COUNT(*) FROM roster_version)"));
        }
    }

    /** Duplicate accounts and accounts of another domain (XEP-0227 §4.1: the operator is told of the mismatch). */
    @Test
    void duplicatesAndForeignHostsAreRejectedWithTheirPlace() throws Exception {
        Path main = write("main.xml", HEAD + OPEN
                + "<host jid='LocalHost'>\n"
                + "  <user name='Alice' password='a'/>\n"
                + "  <user name='alice' password='b'/>\n"
                + "</host>\n"
                + "<host jid='example.org'>\n"
                + "  <user name='xavier' password='x'/>\n"
                + "</host>\n"
                + "<host><user name='nohost' password='n'/></host>\n"
                + "</server-data>\n");
        Pie.Run r = Pie.importInto(data(), main);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains(main + ":4:"), r.all());
        assertTrue(r.out().contains("alice@localhost: note: name 'Alice' stored as 'alice' (RFC 7622 normalisation)"), r.all());
        assertTrue(r.err().contains(main + ":5:"), r.all());
        assertTrue(r.err().contains("alice@localhost: rejected: the account appears twice; first at " + main + ":4:"), r.all());
        assertTrue(r.err().contains(main + ":8:"), r.all());
        assertTrue(r.err().contains("xavier@example.org: rejected: host example.org is not this server's domain (localhost)"),
                r.all());
        assertTrue(r.err().contains("rejected: its <host/> has no 'jid'"), r.all());
        try (TestServer s = Pie.serve(data())) {
            assertEquals(List.of("alice"), accounts(s));
        }
        // the first of the two keeps its password
        assertTrue(r.out().contains("imported 1 (0 replaced), skipped 0 existing, rejected 3"), r.all());
    }

    /** No DOCTYPE, so no entities: nothing of the local file system leaks through an import (RFC 6120 §11.1's rule, kept here). */
    @Test
    void doctypeIsRefused() throws Exception {
        Path main = write("main.xml", HEAD
                + "<!DOCTYPE server-data [<!ENTITY secret SYSTEM 'file:///etc/hostname'>]>\n"
                + OPEN + "<host jid='localhost'><user name='amy' password='&secret;'/></host></server-data>\n");
        Pie.Run r = Pie.importInto(data(), main);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("nothing was imported"), r.all());
        assertTrue(r.err().contains("DOCTYPE is not allowed") || r.err().contains("malformed XML"), r.all());
        Path secret = Path.of("/etc/hostname");
        if (Files.isReadable(secret)) {
            String hostname = Files.readString(secret).strip();
            assertFalse(!hostname.isEmpty() && r.all().contains(hostname), r.all());
        }
    }

    /**
     * XEP-0227 §5: includes with a relative href (no parse, no xpointer) are followed, as a child of
     * server-data, of host, and of user; one deeper in a user's data is data. Nothing else is
     * followed: each refusal stops the import before anything is written.
     */
    @Test
    void includesAreFollowedByTheRulesAndNothingElse() throws Exception {
        write("in/alice.xml", HEAD + "<user xmlns='urn:xmpp:pie:0' xmlns:xi='http://www.w3.org/2001/XInclude' name='alice' password='a'>\n"
                + "  <xi:include href='parts/alice%20roster.xml'/>\n"
                + "  <offline-messages><message xmlns='jabber:client' from='ben@localhost' type='chat'><body>see</body>"
                + "<xi:include href='parts/never.xml'/></message></offline-messages>\n"
                + "</user>\n");
        write("in/parts/alice roster.xml", HEAD + "<query xmlns='jabber:iq:roster'><item jid='ben@localhost' subscription='to'/></query>\n");
        write("in/host.xml", HEAD + "<host xmlns='urn:xmpp:pie:0' xmlns:xi='http://www.w3.org/2001/XInclude' jid='localhost'>\n"
                + "  <xi:include href='alice.xml'/>\n</host>\n");
        Path main = write("in/main.xml", HEAD + OPEN + "  <xi:include href='host.xml'/>\n</server-data>\n");
        Pie.Run ok = Pie.importInto(data(), main);
        assertEquals(0, ok.exit(), ok.all());
        try (TestServer s = Pie.serve(data())) {
            assertEquals(List.of("ben@localhost|to"), Pie.rows(s.kernel().storage(),
                    "SELECT contact, subscription FROM roster_item WHERE owner = 'alice'"));
            String stanza = Pie.rows(s.kernel().storage(), "SELECT stanza FROM offline_message").get(0);
            assertTrue(stanza.contains("<include xmlns=\"http://www.w3.org/2001/XInclude\" href=\"parts/never.xml\"/>"), stanza);
        }

        write("outside.xml", HEAD + "<host xmlns='urn:xmpp:pie:0' jid='localhost'><user name='mallory' password='m'/></host>\n");
        write("bad/a.xml", HEAD + "<host xmlns='urn:xmpp:pie:0' xmlns:xi='http://www.w3.org/2001/XInclude' jid='localhost'>"
                + "<xi:include href='u.xml'/></host>\n");
        write("bad/u.xml", HEAD + "<user xmlns='urn:xmpp:pie:0' xmlns:xi='http://www.w3.org/2001/XInclude' name='u' password='p'>"
                + "<xi:include href='u.xml'/></user>\n");
        Map<String, String> refused = Map.of(
                "<xi:include href='http://127.0.0.1:1/x.xml'/>", "only relative references to files are followed, never URLs",
                "<xi:include href='file:///etc/passwd'/>", "never URLs or absolute paths",
                "<xi:include href='/etc/passwd'/>", "never URLs or absolute paths",
                "<xi:include href='../outside.xml'/>", "leaves",
                "<xi:include href='a.xml' xpointer='element(/1)'/>", "'xpointer' or 'fragid' is not supported",
                "<xi:include href='a.xml' parse='text'/>", "parse='text' is not supported",
                "<xi:include href='a.xml'/>", "include cycle",
                "<xi:include href='missing.xml'/>", "does not exist");
        int n = 0;
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Path bad = write("bad/main" + n + ".xml", HEAD + OPEN + "  " + e.getKey() + "\n</server-data>\n");
            Pie.Run r = Pie.importInto(dir.resolve("data-bad" + n++), bad);
            assertEquals(1, r.exit(), e.getKey() + ": " + r.all());
            assertTrue(r.err().contains(e.getValue()), e.getKey() + ": " + r.all());
            assertTrue(r.err().contains("nothing was imported"), r.all());
        }
    }
}
