package org.tern.tests;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6120 §4.9 and §11: bad and hostile input ends the offending stream with the named stream
 * error and the connection closed, while the server keeps serving everyone else.
 */
class HostileInputTest {
    static TestServer server;
    static XMPPTCPConnection bystander;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("stream.max-stanza-size", "4k", "stream.max-depth", "10",
                "stream.negotiation-timeout", "2s");
        server.addUser("mallory", "m-secret");
        server.addUser("bystander", "b-secret");
        bystander = Clients.login(server, "bystander", "b-secret", "watching", null);
    }

    @AfterAll
    static void stop() throws Exception {
        // whatever happened above, a well-behaved client is still served
        assertTrue(PingManager.getInstanceFor(bystander).pingMyServer());
        bystander.disconnect();
        server.close();
    }

    /** Sends raw bytes after the stream header, expects the stream error and the close. */
    private static void expectError(String afterHeader, String condition) throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.openStream();
            c.expect("</stream:features>");
            c.send(afterHeader);
            assertStreamError(c, condition);
        }
    }

    private static void assertStreamError(RawClient c, String condition) throws IOException {
        String rest = c.expectClosed();
        assertTrue(rest.contains("<stream:error><" + condition + " xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\""), rest);
        assertTrue(rest.contains("</stream:stream>"), rest);
    }

    private static void expectAuthenticatedError(String stanza, String condition) throws Exception {
        try (RawClient c = RawClient.loggedIn(server, "mallory", "m-secret", "evil")) {
            c.send(stanza);
            assertStreamError(c, condition);
        }
    }

    @Test
    void malformedXml() throws Exception {
        expectError("<message><body>unclosed</message>", "not-well-formed");
    }

    @Test
    void garbageInsteadOfAHeader() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            String rest = c.expectClosed();
            assertTrue(rest.contains("<stream:error><not-well-formed"), rest);
        }
    }

    @Test
    void dtdIsRestricted() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.send("<?xml version='1.0'?><!DOCTYPE stream [<!ENTITY lol 'lol'>]><stream:stream xmlns='jabber:client' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
            String rest = c.expectClosed();
            assertTrue(rest.contains("<stream:error><restricted-xml"), rest);
        }
    }

    @Test
    void billionLaughsIsRestrictedNotExpanded() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
        try (RawClient c = RawClient.connect(server)) {
            c.send(dtd.toString());
            assertTrue(c.expectClosed().contains("<restricted-xml"));
        }
    }

    @Test
    void commentIsRestricted() throws Exception {
        expectError("<!-- hello -->", "restricted-xml");
    }

    @Test
    void processingInstructionIsRestricted() throws Exception {
        expectError("<?evil data?>", "restricted-xml");
    }

    @Test
    void undeclaredEntityIsRestricted() throws Exception {
        expectAuthenticatedError("<message to='bystander@localhost'><body>&xxe;</body></message>", "restricted-xml");
    }

    @Test
    void oversizeStanzaIsAPolicyViolation() throws Exception {
        expectAuthenticatedError("<message to='bystander@localhost'><body>" + "x".repeat(8000) + "</body></message>",
                "policy-violation");
    }

    @Test
    void endlessStanzaIsCutOff() throws Exception {
        try (RawClient c = RawClient.loggedIn(server, "mallory", "m-secret", "endless")) {
            c.send("<message to='bystander@localhost'><body>");
            boolean closed = false;
            for (int i = 0; i < 100 && !closed; i++) {
                try {
                    c.send("y".repeat(1024));
                } catch (IOException e) {
                    closed = true;
                }
            }
            String rest = c.expectClosed();
            assertTrue(rest.contains("<policy-violation"), rest);
        }
    }

    @Test
    void deepNestingIsAPolicyViolation() throws Exception {
        expectAuthenticatedError("<message>" + "<a>".repeat(20) + "</a>".repeat(20) + "</message>", "policy-violation");
    }

    @Test
    void wrongStreamNamespace() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.send("<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
            assertTrue(c.expectClosed().contains("<invalid-namespace"));
        }
    }

    @Test
    void unknownHost() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0'>");
            assertTrue(c.expectClosed().contains("<host-unknown"));
        }
    }

    @Test
    void missingVersion() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>");
            assertTrue(c.expectClosed().contains("<unsupported-version"));
        }
    }

    @Test
    void stanzaBeforeAuthentication() throws Exception {
        expectError("<message to='bystander@localhost'><body>hi</body></message>", "not-authorized");
    }

    @Test
    void unknownTopLevelElement() throws Exception {
        expectAuthenticatedError("<foo xmlns='urn:example:foo'/>", "unsupported-stanza-type");
    }

    @Test
    void silentClientIsDroppedAfterNegotiationTimeout() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.send("<stream:stream xmlns='jabber:client'");  // never finishes the header
            String rest = c.expectClosed();
            assertTrue(rest.contains("<connection-timeout"), rest);
        }
    }

    @Test
    void tooManyFailedAuthenticationsCloseTheStream() throws Exception {
        try (RawClient c = RawClient.secured(server)) {
            for (int i = 0; i < 3; i++) {
                c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AG1hbGxvcnkAd3Jvbmc=</auth>");
                c.expect("</failure>");
            }
            assertStreamError(c, "policy-violation");
        }
    }
}
