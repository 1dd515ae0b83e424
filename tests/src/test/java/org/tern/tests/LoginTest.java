package org.tern.tests;

import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6120 §5-§7: STARTTLS, SASL (SCRAM-SHA-1, -PLUS, SCRAM-SHA-256, PLAIN) and resource binding. */
class LoginTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("auth.failures-per-account", "3");
        server.addUser("alice", "wonderland");
        server.addUser("throttled", "right-password");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void scramSha1() throws Exception {
        XMPPTCPConnection c = Clients.login(server, "alice", "wonderland", "sha1", Clients.mechanism("SCRAM-SHA-1"));
        try {
            assertEquals("alice@localhost/sha1", c.getUser().toString());
            assertEquals("SCRAM-SHA-1", c.getUsedSaslMechansism());
            assertTrue(c.isSecureConnection());
        } finally {
            c.disconnect();
        }
    }

    /** RFC 5929 tls-server-end-point channel binding with SCRAM-SHA-256-PLUS. */
    @Test
    void scramSha256PlusWithChannelBinding() throws Exception {
        XMPPTCPConnection c = Clients.login(server, "alice", "wonderland", "plus", Clients.mechanism(ScramSha256Mechanism.PLUS));
        try {
            assertEquals(ScramSha256Mechanism.PLUS, c.getUsedSaslMechansism());
        } finally {
            c.disconnect();
        }
    }

    /** A client that sees a different certificate (a man in the middle) fails channel binding. */
    @Test
    void channelBindingMismatchIsRefused() throws Exception {
        ScramSha256Mechanism mitm = new ScramSha256Mechanism(true) {
            @Override
            protected byte[] channelBindingData() {
                return new byte[32];
            }

            @Override
            public String getName() {
                return "SCRAM-SHA-256-PLUS";
            }

            @Override
            public int getPriority() {
                return 1;
            }

            @Override
            protected org.jivesoftware.smack.sasl.SASLMechanism newInstance() {
                return this;
            }
        };
        org.jivesoftware.smack.SASLAuthentication.registerSASLMechanism(mitm);
        try {
            SASLErrorException e = assertThrows(SASLErrorException.class, () -> Clients.login(server, "alice", "wonderland",
                    "mitm", Clients.mechanism(ScramSha256Mechanism.PLUS)));
            assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
        } finally {
            org.jivesoftware.smack.SASLAuthentication.unregisterSASLMechanism(mitm.getClass().getName());
        }
    }

    @Test
    void scramSha256() throws Exception {
        XMPPTCPConnection c = Clients.login(server, "alice", "wonderland", "sha256", Clients.mechanism(ScramSha256Mechanism.NAME));
        try {
            assertEquals(ScramSha256Mechanism.NAME, c.getUsedSaslMechansism());
            assertEquals("alice@localhost/sha256", c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void plainOverTls() throws Exception {
        XMPPTCPConnection c = Clients.login(server, "alice", "wonderland", "plain", Clients.mechanism("PLAIN"));
        try {
            assertEquals("PLAIN", c.getUsedSaslMechansism());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void usernameIsCaseMapped() throws Exception {
        XMPPTCPConnection c = Clients.login(server, "ALICE", "wonderland", "caps", Clients.mechanism("SCRAM-SHA-1"));
        try {
            assertEquals("alice@localhost/caps", c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        SASLErrorException wrong = assertThrows(SASLErrorException.class,
                () -> Clients.login(server, "alice", "not-it", "x", Clients.mechanism("SCRAM-SHA-1")));
        assertEquals("not-authorized", wrong.getSASLFailure().getSASLErrorString());
        SASLErrorException unknown = assertThrows(SASLErrorException.class,
                () -> Clients.login(server, "nobody", "not-it", "x", Clients.mechanism("SCRAM-SHA-1")));
        assertEquals("not-authorized", unknown.getSASLFailure().getSASLErrorString());
        SASLErrorException plain = assertThrows(SASLErrorException.class,
                () -> Clients.login(server, "alice", "not-it", "x", Clients.mechanism("PLAIN")));
        assertEquals("not-authorized", plain.getSASLFailure().getSASLErrorString());
    }

    /** After auth.failures-per-account failures even the right password is refused for a while. */
    @Test
    void failedLoginsAreThrottledPerAccount() {
        for (int i = 0; i < 3; i++) {
            assertThrows(SASLErrorException.class,
                    () -> Clients.login(server, "throttled", "guess", "x", Clients.mechanism("SCRAM-SHA-1")));
        }
        SASLErrorException e = assertThrows(SASLErrorException.class,
                () -> Clients.login(server, "throttled", "right-password", "x", Clients.mechanism("SCRAM-SHA-1")));
        assertEquals("temporary-auth-failure", e.getSASLFailure().getSASLErrorString());
    }

    /** RFC 6120 §5.3.1: before TLS only STARTTLS is offered, and SASL is refused. */
    @Test
    void nothingButStartTlsBeforeEncryption() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.openStream();
            String features = c.expect("</stream:features>");
            assertTrue(features.contains("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"><required/></starttls>"), features);
            assertFalse(features.contains("mechanism"), features);
            String auth = Base64.getEncoder().encodeToString("\0alice\0wonderland".getBytes(StandardCharsets.UTF_8));
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + auth + "</auth>");
            assertTrue(c.expect("</failure>").contains("<encryption-required/>"));
        }
    }

    /** After TLS: the mechanisms, PLUS variants and the XEP-0440 channel-binding types. */
    @Test
    void mechanismsAfterTls() throws Exception {
        try (RawClient c = RawClient.connect(server)) {
            c.openStream();
            c.expect("</stream:features>");
            c.startTls();
            c.openStream();
            String features = c.expect("</stream:features>");
            for (String m : new String[] {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"}) {
                assertTrue(features.contains("<mechanism>" + m + "</mechanism>"), features);
            }
            assertTrue(features.contains("<channel-binding type=\"tls-server-end-point\"/>"), features);
        }
    }

    /** RFC 6120 §7.6: a client that asks for no resource gets one generated by the server. */
    @Test
    void serverGeneratesResource() throws Exception {
        try (RawClient c = RawClient.loggedIn(server, "alice", "wonderland", null)) {
            // loggedIn waited for </jid>; the jid came with it
            c.send("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            String pong = c.expect("id=\"p1\"");
            assertTrue(pong.contains("to=\"alice@localhost/tern-"), pong);
        }
    }

    @Test
    void invalidResourceIsRefused() throws Exception {
        try (RawClient c = RawClient.authenticated(server, "alice", "wonderland")) {
            String features = c.lastFeatures();
            assertTrue(features.contains("urn:ietf:params:xml:ns:xmpp-bind"), features);
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>\u0378bell</resource></bind></iq>");
            String reply = c.expect("</iq>");
            assertTrue(reply.contains("type=\"error\"") && reply.contains("<bad-request"), reply);
        }
    }
}
