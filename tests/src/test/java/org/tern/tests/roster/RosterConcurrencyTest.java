package org.tern.tests.roster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.roster.Wire.jid;

/** Concurrent changes to one roster, and subscriptions racing each other, end consistent. */
class RosterConcurrencyTest {
    private static final Pattern PUSH = Pattern.compile(
            "<query xmlns=\"jabber:iq:roster\" ver=\"[^\"]*-(\\d+)\"><item jid=\"([^\"]+)\" name=\"([^\"]+)\"");
    static TestServer server;
    static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    /** Runs the tasks at the same moment (as far as threads allow) and returns their results. */
    static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(tasks.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                return t.call();
            }));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    /** The pushes in order: version counter, item, name. */
    static List<String[]> pushes(String text) {
        List<String[]> out = new ArrayList<>();
        Matcher m = PUSH.matcher(text);
        while (m.find()) {
            out.add(new String[]{m.group(1), m.group(2), m.group(3)});
        }
        return out;
    }

    /**
     * RFC 6121 §2.3: two resources change the same items at once. The changes apply one after the
     * other: both resources get the same pushes in the same order, versions only grow, and the
     * stored roster is what the last push of each item said.
     */
    @Test
    void twoResourcesEditingTheSameRosterAtOnce() throws Exception {
        String user = Wire.newUser(server, "editor");
        try (RawClient one = Wire.bound(server, user, "one"); RawClient two = Wire.bound(server, user, "two")) {
            Wire.iq(one, "get", "<query xmlns='jabber:iq:roster'/>");
            Wire.iq(two, "get", "<query xmlns='jabber:iq:roster'/>");
            List<String> answered = atOnce(List.of(edits(one, "one"), edits(two, "two")));
            List<String[]> atOne = pushes(answered.get(0) + Wire.sync(one));
            List<String[]> atTwo = pushes(answered.get(1) + Wire.sync(two));
            assertEquals(60, atOne.size(), "every change pushed to the first resource");
            assertEquals(60, atTwo.size(), "every change pushed to the second resource");
            Map<String, String> last = new LinkedHashMap<>();
            long previous = -1;
            for (int i = 0; i < atOne.size(); i++) {
                String[] p = atOne.get(i);
                assertEquals(List.of(p), List.of(atTwo.get(i)), "push " + i + " differs between resources");
                long version = Long.parseLong(p[0]);
                assertTrue(version > previous, "versions must grow: " + version + " after " + previous);
                previous = version;
                last.put(p[1], p[2]);
            }
            assertEquals(30, last.size());
            try (RawClient check = Wire.bound(server, user, "check")) {
                String roster = Wire.iq(check, "get", "<query xmlns='jabber:iq:roster'/>");
                for (Map.Entry<String, String> e : last.entrySet()) {
                    assertTrue(roster.contains("<item jid=\"" + e.getKey() + "\" name=\"" + e.getValue() + "\""),
                            e + " not stored as last pushed: " + roster);
                }
                assertEquals(30, roster.split("<item ", -1).length - 1);
            }
        }
    }

    private static Callable<String> edits(RawClient c, String who) {
        return () -> {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                batch.append("<iq type='set' id='").append(who).append(i).append("'><query xmlns='jabber:iq:roster'>")
                        .append("<item jid='shared").append(i).append("@example.org' name='").append(who).append(i)
                        .append("'/></query></iq>");
            }
            c.send(batch.toString());
            return c.expect("id=\"" + who + "29\"");
        };
    }

    /** RFC 6121 §3: pairs of users ask each other at the same moment, then approve at the same moment. */
    @Test
    void mutualSubscriptionsAtTheSameTimeEndAsBoth() throws Exception {
        int pairs = 8;
        List<String> users = new ArrayList<>();
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < pairs * 2; i++) {
                String u = Wire.newUser(server, "pair");
                users.add(u);
                clients.add(Wire.online(server, u, "r"));
            }
            for (String type : List.of("subscribe", "subscribed")) {
                List<Callable<String>> tasks = new ArrayList<>();
                for (int i = 0; i < users.size(); i++) {
                    RawClient c = clients.get(i);
                    String partner = users.get(i ^ 1);
                    tasks.add(() -> Wire.send(c, "<presence to='" + jid(partner) + "' type='" + type + "'/>"));
                }
                atOnce(tasks);
            }
            for (RawClient c : clients) {
                Wire.sync(c);
            }
            for (int i = 0; i < users.size(); i++) {
                assertEquals("Both", RosterRows.state(server, users.get(i), jid(users.get(i ^ 1))), users.get(i));
                String roster = Wire.iq(clients.get(i), "get", "<query xmlns='jabber:iq:roster'/>");
                assertTrue(roster.contains("<item jid=\"" + jid(users.get(i ^ 1)) + "\" subscription=\"both\"/>"), roster);
            }
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
    }

    /** Many contacts ask one user at once: every request is kept and delivered, every approval lands. */
    @Test
    void manyRequestsToOneUserAtOnce() throws Exception {
        String carol = Wire.newUser(server, "carol");
        List<String> fans = new ArrayList<>();
        List<RawClient> clients = new ArrayList<>();
        try (RawClient c = Wire.online(server, carol, "r")) {
            for (int i = 0; i < 12; i++) {
                String f = Wire.newUser(server, "fan");
                fans.add(f);
                clients.add(Wire.bound(server, f, "r"));
            }
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < fans.size(); i++) {
                RawClient fc = clients.get(i);
                tasks.add(() -> Wire.send(fc, "<presence to='" + jid(carol) + "' type='subscribe'/>"));
            }
            atOnce(tasks);
            String requests = Wire.sync(c);
            StringBuilder approvals = new StringBuilder();
            for (String f : fans) {
                assertTrue(requests.contains("<presence to=\"" + jid(carol) + "\" type=\"subscribe\" from=\"" + jid(f) + "\""),
                        f + " missing: " + requests);
                assertEquals("None + Pending In", RosterRows.state(server, carol, jid(f)));
                approvals.append("<presence to='").append(jid(f)).append("' type='subscribed'/>");
            }
            Wire.send(c, approvals.toString());
            for (String f : fans) {
                assertEquals("To", RosterRows.state(server, f, jid(carol)), f);
                assertEquals("From", RosterRows.state(server, carol, jid(f)), f);
            }
        } finally {
            for (RawClient fc : clients) {
                fc.close();
            }
        }
    }
}
