package org.tern.tests.muc;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.tern.tests.TestServer;

/**
 * One server per test class with the MUC users (erin is a service admin, muc.admins), and alice,
 * bob and carol logged in for each test.
 */
abstract class MucTestBase {
    static TestServer server;
    XMPPTCPConnection alice;
    XMPPTCPConnection bob;
    XMPPTCPConnection carol;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start("muc.admins", "erin@localhost");
        MucSupport.addUsers(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void login() throws Exception {
        alice = MucSupport.login(server, "alice");
        bob = MucSupport.login(server, "bob");
        carol = MucSupport.login(server, "carol");
    }

    @AfterEach
    void logout() {
        alice.disconnect();
        bob.disconnect();
        carol.disconnect();
    }
}
