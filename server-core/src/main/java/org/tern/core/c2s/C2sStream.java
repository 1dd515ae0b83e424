package org.tern.core.c2s;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.ModuleContext;
import org.tern.core.routing.ClientStanzaProcessor;
import org.tern.core.sasl.ChannelBindingData;
import org.tern.core.session.SessionManager;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.Element;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamException;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client stream's state machine (RFC 6120 §4-§7): stream header, STARTTLS, SASL, resource
 * binding, then stanzas for the bound session. Transport-neutral, and touched only from its
 * connection's event loop, so it needs no locks.
 */
final class C2sStream implements SaslNegotiation.Owner, SmNegotiation.Owner {
    private static final Logger log = LoggerFactory.getLogger(C2sStream.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { AWAIT_OPEN, NEGOTIATING, SASL, BINDING, BOUND, CLOSED }

    private final C2sServices svc;
    private final Transport transport;
    private State state = State.AWAIT_OPEN;
    private boolean headerSent;
    private String streamId = newStreamId();
    private String username;
    private final SaslNegotiation sasl;
    private final SmNegotiation sm;
    private C2sSession session;
    private boolean detached;
    private ScheduledFuture<?> negotiationTimer;
    private ScheduledFuture<?> pingTimer;
    private long lastReadNanos = System.nanoTime();

    C2sStream(C2sServices svc, Transport transport) {
        this.svc = svc;
        this.transport = transport;
        this.sasl = new SaslNegotiation(svc, transport, this);
        this.sm = new SmNegotiation(svc, transport, this);
    }

    void connected() {
        long ms = svc.config().get(C2sSettings.NEGOTIATION_TIMEOUT).toMillis();
        negotiationTimer = transport.eventLoop().schedule(() -> {
            if (state != State.BOUND && state != State.CLOSED) {
                log.info("c2s {}: negotiation not finished in {} ms", transport.remoteAddress(), ms);
                close(StreamErrorCondition.CONNECTION_TIMEOUT, "Stream negotiation took too long");
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    /** Marks input activity, for the idle check. */
    void read() {
        lastReadNanos = System.nanoTime();
    }

    /** Handles one event; returns a stage when the connection must read nothing more until it completes. */
    CompletionStage<?> handle(StreamEvent event) {
        if (state == State.CLOSED) {
            return null;
        }
        if (event instanceof StreamEvent.Open open) {
            onOpen(open);
            return null;
        }
        if (event instanceof StreamEvent.Close) {
            log.debug("c2s {}: client closed the stream", transport.remoteAddress());
            state = State.CLOSED;
            detach(true, false);
            transport.sendCloseAndDisconnect();
            return null;
        }
        return onElement(((StreamEvent.Stanza) event).element());
    }

    void xmlError(XmlStreamException e) {
        log.info("c2s {}: {} ({})", transport.remoteAddress(), e.condition().elementName(), e.getMessage());
        close(e.condition(), e.getMessage());
    }

    private void onOpen(StreamEvent.Open open) {
        if (state != State.AWAIT_OPEN) {
            close(StreamErrorCondition.BAD_FORMAT, "Unexpected stream header");
            return;
        }
        boolean framed = "open".equals(open.name());
        if (framed ? !Namespaces.FRAMING.equals(open.namespace())
                : !("stream".equals(open.name()) && Namespaces.STREAMS.equals(open.namespace()))) {
            close(StreamErrorCondition.INVALID_NAMESPACE, "Expected a stream header");
            return;
        }
        if (!framed && !Namespaces.CLIENT.equals(open.declarations().get(""))) {
            close(StreamErrorCondition.INVALID_NAMESPACE, "The content namespace must be jabber:client");
            return;
        }
        String version = open.attributes().get("version");
        if (version == null || !version.startsWith("1.")) {
            close(StreamErrorCondition.UNSUPPORTED_VERSION, "XMPP version 1.0 is required");
            return;
        }
        String to = open.attributes().get("to");
        Jid toJid = to == null ? null : Jid.parseOrNull(to);
        if (toJid == null || !toJid.equals(svc.domain())) {
            close(StreamErrorCondition.HOST_UNKNOWN, "This server serves " + svc.domain());
            return;
        }
        streamId = newStreamId();
        transport.sendOpen(streamId, svc.domain().toString(), clientAddress(open.attributes().get("from")));
        headerSent = true;
        sendFeatures();
    }

    private String clientAddress(String from) {
        Jid j = from == null ? null : Jid.parseOrNull(from);
        return j != null && j.hasLocal() && j.domain().equals(svc.domain().domain()) ? j.bare().toString() : null;
    }

    private void sendFeatures() {
        Element.Builder f = Element.builder("features", Namespaces.STREAMS);
        if (username == null) {
            boolean offerTls = !transport.secure() && transport.canStartTls();
            if (offerTls && sasl.tlsRequired()) {
                // TLS is required: nothing else is offered before it (RFC 6120 §5.3.1).
                f.child(Element.builder("starttls", Namespaces.TLS).child("required", Namespaces.TLS).build());
            } else {
                if (offerTls) {
                    f.child(Element.of("starttls", Namespaces.TLS)); // optional: load-testing configurations only
                }
                ChannelBindingData cb = transport.channelBinding();
                Element.Builder mechs = Element.builder("mechanisms", Namespaces.SASL);
                for (String m : svc.sasl().offered(sasl.plainAllowed(), cb)) {
                    mechs.textChild("mechanism", m);
                }
                f.child(mechs.build());
                if (!cb.types().isEmpty()) {
                    Element.Builder cbe = Element.builder("sasl-channel-binding", Namespaces.SASL_CB);
                    for (String type : cb.types().keySet()) {
                        cbe.child(Element.builder("channel-binding", Namespaces.SASL_CB).attr("type", type).build());
                    }
                    f.child(cbe.build());
                }
            }
            state = State.NEGOTIATING;
        } else {
            f.child(Element.of("bind", Namespaces.BIND));
            f.child(Element.builder("session", Namespaces.SESSION).child("optional", Namespaces.SESSION).build());
            if (svc.config().get(MobileSettings.SM_ENABLED)) {
                f.child(Element.of("sm", StreamManagement.NS));
            }
            f.child(Element.of("csi", ClientStateIndication.NS));
            for (Element e : svc.streamFeatures().get()) {
                f.child(e);
            }
            state = State.BINDING;
        }
        transport.send(f.build());
    }

    private CompletionStage<?> onElement(Element e) {
        switch (state) {
            case NEGOTIATING -> {
                if (e.is("starttls", Namespaces.TLS)) {
                    if (!transport.secure() && transport.canStartTls()) {
                        state = State.AWAIT_OPEN;
                        headerSent = false;
                        transport.startTls(Element.of("proceed", Namespaces.TLS));
                    } else {
                        transport.send(Element.of("failure", Namespaces.TLS));
                        state = State.CLOSED;
                        transport.sendCloseAndDisconnect();
                    }
                    return null;
                }
                if (e.is("auth", Namespaces.SASL)) {
                    CompletionStage<?> pending = sasl.start(e);
                    if (sasl.inProgress()) {
                        state = State.SASL;
                    }
                    return pending;
                }
                close(StreamErrorCondition.NOT_AUTHORIZED, "Authenticate first");
                return null;
            }
            case SASL -> {
                if (e.is("response", Namespaces.SASL)) {
                    return sasl.response(e);
                }
                if (e.is("abort", Namespaces.SASL)) {
                    sasl.abort();
                    return null;
                }
                close(StreamErrorCondition.NOT_AUTHORIZED, "Authentication in progress");
                return null;
            }
            case BINDING -> {
                if (e.is("iq", Namespaces.CLIENT) && e.child("bind", Namespaces.BIND) != null) {
                    bind(e);
                    return null;
                }
                if (ClientStanzaProcessor.isSessionIq(e)) {
                    sendResult(e);
                    return null;
                }
                if (e.is("resume", StreamManagement.NS)) {
                    return sm.resume(e, username, this);
                }
                if (e.is("enable", StreamManagement.NS)) {
                    sm.tooEarly();
                    return null;
                }
                close(StreamErrorCondition.NOT_AUTHORIZED, "Bind a resource first");
                return null;
            }
            case BOUND -> {
                if (Stanza.isStanza(e)) {
                    svc.stats().stanzasIn.increment();
                    return counted(stanza(e));
                }
                if (StreamManagement.NS.equals(e.namespace())) {
                    sm.element(e, session);
                    return null;
                }
                if (ClientStateIndication.NS.equals(e.namespace()) && (e.name().equals("active") || e.name().equals("inactive"))) {
                    session.clientState(e.name().equals("inactive"));
                    return null;
                }
                ModuleContext.StreamElementHandler h = svc.streamElements().get(C2sServices.elementKey(e.name(), e.namespace()));
                if (h != null) {
                    try {
                        h.handle(session, e);
                    } catch (Exception ex) {
                        log.error("stream element {} failed", e.name(), ex);
                        close(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
                    }
                    return null;
                }
                close(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unknown element " + e.name() + " in " + e.namespace());
                return null;
            }
            default -> {
                close(StreamErrorCondition.NOT_WELL_FORMED, "Unexpected element before the stream header");
                return null;
            }
        }
    }

    private CompletionStage<?> stanza(Element e) {
        if (ClientStanzaProcessor.isSessionIq(e)) {
            session.deliver(Stanza.trusted(e.withAttr("type", "result").withoutAttr("from").withoutAttr("to")
                    .withChildren(java.util.List.of())));
            return null;
        }
        if (e.is("iq", Namespaces.CLIENT) && e.child("bind", Namespaces.BIND) != null) {
            Element reply = Element.builder("iq", Namespaces.CLIENT).attr("id", e.attr("id")).attr("type", "error")
                    .child(StanzaError.of(StanzaErrorCondition.NOT_ALLOWED, "Resource already bound").toElement()).build();
            session.deliver(Stanza.trusted(reply));
            return null;
        }
        return svc.processor().process(session, e);
    }

    /** Counts a client stanza as handled (XEP-0198 'h') once its processing has completed. */
    private CompletionStage<?> counted(CompletionStage<?> processing) {
        StreamManagement m = session.sm();
        if (m == null) {
            return processing;
        }
        if (processing == null || processing.toCompletableFuture().isDone()) {
            m.handledOne();
            return processing;
        }
        return processing.whenComplete((r, e) -> m.handledOne());
    }

    /** XEP-0198 §4: the client acknowledged stanzas it never received. */
    void handledCountTooHigh(long h, long sent) {
        onLoop(() -> {
            if (state != State.CLOSED) {
                closeWith(StreamErrorCondition.UNDEFINED_CONDITION, "Acknowledged more stanzas than were sent",
                        SmNegotiation.tooHigh(h, sent));
            }
        });
    }

    private void onLoop(Runnable r) {
        if (transport.eventLoop().inEventLoop()) {
            r.run();
        } else {
            transport.eventLoop().execute(r);
        }
    }

    // ---- the owner side of SASL and stream management

    @Override
    public void authenticated(String user, String mechanismName) {
        username = user;
        log.info("c2s {}: {}@{} authenticated with {}{}", transport.remoteAddress(), username, svc.domain(), mechanismName,
                transport.secure() ? "" : " without TLS");
        state = State.AWAIT_OPEN;
        headerSent = false;
        transport.restartStream();
    }

    @Override
    public void failed(boolean tooMany) {
        state = State.NEGOTIATING;
        if (tooMany) {
            close(StreamErrorCondition.POLICY_VIOLATION, "Too many failed authentication attempts");
        }
    }

    @Override
    public boolean active() {
        return state != State.CLOSED;
    }

    @Override
    public void adopt(C2sSession resumed) {
        session = resumed;
        state = State.BOUND;
        cancel(negotiationTimer);
    }

    // ---- Resource binding (RFC 6120 §7)

    private void bind(Element iq) {
        if (!"set".equals(iq.attr("type")) || iq.attr("id") == null) {
            sendError(iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST));
            return;
        }
        String requested = iq.child("bind", Namespaces.BIND).childText("resource");
        String resource;
        if (requested == null || requested.isBlank()) {
            resource = generateResource();
        } else {
            try {
                resource = Jid.prepResource(requested.strip());
            } catch (JidFormatException e) {
                sendError(iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "Invalid resource"));
                return;
            }
        }
        Jid full;
        try {
            full = Jid.of(username, svc.domain().domain(), resource);
        } catch (JidFormatException e) {
            sendError(iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "Invalid resource"));
            return;
        }
        C2sSession s = new C2sSession(full, streamId, this, svc, transport.eventLoop());
        SessionManager.BindResult result = svc.sessions().bind(s);
        if (result instanceof SessionManager.BindResult.Conflict) {
            sendError(iq, StanzaError.of(StanzaErrorCondition.CONFLICT, "Resource in use"));
            return;
        }
        if (result instanceof SessionManager.BindResult.TooManyResources t) {
            sendError(iq, StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT,
                    "At most " + t.limit() + " resources may be bound"));
            return;
        }
        session = s;
        state = State.BOUND;
        cancel(negotiationTimer);
        var replaced = ((SessionManager.BindResult.Bound) result).replaced();
        if (replaced != null) {
            replaced.close(StreamErrorCondition.CONFLICT, "Replaced by a new connection");
        }
        Element bound = Element.builder("bind", Namespaces.BIND).textChild("jid", full.toString()).build();
        transport.send(Element.builder("iq", Namespaces.CLIENT).attr("id", iq.attr("id")).attr("type", "result")
                .child(bound).build());
        log.info("c2s {}: bound {} over {}", transport.remoteAddress(), full, transport.name());
        svc.processor().sessionBound(s);
    }

    private String generateResource() {
        while (true) {
            byte[] b = new byte[6];
            RANDOM.nextBytes(b);
            String r = "tern-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            try {
                if (!svc.sessions().isBound(Jid.of(username, svc.domain().domain(), r))) {
                    return r;
                }
            } catch (JidFormatException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void sendResult(Element iq) {
        transport.send(Element.builder("iq", Namespaces.CLIENT).attr("id", iq.attr("id")).attr("type", "result").build());
    }

    private void sendError(Element iq, StanzaError error) {
        transport.send(Element.builder("iq", Namespaces.CLIENT).attr("id", iq.attr("id")).attr("type", "error")
                .child(error.toElement()).build());
    }

    // ---- Output and closing

    /** Ends the stream with a stream error (RFC 6120 §4.9), or a plain close when condition is null. */
    @Override
    public void close(StreamErrorCondition condition, String text) {
        closeWith(condition, text, null);
    }

    private void closeWith(StreamErrorCondition condition, String text, Element detail) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        // A connection found dead (no answer to pings) may still be resumed; any other error ends the session.
        detach(false, condition == StreamErrorCondition.CONNECTION_TIMEOUT);
        if (condition != null) {
            svc.stats().streamErrors.increment();
            if (!headerSent) {
                transport.sendOpen(streamId, svc.domain().toString(), null);
                headerSent = true;
            }
            Element.Builder err = Element.builder("error", Namespaces.STREAMS)
                    .child(Element.of(condition.elementName(), Namespaces.STREAM_ERRORS));
            if (text != null) {
                err.child(Element.builder("text", Namespaces.STREAM_ERRORS).attr("xml:lang", "en").text(text).build());
            }
            err.child(detail);
            transport.send(err.build());
        }
        transport.sendCloseAndDisconnect();
    }

    /**
     * The session stops using this stream, exactly once: it ends (clean close, stream error) or,
     * when the connection was lost, hibernates if stream management allows resumption.
     */
    private void detach(boolean graceful, boolean resumable) {
        if (detached || session == null) {
            return;
        }
        detached = true;
        if (resumable) {
            session.connectionLost(this);
        } else {
            session.streamEnded(this, graceful);
        }
    }

    /** The connection is gone. */
    void disconnected() {
        state = State.CLOSED;
        cancel(negotiationTimer);
        cancel(pingTimer);
        detach(false, true);
    }

    /** Nothing was read for the idle timeout: ping the client once, and drop it if it stays silent. */
    void idle() {
        if (state != State.BOUND || (pingTimer != null && !pingTimer.isDone())) {
            return; // not bound yet (the negotiation timeout applies), or a ping is already out
        }
        long pingSent = System.nanoTime();
        session.deliver(Stanza.iq(Stanza.IqType.GET, svc.domain(), session.jid(), "ping-" + Long.toHexString(pingSent),
                Element.of("ping", Namespaces.PING)));
        long ms = svc.config().get(C2sSettings.PING_TIMEOUT).toMillis();
        pingTimer = transport.eventLoop().schedule(() -> {
            if (lastReadNanos - pingSent < 0) {
                log.info("c2s {}: {} did not answer the keepalive ping", transport.remoteAddress(), session.jid());
                close(StreamErrorCondition.CONNECTION_TIMEOUT, "No response to ping");
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    boolean isBound() {
        return state == State.BOUND;
    }

    C2sSession session() {
        return session;
    }

    Transport transport() {
        return transport;
    }

    static String newId() {
        return newStreamId();
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static String newStreamId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
