package org.tern.tests.offline;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.offline.OfflineMessageHeader;
import org.jivesoftware.smackx.offline.OfflineMessageManager;
import org.jivesoftware.smackx.offline.packet.OfflineMessageInfo;
import org.jivesoftware.smackx.offline.packet.OfflineMessageRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.TestServer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.offline.OfflineClients.chat;
import static org.tern.tests.offline.OfflineClients.stored;

/** XEP-0013 Flexible Offline Message Retrieval, driven by Smack's OfflineMessageManager. */
class FlexibleRetrievalTest {
    static final String NODE = "http://jabber.org/protocol/offline";
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    String alice;
    String bobUser;
    XMPPTCPConnection bob;

    @BeforeEach
    void users() throws Exception {
        alice = OfflineClients.newUser(server, "alice");
        bobUser = OfflineClients.newUser(server, "bob");
        bob = OfflineClients.sender(server, bobUser, "desk");
    }

    @AfterEach
    void closeSender() {
    }

    /** §2.1 and XEP-0160 §4: both features on the server. */
    @Test
    void serverAdvertisesOfflineFeatures() throws Exception {
        XMPPTCPConnection a = OfflineClients.sender(server, alice, "r");
        assertTrue(OfflineMessageManager.getInstanceFor(a).supportsFlexibleRetrieval());
        assertTrue(ServiceDiscoveryManager.getInstanceFor(a).serverSupportsFeature("msgoffline"));
        // XEP-0030 §3.2: a node nobody serves
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, () ->
                ServiceDiscoveryManager.getInstanceFor(a).discoverInfo(JidCreate.from("localhost"), "no-such-node"));
        assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
        a.disconnect();
    }

    /** §2.2-2.7: count, headers, view, remove, fetch, purge; no flood for that session or another resource. */
    @Test
    void pop3LikeRetrieval() throws Exception {
        List<Message> sent = OfflineClients.storeFor(alice, bob, 4, "offline ");

        XMPPTCPConnection a = OfflineClients.connection(server, alice, "pop", false);
        StanzaCollector arrivals = OfflineClients.messages(a);
        a.login();
        OfflineMessageManager offline = OfflineMessageManager.getInstanceFor(a);

        assertEquals(4, offline.getMessageCount()); // §2.2, disco#info on the node, without 'to'
        List<OfflineMessageHeader> headers = offline.getHeaders(); // §2.3
        assertEquals(4, headers.size());
        for (OfflineMessageHeader h : headers) {
            assertEquals(bobUser + "@localhost/desk", h.getJid(), "name = the sender's full JID");
            assertEquals(alice + "@localhost", h.getUser().toString(), "jid = the user");
        }
        List<String> nodes = headers.stream().map(OfflineMessageHeader::getStamp).toList();

        // §2.4: view one; it carries its node and the delay, and stays stored
        List<Message> viewed = offline.getMessages(List.of(nodes.get(1)));
        assertEquals(1, viewed.size());
        assertEquals("offline 1", viewed.get(0).getBody());
        assertEquals(sent.get(1).getStanzaId(), viewed.get(0).getStanzaId());
        assertEquals(nodes.get(1), viewed.get(0).getExtension(OfflineMessageInfo.class).getNode());
        assertEquals("localhost", DelayInformation.from(viewed.get(0)).getFrom());
        assertEquals(4, offline.getMessageCount(), "§2.5: viewing does not remove");

        // §2.4/§2.5: unknown nodes are item-not-found; a removal naming one removes nothing
        assertEquals(StanzaError.Condition.item_not_found, error(a, request("view", "999999")));
        assertEquals(StanzaError.Condition.item_not_found, error(a, request("view", "not-a-node")));
        assertEquals(StanzaError.Condition.item_not_found, error(a, request("remove", nodes.get(0), "999999")));
        assertEquals(4, offline.getMessageCount());

        offline.deleteMessages(List.of(nodes.get(0))); // §2.5
        assertEquals(3, offline.getMessageCount());

        // §2.6: fetch sends the rest, in order, and removes nothing
        arrivals.cancel();
        List<Message> fetched = fetchAll(a);
        assertEquals(List.of("offline 1", "offline 2", "offline 3"), fetched.stream().map(Message::getBody).toList());
        assertEquals(3, offline.getMessageCount());

        // §2.2: the session used XEP-0013 before presence: presence brings no flood, live messages flow
        StanzaCollector live = OfflineClients.messages(a);
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().build());
        OfflineClients.sync(a);
        bob.sendStanza(chat(bob, alice + "@localhost", "live"));
        Message first = live.nextResult(10_000);
        assertNotNull(first);
        assertEquals("live", first.getBody(), "offline messages were flooded");
        assertEquals(3, stored(server, alice));

        // ...and no flood for another resource while the first lasts
        try (OfflineClients.Session other = OfflineClients.login(server, alice, "other")) {
            bob.sendStanza(chat(bob, alice + "@localhost/other", "to other"));
            assertEquals("to other", other.next().getBody());
            assertEquals(3, stored(server, alice));
        }

        offline.deleteMessages(); // §2.7 purge
        assertEquals(0, offline.getMessageCount());
        assertEquals(0, offline.getHeaders().size(), "§2.3: empty query when nothing is stored");
        live.cancel();
        a.disconnect();
    }

    /** §2.2: once the XEP-0013 session is gone, the next resource gets the flood as usual. */
    @Test
    void floodResumesAfterTheFlexibleSessionEnds() throws Exception {
        OfflineClients.storeFor(alice, bob, 2, "offline ");
        XMPPTCPConnection a = OfflineClients.connection(server, alice, "pop", false);
        a.login();
        assertEquals(2, OfflineMessageManager.getInstanceFor(a).getMessageCount());
        a.disconnect();
        try (OfflineClients.Session s = OfflineClients.login(server, alice, "phone")) {
            assertEquals(List.of("offline 0", "offline 1"), s.next(2).stream().map(Message::getBody).toList());
        }
    }

    /** §2.2-2.7: only the user's own resources: another user gets forbidden. */
    @Test
    void otherUsersAreForbidden() throws Exception {
        OfflineClients.storeFor(alice, bob, 1, "offline ");
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, () ->
                ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(JidCreate.from(alice + "@localhost"), NODE));
        assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        e = assertThrows(XMPPException.XMPPErrorException.class, () ->
                ServiceDiscoveryManager.getInstanceFor(bob).discoverItems(JidCreate.from(alice + "@localhost"), NODE));
        assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        OfflineMessageRequest purge = new OfflineMessageRequest();
        purge.setPurge(true);
        purge.setType(IQ.Type.set);
        purge.setTo(JidCreate.from(alice + "@localhost"));
        assertEquals(StanzaError.Condition.forbidden, error(bob, purge));
        assertEquals(1, stored(server, alice));
    }

    /**
     * §2.6 fetch, with the message collector made before the request is sent: Smack 4.4's
     * OfflineMessageManager.getMessages() makes it after sending, and misses messages that arrive
     * in between.
     */
    private static List<Message> fetchAll(XMPPTCPConnection c) throws Exception {
        OfflineMessageRequest fetch = new OfflineMessageRequest();
        fetch.setFetch(true);
        fetch.setType(IQ.Type.get);
        try (StanzaCollector messages = c.createStanzaCollector(
                s -> s instanceof Message && s.hasExtension(OfflineMessageInfo.QNAME))) {
            c.createStanzaCollectorAndSend(fetch).nextResultOrThrow();
            List<Message> out = new ArrayList<>();
            Message m;
            while ((m = messages.pollResult()) != null) {
                out.add(m);
            }
            return out;
        }
    }

    private static OfflineMessageRequest request(String action, String... nodes) {
        OfflineMessageRequest r = new OfflineMessageRequest();
        for (String node : nodes) {
            OfflineMessageRequest.Item item = new OfflineMessageRequest.Item(node);
            item.setAction(action);
            r.addItem(item);
        }
        r.setType("view".equals(action) ? IQ.Type.get : IQ.Type.set);
        return r;
    }

    private static StanzaError.Condition error(XMPPTCPConnection c, IQ request) throws Exception {
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, () ->
                c.createStanzaCollectorAndSend(request).nextResultOrThrow());
        return e.getStanzaError().getCondition();
    }
}
