package org.tern.core.builtin;

import org.tern.core.config.Config;
import org.tern.core.module.Component;
import org.tern.core.module.IqScope;
import org.tern.core.module.ModuleContext;
import org.tern.core.server.ServerSettings;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** What every server answers: XEP-0030 service discovery, XEP-0199 ping, XEP-0092 software version. */
public final class BuiltinHandlers {
    public static final String VERSION = BuiltinHandlers.class.getPackage().getImplementationVersion() != null
            ? BuiltinHandlers.class.getPackage().getImplementationVersion() : "0.1.0-SNAPSHOT";

    private BuiltinHandlers() {
    }

    public static void register(ModuleContext ctx, DiscoRegistry disco, Supplier<Map<String, Component>> components) {
        Config config = ctx.config();

        ctx.iq(IqScope.SERVER, Stanza.IqType.GET, "query", Namespaces.DISCO_INFO, r -> {
            if (r.payload().attr("node") != null) {
                throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
            }
            return CompletableFuture.completedFuture(disco.serverInfo());
        });
        ctx.iq(IqScope.SERVER, Stanza.IqType.GET, "query", Namespaces.DISCO_ITEMS, r -> {
            if (r.payload().attr("node") != null) {
                throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
            }
            Element.Builder q = Element.builder("query", Namespaces.DISCO_ITEMS);
            components.get().forEach((d, c) -> q.child(Element.builder("item", Namespaces.DISCO_ITEMS)
                    .attr("jid", d).attr("name", c.discoName()).build()));
            return CompletableFuture.completedFuture(q.build());
        });
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "query", Namespaces.DISCO_INFO, r -> {
            if (r.payload().attr("node") != null) {
                throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
            }
            return CompletableFuture.completedFuture(disco.accountInfo());
        });
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "query", Namespaces.DISCO_ITEMS, r ->
                CompletableFuture.completedFuture(Element.of("query", Namespaces.DISCO_ITEMS)));

        ctx.iq(IqScope.SERVER, Stanza.IqType.GET, "ping", Namespaces.PING, r -> CompletableFuture.completedFuture(null));
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "ping", Namespaces.PING, r -> CompletableFuture.completedFuture(null));
        ctx.serverFeature(Namespaces.PING);
        ctx.accountFeature(Namespaces.PING);

        if (config.get(ServerSettings.VERSION_VISIBLE)) {
            boolean os = config.get(ServerSettings.VERSION_OS);
            Element answer = Element.builder("query", Namespaces.VERSION)
                    .textChild("name", "Tern")
                    .textChild("version", VERSION)
                    .textChild("os", os ? System.getProperty("os.name") + " " + System.getProperty("os.version")
                            + ", Java " + Runtime.version() : null)
                    .build();
            ctx.iq(IqScope.SERVER, Stanza.IqType.GET, "query", Namespaces.VERSION,
                    r -> CompletableFuture.completedFuture(answer));
            ctx.serverFeature(Namespaces.VERSION);
        }
        ctx.serverFeature("urn:xmpp:sasl-cb:0");
    }
}
