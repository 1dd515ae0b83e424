package org.tern.tests.roster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.roster.Wire.jid;

/**
 * Deleting an account (`tern deluser`): its roster and block list go, and every other local
 * account's item for it is left as if it had sent unsubscribe and unsubscribed (RFC 6121 App. A.3).
 */
class AccountDeletionTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void deletedAccountLeavesConsistentRostersBehind() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");     // both
        String carol = Wire.newUser(server, "carol"); // follows alice
        String dave = Wire.newUser(server, "dave");   // followed by alice
        String erin = Wire.newUser(server, "erin");   // asked alice, no answer
        String frank = Wire.newUser(server, "frank"); // asked by alice, no answer
        Wire.befriend(server, alice, bob);
        Wire.follow(server, carol, alice);
        Wire.follow(server, alice, dave);
        try (RawClient e = Wire.bound(server, erin, "r")) {
            Wire.send(e, "<presence to='" + jid(alice) + "' type='subscribe'/>");
        }
        try (RawClient a = Wire.bound(server, alice, "r")) {
            Wire.send(a, "<presence to='" + jid(frank) + "' type='subscribe'/>");
            Wire.iq(a, "set", "<block xmlns='urn:xmpp:blocking'><item jid='spam.example'/></block>");
            Wire.iq(a, "set", "<query xmlns='jabber:iq:roster'><item jid='remote@example.org'><group>G</group></item></query>");
        }
        assertEquals("None + Pending In", RosterRows.state(server, frank, jid(alice)));

        try (RawClient a = Wire.online(server, alice, "r"); RawClient b = Wire.online(server, bob, "r");
             RawClient c = Wire.online(server, carol, "r")) {
            Wire.iq(b, "get", "<query xmlns='jabber:iq:roster'/>");
            Wire.iq(c, "get", "<query xmlns='jabber:iq:roster'/>");
            server.kernel().accounts().delete(alice);

            String atBob = Wire.sync(b);
            assertTrue(atBob.contains("<item jid=\"" + jid(alice) + "\" subscription=\"none\""), "bob's push: " + atBob);
            assertTrue(atBob.contains("type=\"unavailable\"") && atBob.contains("from=\"" + jid(alice) + "/r\""), atBob);
            assertTrue(atBob.contains("type=\"unsubscribe\"") && atBob.contains("type=\"unsubscribed\""), atBob);
            String atCarol = Wire.sync(c);
            assertTrue(atCarol.contains("<item jid=\"" + jid(alice) + "\" subscription=\"none\""), "carol's push: " + atCarol);
            a.expectClosed();
        }
        for (String table : new String[]{"roster_item", "roster_group", "roster_block", "roster_version", "roster_tombstone"}) {
            assertEquals(0, RosterRows.count(server, "SELECT COUNT(*) FROM " + table + " WHERE owner = ?", alice), table);
        }
        assertEquals("None", RosterRows.state(server, bob, jid(alice)));
        assertTrue(RosterRows.row(server, bob, jid(alice)).listed(), "bob keeps the item, without subscription");
        assertEquals("None", RosterRows.state(server, carol, jid(alice)));
        assertEquals("None", RosterRows.state(server, dave, jid(alice)));
        assertEquals("None", RosterRows.state(server, erin, jid(alice)));
        assertNull(RosterRows.row(server, frank, jid(alice)), "a request alone leaves no row");

        // A new account of the same name starts empty, and its version is not the old one's.
        server.addUser(alice, "pw-" + alice);
        try (RawClient again = Wire.bound(server, alice, "r")) {
            String roster = Wire.answer(Wire.iq(again, "get", "<query xmlns='jabber:iq:roster' ver=''/>"));
            assertFalse(roster.contains("<item"), roster);
            assertTrue(roster.contains("ver=\"0\""), roster);
            String blocks = Wire.answer(Wire.iq(again, "get", "<blocklist xmlns='urn:xmpp:blocking'/>"));
            assertFalse(blocks.contains("<item"), blocks);
        }
    }
}
