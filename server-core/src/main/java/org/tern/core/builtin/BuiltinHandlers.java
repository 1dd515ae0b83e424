package org.tern.core.builtin;

import org.tern.core.config.Config;
import org.tern.core.module.Component;
import org.tern.core.module.DiscoNode;
import org.tern.core.module.IqRequest;
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
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** What every server answers: XEP-0030 service discovery, XEP-0199 ping, XEP-0092 software version. */
public final class BuiltinHandlers {
    public static final String VERSION = BuiltinHandlers.class.getPackage().getImplementationVersion() != null
            ? BuiltinHandlers.class.getPackage().getImplementationVersion() : "0.1.0-SNAPSHOT";

    private BuiltinHandlers() {
    }

    public static void register(ModuleContext ctx, DiscoRegistry disco, Supplier<Map<String, Component>> components) {
        Config config = ctx.config();

        ctx.iq(IqScope.SERVER, Stanza.IqType.GET, "query", Namespaces.DISCO_INFO, r ->
                r.payload().attr("node") != null ? node(disco, IqScope.SERVER, r, true)
                        : CompletableFuture.completedFuture(disco.serverInfo()));
        ctx.iq(IqScope.SERVER, Stanza.IqType.GET, "query", Namespaces.DISCO_ITEMS, r -> {
            if (r.payload().attr("node") != null) {
                return node(disco, IqScope.SERVER, r, false);
            }
            Element.Builder q = Element.builder("query", Namespaces.DISCO_ITEMS);
            components.get().forEach((d, c) -> q.child(Element.builder("item", Namespaces.DISCO_ITEMS)
                    .attr("jid", d).attr("name", c.discoName()).build()));
            return CompletableFuture.completedFuture(q.build());
        });
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "query", Namespaces.DISCO_INFO, r ->
                r.payload().attr("node") != null ? node(disco, IqScope.ACCOUNT, r, true)
                        : CompletableFuture.completedFuture(disco.accountInfo()));
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "query", Namespaces.DISCO_ITEMS, r ->
                r.payload().attr("node") != null ? node(disco, IqScope.ACCOUNT, r, false)
                        : CompletableFuture.completedFuture(Element.of("query", Namespaces.DISCO_ITEMS)));

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

    /** A query naming a node (XEP-0030 §3.2, §4.2): its module answers, or item-not-found. */
    private static CompletionStage<Element> node(DiscoRegistry disco, IqScope scope, IqRequest r, boolean info)
            throws Exception {
        String node = r.payload().attr("node");
        DiscoNode handler = disco.node(scope, node);
        if (handler == null) {
            throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
        }
        String ns = info ? Namespaces.DISCO_INFO : Namespaces.DISCO_ITEMS;
        return (info ? handler.info(r) : handler.items(r)).thenApply(children ->
                Element.builder("query", ns).attr("node", node).children(children).build());
    }
}
