package org.tern.tests;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load-test settings: PLAIN and sessions without TLS, only behind server.load-testing. */
class LoadTestModeTest {
    @Test
    void plainWithoutTlsWhenLoadTestingIsOn() throws Exception {
        try (TestServer server = TestServer.start("server.load-testing", "true", "c2s.starttls", "optional",
                "auth.plain-without-tls", "true")) {
            server.addUser("tsung1", "t-secret");
            try (RawClient c = RawClient.connect(server)) {
                c.openStream();
                String features = c.expect("</stream:features>");
                assertTrue(features.contains("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/>"), features);
                assertTrue(features.contains("<mechanism>PLAIN</mechanism>"), features);
                c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHRzdW5nMQB0LXNlY3JldA==</auth>");
                c.expect("<success");
                c.openStream();
                c.expect("</stream:features>");
                c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
                assertTrue(c.expect("</iq>").contains("<jid>tsung1@localhost/"));
            }
        }
    }

    @Test
    void optionalTlsStillOffersTlsAndRefusesPlainWhenNotAllowed() throws Exception {
        try (TestServer server = TestServer.start("server.load-testing", "true", "c2s.starttls", "optional")) {
            try (RawClient c = RawClient.connect(server)) {
                c.openStream();
                String features = c.expect("</stream:features>");
                assertTrue(features.contains("<mechanism>SCRAM-SHA-256</mechanism>"), features);
                assertFalse(features.contains("PLAIN"), features);
            }
        }
    }

    @Test
    void refusedWithoutTheSwitch() {
        assertThrows(IllegalStateException.class, () -> TestServer.start("c2s.starttls", "optional").close());
        assertThrows(IllegalStateException.class, () -> TestServer.start("auth.plain-without-tls", "true").close());
    }
}
