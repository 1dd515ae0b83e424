package org.tern.core.c2s;

import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * XEP-0352 client state indication: while the client says it is inactive, stanzas that can wait
 * (presence updates, chat states and receipts without a body, pubsub notifications) are held and
 * sent in order when it becomes active, or before anything urgent so order is never broken.
 * Presence is held once per sender: a newer one replaces the older. The held queue is bounded;
 * at the bound it is flushed. Lives on the session's event loop.
 */
final class ClientStateIndication {
    static final String NS = "urn:xmpp:csi:0";
    private static final String CARBONS = "urn:xmpp:carbons:2";
    private static final String FORWARD = "urn:xmpp:forward:0";
    private static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    private static final Set<String> URGENT_PAYLOADS = Set.of("eu.siacs.conversations.axolotl", "urn:xmpp:omemo:2",
            "urn:xmpp:openpgp:0", "urn:xmpp:jingle-message:0", "jabber:x:conference");

    record Held(Stanza stanza, CompletableFuture<Boolean> confirmed) {
    }

    private final int maxHeld;
    private boolean inactive;
    /** Keyed so a newer presence from the same sender replaces the older; other stanzas get unique keys. */
    private final LinkedHashMap<Object, Held> held = new LinkedHashMap<>();
    private long seq;

    ClientStateIndication(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    boolean inactive() {
        return inactive;
    }

    /** Switches state; returns what to send now (everything held, when becoming active). */
    List<Held> setInactive(boolean value) {
        inactive = value;
        return value ? List.of() : flush();
    }

    /**
     * Offers a stanza: returns null when it is held; otherwise the stanzas to send now, in order,
     * the held ones first and this one last.
     */
    List<Held> offer(Stanza stanza, CompletableFuture<Boolean> confirmed) {
        Held h = new Held(stanza, confirmed);
        if (!inactive || urgent(stanza)) {
            if (held.isEmpty()) {
                return List.of(h);
            }
            List<Held> out = flush();
            out.add(h);
            return out;
        }
        Object key = stanza.isPresence() && stanza.from() != null ? stanza.from() : Long.valueOf(seq++);
        held.remove(key); // re-insert at the end: a replaced presence moves to its newer position
        held.put(key, h);
        return held.size() >= maxHeld ? flush() : null;
    }

    List<Held> flush() {
        List<Held> out = new ArrayList<>(held.values());
        held.clear();
        return out;
    }

    int heldCount() {
        return held.size();
    }

    /** Whether a stanza must reach an inactive client at once. */
    static boolean urgent(Stanza s) {
        if (s.isIq()) {
            return true;
        }
        if (s.isPresence()) {
            Stanza.PresenceType t = s.presenceType();
            return t != null && t != Stanza.PresenceType.AVAILABLE && t != Stanza.PresenceType.UNAVAILABLE;
        }
        if (s.messageType() == Stanza.MessageType.ERROR || s.hasBody()) {
            return true;
        }
        // Encrypted messages, call invitations and room invitations carry no body but are what the user waits for.
        for (Element e : s.element().elements()) {
            String ns = e.namespace();
            if (URGENT_PAYLOADS.contains(ns) || (ns.equals(MUC_USER) && e.child("invite", ns) != null)) {
                return true;
            }
            if (ns.equals(CARBONS)) { // a carbon copy is as urgent as the message it carries
                Element fwd = e.child("forwarded", FORWARD);
                Element inner = fwd == null ? null : fwd.child("message", "jabber:client");
                if (inner != null && Stanza.isStanza(inner)) {
                    return urgent(Stanza.trusted(inner.withoutAttr("from").withoutAttr("to")));
                }
            }
        }
        return false;
    }
}
