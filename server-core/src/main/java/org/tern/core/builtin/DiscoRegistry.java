package org.tern.core.builtin;

import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** The disco#info the server publishes (XEP-0030), aggregated from what modules register. */
public final class DiscoRegistry {
    public record Identity(String category, String type, String name) {
    }

    private final List<Identity> serverIdentities = new CopyOnWriteArrayList<>();
    private final Set<String> serverFeatures = new ConcurrentSkipListSet<>();
    private final Set<String> accountFeatures = new ConcurrentSkipListSet<>();

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
