package org.tern.core.c2s;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.tern.core.sasl.ChannelBindingData;
import org.tern.core.tls.ChannelBinding;
import org.tern.core.auth.LoginThrottle;
import org.tern.core.config.Config;
import org.tern.core.jid.Jid;
import org.tern.core.module.EventBus;
import org.tern.core.module.ModuleContext;
import org.tern.core.session.BoundSession;
import org.tern.core.routing.ClientStanzaProcessor;
import org.tern.core.sasl.CredentialLookup;
import org.tern.core.sasl.SaslMechanisms;
import org.tern.core.auth.UserStore;
import org.tern.core.session.SessionManager;
import org.tern.core.xml.Element;
import org.tern.core.xml.XmlStreamParser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/** What every client stream needs from the kernel; one instance shared by all connections. */
public record C2sServices(
        Jid domain,
        Config config,
        SslContext sslContext,
        byte[] tlsServerEndPoint,
        SaslMechanisms sasl,
        Function<CredentialLookup, SaslMechanisms> saslFactory,
        UserStore users,
        LoginThrottle throttle,
        SessionManager sessions,
        ClientStanzaProcessor processor,
        Supplier<List<Element>> streamFeatures,
        Map<String, ModuleContext.StreamElementHandler> streamElements,
        ScheduledExecutorService scheduler,
        XmlStreamParser.Limits limits,
        C2sStats stats,
        EventBus events,
        Map<String, BoundSession> resumable) {

    /** Key of a stream-level element handler: "{namespace}name". */
    public static String elementKey(String name, String namespace) {
        return "{" + namespace + "}" + name;
    }

    /** The channel-binding data a TLS connection offers (RFC 5929, RFC 9266); none without TLS. */
    public ChannelBindingData channelBinding(SslHandler ssl) {
        if (ssl == null) {
            return ChannelBindingData.none();
        }
        Map<String, byte[]> types = new LinkedHashMap<>();
        byte[] exporter = ChannelBinding.tlsExporter(ssl.engine());
        if (exporter != null) {
            types.put("tls-exporter", exporter);
        }
        if (tlsServerEndPoint != null) {
            types.put("tls-server-end-point", tlsServerEndPoint);
        }
        return new ChannelBindingData(types);
    }
}
