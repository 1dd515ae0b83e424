package org.tern.tests.offline;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.tests.TestServer;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.tern.tests.offline.OfflineClients.HINTS;
import static org.tern.tests.offline.OfflineClients.element;
import static org.tern.tests.offline.OfflineClients.message;
import static org.tern.tests.offline.OfflineClients.stored;
import static org.tern.tests.offline.OfflineClients.sync;

/** What is worth storing: XEP-0160 §3 (types), XEP-0334 §4 (hints), XEP-0085 §5.6 (chat states). */
class OfflineRulesTest {
    static TestServer server;
    String alice;
    String to;
    XMPPTCPConnection bob;
    StanzaCollector bounces;

    @BeforeAll
    static void start() throws Exception {
        // Smack 4.4's generic extension parser trips an assertion (-ea) on unknown namespaces.
        ProviderManager.addExtensionProvider("encrypted", "urn:xmpp:omemo:2", new OpaqueProvider());
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void users() throws Exception {
        alice = OfflineClients.newUser(server, "alice");
        to = alice + "@localhost";
        bob = OfflineClients.sender(server, OfflineClients.newUser(server, "bob"), "desk");
        bounces = OfflineClients.messages(bob);
    }

    @AfterEach
    void close() {
        bounces.cancel();
        bob.disconnect();
    }

    /** Sends one message and returns the error condition that came back, or null when none did. */
    StanzaError.Condition send(Message m) throws Exception {
        bob.sendStanza(m);
        sync(bob); // the server finished with the message before answering the ping
        Message reply = bounces.pollResult();
        if (reply == null) {
            return null;
        }
        assertEquals(Message.Type.error, reply.getType());
        assertEquals(m.getStanzaId(), reply.getStanzaId());
        return reply.getError().getCondition();
    }

    /** XEP-0160 §3: groupchat is bounced, headline and error are dropped; none is stored. */
    @Test
    void groupchatHeadlineAndErrorAreNotStored() throws Exception {
        assertEquals(StanzaError.Condition.service_unavailable,
                send(message(bob, to, Message.Type.groupchat).setBody("room?").build()));
        assertNull(send(message(bob, to, Message.Type.headline).setBody("news").build()), "headline: dropped silently");
        assertNull(send(message(bob, to, Message.Type.error).setBody("err")
                .setError(StanzaError.getBuilder(StanzaError.Condition.undefined_condition).build()).build()),
                "an error is never answered with an error");
        assertEquals(0, stored(server, alice));
        assertNothingFlushed();
    }

    /** XEP-0334 §4.2 no-store: not kept, so the sender learns it was not delivered (RFC 6121 §8.5.2.2.1). */
    @Test
    void noStoreHintBouncesServiceUnavailable() throws Exception {
        assertEquals(StanzaError.Condition.service_unavailable, send(message(bob, to, Message.Type.chat)
                .setBody("ephemeral").addExtension(element("no-store", HINTS)).build()));
        assertEquals(0, stored(server, alice));
        assertNothingFlushed();
    }

    /** XEP-0085 §5.6: standalone chat states are not stored; an empty message neither. */
    @Test
    void chatStateAloneIsNotStored() throws Exception {
        assertEquals(StanzaError.Condition.service_unavailable, send(message(bob, to, Message.Type.chat)
                .addExtension(new ChatStateExtension(ChatState.composing)).build()));
        assertEquals(StanzaError.Condition.service_unavailable, send(message(bob, to, Message.Type.chat)
                .setThread("t1").addExtension(new ChatStateExtension(ChatState.paused)).build()));
        assertEquals(StanzaError.Condition.service_unavailable, send(message(bob, to, Message.Type.chat).build()));
        assertEquals(0, stored(server, alice));
        assertNothingFlushed();
    }

    /**
     * XEP-0334 §4.3 store overrides the content rule; no-permanent-store allows offline storage
     * (§3.3: "stored temporarily ... if the recipient is offline"); receipts (XEP-0184) and
     * encrypted payloads without a body (XEP-0384) are content.
     */
    @Test
    void storeHintReceiptsAndEncryptedPayloadsAreStored() throws Exception {
        List<Message> kept = List.of(
                message(bob, to, Message.Type.chat).addExtension(new ChatStateExtension(ChatState.gone))
                        .addExtension(element("store", HINTS)).build(),
                message(bob, to, Message.Type.chat).setBody("off the record")
                        .addExtension(element("no-permanent-store", HINTS)).build(),
                message(bob, to, Message.Type.chat).addExtension(new DeliveryReceipt("m-123")).build(),
                message(bob, to, Message.Type.chat).addExtension(encrypted("AAEC"))
                        .addExtension(element("store", HINTS)).build(),
                message(bob, to, Message.Type.chat).addExtension(encrypted("AwQF")).build());
        for (Message m : kept) {
            assertNull(send(m), "bounced: " + m.toXML());
        }
        assertEquals(kept.size(), stored(server, alice));
        try (OfflineClients.Session a = OfflineClients.login(server, alice, "phone")) {
            List<Message> got = a.next(kept.size());
            for (int i = 0; i < kept.size(); i++) {
                assertEquals(kept.get(i).getStanzaId(), got.get(i).getStanzaId());
            }
            assertNotNull(got.get(0).getExtensionElement("gone", OfflineClients.CHATSTATES),
                    "the chat state is delivered with it");
            assertNotNull(DeliveryReceipt.from(got.get(2)));
            assertNotNull(got.get(4).getExtensionElement("encrypted", "urn:xmpp:omemo:2"));
        }
    }

    /** An opaque encrypted payload (the test client has no OMEMO provider; see OpaqueProvider). */
    private static StandardExtensionElement encrypted(String payload) {
        return StandardExtensionElement.builder("encrypted", "urn:xmpp:omemo:2").setText(payload).build();
    }

    /** Reads a text-only extension element as it is. */
    static final class OpaqueProvider extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws XmlPullParserException, IOException {
            String name = parser.getName();
            String namespace = parser.getNamespace();
            return StandardExtensionElement.builder(name, namespace).setText(parser.nextText()).build();
        }
    }

    /** Nothing was stored for alice: at login, the first message is a live one. */
    private void assertNothingFlushed() throws Exception {
        try (OfflineClients.Session a = OfflineClients.login(server, alice, "phone")) {
            bob.sendStanza(OfflineClients.chat(bob, to, "marker"));
            assertEquals("marker", a.next().getBody());
        }
    }
}
