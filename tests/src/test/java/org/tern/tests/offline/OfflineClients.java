package org.tern.tests.offline;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Smack helpers for the offline tests: logins that see what arrives right after presence. */
final class OfflineClients {
    static final String HINTS = "urn:xmpp:hints";
    static final String CHATSTATES = "http://jabber.org/protocol/chatstates";
    private static final AtomicInteger USERS = new AtomicInteger();

    private OfflineClients() {
    }

    /** A fresh account on the server (tests share a server, never an account). */
    static String newUser(TestServer server, String prefix) throws Exception {
        String user = prefix + USERS.incrementAndGet();
        server.addUser(user, "pw-" + user);
        return user;
    }

    /** A connected, not yet logged-in client; log in after attaching collectors. */
    static XMPPTCPConnection connection(TestServer server, String user, String resource, boolean sendPresence)
            throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(Clients.config(server, user, "pw-" + user)
                .setResource(resource).setSendPresence(sendPresence).build());
        c.setUseStreamManagement(false);
        c.connect();
        return c;
    }

    /** Logs in with a message collector already in place, so nothing flushed at presence is missed. */
    static Session login(TestServer server, String user, String resource) throws Exception {
        XMPPTCPConnection c = connection(server, user, resource, true);
        StanzaCollector messages = messages(c);
        c.login();
        return new Session(c, messages);
    }

    /** Collects every message the connection receives, in order. */
    static StanzaCollector messages(XMPPTCPConnection c) {
        return c.createStanzaCollector(StanzaCollector.newConfiguration()
                .setStanzaFilter(StanzaTypeFilter.MESSAGE).setSize(100_000));
    }

    /** A logged-in sender, presence sent and processed. */
    static XMPPTCPConnection sender(TestServer server, String user, String resource) throws Exception {
        return Clients.login(server, user, "pw-" + user, resource, null);
    }

    record Session(XMPPTCPConnection connection, StanzaCollector messages) implements AutoCloseable {
        Message next() throws InterruptedException {
            Message m = messages.nextResult(10_000);
            assertNotNull(m, "no message arrived");
            return m;
        }

        List<Message> next(int n) throws InterruptedException {
            List<Message> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Message m = messages.nextResult(10_000);
                assertNotNull(m, "message " + i + " of " + n + " did not arrive");
                out.add(m);
            }
            return out;
        }

        @Override
        public void close() {
            messages.cancel();
            connection.disconnect();
        }
    }

    static MessageBuilder message(XMPPTCPConnection from, String to, Message.Type type) throws Exception {
        MessageBuilder b = from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to));
        return type == null ? b : b.ofType(type);
    }

    static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
        return message(from, to, Message.Type.chat).setBody(body).build();
    }

    static ExtensionElement element(String name, String namespace) {
        return StandardExtensionElement.builder(name, namespace).build();
    }

    /** A round trip: the server handled (stored, bounced, delivered) everything sent before it. */
    static void sync(XMPPTCPConnection c) throws Exception {
        PingManager.getInstanceFor(c).pingMyServer();
    }

    /** Sends the messages and waits until the server took each (the ping is read after them). */
    static void sendAll(XMPPTCPConnection from, List<Message> messages) throws Exception {
        for (Message m : messages) {
            from.sendStanza(m);
        }
        sync(from);
    }

    /** Sends {@code n} chat messages with bodies {@code prefix + i} to an offline account and waits until all are stored. */
    static List<Message> storeFor(String recipient, XMPPTCPConnection from, int n, String prefix) throws Exception {
        List<Message> sent = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sent.add(chat(from, recipient + "@localhost", prefix + i));
        }
        sendAll(from, sent);
        return sent;
    }

    /** Stored messages of an account, straight from the database. */
    static long stored(TestServer server, String user) throws Exception {
        return server.offlineCount(user);
    }

    /** Waits (bounded) until the account's store holds {@code n} messages. */
    static void awaitStored(TestServer server, String user, long n) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long now;
        while ((now = stored(server, user)) != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(user + " has " + now + " stored messages, expected " + n);
            }
            Thread.sleep(50);
        }
    }
}
