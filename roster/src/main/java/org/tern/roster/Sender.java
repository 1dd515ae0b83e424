package org.tern.roster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.routing.Router;
import org.tern.core.session.ClientSession;
import org.tern.core.session.SessionKey;
import org.tern.core.session.Sessions;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the module sends: roster and block list pushes to a user's interested resources, stanzas
 * delivered to a user's available resources, and routing to others, with the per-session state
 * (interest, directed presence) kept under typed keys.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** The resource requested the roster, so it gets roster pushes (RFC 6121 §2.1.6). */
    static final SessionKey<Boolean> ROSTER_INTERESTED = SessionKey.of("roster.interested");
    /** The resource requested the block list, so it gets block pushes (XEP-0191 §3.3). */
    static final SessionKey<Boolean> BLOCKLIST_INTERESTED = SessionKey.of("roster.blocklist-interested");
    /** Entities the resource sent directed available presence to (RFC 6121 §4.6). */
    static final SessionKey<Set<Jid>> DIRECTED = SessionKey.of("roster.directed");

    private final Router router;
    private final Sessions sessions;

    Sender(Router router, Sessions sessions) {
        this.router = router;
        this.sessions = sessions;
    }

    Sessions sessions() {
        return sessions;
    }

    /** A roster push of one item (or its removal) to every interested resource of the account. */
    void pushRoster(Jid owner, String version, Element item) {
        Element query = RosterCodec.query(version, List.of(item));
        for (ClientSession s : sessions.of(owner)) {
            if (Boolean.TRUE.equals(s.get(ROSTER_INTERESTED))) {
                s.deliver(Stanza.iq(Stanza.IqType.SET, owner, s.jid(), "push-" + Stanza.newId(), query));
            }
        }
    }

    /** A block or unblock push (XEP-0191 §3.3-3.5) to every resource that requested the block list. */
    void pushBlocking(Jid owner, Element payload) {
        for (ClientSession s : sessions.of(owner)) {
            if (Boolean.TRUE.equals(s.get(BLOCKLIST_INTERESTED))) {
                s.deliver(Stanza.iq(Stanza.IqType.SET, owner, s.jid(), "block-" + Stanza.newId(), payload));
            }
        }
    }

    /** Delivers to every available resource of the account. */
    void deliverToAvailable(Jid owner, Stanza stanza) {
        for (ClientSession s : sessions.available(owner)) {
            s.deliver(stanza);
        }
    }

    /** True for a local account with no bound session: presence for it would go nowhere. */
    boolean isOfflineLocal(Jid bare) {
        return bare.hasLocal() && router.isLocalDomain(bare) && sessions.of(bare).isEmpty();
    }

    /** The current presence of each of the user's available resources, addressed to someone. */
    List<Stanza> presenceOf(Jid owner, Jid to) {
        List<Stanza> out = new ArrayList<>();
        for (ClientSession s : sessions.available(owner)) {
            Stanza p = s.presence();
            if (p != null) {
                out.add(p.withFrom(s.jid()).withTo(to));
            }
        }
        return out;
    }

    /** Unavailable presence from each of the user's available resources, addressed to someone. */
    List<Stanza> unavailableOf(Jid owner, Jid to) {
        List<Stanza> out = new ArrayList<>();
        for (ClientSession s : sessions.available(owner)) {
            out.add(Stanza.presence(Stanza.PresenceType.UNAVAILABLE, s.jid(), to));
        }
        return out;
    }

    CompletionStage<Void> route(Stanza stanza) {
        try {
            return router.route(stanza).exceptionally(e -> {
                log.warn("routing a {} to {} failed", stanza.kind(), stanza.to(), e);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("routing a {} to {} failed", stanza.kind(), stanza.to(), e);
            return DONE;
        }
    }

    /** Routes one after the other: each is taken care of before the next goes. */
    CompletionStage<Void> routeInOrder(List<Stanza> stanzas) {
        CompletionStage<Void> chain = DONE;
        for (Stanza s : stanzas) {
            chain = chain.thenCompose(v -> route(s));
        }
        return chain;
    }

    /** Routes all at once; completes when every one is taken care of. */
    CompletionStage<Void> routeAll(Collection<Stanza> stanzas) {
        if (stanzas.isEmpty()) {
            return DONE;
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[stanzas.size()];
        int i = 0;
        for (Stanza s : stanzas) {
            all[i++] = route(s).toCompletableFuture();
        }
        return CompletableFuture.allOf(all);
    }
}
