package org.tern.roster;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.ImportReport;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The block list (XEP-0191) in XEP-0227 files, which have no element of its own but carry privacy
 * lists (XEP-0016, XEP-0227 §4.8). XEP-0191's interaction with privacy lists makes a blocked JID
 * a rule of the default list with type 'jid', action 'deny' and no child element (every kind of
 * stanza); that is what is written, and the only kind of rule read back. Other rules cannot be
 * kept by a block list: they are reported, not guessed at.
 */
final class PrivacyBlocks {
    static final String NS = "jabber:iq:privacy";
    static final String LIST = "blocklist";
    private static final Set<String> ALL_STANZAS = Set.of("message", "iq", "presence-in", "presence-out");

    private PrivacyBlocks() {
    }

    static Element export(List<Jid> blocked) {
        Element.Builder list = Element.builder("list", NS).attr("name", LIST);
        int order = 0;
        for (Jid j : blocked) {
            list.child(Element.builder("item", NS).attr("type", "jid").attr("value", j.toString())
                    .attr("action", "deny").attr("order", Integer.toString(++order)).build());
        }
        return Element.builder("query", NS).child(Element.builder("default", NS).attr("name", LIST).build())
                .child(list.build()).build();
    }

    /** The JIDs the default privacy list blocks outright, in rule order. */
    static List<Jid> parse(List<Element> queries, ImportReport report) throws ImportReport.Rejected {
        List<Jid> out = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            Element query = queries.get(q);
            if (q > 0) {
                report.note(query, "a second privacy element: ignored");
                continue;
            }
            Element def = query.child("default", NS);
            String name = def == null ? null : def.attr("name");
            for (Element list : query.children("list", NS)) {
                if (name != null && name.equals(list.attr("name"))) {
                    out.addAll(blocks(list, report));
                } else {
                    report.note(list, "privacy list '" + list.attr("name")
                            + "' is not the default list: not imported (Tern keeps a block list, XEP-0191)");
                }
            }
        }
        return out;
    }

    private static List<Jid> blocks(Element list, ImportReport report) throws ImportReport.Rejected {
        List<Element> items = new ArrayList<>(list.children("item", NS));
        items.sort(Comparator.comparingLong(PrivacyBlocks::order));
        List<Jid> out = new ArrayList<>();
        for (Element item : items) {
            if (!"jid".equals(item.attr("type")) || !"deny".equals(item.attr("action")) || !allStanzas(item)) {
                report.note(item, "privacy rule (type '" + item.attr("type") + "', action '" + item.attr("action")
                        + "') is not a block of a JID for every stanza: not imported (Tern keeps a block list, XEP-0191)");
                continue;
            }
            String value = item.attr("value");
            try {
                out.add(Jid.parse(value == null ? "" : value));
            } catch (JidFormatException e) {
                throw new ImportReport.Rejected(item, "blocked JID '" + value + "' is not a valid JID: " + e.getMessage());
            }
        }
        return out;
    }

    /** No child element, or all four: the rule applies to every stanza (XEP-0016 §2.1). */
    private static boolean allStanzas(Element item) {
        List<Element> kinds = item.elements();
        if (kinds.isEmpty()) {
            return true;
        }
        return kinds.size() == ALL_STANZAS.size() && kinds.stream().allMatch(k -> ALL_STANZAS.contains(k.name()))
                && kinds.stream().map(Element::name).distinct().count() == ALL_STANZAS.size();
    }

    private static long order(Element item) {
        try {
            return Long.parseLong(item.attr("order"));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
