package org.tern.roster;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** jabber:iq:roster elements (RFC 6121 §2.1) to and from roster items. */
final class RosterCodec {
    static final String NS = "jabber:iq:roster";
    /** Limits on what a client may store (RFC 6121 §2.3.3 lets the server configure them). */
    static final int MAX_NAME = 1023;
    static final int MAX_GROUP = 1023;
    static final int MAX_GROUPS = 128;

    /** A parsed roster set: an update of one item, or its removal. */
    record SetRequest(Jid jid, boolean remove, String name, List<String> groups) {
    }

    private RosterCodec() {
    }

    static Element item(RosterItem i) {
        Element.Builder b = Element.builder("item", NS)
                .attr("jid", i.jid().toString())
                .attr("name", i.name())
                .attr("subscription", i.subscription().value())
                .attr("ask", i.state().pendingOut() ? "subscribe" : null)
                .attr("approved", i.approved() ? "true" : null);
        for (String g : i.groups()) {
            b.textChild("group", g);
        }
        return b.build();
    }

    static Element removed(Jid jid) {
        return Element.builder("item", NS).attr("jid", jid.toString()).attr("subscription", "remove").build();
    }

    static Element query(String version, List<Element> items) {
        return Element.builder("query", NS).attr("ver", version).children(items).build();
    }

    /** Validates a roster set (RFC 6121 §2.3.3 and §2.5). */
    static SetRequest parseSet(Element query) throws StanzaException {
        List<Element> items = query.children("item", NS);
        if (items.size() != 1) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "a roster set carries exactly one item");
        }
        Element item = items.get(0);
        String raw = item.attr("jid");
        if (raw == null) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "the item has no 'jid'");
        }
        Jid jid;
        try {
            jid = Jid.parse(raw);
        } catch (JidFormatException e) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "invalid 'jid': " + raw);
        }
        if (jid.isFull()) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "roster items are bare JIDs");
        }
        String subscription = item.attr("subscription");
        if ("remove".equals(subscription)) {
            return new SetRequest(jid, true, null, List.of());
        }
        // §2.1.2.5: any other defined value is ignored (clients echo the item they got); others are invalid.
        if (subscription != null && Subscription.parse(subscription) == null) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "invalid 'subscription': " + subscription);
        }
        String name = item.attr("name");
        if (name != null && name.isEmpty()) {
            name = null;
        }
        if (name != null && name.length() > MAX_NAME) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "name longer than " + MAX_NAME + " characters");
        }
        List<Element> groupElements = item.children("group", NS);
        if (groupElements.size() > MAX_GROUPS) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "more than " + MAX_GROUPS + " groups");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (Element g : groupElements) {
            String text = g.text();
            if (text.isEmpty()) {
                throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "empty group name");
            }
            if (text.length() > MAX_GROUP) {
                throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "group name longer than " + MAX_GROUP + " characters");
            }
            if (!groups.add(text)) {
                throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "duplicate group: " + text);
            }
        }
        return new SetRequest(jid, false, name, new ArrayList<>(groups));
    }
}
