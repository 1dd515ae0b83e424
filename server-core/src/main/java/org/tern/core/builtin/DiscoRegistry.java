package org.tern.core.builtin;

import org.tern.core.module.DiscoNode;
import org.tern.core.module.IqScope;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** The disco#info the server publishes (XEP-0030), aggregated from what modules register. */
public final class DiscoRegistry {
    public record Identity(String category, String type, String name) {
    }

    private final List<Identity> serverIdentities = new CopyOnWriteArrayList<>();
    private final Set<String> serverFeatures = new ConcurrentSkipListSet<>();
    private final Set<String> accountFeatures = new ConcurrentSkipListSet<>();
    private final Map<NodeKey, NodeEntry> nodes = new ConcurrentHashMap<>();

    private record NodeKey(IqScope scope, String node) {
    }

    private record NodeEntry(DiscoNode handler, String owner) {
    }

    public DiscoRegistry() {
        serverIdentities.add(new Identity("server", "im", "Tern"));
        serverFeatures.add(Namespaces.DISCO_INFO);
        serverFeatures.add(Namespaces.DISCO_ITEMS);
        accountFeatures.add(Namespaces.DISCO_INFO);
        accountFeatures.add(Namespaces.DISCO_ITEMS);
    }

    public void serverIdentity(Identity identity) {
        serverIdentities.add(identity);
    }

    public void serverFeature(String feature) {
        serverFeatures.add(feature);
    }

    public void accountFeature(String feature) {
        accountFeatures.add(feature);
    }

    /** Registers the handler of a node (XEP-0030 §3.2); one owner per scope and node. */
    public void addNode(IqScope scope, String node, DiscoNode handler, String owner) {
        NodeEntry previous = nodes.putIfAbsent(new NodeKey(scope, node), new NodeEntry(handler, owner));
        if (previous != null) {
            throw new IllegalStateException(owner + " registers disco node " + node + ", already served by "
                    + previous.owner());
        }
    }

    /** The handler of a node, or null. */
    public DiscoNode node(IqScope scope, String node) {
        NodeEntry e = nodes.get(new NodeKey(scope, node));
        return e == null ? null : e.handler();
    }

    public void removeOwner(String owner) {
        nodes.values().removeIf(e -> e.owner().equals(owner));
    }

    public Set<String> serverFeatures() {
        return Set.copyOf(serverFeatures);
    }

    Element serverInfo() {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO);
        for (Identity i : serverIdentities) {
            q.child(Element.builder("identity", Namespaces.DISCO_INFO).attr("category", i.category())
                    .attr("type", i.type()).attr("name", i.name()).build());
        }
        for (String f : serverFeatures) {
            q.child(Element.builder("feature", Namespaces.DISCO_INFO).attr("var", f).build());
        }
        return q.build();
    }

    Element accountInfo() {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO);
        q.child(Element.builder("identity", Namespaces.DISCO_INFO).attr("category", "account")
                .attr("type", "registered").build());
        for (String f : accountFeatures) {
            q.child(Element.builder("feature", Namespaces.DISCO_INFO).attr("var", f).build());
        }
        return q.build();
    }
}
