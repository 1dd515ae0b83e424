package org.tern.tests;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resource conflicts (RFC 6120 §7.7.2.2) and spoofed addresses (§8.1.2.1). */
class SessionRulesTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("henry", "h-secret");
        server.addUser("ivy", "i-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void newSessionReplacesOldOneWithConflict() throws Exception {
        try (RawClient old = RawClient.loggedIn(server, "henry", "h-secret", "same")) {
            XMPPTCPConnection fresh = Clients.login(server, "henry", "h-secret", "same", null);
            try {
                String rest = old.expectClosed();
                assertTrue(rest.contains("<stream:error><conflict xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\""), rest);
                assertTrue(fresh.isAuthenticated());
            } finally {
                fresh.disconnect();
            }
        }
    }

    @Test
    void rejectPolicyRefusesTheNewBind() throws Exception {
        try (TestServer strict = TestServer.start("session.resource-conflict", "reject")) {
            strict.addUser("henry", "h-secret");
            try (RawClient first = RawClient.loggedIn(strict, "henry", "h-secret", "only")) {
                try (RawClient second = RawClient.authenticated(strict, "henry", "h-secret")) {
                    second.send("<iq type='set' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>only</resource></bind></iq>");
                    String reply = second.expect("</iq>");
                    assertTrue(reply.contains("<conflict xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\""), reply);
                }
                first.send("<iq type='get' id='still'><ping xmlns='urn:xmpp:ping'/></iq>");
                assertTrue(first.expect("id=\"still\"").length() > 0, "the first session lives on");
            }
        }
    }

    /** session.max-resources: the next bind gets resource-constraint (RFC 6120 §7.6.2.1); the others live on. */
    @Test
    void tooManyResources() throws Exception {
        try (TestServer limited = TestServer.start("session.max-resources", "2")) {
            limited.addUser("henry", "h-secret");
            try (RawClient one = RawClient.loggedIn(limited, "henry", "h-secret", "one");
                 RawClient two = RawClient.loggedIn(limited, "henry", "h-secret", "two");
                 RawClient three = RawClient.authenticated(limited, "henry", "h-secret")) {
                three.send("<iq type='set' id='b3'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>three</resource></bind></iq>");
                String reply = three.expect("</iq>");
                assertTrue(reply.contains("type=\"wait\"") && reply.contains("<resource-constraint"), reply);
                one.send("<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>");
                one.expect("id=\"p\"");
                assertEquals(2, limited.kernel().sessions().count());
            }
        }
    }

    @Test
    void spoofedFromEndsTheStreamAndNothingIsDelivered() throws Exception {
        XMPPTCPConnection ivy = Clients.login(server, "ivy", "i-secret", "inbox", null);
        try (StanzaCollector in = ivy.createStanzaCollector(StanzaTypeFilter.MESSAGE);
             RawClient henry = RawClient.loggedIn(server, "henry", "h-secret", "spoofer")) {
            henry.send("<message from='ivy@localhost/inbox' to='ivy@localhost' type='chat'><body>it is me, ivy</body></message>");
            String rest = henry.expectClosed();
            assertTrue(rest.contains("<invalid-from"), rest);
            assertNull(in.nextResult(1000), "a spoofed message was delivered");
        } finally {
            ivy.disconnect();
        }
    }

    @Test
    void ownBareJidAsFromIsAccepted() throws Exception {
        XMPPTCPConnection ivy = Clients.login(server, "ivy", "i-secret", "inbox2", null);
        try (StanzaCollector in = ivy.createStanzaCollector(StanzaTypeFilter.MESSAGE);
             RawClient henry = RawClient.loggedIn(server, "henry", "h-secret", "honest")) {
            henry.send("<message from='henry@localhost' to='ivy@localhost' type='chat'><body>hi</body></message>");
            var m = in.nextResult(10_000);
            assertTrue(m != null && "henry@localhost/honest".equals(m.getFrom().toString()), String.valueOf(m));
            assertFalse(henry.isClosedByServer());
        } finally {
            ivy.disconnect();
        }
    }

    @Test
    void malformedToGetsJidMalformed() throws Exception {
        try (RawClient c = RawClient.loggedIn(server, "henry", "h-secret", "typo")) {
            c.send("<message to='a@b@c' id='m1' type='chat'><body>x</body></message>");
            String reply = c.expect("</message>");
            assertTrue(reply.contains("<jid-malformed"), reply);
            c.send("<iq type='get' id='alive'><ping xmlns='urn:xmpp:ping'/></iq>");
            c.expect("id=\"alive\"");
        }
    }
}
