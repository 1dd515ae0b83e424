package org.tern.tests.mobile;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0198 stream management: acks, hibernation, resumption, and what happens when it times out. */
class StreamManagementTest {
    static final String SM = "urn:xmpp:sm:3";
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("mia", "m-secret");
        server.addUser("sender", "s-secret");
        // Its own account: a message another test left unacknowledged would be flushed from
        // offline storage first and hold the live ones behind it (covered by resumeDuringOfflineFlush).
        server.addUser("rosa", "r-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String attr(String xml, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(xml);
        assertTrue(m.find(), "no " + name + " in " + xml);
        return m.group(1);
    }

    private static void chat(XMPPTCPConnection from, String to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat)
                .setBody(body).build());
    }

    /** §3, §4: enable after binding; the server counts what it handled and answers r with a. */
    @Test
    void enableAndCountInbound() throws Exception {
        try (RawClient c = RawClient.loggedIn(server, "mia", "m-secret", "count")) {
            c.send("<enable xmlns='urn:xmpp:sm:3'/>");
            String enabled = c.expect("/>");
            assertTrue(enabled.contains("<enabled xmlns=\"" + SM + "\""), enabled);
            assertFalse(enabled.contains("resume="), "resumption was not asked for");
            for (int i = 0; i < 3; i++) {
                c.send("<iq type='get' id='p" + i + "'><ping xmlns='urn:xmpp:ping'/></iq>");
                c.expect("id=\"p" + i + "\"");
            }
            c.send("<r xmlns='urn:xmpp:sm:3'/>");
            c.expect("<a xmlns=\"" + SM + "\"");
            assertEquals("3", attr(c.expect("/>"), "h"));
        }
    }

    @Test
    void enableBeforeBindingFails() throws Exception {
        try (RawClient c = RawClient.authenticated(server, "mia", "m-secret")) {
            assertTrue(c.lastFeatures().contains("<sm xmlns=\"" + SM + "\"/>"), c.lastFeatures());
            c.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
            assertTrue(c.expect("</failed>").contains("<unexpected-request"));
        }
    }

    /** The server asks for acks after stream-management.ack-every stanzas (5 by default). */
    @Test
    void serverRequestsAcks() throws Exception {
        XMPPTCPConnection sender = Clients.login(server, "sender", "s-secret");
        try (RawClient c = RawClient.loggedIn(server, "mia", "m-secret", "acks")) {
            c.send("<enable xmlns='urn:xmpp:sm:3'/>");
            c.expect("<enabled");
            for (int i = 0; i < 5; i++) {
                chat(sender, "mia@localhost/acks", "m" + i);
            }
            String got = c.expect("<r xmlns=\"" + SM + "\"/>");
            assertTrue(got.contains("m4"), got);
            c.send("<a xmlns='urn:xmpp:sm:3' h='5'/>");
            c.send("<iq type='get' id='alive'><ping xmlns='urn:xmpp:ping'/></iq>");
            c.expect("id=\"alive\"");
        } finally {
            sender.disconnect();
        }
    }

    /** §4: acknowledging stanzas that were never sent ends the stream. */
    @Test
    void handledCountTooHigh() throws Exception {
        try (RawClient c = RawClient.loggedIn(server, "mia", "m-secret", "high")) {
            c.send("<enable xmlns='urn:xmpp:sm:3'/>");
            c.expect("<enabled");
            c.send("<a xmlns='urn:xmpp:sm:3' h='7'/>");
            String rest = c.expectClosed();
            assertTrue(rest.contains("<undefined-condition") && rest.contains("handled-count-too-high"), rest);
        }
    }

    /**
     * §5: the connection of a resumable session drops; stanzas sent to it meanwhile, and those it
     * never acknowledged, arrive in order on the new connection; a second resumption is refused.
     */
    @Test
    void resumeAfterConnectionLoss() throws Exception {
        XMPPTCPConnection sender = Clients.login(server, "sender", "s-secret");
        String id;
        try (RawClient first = RawClient.loggedIn(server, "rosa", "r-secret", "phone")) {
            first.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
            String enabled = first.expect("/>");
            id = attr(enabled, "id");
            assertEquals("true", attr(enabled, "resume"));
            first.send("<presence/>");
            chat(sender, "rosa@localhost/phone", "before-1"); // seen but not acknowledged
            first.expect("before-1");
        } // the socket closes without </stream:stream>: the session hibernates
        waitUntil(() -> server.kernel().sessions().of(org.tern.core.jid.Jid.parse("rosa@localhost")).stream()
                .anyMatch(org.tern.core.session.ClientSession::isHibernated));
        for (int i = 1; i <= 3; i++) {
            chat(sender, "rosa@localhost", "during-" + i);
        }
        try (RawClient second = RawClient.authenticated(server, "rosa", "r-secret")) {
            second.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
            String resumed = second.expect("/>");
            assertTrue(resumed.contains("<resumed xmlns=\"" + SM + "\""), resumed);
            // The one message the first connection saw comes again; acknowledging it lets offline
            // storage, which holds the later ones behind it to keep XEP-0160 order, send the rest.
            String all = second.expect("before-1");
            int seen = stanzas(all); // everything the first connection got came again (it acknowledged nothing)
            second.send("<a xmlns='urn:xmpp:sm:3' h='" + seen + "'/>");
            all += second.expect("during-3");
            int b = all.indexOf("before-1");
            int d1 = all.indexOf("during-1");
            int d2 = all.indexOf("during-2");
            assertTrue(b >= 0 && b < d1 && d1 < d2 && d2 < all.indexOf("during-3"), all);
            second.send("<iq type='get' id='here'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertTrue(second.expect("id=\"here\"").contains("to=\"rosa@localhost/phone\""));

            try (RawClient third = RawClient.authenticated(server, "rosa", "r-secret")) {
                third.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
                assertTrue(third.expect("</failed>").contains("<item-not-found"), "an already resumed session");
            }
        } finally {
            sender.disconnect();
        }
    }

    /**
     * A resumable session drops while the offline flush still waits for the ack of a stored
     * message: on resumption the stored message and the live ones queued behind it arrive in
     * order, each once, and nothing stays in storage.
     */
    @Test
    void resumeDuringOfflineFlush() throws Exception {
        try (TestServer own = TestServer.start()) {
            own.addUser("mia", "m-secret");
            own.addUser("sender", "s-secret");
            XMPPTCPConnection sender = Clients.login(own, "sender", "s-secret");
            try {
                chat(sender, "mia@localhost", "stored-1");
                waitUntil(() -> own.offlineCount("mia") == 1);
                String id;
                try (RawClient first = RawClient.loggedIn(own, "mia", "m-secret", "phone")) {
                    first.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
                    id = attr(first.expect("/>"), "id");
                    first.send("<presence/>");
                    first.expect("stored-1");
                    chat(sender, "mia@localhost/phone", "live-1"); // behind the unacknowledged stored one
                    chat(sender, "mia@localhost", "live-2");
                    waitUntil(() -> own.offlineCount("mia") == 3);
                }
                waitUntil(() -> own.kernel().sessions().of(org.tern.core.jid.Jid.parse("mia@localhost")).stream()
                        .anyMatch(org.tern.core.session.ClientSession::isHibernated));
                try (RawClient second = RawClient.authenticated(own, "mia", "m-secret")) {
                    second.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
                    assertTrue(second.expect("/>").contains("<resumed"));
                    String all = second.expect("stored-1");
                    second.send("<a xmlns='urn:xmpp:sm:3' h='" + stanzas(all) + "'/>");
                    all += second.expect("live-2");
                    assertEquals(1, count(all, "stored-1"), all);
                    assertEquals(1, count(all, "live-1"), all);
                    int s1 = all.indexOf("stored-1");
                    int l1 = all.indexOf("live-1");
                    assertTrue(s1 < l1 && l1 < all.indexOf("live-2"), all);
                    second.send("<a xmlns='urn:xmpp:sm:3' h='" + stanzas(all) + "'/>");
                    waitUntil(() -> own.offlineCount("mia") == 0);
                }
            } finally {
                sender.disconnect();
            }
        }
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void unknownResumptionIdIsItemNotFound() throws Exception {
        try (RawClient c = RawClient.authenticated(server, "mia", "m-secret")) {
            c.send("<resume xmlns='urn:xmpp:sm:3' previd='no-such-session' h='0'/>");
            assertTrue(c.expect("</failed>").contains("<item-not-found"));
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            assertTrue(c.expect("</iq>").contains("<jid>"), "the client may bind after a failed resumption");
        }
    }

    /** Smack's own stream management: instant loss of the socket, automatic resumption on reconnect. */
    @Test
    void smackResumesItsSession() throws Exception {
        XMPPTCPConnection sender = Clients.login(server, "sender", "s-secret");
        XMPPTCPConnection mia = Clients.login(server, "mia", "m-secret", "smack", b -> { });
        try {
            mia.setUseStreamManagement(true);
            mia.setUseStreamManagementResumption(true);
            mia.disconnect();
            mia.connect().login();
            assertTrue(mia.isSmEnabled() && mia.isSmResumptionPossible(), "stream management on");
            try (StanzaCollector in = mia.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
                mia.instantShutdown();
                waitUntil(() -> server.kernel().sessions().of(org.tern.core.jid.Jid.parse("mia@localhost")).stream()
                        .anyMatch(org.tern.core.session.ClientSession::isHibernated));
                chat(sender, "mia@localhost/smack", "while away");
                mia.connect().login();
                assertTrue(mia.streamWasResumed(), "Smack resumed");
                Message m = in.nextResult(10_000);
                assertNotNull(m, "the message sent while the connection was down did not arrive");
                assertEquals("while away", m.getBody());
            }
        } finally {
            mia.disconnect();
            sender.disconnect();
        }
    }

    /**
     * After the resumption timeout the session ends; its unacknowledged messages are never lost:
     * offline storage takes them when it is enabled, otherwise their senders get an error.
     */
    @Test
    void resumptionTimeoutReroutesUnacknowledgedMessages() throws Exception {
        try (TestServer quick = TestServer.start("stream-management.resume-timeout", "1s")) {
            quick.addUser("mia", "m-secret");
            quick.addUser("sender", "s-secret");
            XMPPTCPConnection sender = Clients.login(quick, "sender", "s-secret");
            try (StanzaCollector errors = sender.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
                try (RawClient c = RawClient.loggedIn(quick, "mia", "m-secret", "phone")) {
                    c.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
                    c.expect("<enabled");
                    c.send("<presence/><iq type='get' id='sync'><ping xmlns='urn:xmpp:ping'/></iq>");
                    c.expect("id=\"sync\"");
                    chat(sender, "mia@localhost", "unacked");
                    c.expect("unacked");
                }
                chat(sender, "mia@localhost", "queued");
                boolean offline = quick.kernel().modules().contains("offline");
                if (offline) {
                    waitUntil(() -> quick.kernel().sessions().count() == 1); // only the sender is left
                    try (RawClient back = RawClient.loggedIn(quick, "mia", "m-secret", "again")) {
                        back.send("<presence/>");
                        String got = back.expect("queued");
                        assertTrue(got.indexOf("unacked") < got.indexOf("queued"), got);
                    }
                } else {
                    Message e1 = errors.nextResult(10_000);
                    Message e2 = errors.nextResult(10_000);
                    assertNotNull(e1, "no error for the unacknowledged message");
                    assertNotNull(e2, "no error for the queued message");
                    assertEquals(Message.Type.error, e1.getType());
                    assertEquals("unacked", e1.getBody());
                    assertEquals("queued", e2.getBody());
                }
            } finally {
                sender.disconnect();
            }
        }
    }

    /** Top-level stanzas in received text (these tests exchange no nested stanzas). */
    static int stanzas(String xml) {
        int n = 0;
        for (String start : new String[] {"<message ", "<presence ", "<iq "}) {
            for (int at = xml.indexOf(start); at >= 0; at = xml.indexOf(start, at + 1)) {
                n++;
            }
        }
        return n;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(20);
        }
    }
}
