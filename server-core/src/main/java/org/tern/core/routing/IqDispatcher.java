package org.tern.core.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.module.IqHandler;
import org.tern.core.module.IqRequest;
import org.tern.core.module.IqScope;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.storage.StorageBusyException;
import org.tern.core.xml.Element;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Iq requests the server answers itself, dispatched by scope, type and payload qualified name. */
public final class IqDispatcher {
    private static final Logger log = LoggerFactory.getLogger(IqDispatcher.class);

    public record Key(IqScope scope, Stanza.IqType type, String element, String namespace) {
    }

    private record Entry(IqHandler handler, String owner) {
    }

    private final Map<Key, Entry> handlers = new ConcurrentHashMap<>();

    public void register(Key key, IqHandler handler, String owner) {
        Entry previous = handlers.putIfAbsent(key, new Entry(handler, owner));
        if (previous != null) {
            throw new IllegalStateException(owner + " registers " + key + ", already handled by " + previous.owner);
        }
    }

    public void removeOwner(String owner) {
        handlers.values().removeIf(e -> e.owner.equals(owner));
    }

    /** Whether any handler serves this payload namespace in a scope (for disco). */
    public boolean serves(IqScope scope, String namespace) {
        for (Key k : handlers.keySet()) {
            if (k.scope() == scope && k.namespace().equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Answers a get or set: the reply (result or error) is built here and handed to {@code reply}.
     * Completes when the reply was handed over.
     */
    public CompletionStage<Void> dispatch(IqScope scope, Jid target, Stanza iq, ClientSession session, Router router) {
        Element payload = iq.payload();
        if (payload == null || iq.element().elements().size() != 1) {
            return router.route(iq.errorReply(StanzaErrorCondition.BAD_REQUEST));
        }
        Entry entry = handlers.get(new Key(scope, iq.iqType(), payload.name(), payload.namespace()));
        if (entry == null) {
            return router.route(iq.errorReply(StanzaErrorCondition.SERVICE_UNAVAILABLE));
        }
        CompletionStage<Element> result;
        IqRequest request = new IqRequest(iq, session, target);
        try {
            result = entry.handler.handle(request);
        } catch (Exception e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((answer, error) -> error == null ? iq.resultReply(answer) : errorFor(iq, error, entry.owner))
                .thenCompose(router::route)
                .whenComplete((v, e) -> followUps(request, entry.owner));
    }

    private static void followUps(IqRequest request, String owner) {
        for (Runnable action : request.followUps()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("{} failed after replying to an iq", owner, e);
            }
        }
    }

    static Stanza errorFor(Stanza iq, Throwable error, String owner) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof StanzaException se) {
            return iq.errorReply(se.error());
        }
        if (e instanceof StorageBusyException) {
            return iq.errorReply(StanzaErrorCondition.RESOURCE_CONSTRAINT);
        }
        log.error("{} failed on iq {}", owner, iq.payload() == null ? "?" : iq.payload().namespace(), e);
        return iq.errorReply(StanzaErrorCondition.INTERNAL_SERVER_ERROR);
    }
}
