package org.tern.offline;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;
import org.tern.core.xml.Node;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Which messages are worth keeping for an offline account (XEP-0160 §3, XEP-0334 §4, XEP-0085
 * §5.6), and the form they are kept in: the original stanza with an XEP-0203 delay added.
 */
final class StoreRules {
    static final String OFFLINE = "http://jabber.org/protocol/offline";
    static final String CHATSTATES = "http://jabber.org/protocol/chatstates";
    static final String STANZA_IDS = "urn:xmpp:sid:0";

    /** Payload namespaces that carry nothing to read on their own: states, hints, ids, stamps. */
    private static final Set<String> NOT_CONTENT = Set.of(CHATSTATES, Namespaces.HINTS, STANZA_IDS,
            Namespaces.DELAY, OFFLINE);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    enum Verdict {
        STORE,
        /** groupchat, headline, error (XEP-0160 §3). */
        WRONG_TYPE,
        /** The sender asked for no storage (XEP-0334 no-store). */
        NO_STORE_HINT,
        /** Nothing but chat states, hints or ids (XEP-0085 §5.6: SHOULD NOT be stored). */
        NO_CONTENT
    }

    private StoreRules() {
    }

    static Verdict judge(Stanza message) {
        Stanza.MessageType type = message.messageType();
        if (type != Stanza.MessageType.CHAT && type != Stanza.MessageType.NORMAL) {
            return Verdict.WRONG_TYPE;
        }
        Element e = message.element();
        // XEP-0334 §4.2; its prose spells the element "no-storage", its schema "no-store": honour both.
        if (e.child("no-store", Namespaces.HINTS) != null || e.child("no-storage", Namespaces.HINTS) != null) {
            return Verdict.NO_STORE_HINT;
        }
        if (e.child("store", Namespaces.HINTS) != null) {
            return Verdict.STORE;
        }
        // no-permanent-store (XEP-0334 §4.1) allows temporary storage for delivery: it is stored.
        return hasContent(e) ? Verdict.STORE : Verdict.NO_CONTENT;
    }

    /** A body or subject, or any payload beyond chat states, hints, ids and thread (receipts, markers, OMEMO...). */
    static boolean hasContent(Element message) {
        for (Node n : message.children()) {
            if (n instanceof Element c) {
                if (Namespaces.CLIENT.equals(c.namespace())) {
                    if (c.name().equals("body") || c.name().equals("subject")) {
                        return true;
                    }
                } else if (!NOT_CONTENT.contains(c.namespace())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The message as stored: every attribute and child kept, plus {@code <delay from='domain'/>}.
     * A delay claiming to be from this server and a XEP-0013 offline element come from the sender,
     * not from us, so they are dropped first.
     */
    static Stanza prepare(Stanza message, Jid domain, Instant now) {
        String d = domain.toString();
        Element e = message.element().withoutChildren(c ->
                (c.is("delay", Namespaces.DELAY) && d.equals(c.attr("from"))) || OFFLINE.equals(c.namespace()));
        Element delay = Element.builder("delay", Namespaces.DELAY).attr("from", d).attr("stamp", STAMP.format(now))
                .text("Offline Storage").build();
        return message.withElement(e.withChild(delay));
    }

    /** XEP-0013 §2.4: each message retrieved by node carries its node. */
    static Stanza withNode(Stanza stored, long id) {
        Element offline = Element.builder("offline", OFFLINE)
                .child(Element.builder("item", OFFLINE).attr("node", Long.toString(id)).build()).build();
        return stored.withElement(stored.element().withChild(offline));
    }
}
