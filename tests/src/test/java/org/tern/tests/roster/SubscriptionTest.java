package org.tern.tests.roster;

import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.roster.Wire.jid;

/** RFC 6121 §3 and §4: subscriptions as clients use them, and presence between contacts. */
class SubscriptionTest {
    static TestServer server;
    static Roster.SubscriptionMode previousMode;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        // Smack's default answers every request with 'unsubscribed'; these tests answer themselves.
        previousMode = Roster.getDefaultSubscriptionMode();
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
    }

    @AfterAll
    static void stop() throws Exception {
        Roster.setDefaultSubscriptionMode(previousMode);
        server.close();
    }

    static XMPPTCPConnection smack(String user) throws Exception {
        XMPPTCPConnection c = Clients.login(server, user, "pw-" + user, "smack", null);
        Roster.getInstanceFor(c).reloadAndWait();
        return c;
    }

    static BareJid bare(String user) {
        return JidCreate.bareFromOrThrowUnchecked(jid(user));
    }

    static RosterPacket.ItemType type(Roster roster, String user) {
        RosterEntry e = roster.getEntry(bare(user));
        return e == null ? null : e.getType();
    }

    /** §3.1: a request, its approval and one back, as Smack does them; then presence flows, and stops. */
    @Test
    void subscribingBothWaysWithSmack() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");
        XMPPTCPConnection a = smack(alice);
        XMPPTCPConnection b = smack(bob);
        try {
            Roster atAlice = Roster.getInstanceFor(a);
            Roster atBob = Roster.getInstanceFor(b);
            atBob.addSubscribeListener((from, p) -> SubscribeListener.SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
            atAlice.addSubscribeListener((from, p) -> SubscribeListener.SubscribeAnswer.Approve);

            atAlice.createItemAndRequestSubscription(bare(bob), "Bob", null);
            Eventually.await("alice: both", () -> type(atAlice, bob) == RosterPacket.ItemType.both);
            Eventually.await("bob: both", () -> type(atBob, alice) == RosterPacket.ItemType.both);
            Eventually.await("alice sees bob online", () -> atAlice.getPresence(bare(bob)).isAvailable());
            Eventually.await("bob sees alice online", () -> atBob.getPresence(bare(alice)).isAvailable());
            assertEquals("Bob", atAlice.getEntry(bare(bob)).getName());

            b.disconnect();
            Eventually.await("alice sees bob leave", () -> !atAlice.getPresence(bare(bob)).isAvailable());
        } finally {
            a.disconnect();
            b.disconnect();
        }
    }

    /** §3.1.3: a request to an offline user waits, comes at the next login, and at every login until answered. */
    @Test
    void requestToAnOfflineUserWaitsAndComesBackUntilAnswered() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");
        try (RawClient a = Wire.bound(server, alice, "r")) {
            Wire.send(a, "<presence to='" + jid(bob) + "' type='subscribe'><status>let me in</status></presence>");
        }
        RosterRows.Row pending = RosterRows.row(server, bob, jid(alice));
        assertTrue(pending.pendingIn() && !pending.listed(), "kept as pending in, not in the roster: " + pending);
        for (int login = 0; login < 2; login++) {
            try (RawClient b = Wire.bound(server, bob, "r" + login)) {
                String atLogin = Wire.send(b, "<presence/>");
                assertTrue(atLogin.contains("type=\"subscribe\"") && atLogin.contains("from=\"" + jid(alice) + "\"")
                        && atLogin.contains("let me in"), "login " + login + ": " + atLogin);
                String roster = Wire.iq(b, "get", "<query xmlns='jabber:iq:roster'/>");
                assertFalse(roster.contains(jid(alice)), "a request alone is no roster item (App. A.1): " + roster);
                if (login == 1) {
                    Wire.send(b, "<presence to='" + jid(alice) + "' type='subscribed'/>");
                }
            }
        }
        try (RawClient b = Wire.bound(server, bob, "after")) {
            String atLogin = Wire.send(b, "<presence/>");
            assertFalse(atLogin.contains("type=\"subscribe\""), "answered, so not again: " + atLogin);
        }
        assertEquals("To", RosterRows.state(server, alice, jid(bob)));
        assertEquals("From", RosterRows.state(server, bob, jid(alice)));
    }

    /** §3.4: a pre-approved request is approved at once; the user is not asked. */
    @Test
    void preApprovedRequestIsApprovedWithoutAsking() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");
        XMPPTCPConnection b = smack(bob);
        try {
            Roster atBob = Roster.getInstanceFor(b);
            AtomicInteger asked = new AtomicInteger();
            atBob.addSubscribeListener((from, p) -> {
                asked.incrementAndGet();
                return null;
            });
            assertTrue(atBob.isSubscriptionPreApprovalSupported());
            atBob.preApprove(bare(alice));
            Eventually.await("pre-approval pushed", () -> atBob.getEntry(bare(alice)) != null
                    && atBob.getEntry(bare(alice)).isApproved());
            assertEquals(RosterPacket.ItemType.none, type(atBob, alice));

            try (RawClient a = Wire.online(server, alice, "r")) {
                String back = Wire.send(a, "<presence to='" + jid(bob) + "' type='subscribe'/>");
                assertTrue(back.contains("type=\"subscribed\"") && back.contains("from=\"" + jid(bob) + "\""), back);
                assertTrue(back.contains("from=\"" + jid(bob) + "/smack\""), "bob's presence follows: " + back);
            }
            Eventually.await("bob: from", () -> type(atBob, alice) == RosterPacket.ItemType.from);
            assertFalse(atBob.getEntry(bare(alice)).isApproved());
            assertEquals(0, asked.get(), "bob was asked");
            assertEquals("To", RosterRows.state(server, alice, jid(bob)));
        } finally {
            b.disconnect();
        }
    }

    /** §3.4.2: 'unsubscribed' withdraws a pre-approval; the next request is asked again. */
    @Test
    void preApprovalCanBeWithdrawn() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");
        try (RawClient b = Wire.online(server, bob, "r")) {
            Wire.send(b, "<presence to='" + jid(alice) + "' type='subscribed'/>");
            assertTrue(RosterRows.row(server, bob, jid(alice)).approved());
            Wire.send(b, "<presence to='" + jid(alice) + "' type='unsubscribed'/>");
            assertFalse(RosterRows.row(server, bob, jid(alice)).approved());
            try (RawClient a = Wire.bound(server, alice, "r")) {
                Wire.send(a, "<presence to='" + jid(bob) + "' type='subscribe'/>");
            }
            String asked = Wire.sync(b);
            assertTrue(asked.contains("type=\"subscribe\""), asked);
            assertEquals("None + Pending In", RosterRows.state(server, bob, jid(alice)));
        }
    }

    /** §2.5.3: removing a contact cancels both subscriptions; the contact sees the user go offline. */
    @Test
    void removingAContactCancelsBothDirections() throws Exception {
        String alice = Wire.newUser(server, "alice");
        String bob = Wire.newUser(server, "bob");
        Wire.befriend(server, alice, bob);
        try (RawClient a = Wire.online(server, alice, "r"); RawClient b = Wire.online(server, bob, "r")) {
            Wire.iq(b, "get", "<query xmlns='jabber:iq:roster'/>");
            String done = Wire.answer(Wire.iq(a, "set",
                    "<query xmlns='jabber:iq:roster'><item jid='" + jid(bob) + "' subscription='remove'/></query>"));
            assertTrue(done.contains("type=\"result\""), done);
            String atBob = Wire.sync(b);
            assertTrue(atBob.contains("type=\"unsubscribe\"") && atBob.contains("type=\"unsubscribed\""), atBob);
            assertTrue(atBob.contains("from=\"" + jid(alice) + "/r\"") && atBob.contains("type=\"unavailable\""), atBob);
            assertTrue(atBob.contains("<item jid=\"" + jid(alice) + "\" subscription=\"none\""), "bob's push: " + atBob);
        }
        assertNull(RosterRows.row(server, alice, jid(bob)));
        assertEquals("None", RosterRows.state(server, bob, jid(alice)));
        assertTrue(RosterRows.row(server, bob, jid(alice)).listed(), "bob keeps alice in his roster");
    }

    /**
     * §4.2-4.5: initial presence goes to subscribers and probes the contacts the user is
     * subscribed to; updates and unavailable go to subscribers only.
     */
    @Test
    void presenceReachesSubscribersAndProbesContacts() throws Exception {
        String dora = Wire.newUser(server, "dora");
        String eve = Wire.newUser(server, "eve");     // both
        String frank = Wire.newUser(server, "frank"); // dora follows frank: dora gets his presence, not he hers
        String carol = Wire.newUser(server, "carol"); // carol follows dora
        Wire.befriend(server, dora, eve);
        Wire.follow(server, dora, frank);
        Wire.follow(server, carol, dora);
        try (RawClient e = Wire.online(server, eve, "r"); RawClient f = Wire.online(server, frank, "r");
             RawClient c = Wire.online(server, carol, "r"); RawClient d = Wire.bound(server, dora, "r")) {
            String atDora = Wire.send(d, "<presence><status>hello</status></presence>");
            assertTrue(atDora.contains("<presence from=\"" + jid(eve) + "/r\""), "probe answered by eve: " + atDora);
            assertTrue(atDora.contains("<presence from=\"" + jid(frank) + "/r\""), "probe answered by frank: " + atDora);
            assertFalse(atDora.contains("from=\"" + jid(carol) + "/r\""), "dora has no subscription to carol: " + atDora);
            String doraSays = "from=\"" + jid(dora) + "/r\"";
            assertTrue(Wire.sync(e).contains(doraSays));
            assertTrue(Wire.sync(c).contains(doraSays));
            assertFalse(Wire.sync(f).contains(doraSays), "frank is not subscribed to dora");

            Wire.send(d, "<presence><show>dnd</show><status>busy</status></presence>");
            assertTrue(Wire.sync(e).contains("busy"));
            assertTrue(Wire.sync(c).contains("busy"));
            assertFalse(Wire.sync(f).contains("busy"));

            Wire.send(d, "<presence type='unavailable'/>");
            assertTrue(Wire.sync(e).contains("type=\"unavailable\""));
            assertTrue(Wire.sync(c).contains("type=\"unavailable\""));
            assertFalse(Wire.sync(f).contains(doraSays));
        }
    }

    /** §4.6: whoever got directed presence gets unavailable when the session ends, available or not. */
    @Test
    void directedPresenceIsEndedByUnavailable() throws Exception {
        String dora = Wire.newUser(server, "dora");
        String grace = Wire.newUser(server, "grace");
        try (RawClient g = Wire.online(server, grace, "r")) {
            RawClient available = Wire.online(server, dora, "available");
            Wire.send(available, "<presence to='" + jid(grace) + "'><status>psst</status></presence>");
            assertTrue(Wire.sync(g).contains("psst"));
            available.close();
            String gone = g.expect("type=\"unavailable\"");
            assertTrue(gone.contains("from=\"" + jid(dora) + "/available\""), gone);

            RawClient never = Wire.bound(server, dora, "never");
            Wire.send(never, "<presence to='" + jid(grace) + "'/>");
            assertTrue(Wire.sync(g).contains("from=\"" + jid(dora) + "/never\""));
            never.close();
            String gone2 = g.expect("type=\"unavailable\"");
            assertTrue(gone2.contains("from=\"" + jid(dora) + "/never\""), gone2);
        }
    }

    /**
     * §4.3.2: a probe from someone without a subscription reveals nothing. The 'unsubscribed'
     * answer lets a server that wrongly believes in a subscription correct it.
     */
    @Test
    void probeFromANonSubscriberRevealsNothingAndRepairsTheSubscription() throws Exception {
        String dora = Wire.newUser(server, "dora");
        String mallory = Wire.newUser(server, "mallory");
        // Mallory's server believes in a subscription dora's side does not have (say, after a
        // restore from an old backup): written to the table before either ever logged in.
        RosterRows.insert(server, mallory, jid(dora), "to");
        try (RawClient d = Wire.online(server, dora, "r"); RawClient m = Wire.bound(server, mallory, "r")) {
            Wire.iq(m, "get", "<query xmlns='jabber:iq:roster'/>");
            String back = Wire.send(m, "<presence/>");
            assertFalse(back.contains("from=\"" + jid(dora) + "/r\""), "dora's presence leaked: " + back);
            assertTrue(back.contains("type=\"unsubscribed\"") && back.contains("from=\"" + jid(dora) + "\""), back);
            assertTrue(back.contains("<item jid=\"" + jid(dora) + "\" subscription=\"none\""), "mallory's push: " + back);
            assertEquals("None", RosterRows.state(server, mallory, jid(dora)));
            // A probe sent by hand gets the same: nothing about dora.
            String manual = Wire.send(m, "<presence to='" + jid(dora) + "' type='probe'/>");
            assertFalse(manual.contains("from=\"" + jid(dora) + "/r\""), manual);
            assertFalse(Wire.sync(d).contains("probe"), "probes are the server's business");
        }
    }
}
