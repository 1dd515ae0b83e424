package org.tern.core.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.event.PresenceBroadcast;
import org.tern.core.event.PresenceChanging;
import org.tern.core.event.SessionBound;
import org.tern.core.event.SessionClosed;
import org.tern.core.event.StanzaFromClient;
import org.tern.core.jid.Jid;
import org.tern.core.module.EventBus;
import org.tern.core.module.IqScope;
import org.tern.core.module.Outcome;
import org.tern.core.session.BoundSession;
import org.tern.core.session.ClientSession;
import org.tern.core.session.SessionManager;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What happens to a stanza a bound client sends (RFC 6120 §8.1, RFC 6121 §4 and §8): address
 * checks, 'from' stamping, broadcast presence, iqs the server answers, then routing. The
 * returned stage completes when the stanza was fully taken care of; the session reads nothing
 * more until then, so a client's stanzas are processed strictly in order.
 */
public final class ClientStanzaProcessor {
    private static final Logger log = LoggerFactory.getLogger(ClientStanzaProcessor.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final String CARBONS = "urn:xmpp:carbons:2";

    private final Jid domain;
    private final LocalRouter router;
    private final EventBus events;
    private final IqDispatcher iqs;
    private final SessionManager sessions;

    public ClientStanzaProcessor(Jid domain, LocalRouter router, EventBus events, IqDispatcher iqs, SessionManager sessions) {
        this.domain = domain;
        this.router = router;
        this.events = events;
        this.iqs = iqs;
        this.sessions = sessions;
    }

    public CompletionStage<Void> process(BoundSession session, Element element) {
        Stanza stanza;
        try {
            stanza = Stanza.of(element);
        } catch (StanzaException e) {
            replyUnaddressed(session, element, e);
            return DONE;
        }
        Jid from = stanza.from();
        if (from != null && !from.equals(session.jid()) && !from.equals(session.bareJid())) {
            // RFC 6120 §8.1.2.1 / §4.9.3.10: a client may only speak as itself.
            session.close(StreamErrorCondition.INVALID_FROM, "'from' does not match the authenticated address");
            return DONE;
        }
        stanza = stanza.withFrom(session.jid());
        Jid to = stanza.to();
        switch (stanza.kind()) {
            case IQ -> {
                Stanza.IqType type = stanza.iqType();
                if (type == null || stanza.id() == null) {
                    session.deliver(stanza.errorReply(StanzaErrorCondition.BAD_REQUEST));
                    return DONE;
                }
                if (to == null || to.equals(session.bareJid())) {
                    if (type.isRequest()) {
                        return iqs.dispatch(IqScope.ACCOUNT, session.bareJid(), stanza.withTo(session.bareJid()),
                                session, router);
                    }
                    return DONE;
                }
                if (to.equals(domain)) {
                    return router.routeFromClient(stanza, session);
                }
            }
            case PRESENCE -> {
                if (to == null) {
                    return broadcast(session, stanza);
                }
            }
            case MESSAGE -> {
                if (to == null) {
                    stanza = stanza.withTo(session.bareJid());
                }
            }
        }
        Stanza s = stanza;
        return events.fire(new StanzaFromClient(session, s)).thenCompose(outcome ->
                outcome == Outcome.HANDLED ? DONE : router.routeFromClient(s, session));
    }

    private static void replyUnaddressed(ClientSession session, Element element, StanzaException e) {
        if ("error".equals(element.attr("type"))) {
            return;
        }
        Element bare = element.withoutAttr("to").withoutAttr("from");
        try {
            session.deliver(Stanza.of(bare).errorReply(e.error()));
        } catch (StanzaException impossible) {
            log.debug("cannot answer malformed stanza", impossible);
        }
    }

    /** Presence without 'to': the session's broadcast presence (RFC 6121 §4.2, §4.4, §4.5). */
    private CompletionStage<Void> broadcast(BoundSession session, Stanza presence) {
        Stanza.PresenceType type = presence.presenceType();
        if (type == null) {
            session.deliver(presence.withTo(null).errorReply(StanzaErrorCondition.BAD_REQUEST));
            return DONE;
        }
        return switch (type) {
            case AVAILABLE -> {
                boolean initial = !session.isAvailable();
                events.fire(new PresenceChanging(session, presence, initial));
                session.updatePresence(presence);
                for (ClientSession other : sessions.available(session.bareJid())) {
                    if (other != session) {
                        other.deliver(presence.withTo(other.jid()));
                        Stanza theirs = other.presence();
                        if (initial && theirs != null) { // it may have gone unavailable meanwhile
                            session.deliver(theirs.withFrom(other.jid()).withTo(session.jid()));
                        }
                    }
                }
                // RFC 6121 §4.2.2, §4.4.2: also to the resource that sent it (implicitly subscribed to itself).
                session.deliver(presence.withTo(session.jid()));
                yield events.fire(new PresenceBroadcast(session, presence, initial)).thenApply(o -> null);
            }
            case UNAVAILABLE -> unavailable(session, presence);
            default -> DONE; // subscription states and probes need an addressee
        };
    }

    private CompletionStage<Void> unavailable(BoundSession session, Stanza presence) {
        if (!session.isAvailable()) {
            return DONE;
        }
        session.updatePresence(null);
        for (ClientSession other : sessions.available(session.bareJid())) {
            if (other != session) {
                other.deliver(presence.withTo(other.jid()));
            }
        }
        return events.fire(new PresenceBroadcast(session, presence, false)).thenApply(o -> null);
    }

    public void sessionBound(ClientSession session) {
        events.fire(new SessionBound(session));
    }

    /**
     * A session ended: it leaves the session manager, stanzas it could not deliver (unacknowledged
     * under stream management, or held) go back to routing, then its unavailable presence if it
     * was available, then SessionClosed.
     */
    public CompletionStage<Void> sessionEnded(BoundSession session, boolean graceful, List<Stanza> undelivered) {
        sessions.unbind(session);
        for (Stanza s : undelivered) {
            undeliverable(session, s);
        }
        CompletionStage<Void> presence = DONE;
        if (session.isAvailable()) {
            Stanza unavailable = Stanza.presence(Stanza.PresenceType.UNAVAILABLE, session.jid(), null);
            presence = unavailable(session, unavailable);
        }
        return presence.thenCompose(v -> events.fire(new SessionClosed(session, graceful))).thenApply(o -> null);
    }

    /**
     * A stanza reached a session that closed before writing it. Messages go back through routing to
     * the account's other resources or offline storage instead of being lost.
     */
    public void undeliverable(ClientSession session, Stanza stanza) {
        if (stanza.isMessage() && stanza.element().childIn(CARBONS) == null) { // a lost carbon copy is not re-sent
            Stanza.MessageType t = stanza.messageType();
            if (t == Stanza.MessageType.CHAT || t == Stanza.MessageType.NORMAL) {
                router.route(stanza.withTo(session.bareJid()));
                return;
            }
        }
        if (stanza.isIq() && stanza.iqType() != null && stanza.iqType().isRequest()) {
            router.bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
        }
    }

    /** The kernel's own answer to the legacy session iq (RFC 3921 §3), which clients may still send. */
    public static boolean isSessionIq(Element e) {
        return e.is("iq", Namespaces.CLIENT) && "set".equals(e.attr("type"))
                && e.child("session", Namespaces.SESSION) != null;
    }
}
