package org.tern.tests.roster;

import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.concurrent.atomic.AtomicInteger;

/** Raw-socket helpers for the roster tests: logins and round trips that make a test wait for the server. */
final class Wire {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final AtomicInteger USERS = new AtomicInteger();

    private Wire() {
    }

    /** A fresh account name, so tests sharing a server never see each other's rosters. */
    static String newUser(TestServer server, String prefix) throws Exception {
        String name = prefix + USERS.incrementAndGet();
        server.addUser(name, "pw-" + name);
        return name;
    }

    static String jid(String user) {
        return user + "@" + TestServer.DOMAIN;
    }

    /** Logged in with a bound resource, no presence sent. */
    static RawClient bound(TestServer server, String user, String resource) throws Exception {
        return RawClient.loggedIn(server, user, "pw-" + user, resource);
    }

    /** Logged in and available (initial presence sent and processed). */
    static RawClient online(TestServer server, String user, String resource) throws Exception {
        RawClient c = bound(server, user, resource);
        send(c, "<presence/>");
        return c;
    }

    /**
     * Round trips that make the test wait for the server. A client's stanzas are handled in order,
     * each to the end (routing, the other side's storage), so once the answer to a ping comes back,
     * everything it sent before has been dealt with. What other threads handed to this client's
     * connection by then is written before the answer to a second ping (the first answer may
     * overtake it: the event loop answers a read before it runs queued writes). So the returned
     * text is everything that reached the client because of what anyone did before.
     */
    static String sync(RawClient c) throws Exception {
        return send(c, "");
    }

    /**
     * Sends stanzas with the first ping in one write (two small writes would wait on TCP's delayed
     * acknowledgement), then {@link #sync}s.
     */
    static String send(RawClient c, String xml) throws Exception {
        String first = "sync" + IDS.incrementAndGet();
        c.send(xml + "<iq type='get' id='" + first + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        String text = c.expect("id=\"" + first + "\"");
        String second = "sync" + IDS.incrementAndGet();
        c.send("<iq type='get' id='" + second + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        return text + c.expect("id=\"" + second + "\"");
    }

    /** Sends an iq and returns the text up to and including its answer. */
    static String iq(RawClient c, String type, String payload) throws Exception {
        return iq(c, type, null, payload);
    }

    static String iq(RawClient c, String type, String to, String payload) throws Exception {
        String id = "iq" + IDS.incrementAndGet();
        c.send("<iq type='" + type + "' id='" + id + "'" + (to == null ? "" : " to='" + to + "'") + ">" + payload + "</iq>");
        String upTo = c.expect("id=\"" + id + "\"");
        String rest = c.expect(">");
        if (!rest.endsWith("/>")) {
            rest += c.expect("</iq>");
        }
        return upTo + rest;
    }

    /** The text of the last iq in {@code text} (the answer {@link #iq} waited for). */
    static String answer(String text) {
        return text.substring(text.lastIndexOf("<iq"));
    }

    /** Makes {@code follower} subscribed to {@code followed}'s presence ("to" for the follower). */
    static void follow(TestServer server, String follower, String followed) throws Exception {
        try (RawClient a = bound(server, follower, "setup"); RawClient b = bound(server, followed, "setup")) {
            send(a, "<presence to='" + jid(followed) + "' type='subscribe'/>");
            send(b, "<presence to='" + jid(follower) + "' type='subscribed'/>");
        }
    }

    /** Subscriptions both ways ("both" on each side). */
    static void befriend(TestServer server, String a, String b) throws Exception {
        follow(server, a, b);
        follow(server, b, a);
    }
}
