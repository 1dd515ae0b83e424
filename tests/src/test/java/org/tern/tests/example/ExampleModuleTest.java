package org.tern.tests.example;

import org.junit.jupiter.api.Test;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented example module plugs in through the SPI and works over the wire. */
class ExampleModuleTest {
    @Test
    void uptimeModuleAnswersAndCounts() throws Exception {
        // Offline storage would take the undeliverable message; this test shows the kernel's bounce.
        try (TestServer server = TestServer.start(List.of(new UptimeModule()), "uptime.enabled", "true",
                "offline.enabled", "false")) {
            server.addUser("olga", "o-secret");
            try (RawClient c = RawClient.loggedIn(server, "olga", "o-secret", "r")) {
                c.send("<iq type='get' id='u1' to='localhost'><uptime xmlns='urn:example:uptime'/></iq>");
                String reply = c.expect("</iq>");
                assertTrue(reply.contains("type=\"result\"") && reply.contains("undelivered=\"0\""), reply);
                // olga exists but has no available resource: undeliverable, counted, then bounced
                c.send("<message to='olga@localhost/elsewhere' type='chat' id='m2'><body>x</body></message>");
                assertTrue(c.expect("</message>").contains("service-unavailable"));
                c.send("<iq type='get' id='u2' to='localhost'><uptime xmlns='urn:example:uptime'/></iq>");
                String second = c.expect("</iq>");
                assertTrue(second.contains("undelivered=\"1\""), second);
            }
        }
    }

    @Test
    void disabledByDefault() throws Exception {
        try (TestServer server = TestServer.start(List.of(new UptimeModule()))) {
            server.addUser("olga", "o-secret");
            try (RawClient c = RawClient.loggedIn(server, "olga", "o-secret", "r")) {
                c.send("<iq type='get' id='u1' to='localhost'><uptime xmlns='urn:example:uptime'/></iq>");
                String reply = c.expect("</iq>");
                assertTrue(reply.contains("type=\"error\"") && reply.contains("service-unavailable"), reply);
            }
        }
    }
}
