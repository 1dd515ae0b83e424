package org.tern.tests.roster;

import org.junit.jupiter.api.Test;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.roster.Wire.jid;

/** Rosters, versions, block lists and pending requests live in the database and survive a restart. */
class RosterRestartTest {
    @Test
    void everythingSurvivesARestart() throws Exception {
        try (TestServer server = TestServer.start()) {
            String alice = Wire.newUser(server, "alice");
            String bob = Wire.newUser(server, "bob");
            String carol = Wire.newUser(server, "carol");
            String mallory = Wire.newUser(server, "mallory");
            Wire.befriend(server, alice, bob);
            String version;
            try (RawClient a = Wire.bound(server, alice, "r")) {
                Wire.iq(a, "set", "<query xmlns='jabber:iq:roster'><item jid='" + jid(bob)
                        + "' name='Bobby'><group>Friends</group></item></query>");
                Wire.iq(a, "set", "<block xmlns='urn:xmpp:blocking'><item jid='" + jid(mallory) + "'/></block>");
                version = RosterVersioningTest.ver(Wire.iq(a, "get", "<query xmlns='jabber:iq:roster' ver=''/>"));
            }
            try (RawClient c = Wire.bound(server, carol, "r")) {
                Wire.send(c, "<presence to='" + jid(alice) + "' type='subscribe'><status>remember me</status></presence>");
            }

            server.restart();

            try (RawClient b = Wire.online(server, bob, "r"); RawClient a = Wire.bound(server, alice, "r");
                 RawClient m = Wire.online(server, mallory, "r")) {
                String same = Wire.answer(Wire.iq(a, "get", "<query xmlns='jabber:iq:roster' ver='" + version + "'/>"));
                assertTrue(same.matches("(?s)<iq [^>]*type=\"result\"[^>]*/>"), "the version survived: " + same);
                String roster = Wire.iq(a, "get", "<query xmlns='jabber:iq:roster'/>");
                assertTrue(roster.contains("<item jid=\"" + jid(bob) + "\" name=\"Bobby\" subscription=\"both\">"
                        + "<group>Friends</group></item>"), roster);
                String blocks = Wire.iq(a, "get", "<blocklist xmlns='urn:xmpp:blocking'/>");
                assertTrue(blocks.contains("jid=\"" + jid(mallory) + "\""), blocks);

                String atLogin = Wire.send(a, "<presence/>");
                assertTrue(atLogin.contains("type=\"subscribe\"") && atLogin.contains("remember me"), atLogin);
                assertTrue(atLogin.contains("<presence from=\"" + jid(bob) + "/r\""), "bob's presence: " + atLogin);
                assertTrue(Wire.sync(b).contains("from=\"" + jid(alice) + "/r\""), "bob sees alice");

                String refused = Wire.send(m, "<message to='" + jid(alice) + "' id='m1'><body>x</body></message>");
                assertTrue(refused.contains("<service-unavailable "), refused);
            }
        }
    }
}
