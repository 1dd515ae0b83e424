package org.tern.tests;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

import java.net.InetAddress;
import java.util.function.Consumer;

/** Smack clients for the end-to-end tests, talking to a {@link TestServer} over TLS on loopback. */
public final class Clients {
    static {
        SmackConfiguration.setDefaultReplyTimeout(10_000);
        SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
        SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism(true));
        // Roster tests turn this on themselves; elsewhere the roster fetch is noise.
        Roster.setRosterLoadedAtLoginDefault(false);
    }

    private Clients() {
    }

    public static XMPPTCPConnectionConfiguration.Builder config(TestServer server, String user, String password)
            throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(TestServer.DOMAIN)
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(server.c2sPort())
                .setUsernameAndPassword(user, password)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(server.trustManager())
                .setConnectTimeout(10_000);
    }

    /** Connects and logs in with the given resource (null: the server picks one). */
    public static XMPPTCPConnection login(TestServer server, String user, String password, String resource,
                                          Consumer<XMPPTCPConnectionConfiguration.Builder> customize) throws Exception {
        XMPPTCPConnectionConfiguration.Builder b = config(server, user, password);
        if (resource != null) {
            b.setResource(resource);
        }
        if (customize != null) {
            customize.accept(b);
        }
        XMPPTCPConnection c = new XMPPTCPConnection(b.build());
        c.setUseStreamManagement(false);
        c.connect();
        c.login();
        // Smack sends initial presence without waiting; a round trip makes sure the server has
        // processed it (a client's stanzas are handled in order), so tests do not race it.
        PingManager.getInstanceFor(c).pingMyServer();
        return c;
    }

    public static XMPPTCPConnection login(TestServer server, String user, String password) throws Exception {
        return login(server, user, password, null, null);
    }

    /** Forces one SASL mechanism. */
    public static Consumer<XMPPTCPConnectionConfiguration.Builder> mechanism(String name) {
        return b -> b.addEnabledSaslMechanism(name);
    }
}
