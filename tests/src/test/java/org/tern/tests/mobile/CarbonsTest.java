package org.tern.tests.mobile;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.forward.packet.Forwarded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.Clients;
import org.tern.tests.TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0280 message carbons between an account's resources, with Smack's CarbonManager. */
class CarbonsTest {
    static TestServer server;
    XMPPTCPConnection phone;
    XMPPTCPConnection laptop;
    XMPPTCPConnection peer;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("pia", "p-secret");
        server.addUser("quinn", "q-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void login() throws Exception {
        phone = Clients.login(server, "pia", "p-secret", "phone", null);
        laptop = Clients.login(server, "pia", "p-secret", "laptop", null);
        peer = Clients.login(server, "quinn", "q-secret", "desk", null);
        assertTrue(CarbonManager.getInstanceFor(phone).isSupportedByServer());
        CarbonManager.getInstanceFor(phone).enableCarbons();
        CarbonManager.getInstanceFor(laptop).enableCarbons();
    }

    @AfterEach
    void logout() {
        phone.disconnect();
        laptop.disconnect();
        peer.disconnect();
    }

    private static Message message(XMPPTCPConnection from, String to, String body, boolean privateMessage) throws Exception {
        var b = from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body);
        if (privateMessage) {
            b.addExtension(CarbonExtension.Private.INSTANCE);
        }
        Message m = b.build();
        from.sendStanza(m);
        return m;
    }

    /** The copy a resource receives: direction and the forwarded message. */
    private static CarbonExtension next(StanzaCollector c) throws InterruptedException {
        Message m = c.nextResult(10_000);
        assertNotNull(m, "no carbon copy arrived");
        assertEquals("pia@localhost", m.getFrom().toString(), "copies come from the bare JID (XEP-0280 §11)");
        CarbonExtension ext = CarbonExtension.from(m);
        assertNotNull(ext, "not a carbon copy: " + m.toXML());
        return ext;
    }

    @Test
    void receivedCopyGoesToTheOtherResource() throws Exception {
        try (StanzaCollector atLaptop = laptop.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            message(peer, "pia@localhost/phone", "to the phone", false);
            CarbonExtension c = next(atLaptop);
            assertEquals(CarbonExtension.Direction.received, c.getDirection());
            Forwarded<Message> f = c.getForwarded();
            assertEquals("to the phone", f.getForwardedStanza().getBody());
            assertEquals("quinn@localhost/desk", f.getForwardedStanza().getFrom().toString());
        }
    }

    @Test
    void sentCopyGoesToTheOtherResource() throws Exception {
        try (StanzaCollector atLaptop = laptop.createStanzaCollector(StanzaTypeFilter.MESSAGE);
             StanzaCollector atPeer = peer.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            message(phone, "quinn@localhost", "from the phone", false);
            CarbonExtension c = next(atLaptop);
            assertEquals(CarbonExtension.Direction.sent, c.getDirection());
            assertEquals("from the phone", c.getForwarded().getForwardedStanza().getBody());
            assertEquals("pia@localhost/phone", c.getForwarded().getForwardedStanza().getFrom().toString());
            assertEquals("from the phone", ((Message) atPeer.nextResult(10_000)).getBody());
        }
    }

    /** §9 private, and XEP-0334 no-copy: no copies; a following ordinary message shows nothing slipped through. */
    @Test
    void privateAndNoCopyAreNotCopied() throws Exception {
        try (StanzaCollector atLaptop = laptop.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            message(phone, "quinn@localhost", "secret", true);
            var noCopy = phone.getStanzaFactory().buildMessageStanza().to(JidCreate.from("quinn@localhost"))
                    .ofType(Message.Type.chat).setBody("uncopied")
                    .addExtension(org.jivesoftware.smackx.hints.element.NoCopyHint.INSTANCE)
                    .build();
            phone.sendStanza(noCopy);
            message(phone, "quinn@localhost", "ordinary", false);
            CarbonExtension c = next(atLaptop);
            assertEquals("ordinary", c.getForwarded().getForwardedStanza().getBody());
        }
    }

    @Test
    void disabledResourceGetsNoCopies() throws Exception {
        CarbonManager.getInstanceFor(laptop).disableCarbons();
        try (StanzaCollector atLaptop = laptop.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            message(peer, "pia@localhost/phone", "not for the laptop", false);
            message(peer, "pia@localhost/laptop", "for the laptop", false);
            Message m = atLaptop.nextResult(10_000);
            assertEquals("for the laptop", m.getBody(), "the laptop got a copy although carbons were off");
        }
    }

    /** A message to the bare JID reaches both (equal priority): nobody gets a copy on top. */
    @Test
    void bareJidDeliveryToAllMeansNoCopies() throws Exception {
        try (StanzaCollector atLaptop = laptop.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            message(peer, "pia@localhost", "to both", false);
            message(peer, "pia@localhost/laptop", "marker", false);
            Message first = atLaptop.nextResult(10_000);
            assertEquals("to both", first.getBody());
            assertEquals("marker", ((Message) atLaptop.nextResult(10_000)).getBody());
        }
    }
}
