package org.tern.offline;

import org.tern.core.jid.Jid;
import org.tern.core.module.DiscoNode;
import org.tern.core.module.IqRequest;
import org.tern.core.session.ClientSession;
import org.tern.core.session.SessionKey;
import org.tern.core.session.Sessions;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.storage.Storage;
import org.tern.core.xml.Element;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * XEP-0013 Flexible Offline Message Retrieval: the message count (disco#info on the node),
 * headers (disco#items), view, remove, fetch and purge. Nodes are the stored messages' ids. A
 * session that uses it before its initial presence opts out of the automatic flush (§2.2), and
 * so do the account's other resources while that session lasts.
 */
final class FlexibleRetrieval implements DiscoNode {
    static final String NS = StoreRules.OFFLINE;
    static final String DATA = "jabber:x:data";
    /** Set on a session that chose XEP-0013 before sending initial presence. */
    static final SessionKey<Boolean> CHOSEN = SessionKey.of("offline.flexible");

    private final Storage storage;
    private final Limits limits;
    private final Clock clock;

    FlexibleRetrieval(Storage storage, Limits limits, Clock clock) {
        this.storage = storage;
        this.limits = limits;
        this.clock = clock;
    }

    /** Whether a bound session of the account chose XEP-0013 (no flood for any of its resources then). */
    static boolean inUse(Sessions sessions, Jid bare) {
        for (ClientSession s : sessions.of(bare)) {
            if (s.get(CHOSEN) != null) {
                return true;
            }
        }
        return false;
    }

    /** §2.2-2.7: only the user's own resources; the request then opts the session out of the flood. */
    private static ClientSession requester(IqRequest r) throws StanzaException {
        ClientSession s = r.session();
        if (s == null || (r.target().hasLocal() && !r.fromOwnAccount())) {
            throw new StanzaException(StanzaErrorCondition.FORBIDDEN);
        }
        if (!s.isAvailable()) {
            s.set(CHOSEN, true);
        }
        return s;
    }

    /** §2.2: identity, feature and the number of messages as an XEP-0128 form. */
    @Override
    public CompletionStage<List<Element>> info(IqRequest r) throws StanzaException {
        ClientSession s = requester(r);
        return storage.transaction(OfflineStore.count(s.jid().local(), limits.notBefore(clock))).thenApply(n -> List.of(
                Element.builder("identity", Namespaces.DISCO_INFO).attr("category", "automation")
                        .attr("type", "message-list").build(),
                Element.builder("feature", Namespaces.DISCO_INFO).attr("var", NS).build(),
                Element.builder("x", DATA).attr("type", "result")
                        .child(field("FORM_TYPE", "hidden", NS))
                        .child(field("number_of_messages", null, Long.toString(n)))
                        .build()));
    }

    private static Element field(String var, String type, String value) {
        return Element.builder("field", DATA).attr("var", var).attr("type", type)
                .child(Element.builder("value", DATA).text(value).build()).build();
    }

    /** §2.3: one item per message: jid = the user, node = its id, name = the sender's full JID. */
    @Override
    public CompletionStage<List<Element>> items(IqRequest r) throws StanzaException {
        ClientSession s = requester(r);
        String bare = s.bareJid().toString();
        return storage.transaction(OfflineStore.headers(s.jid().local(), limits.notBefore(clock))).thenApply(headers -> {
            List<Element> items = new ArrayList<>(headers.size());
            for (StoredMessage h : headers) {
                items.add(Element.builder("item", Namespaces.DISCO_ITEMS).attr("jid", bare)
                        .attr("node", Long.toString(h.id())).attr("name", h.sender()).build());
            }
            return items;
        });
    }

    /** iq get: {@code <fetch/>} (§2.6) or view items (§2.4); the messages precede the result. */
    CompletionStage<Element> get(IqRequest r) throws StanzaException {
        ClientSession s = requester(r);
        String user = s.jid().local();
        Element offline = r.payload();
        if (only(offline, "fetch")) {
            return fetch(s, user, 0).thenApply(v -> null);
        }
        List<Long> ids = nodes(offline, "view");
        return storage.transaction(OfflineStore.byIds(user, limits.notBefore(clock), ids)).thenApply(found -> {
            if (found.size() != ids.stream().distinct().count()) {
                throw new CompletionException(new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND));
            }
            for (StoredMessage m : found) {
                s.deliver(readable(m));
            }
            return null;
        });
    }

    /** iq set: {@code <purge/>} (§2.7) or remove items (§2.5, all or none). */
    CompletionStage<Element> set(IqRequest r) throws StanzaException {
        ClientSession s = requester(r);
        String user = s.jid().local();
        Element offline = r.payload();
        if (only(offline, "purge")) {
            return storage.transaction(OfflineStore.purge(user)).thenApply(n -> null);
        }
        List<Long> ids = nodes(offline, "remove");
        return storage.transaction(OfflineStore.deleteAllOf(user, limits.notBefore(clock), ids)).thenApply(ok -> {
            if (!ok) {
                throw new CompletionException(new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND));
            }
            return null;
        });
    }

    private CompletableFuture<Void> fetch(ClientSession s, String user, long afterId) {
        return storage.transaction(OfflineStore.after(user, limits.notBefore(clock), afterId, Flusher.BATCH))
                .thenCompose(batch -> {
                    if (batch.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    for (StoredMessage m : batch) {
                        s.deliver(readable(m));
                    }
                    return fetch(s, user, batch.get(batch.size() - 1).id());
                });
    }

    private static Stanza readable(StoredMessage m) {
        try {
            return StoreRules.withNode(StanzaCodec.parse(m.text()), m.id());
        } catch (Exception e) {
            throw new IllegalStateException("offline message " + m.id() + " is unreadable", e);
        }
    }

    private static boolean only(Element offline, String command) {
        List<Element> children = offline.elements();
        return children.size() == 1 && children.get(0).is(command, NS);
    }

    /** The nodes of {@code <item action='...' node='...'/>} children, all with this action; bad-request otherwise. */
    private static List<Long> nodes(Element offline, String action) throws StanzaException {
        List<Element> children = offline.elements();
        List<Long> ids = new ArrayList<>(children.size());
        for (Element item : children) {
            if (!item.is("item", NS) || !action.equals(item.attr("action")) || item.attr("node") == null) {
                throw new StanzaException(StanzaErrorCondition.BAD_REQUEST);
            }
            try {
                ids.add(Long.parseLong(item.attr("node")));
            } catch (NumberFormatException e) {
                throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
            }
        }
        if (ids.isEmpty()) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST);
        }
        return ids;
    }
}
