package org.tern.tests.offline;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.tern.tests.TestServer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.offline.OfflineClients.chat;
import static org.tern.tests.offline.OfflineClients.stored;
import static org.tern.tests.offline.OfflineClients.sync;

/** Per-account quotas (XEP-0160 §2 step 3: service-unavailable when the queue is full) and expiry. */
class OfflineLimitsTest {

    /** Sends a message and returns the error that came back, or null. */
    static StanzaError send(XMPPTCPConnection from, StanzaCollector replies, Message m) throws Exception {
        from.sendStanza(m);
        sync(from);
        Message reply = replies.pollResult();
        return reply == null ? null : reply.getError();
    }

    @Test
    void fullStoreRefusesWithServiceUnavailableAndKeepsWhatItHas() throws Exception {
        try (TestServer server = TestServer.start("offline.max-messages", "3", "offline.max-bytes", "4k")) {
            String alice = OfflineClients.newUser(server, "alice");
            String to = alice + "@localhost";
            XMPPTCPConnection bob = OfflineClients.sender(server, OfflineClients.newUser(server, "bob"), "desk");
            StanzaCollector replies = OfflineClients.messages(bob);
            List<Message> kept = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message m = chat(bob, to, "kept " + i);
                assertNull(send(bob, replies, m));
                kept.add(m);
            }
            StanzaError full = send(bob, replies, chat(bob, to, "one too many"));
            assertNotNull(full, "the fourth message was taken");
            assertEquals(StanzaError.Condition.service_unavailable, full.getCondition());
            assertTrue(full.getDescriptiveText().contains("full"), full.getDescriptiveText());
            assertEquals(3, stored(server, alice));

            try (OfflineClients.Session a = OfflineClients.login(server, alice, "phone")) {
                List<Message> got = a.next(3);
                for (int i = 0; i < 3; i++) {
                    assertEquals(kept.get(i).getStanzaId(), got.get(i).getStanzaId());
                }
                bob.sendStanza(chat(bob, to, "marker"));
                assertEquals("marker", a.next().getBody(), "the refused message must not appear");
            }

            // max-bytes: 4 KiB of stored XML per account
            String big = "x".repeat(2500);
            assertNull(send(bob, replies, chat(bob, to, big)));
            StanzaError tooMuch = send(bob, replies, chat(bob, to, big));
            assertNotNull(tooMuch, "over the byte quota");
            assertEquals(StanzaError.Condition.service_unavailable, tooMuch.getCondition());
            assertNull(send(bob, replies, chat(bob, to, "small")), "a small one still fits");
            assertEquals(2, stored(server, alice));
            replies.cancel();
            bob.disconnect();
        }
    }

    /** offline.max-age: a periodic task deletes old messages; they are never delivered. */
    @Test
    void expiredMessagesAreDeleted() throws Exception {
        try (TestServer server = TestServer.start("offline.max-age", "1s")) {
            String alice = OfflineClients.newUser(server, "alice");
            String to = alice + "@localhost";
            XMPPTCPConnection bob = OfflineClients.sender(server, OfflineClients.newUser(server, "bob"), "desk");
            OfflineClients.sendAll(bob, List.of(chat(bob, to, "will expire")));
            assertEquals(1, stored(server, alice));
            OfflineClients.awaitStored(server, alice, 0);
            try (OfflineClients.Session a = OfflineClients.login(server, alice, "phone")) {
                bob.sendStanza(chat(bob, to, "marker"));
                assertEquals("marker", a.next().getBody());
            }
            bob.disconnect();
        }
    }
}
