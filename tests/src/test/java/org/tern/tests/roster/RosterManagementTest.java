package org.tern.tests.roster;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.roster.Wire.jid;

/** RFC 6121 §2: roster get, set, remove, pushes, and the errors of §2.3.3 and §2.5.3. */
class RosterManagementTest {
    static TestServer server;
    static String lena;
    static RawClient lenaRaw;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        lena = Wire.newUser(server, "lena");
        lenaRaw = Wire.bound(server, lena, "raw");
    }

    @AfterAll
    static void stop() throws Exception {
        lenaRaw.close();
        server.close();
    }

    static XMPPTCPConnection smack(String user, String resource) throws Exception {
        XMPPTCPConnection c = Clients.login(server, user, "pw-" + user, resource, null);
        Roster.getInstanceFor(c).reloadAndWait();
        return c;
    }

    static BareJid bare(String user) throws Exception {
        return JidCreate.bareFrom(jid(user));
    }

    /** §2.3.2, §2.1.6: a change reaches every resource that asked for the roster, and only those. */
    @Test
    void changesArePushedToEveryInterestedResource() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");
        XMPPTCPConnection phone = smack(alice, "phone");
        XMPPTCPConnection laptop = smack(alice, "laptop");
        try (RawClient uninterested = Wire.bound(server, alice, "watch")) {
            Roster atPhone = Roster.getInstanceFor(phone);
            Roster atLaptop = Roster.getInstanceFor(laptop);

            atPhone.createItem(bare(bob), "Bob", new String[]{"Friends", "Work"});
            Eventually.await("the laptop learns of bob", () -> atLaptop.getEntry(bob(bob)) != null);
            RosterEntry seen = atLaptop.getEntry(bob(bob));
            assertEquals("Bob", seen.getName());
            assertEquals(2, seen.getGroups().size());
            assertEquals(RosterPacket.ItemType.none, seen.getType());
            assertFalse(seen.isSubscriptionPending());

            seen.setName("Robert");
            Eventually.await("the phone sees the rename", () -> "Robert".equals(atPhone.getEntry(bob(bob)).getName()));

            atPhone.removeEntry(atPhone.getEntry(bob(bob)));
            Eventually.await("the laptop sees the removal", () -> atLaptop.getEntry(bob(bob)) == null);

            String unasked = Wire.sync(uninterested);
            assertFalse(unasked.contains("jabber:iq:roster"), "a resource that never asked got a push: " + unasked);
            String roster = Wire.iq(uninterested, "get", "<query xmlns='jabber:iq:roster'/>");
            assertFalse(roster.contains(jid(bob)), roster);
        } finally {
            phone.disconnect();
            laptop.disconnect();
        }
    }

    private static BareJid bob(String bob) {
        return JidCreate.bareFromOrThrowUnchecked(jid(bob));
    }

    /** §2.1.2.5: in a roster set, subscription values other than "remove" are ignored. */
    @Test
    void subscriptionAttributeOtherThanRemoveIsIgnored() throws Exception {
        String contact = jid(Wire.newUser(server, "ignored"));
        String reply = Wire.iq(lenaRaw, "set", "<query xmlns='jabber:iq:roster'><item jid='" + contact
                + "' subscription='both' ask='subscribe' approved='true'/></query>");
        assertTrue(Wire.answer(reply).contains("type=\"result\""), reply);
        String roster = Wire.iq(lenaRaw, "get", "<query xmlns='jabber:iq:roster'/>");
        int at = roster.indexOf("jid=\"" + contact + "\"");
        assertTrue(at > 0, roster);
        String item = roster.substring(roster.lastIndexOf("<item", at), roster.indexOf(">", at));
        assertTrue(item.contains("subscription=\"none\""), item);
        assertFalse(item.contains("ask="), item);
        assertFalse(item.contains("approved="), item);
    }

    /** §2.3.3 and §2.5.3: each invalid roster set gets its error and changes nothing. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "two items|bad-request|<item jid='x1@localhost'/><item jid='x2@localhost'/>",
            "no item|bad-request|",
            "item without jid|bad-request|<item name='n'/>",
            "invalid jid|bad-request|<item jid='a@b@c'/>",
            "full jid|bad-request|<item jid='x3@localhost/res'/>",
            "duplicate groups|bad-request|<item jid='x4@localhost'><group>G</group><group>G</group></item>",
            "unknown subscription value|bad-request|<item jid='x5@localhost' subscription='sometimes'/>",
            "empty group|not-acceptable|<item jid='x6@localhost'><group/></item>",
            "removal of an unknown item|item-not-found|<item jid='x7@localhost' subscription='remove'/>",
    })
    void invalidSetsAreRefused(String what, String condition, String items) throws Exception {
        String reply = Wire.answer(Wire.iq(lenaRaw, "set", "<query xmlns='jabber:iq:roster'>"
                + (items == null ? "" : items) + "</query>"));
        assertTrue(reply.contains("type=\"error\"") && reply.contains("<" + condition + " "), what + ": " + reply);
        String roster = Wire.iq(lenaRaw, "get", "<query xmlns='jabber:iq:roster'/>");
        assertFalse(roster.contains("x1@") || roster.contains("x2@") || roster.contains("x4@") || roster.contains("x6@"),
                roster);
    }

    /** §2.3.3: names and group names longer than the server's limit get not-acceptable. */
    @Test
    void overlongNameOrGroupIsNotAcceptable() throws Exception {
        String longText = "n".repeat(1024);
        String name = Wire.answer(Wire.iq(lenaRaw, "set",
                "<query xmlns='jabber:iq:roster'><item jid='long1@localhost' name='" + longText + "'/></query>"));
        assertTrue(name.contains("<not-acceptable "), name);
        String group = Wire.answer(Wire.iq(lenaRaw, "set",
                "<query xmlns='jabber:iq:roster'><item jid='long2@localhost'><group>" + longText + "</group></item></query>"));
        assertTrue(group.contains("<not-acceptable "), group);
        String fits = Wire.answer(Wire.iq(lenaRaw, "set", "<query xmlns='jabber:iq:roster'><item jid='long3@localhost' name='"
                + "n".repeat(1023) + "'/></query>"));
        assertTrue(fits.contains("type=\"result\""), fits);
    }

    /** The account's own JID cannot be a contact: not-allowed. */
    @Test
    void ownJidIsNotAllowed() throws Exception {
        String reply = Wire.answer(Wire.iq(lenaRaw, "set", "<query xmlns='jabber:iq:roster'><item jid='" + jid(lena) + "'/></query>"));
        assertTrue(reply.contains("<not-allowed "), reply);
    }

    /** §2.3.3: only the account's own resources may read or change its roster: forbidden. */
    @Test
    void anotherAccountsRosterIsForbidden() throws Exception {
        String other = jid(Wire.newUser(server, "other"));
        String set = Wire.answer(Wire.iq(lenaRaw, "set", other, "<query xmlns='jabber:iq:roster'><item jid='z@localhost'/></query>"));
        assertTrue(set.contains("<forbidden "), set);
        String get = Wire.answer(Wire.iq(lenaRaw, "get", other, "<query xmlns='jabber:iq:roster'/>"));
        assertTrue(get.contains("<forbidden "), get);
        // Addressed to its own bare JID, it is the account's own roster.
        String own = Wire.answer(Wire.iq(lenaRaw, "get", jid(lena), "<query xmlns='jabber:iq:roster'/>"));
        assertTrue(own.contains("type=\"result\""), own);
    }

    /** roster.max-items: one item more than the limit gets not-acceptable; updates still work. */
    @Test
    void rosterSizeIsBounded() throws Exception {
        try (TestServer small = TestServer.start("roster.max-items", "3")) {
            small.addUser("max", "pw-max");
            small.addUser("peer", "pw-peer");
            XMPPTCPConnection c = Clients.login(small, "max", "pw-max", "r", null);
            try {
                Roster roster = Roster.getInstanceFor(c);
                roster.reloadAndWait();
                for (int i = 0; i < 3; i++) {
                    roster.createItem(JidCreate.bareFrom("item" + i + "@localhost"), "i" + i, null);
                }
                XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                        () -> roster.createItem(JidCreate.bareFrom("item3@localhost"), "i3", null));
                assertEquals(StanzaError.Condition.not_acceptable, e.getStanzaError().getCondition());
                roster.createItem(JidCreate.bareFrom("item0@localhost"), "renamed", null);
                Eventually.await("rename pushed", () -> "renamed".equals(
                        roster.getEntry(JidCreate.bareFromOrThrowUnchecked("item0@localhost")).getName()));
                assertEquals(3, roster.getEntryCount());
            } finally {
                c.disconnect();
            }
            // A subscription request that would add a fourth item is refused the same way.
            try (RawClient raw = Wire.bound(small, "max", "raw")) {
                raw.send("<presence to='peer@localhost' type='subscribe' id='s1'/>");
                String back = raw.expect("</presence>");
                assertTrue(back.contains("type=\"error\"") && back.contains("<not-acceptable "), back);
                assertNull(RosterRows.row(small, "max", "peer@localhost"));
            }
        }
    }

    /** A large roster comes back whole, in one answer and with its groups. */
    @Test
    void aThousandItemRosterLoads() throws Exception {
        String big = Wire.newUser(server, "big");
        List<String> contacts = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            contacts.add("contact" + i + "@example.org");
        }
        RosterRows.insertItems(server, big, contacts, 10);
        XMPPTCPConnection c = smack(big, "r");
        try {
            Roster roster = Roster.getInstanceFor(c);
            assertEquals(1000, roster.getEntryCount());
            assertEquals(10, roster.getGroupCount());
            RosterEntry e = roster.getEntry(JidCreate.bareFrom("contact777@example.org"));
            assertNotNull(e);
            assertEquals("Contact 777", e.getName());
            assertEquals(List.of("G7"), e.getGroups().stream().map(g -> g.getName()).toList());
            // The roster stays usable: one more item is pushed like any other.
            roster.createItem(JidCreate.bareFrom("one-more@example.org"), null, null);
            Eventually.await("the push of the 1001st item", () -> roster.getEntryCount() == 1001);
        } finally {
            c.disconnect();
        }
    }
}
