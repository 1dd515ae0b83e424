package org.tern.tests.offline;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.core.event.OfflineMessageStored;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.module.Phase;
import org.tern.core.module.TernModule;
import org.tern.tests.TestServer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.offline.OfflineClients.chat;
import static org.tern.tests.offline.OfflineClients.login;
import static org.tern.tests.offline.OfflineClients.newUser;
import static org.tern.tests.offline.OfflineClients.sendAll;
import static org.tern.tests.offline.OfflineClients.sender;
import static org.tern.tests.offline.OfflineClients.stored;

/** XEP-0160 §2 storage and delivery, XEP-0203 stamps, exactly once across logins and resources. */
class OfflineDeliveryTest {
    static TestServer server;
    static final BlockingQueue<OfflineMessageStored> events = new LinkedBlockingQueue<>();

    /** Listens to the hook the push module will use. */
    static final class StoredListener implements TernModule {
        @Override
        public String name() {
            return "stored-listener";
        }

        @Override
        public void start(ModuleContext ctx) {
            ctx.on(OfflineMessageStored.class, Phase.DEFAULT, e -> {
                events.add(e);
                return Outcome.CONTINUE.stage();
            });
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(List.of(new StoredListener()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    String alice;
    String bob;
    XMPPTCPConnection b;

    @BeforeEach
    void users() throws Exception {
        alice = newUser(server, "alice");
        bob = newUser(server, "bob");
        b = sender(server, bob, "desk");
    }

    @AfterEach
    void closeSender() {
    }

    /** XEP-0160 §2, XEP-0203 §3: stored in order, stamped by the domain, original id, from, type and lang kept. */
    @Test
    void storedMessagesArriveInOrderWithDelayStampAtNextLogin() throws Exception {
        String to = alice + "@localhost";
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(chat(b, to, "chat " + i));
        }
        sent.add(OfflineClients.message(b, to, null).setBody("untyped").setLanguage("de").build());
        sent.add(OfflineClients.message(b, to, Message.Type.normal).setBody("normal").setSubject("subj").build());
        sent.add(chat(b, to + "/gone", "to an offline full JID"));
        long before = System.currentTimeMillis();
        events.clear();
        sendAll(b, sent);
        long after = System.currentTimeMillis();
        assertEquals(sent.size(), stored(server, alice));

        // the push hook fired once per message, after the commit, with the running count
        for (int i = 0; i < sent.size(); i++) {
            OfflineMessageStored e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "no OfflineMessageStored for message " + i);
            assertEquals(to, e.account().toString());
            assertEquals(i + 1, e.storedCount());
            assertTrue(e.hasBody());
            assertEquals(sent.get(i).getStanzaId(), e.message().id());
        }

        try (OfflineClients.Session a = login(server, alice, "phone")) {
            List<Message> got = a.next(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                Message s = sent.get(i);
                Message g = got.get(i);
                assertEquals(s.getBody(), g.getBody(), "order");
                assertEquals(s.getStanzaId(), g.getStanzaId(), "original id");
                assertEquals(bob + "@localhost/desk", g.getFrom().toString(), "original from");
                assertEquals(s.getTo(), g.getTo(), "original to");
                assertEquals(s.getType(), g.getType());
                DelayInformation delay = DelayInformation.from(g);
                assertNotNull(delay, "XEP-0203 delay missing on " + g.toXML());
                assertEquals("localhost", delay.getFrom());
                long stamp = delay.getStamp().getTime();
                assertTrue(stamp >= before - 1000 && stamp <= after + 1000, "stamp " + delay.getStamp());
            }
            assertEquals("de", got.get(5).getLanguage());
            assertEquals("subj", got.get(6).getSubject());
            OfflineClients.awaitStored(server, alice, 0);
        }

        // XEP-0160: delivered messages are gone; the next login gets only what is new
        try (OfflineClients.Session a = login(server, alice, "phone")) {
            b.sendStanza(chat(b, to, "live marker"));
            // anything flushed would come first (a flush queues new messages behind the stored ones)
            assertEquals("live marker", a.next().getBody());
        }
    }

    /** XEP-0160 §2 step 5: a resource of negative priority gets nothing; non-negative presence triggers delivery. */
    @Test
    void negativePriorityWaitsForNonNegativePresence() throws Exception {
        XMPPTCPConnection a = OfflineClients.connection(server, alice, "shy", false);
        var collector = OfflineClients.messages(a);
        a.login();
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().setPriority(-1).build());
        OfflineClients.sync(a);
        sendAll(b, List.of(chat(b, alice + "@localhost", "while shy")));
        assertEquals(1, stored(server, alice), "RFC 6121 §8.5.2.1.1: negative priority gets no bare-JID messages");
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).setPriority(1).build());
        Message m = collector.nextResult(10_000);
        assertNotNull(m, "stored message not delivered after non-negative presence");
        assertEquals("while shy", m.getBody());
        OfflineClients.awaitStored(server, alice, 0);

        // back to negative and again to non-negative: what came in between is delivered then
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().setPriority(-5).build());
        OfflineClients.sync(a);
        sendAll(b, List.of(chat(b, alice + "@localhost", "shy again")));
        assertEquals(1, stored(server, alice));
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().setPriority(0).build());
        m = collector.nextResult(10_000);
        assertNotNull(m, "stored message not delivered on the return to non-negative priority");
        assertEquals("shy again", m.getBody());
        collector.cancel();
        a.disconnect();
    }

    /** One flush per account at a time: two resources coming online together get each message once between them. */
    @Test
    void twoResourcesLoggingInTogetherGetNoDuplicates() throws Exception {
        int n = 300;
        OfflineClients.storeFor(alice, b, n, "m");
        assertEquals(n, stored(server, alice));

        CompletableFuture<OfflineClients.Session> first = CompletableFuture.supplyAsync(() -> loginUnchecked(alice, "one"));
        CompletableFuture<OfflineClients.Session> second = CompletableFuture.supplyAsync(() -> loginUnchecked(alice, "two"));
        try (OfflineClients.Session one = first.get(60, TimeUnit.SECONDS);
             OfflineClients.Session two = second.get(60, TimeUnit.SECONDS)) {
            // Deleted only once delivered: when the store is empty, every flushed message was written.
            OfflineClients.awaitStored(server, alice, 0);
            b.sendStanza(chat(b, alice + "@localhost/one", "end one"));
            b.sendStanza(chat(b, alice + "@localhost/two", "end two"));
            List<String> gotOne = until(one, "end one");
            List<String> gotTwo = until(two, "end two");
            List<String> all = new ArrayList<>(gotOne);
            all.addAll(gotTwo);
            Set<String> distinct = new HashSet<>(all);
            assertEquals(all.size(), distinct.size(), "a message reached both resources");
            assertEquals(n, distinct.size(), "messages missing");
            assertTrue(gotOne.isEmpty() || gotTwo.isEmpty(), "one resource takes the whole store");
            List<String> inOrder = gotOne.isEmpty() ? gotTwo : gotOne;
            for (int i = 0; i < n; i++) {
                assertEquals("m" + i, inOrder.get(i));
            }
        }
    }

    /** Messages arriving during a flush reach the resource after the stored ones, not before. */
    @Test
    void liveMessagesDoNotOvertakeStoredOnes() throws Exception {
        int stored = 400;
        int live = 40;
        OfflineClients.storeFor(alice, b, stored, "stored ");
        XMPPTCPConnection a = OfflineClients.connection(server, alice, "phone", true);
        var collector = OfflineClients.messages(a);
        // The sender starts as soon as alice's presence is out; the flush of 400 is then under way.
        CompletableFuture<Void> sending = new CompletableFuture<>();
        a.addConnectionListener(new org.jivesoftware.smack.ConnectionListener() {
            @Override
            public void authenticated(org.jivesoftware.smack.XMPPConnection connection, boolean resumed) {
                CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < live; i++) {
                            b.sendStanza(chat(b, alice + "@localhost", "live " + i));
                        }
                        sending.complete(null);
                    } catch (Exception e) {
                        sending.completeExceptionally(e);
                    }
                });
            }
        });
        a.login();
        sending.get(60, TimeUnit.SECONDS);
        for (int i = 0; i < stored + live; i++) {
            Message m = collector.nextResult(10_000);
            assertNotNull(m, "message " + i + " missing");
            assertEquals(i < stored ? "stored " + i : "live " + (i - stored), m.getBody());
        }
        collector.cancel();
        a.disconnect();
    }

    /** XEP-0160 and RFC 6121 §8.5.2: deleting the account deletes its stored messages. */
    @Test
    void deletedAccountLosesItsStore() throws Exception {
        sendAll(b, List.of(chat(b, alice + "@localhost", "1"), chat(b, alice + "@localhost", "2")));
        assertEquals(2, stored(server, alice));
        server.kernel().accounts().delete(alice);
        assertEquals(0, stored(server, alice));
    }

    private static OfflineClients.Session loginUnchecked(String user, String resource) {
        try {
            return login(server, user, resource);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bodies received until (not including) the marker. */
    private static List<String> until(OfflineClients.Session s, String marker) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (;;) {
            String body = s.next().getBody();
            if (marker.equals(body)) {
                return out;
            }
            out.add(body);
        }
    }
}
