package org.tern.tests;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0030 disco, XEP-0199 ping, XEP-0092 version, and iqs nobody serves (RFC 6120 §8.4). */
class ServiceTest {
    static TestServer server;
    static XMPPTCPConnection conn;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUser("frank", "f-secret");
        server.addUser("grace", "g-secret");
        conn = Clients.login(server, "frank", "f-secret", "res", null);
    }

    @AfterAll
    static void stop() throws Exception {
        conn.disconnect();
        server.close();
    }

    @Test
    void pingServerAndAccount() throws Exception {
        PingManager pm = PingManager.getInstanceFor(conn);
        assertTrue(pm.ping(JidCreate.domainBareFrom("localhost")));
        assertTrue(pm.pingMyServer());
        assertTrue(pm.ping(JidCreate.entityBareFrom("grace@localhost")), "server answers for the account");
    }

    @Test
    void serverDiscoInfo() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(conn).discoverInfo(JidCreate.domainBareFrom("localhost"));
        assertTrue(info.hasIdentity("server", "im"));
        assertTrue(info.containsFeature("urn:xmpp:ping"));
        assertTrue(info.containsFeature("jabber:iq:version"));
        assertTrue(info.containsFeature("http://jabber.org/protocol/disco#info"));
    }

    @Test
    void accountDiscoInfo() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(conn).discoverInfo(JidCreate.entityBareFrom("grace@localhost"));
        assertTrue(info.hasIdentity("account", "registered"));
    }

    @Test
    void softwareVersion() throws Exception {
        Version v = VersionManager.getInstanceFor(conn).getVersion(JidCreate.domainBareFrom("localhost"));
        assertEquals("Tern", v.getName());
        assertTrue(v.getOs() == null, "the OS is hidden by default");
    }

    static final class Mystery extends IQ {
        Mystery() {
            super("query", "urn:example:mystery");
            setType(Type.get);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }

    @Test
    void unknownNamespaceGetsServiceUnavailable() throws Exception {
        for (String to : new String[] {"localhost", "grace@localhost", "frank@localhost"}) {
            Mystery iq = new Mystery();
            iq.setTo(JidCreate.from(to));
            XMPPErrorException e = assertThrows(XMPPErrorException.class,
                    () -> conn.createStanzaCollectorAndSend(iq).nextResultOrThrow());
            assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition(), to);
        }
    }

    @Test
    void iqToAbsentResourceGetsServiceUnavailable() throws Exception {
        Mystery iq = new Mystery();
        iq.setTo(JidCreate.from("grace@localhost/nowhere"));
        XMPPErrorException e = assertThrows(XMPPErrorException.class,
                () -> conn.createStanzaCollectorAndSend(iq).nextResultOrThrow());
        assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
    }
}
