package org.tern.core.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.auth.AccountDirectory;
import org.tern.core.event.MessageDelivered;
import org.tern.core.event.MessageUndeliverable;
import org.tern.core.event.StanzaToUser;
import org.tern.core.jid.Jid;
import org.tern.core.module.Component;
import org.tern.core.module.EventBus;
import org.tern.core.module.IqScope;
import org.tern.core.module.Outcome;
import org.tern.core.session.ClientSession;
import org.tern.core.session.SessionManager;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routing by RFC 6120 §10 and RFC 6121 §8: to the server, to components by domain, to local
 * accounts by the delivery rules for each stanza kind; remote domains are refused until
 * server-to-server exists.
 */
public final class LocalRouter implements Router {
    private static final Logger log = LoggerFactory.getLogger(LocalRouter.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Jid domain;
    private final SessionManager sessions;
    private final EventBus events;
    private final IqDispatcher iqs;
    private final AccountDirectory accounts;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Component> components = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Stanza>> pending = new ConcurrentHashMap<>();

    public LocalRouter(Jid domain, SessionManager sessions, EventBus events, IqDispatcher iqs,
                       AccountDirectory accounts, ScheduledExecutorService scheduler) {
        this.domain = domain;
        this.sessions = sessions;
        this.events = events;
        this.iqs = iqs;
        this.accounts = accounts;
        this.scheduler = scheduler;
    }

    public void addComponent(String componentDomain, Component component) {
        if (components.putIfAbsent(componentDomain, component) != null) {
            throw new IllegalStateException("a component already serves " + componentDomain);
        }
    }

    public void removeComponent(String componentDomain) {
        components.remove(componentDomain);
    }

    public Map<String, Component> components() {
        return Map.copyOf(components);
    }

    @Override
    public boolean isLocalDomain(Jid jid) {
        return jid != null && jid.domain().equals(domain.domain());
    }

    @Override
    public CompletionStage<Void> route(Stanza stanza) {
        try {
            return doRoute(stanza, null);
        } catch (RuntimeException e) {
            log.error("routing failed for {}", stanza.kind(), e);
            return DONE;
        }
    }

    /** Routing of a stanza a bound client sent; the session is handed to iq handlers. */
    public CompletionStage<Void> routeFromClient(Stanza stanza, ClientSession session) {
        return doRoute(stanza, session);
    }

    private CompletionStage<Void> doRoute(Stanza stanza, ClientSession session) {
        Jid to = stanza.to();
        if (to == null) {
            log.debug("dropping stanza without address: {}", stanza.kind());
            return DONE;
        }
        if (isLocalDomain(to)) {
            return to.hasLocal() ? toAccount(stanza, session) : toServer(stanza, session);
        }
        Component c = components.get(to.domain());
        if (c != null) {
            return c.receive(stanza).exceptionally(e -> {
                log.error("component {} failed on a {}", to.domain(), stanza.kind(), e);
                return null;
            });
        }
        // No server-to-server yet: RFC 6120 §10.4.3 lets us answer at once.
        return bounce(stanza, StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND);
    }

    /** Sends an error reply to the sender unless the stanza is an error or a response itself. */
    public CompletionStage<Void> bounce(Stanza stanza, StanzaErrorCondition condition) {
        if (stanza.isError() || stanza.from() == null
                || (stanza.isIq() && stanza.iqType() == Stanza.IqType.RESULT)
                || (stanza.isPresence() && stanza.presenceType() != Stanza.PresenceType.SUBSCRIBE)) {
            return DONE;
        }
        return route(stanza.errorReply(condition));
    }

    private CompletionStage<Void> toServer(Stanza stanza, ClientSession session) {
        switch (stanza.kind()) {
            case IQ -> {
                Stanza.IqType type = stanza.iqType();
                if (type == null) {
                    return bounce(stanza, StanzaErrorCondition.BAD_REQUEST);
                }
                if (type.isRequest()) {
                    return iqs.dispatch(IqScope.SERVER, domain, stanza, session, this);
                }
                completePending(stanza);
                return DONE;
            }
            case MESSAGE -> {
                if (stanza.messageType() == Stanza.MessageType.HEADLINE) {
                    return DONE;
                }
                return bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
            }
            default -> {
                return DONE; // presence to the server itself carries nothing for us
            }
        }
    }

    private CompletionStage<Void> toAccount(Stanza stanza, ClientSession session) {
        Jid bare = stanza.to().bare();
        if (!sessions.of(bare).isEmpty()) {
            return toExistingAccount(stanza, session);
        }
        return accounts.exists(bare.local()).thenCompose(exists -> {
            if (exists) {
                return toExistingAccount(stanza, session);
            }
            // RFC 6121 §8.5.1: no such account.
            if (stanza.isPresence()) {
                return DONE;
            }
            return bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
        });
    }

    private CompletionStage<Void> toExistingAccount(Stanza stanza, ClientSession session) {
        return events.fire(new StanzaToUser(stanza)).thenCompose(outcome -> {
            if (outcome == Outcome.HANDLED) {
                return DONE;
            }
            return switch (stanza.kind()) {
                case IQ -> iqToAccount(stanza, session);
                case MESSAGE -> messageToAccount(stanza);
                case PRESENCE -> presenceToAccount(stanza);
            };
        });
    }

    private CompletionStage<Void> iqToAccount(Stanza iq, ClientSession session) {
        Jid to = iq.to();
        Stanza.IqType type = iq.iqType();
        if (type == null) {
            return bounce(iq, StanzaErrorCondition.BAD_REQUEST);
        }
        if (to.isFull()) {
            ClientSession target = sessions.get(to);
            if (target != null && target.deliver(iq)) {
                return DONE;
            }
            return type.isRequest() ? bounce(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE) : DONE;
        }
        if (type.isRequest()) {
            return iqs.dispatch(IqScope.ACCOUNT, to, iq, session, this);
        }
        return DONE; // responses to a bare JID have nobody waiting
    }

    private CompletionStage<Void> messageToAccount(Stanza message) {
        Jid to = message.to();
        Stanza.MessageType type = message.messageType();
        boolean im = type == Stanza.MessageType.CHAT || type == Stanza.MessageType.NORMAL;
        if (to.isFull()) {
            ClientSession target = sessions.get(to);
            if (target != null && target.deliver(message)) {
                return im ? delivered(message, List.of(target)) : DONE;
            }
        }
        switch (type) {
            case ERROR:
                return DONE;
            case GROUPCHAT:
                return bounce(message, StanzaErrorCondition.SERVICE_UNAVAILABLE);
            case HEADLINE:
                for (ClientSession s : sessions.available(to)) {
                    if (s.priority() >= 0) {
                        s.deliver(message);
                    }
                }
                return DONE;
            default:
                break;
        }
        // normal and chat: the available resources of highest non-negative priority (RFC 6121 §8.5.2.1.1).
        List<ClientSession> best = new ArrayList<>(2);
        int bestPriority = 0;
        for (ClientSession s : sessions.available(to)) {
            int p = s.priority();
            if (p < 0) {
                continue;
            }
            if (best.isEmpty() || p > bestPriority) {
                best.clear();
                bestPriority = p;
                best.add(s);
            } else if (p == bestPriority) {
                best.add(s);
            }
        }
        List<ClientSession> got = new ArrayList<>(best.size());
        for (ClientSession s : best) {
            if (s.deliver(message)) {
                got.add(s);
            }
        }
        if (!got.isEmpty()) {
            return delivered(message, got);
        }
        return events.fire(new MessageUndeliverable(message)).thenCompose(outcome ->
                outcome == Outcome.HANDLED ? DONE : bounce(message, StanzaErrorCondition.SERVICE_UNAVAILABLE));
    }

    private CompletionStage<Void> delivered(Stanza message, List<ClientSession> recipients) {
        return events.fire(new MessageDelivered(message, recipients)).thenApply(o -> null);
    }

    private CompletionStage<Void> presenceToAccount(Stanza presence) {
        Jid to = presence.to();
        Stanza.PresenceType type = presence.presenceType();
        if (type == null) {
            return DONE;
        }
        if (to.isFull()) {
            ClientSession target = sessions.get(to);
            if (target != null && (type == Stanza.PresenceType.AVAILABLE || type == Stanza.PresenceType.UNAVAILABLE
                    || type == Stanza.PresenceType.ERROR)) {
                target.deliver(presence);
            }
            return DONE;
        }
        if (type == Stanza.PresenceType.AVAILABLE || type == Stanza.PresenceType.UNAVAILABLE) {
            for (ClientSession s : sessions.available(to)) {
                s.deliver(presence);
            }
        }
        // Probes and subscription states belong to the roster module (StanzaToUser); without it, nothing to do.
        return DONE;
    }

    @Override
    public CompletableFuture<Stanza> request(Stanza iq, Duration timeout) {
        String key = pendingKey(iq.to(), iq.id());
        CompletableFuture<Stanza> f = new CompletableFuture<>();
        pending.put(key, f);
        var timer = scheduler.schedule(() -> {
            if (pending.remove(key, f)) {
                f.completeExceptionally(new TimeoutException("no response to iq " + iq.id()));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        f.whenComplete((r, e) -> timer.cancel(false));
        route(iq);
        return f;
    }

    /** A response addressed to the server or a component; true when someone was waiting for it. */
    public boolean completePending(Stanza response) {
        if (response.from() == null) {
            return false;
        }
        CompletableFuture<Stanza> f = pending.remove(pendingKey(response.from(), response.id()));
        if (f == null) {
            return false;
        }
        f.complete(response);
        return true;
    }

    private static String pendingKey(Jid peer, String id) {
        return peer + "\u0000" + id;
    }
}
