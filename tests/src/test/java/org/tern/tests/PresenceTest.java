package org.tern.tests;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6121 §4: presence among an account's own resources, and directed presence. */
class PresenceTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("dora", "d-secret");
        server.addUser("eve", "e-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void ownResourcesSeeEachOtherComeAndGo() throws Exception {
        XMPPTCPConnection first = Clients.login(server, "dora", "d-secret", "one", null);
        try (StanzaCollector atFirst = first.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE,
                FromMatchesFilter.createFull(JidCreate.from("dora@localhost/two"))))) {
            XMPPTCPConnection second = Clients.login(server, "dora", "d-secret", "two",
                    b -> b.setSendPresence(false));
            try (StanzaCollector atSecond = second.createStanzaCollector(StanzaTypeFilter.PRESENCE)) {
                second.sendStanza(second.getStanzaFactory().buildPresenceStanza().setStatus("on the train")
                        .setPriority(5).build());
                Presence p = atFirst.nextResult(10_000);
                assertNotNull(p);
                assertEquals(Presence.Type.available, p.getType());
                assertEquals("on the train", p.getStatus());
                assertEquals(5, p.getPriority());
                // the newly available resource learns of the one already there
                Presence existing = atSecond.nextResult(10_000);
                assertNotNull(existing);
                assertEquals("dora@localhost/one", existing.getFrom().toString());
            }
            second.disconnect();
            Presence gone = atFirst.nextResult(10_000);
            assertNotNull(gone, "no unavailable presence after the other resource left");
            assertEquals(Presence.Type.unavailable, gone.getType());
        } finally {
            first.disconnect();
        }
    }

    /** RFC 6121 §4.2.2: the resource that sent the presence gets it too (it is subscribed to itself). */
    @Test
    void senderGetsItsOwnBroadcastPresence() throws Exception {
        try (RawClient c = RawClient.loggedIn(server, "dora", "d-secret", "mirror")) {
            c.send("<presence><status>looking</status></presence>");
            String got = c.expect("</presence>");
            assertTrue(got.contains("from=\"dora@localhost/mirror\"") && got.contains("looking"), got);
        }
    }

    @Test
    void directedPresenceReachesAvailableResources() throws Exception {
        XMPPTCPConnection dora = Clients.login(server, "dora", "d-secret", "directed", null);
        XMPPTCPConnection eve = Clients.login(server, "eve", "e-secret", "desk", null);
        try (StanzaCollector atEve = eve.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE,
                FromMatchesFilter.createBare(JidCreate.from("dora@localhost"))))) {
            dora.sendStanza(dora.getStanzaFactory().buildPresenceStanza().to(JidCreate.from("eve@localhost"))
                    .setStatus("psst").build());
            Presence p = atEve.nextResult(10_000);
            assertNotNull(p);
            assertEquals("psst", p.getStatus());
            assertEquals("dora@localhost/directed", p.getFrom().toString());
        } finally {
            dora.disconnect();
            eve.disconnect();
        }
    }
}
