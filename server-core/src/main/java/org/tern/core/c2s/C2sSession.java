package org.tern.core.c2s;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.event.HibernatedDelivery;
import org.tern.core.event.SessionHibernated;
import org.tern.core.event.SessionResumed;
import org.tern.core.jid.Jid;
import org.tern.core.session.BoundSession;
import org.tern.core.session.SessionKey;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.Element;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bound client session. It outlives its connection while hibernated (XEP-0198) and can move
 * to a new one on resumption, so its state lives here, confined to one "home" event loop (the
 * loop of the connection that bound it): the output path (CSI hold queue, then stream management
 * tracking, then the current connection), the unacknowledged queue, and the end of the session.
 * Anything may call {@link #deliver}; the work hops to the home loop, so order is kept.
 */
final class C2sSession implements BoundSession {
    private static final Logger log = LoggerFactory.getLogger(C2sSession.class);

    private final Jid jid;
    private final String streamId;
    private final C2sServices svc;
    private final EventLoop loop;
    private final Instant boundAt = Instant.now();
    private final Map<SessionKey<?>, Object> attributes = new ConcurrentHashMap<>();
    private final ClientStateIndication csi;
    private volatile C2sStream stream;
    private volatile Stanza presence;
    private volatile boolean closed;
    private volatile boolean hibernated;
    private volatile StreamManagement sm;
    private ScheduledFuture<?> ackTimer;
    private boolean ackSoon;
    private ScheduledFuture<?> hibernationTimer;
    private long resumeTimeoutMs;

    C2sSession(Jid jid, String streamId, C2sStream stream, C2sServices svc, EventLoop loop) {
        this.jid = jid;
        this.streamId = streamId;
        this.stream = stream;
        this.svc = svc;
        this.loop = loop;
        this.csi = new ClientStateIndication(svc.config().get(MobileSettings.CSI_MAX_HELD));
    }

    // ---- ClientSession

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public String streamId() {
        return streamId;
    }

    @Override
    public boolean isAvailable() {
        return presence != null;
    }

    @Override
    public int priority() {
        Stanza p = presence;
        return p == null ? 0 : p.priority();
    }

    @Override
    public Stanza presence() {
        return presence;
    }

    @Override
    public void updatePresence(Stanza availablePresenceOrNull) {
        this.presence = availablePresenceOrNull;
    }

    /**
     * Always through the loop's queue, even from the loop itself: a stanza delivered now must not
     * overtake one another thread delivered a moment ago, so the session's output is one FIFO.
     */
    @Override
    public boolean deliver(Stanza stanza) {
        if (closed) {
            return false;
        }
        loop.execute(() -> out(stanza, null));
        return true;
    }

    @Override
    public CompletionStage<Boolean> deliverConfirmed(Stanza stanza) {
        CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
        if (closed) {
            confirmed.complete(false);
        } else {
            loop.execute(() -> out(stanza, confirmed));
        }
        return confirmed;
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        onLoop(() -> {
            C2sStream s = stream;
            if (s != null) {
                s.close(condition, text); // the stream ends the session when its connection closes
            } else {
                end(false);
            }
        });
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isHibernated() {
        return hibernated;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(SessionKey<T> key) {
        return (T) attributes.get(key);
    }

    @Override
    public <T> void set(SessionKey<T> key, T value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(SessionKey<T> key, Supplier<T> supplier) {
        return (T) attributes.computeIfAbsent(key, k -> supplier.get());
    }

    @Override
    public InetSocketAddress remoteAddress() {
        C2sStream s = stream;
        return s == null ? null : s.transport().remoteAddress();
    }

    @Override
    public String transport() {
        C2sStream s = stream;
        return s == null ? "hibernated" : s.transport().name();
    }

    @Override
    public Instant boundAt() {
        return boundAt;
    }

    @Override
    public String toString() {
        return jid.toString();
    }

    // ---- the output path, on the home loop

    void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private void out(Stanza stanza, CompletableFuture<Boolean> confirmed) {
        if (closed) {
            undeliverable(stanza, confirmed);
            return;
        }
        List<ClientStateIndication.Held> now = csi.offer(stanza, confirmed);
        if (now != null) {
            for (ClientStateIndication.Held h : now) {
                send(h.stanza(), h.confirmed());
            }
        }
    }

    private void send(Stanza stanza, CompletableFuture<Boolean> confirmed) {
        C2sStream s = stream;
        StreamManagement m = sm;
        svc.stats().stanzasOut.increment();
        if (m == null) {
            if (s == null) {
                undeliverable(stanza, confirmed);
            } else if (confirmed != null) {
                s.transport().send(stanza.element(), confirmed);
            } else {
                s.transport().send(stanza.element());
            }
            return;
        }
        int since = m.sent(stanza, confirmed);
        if (m.pending() > svc.config().get(MobileSettings.MAX_UNACKED)) {
            log.info("c2s {}: {} stanzas unacknowledged, ending the session", jid, m.pending());
            if (s != null) {
                s.close(StreamErrorCondition.RESOURCE_CONSTRAINT, "Too many unacknowledged stanzas");
            } else {
                end(false);
            }
            return;
        }
        if (s == null) {
            svc.events().fire(new HibernatedDelivery(this, stanza));
            return;
        }
        s.transport().send(stanza.element());
        if (since >= svc.config().get(MobileSettings.ACK_EVERY)) {
            requestAck();
        } else if (confirmed != null && !ackSoon) {
            // Someone waits for this acknowledgement (offline storage deletes only then): ask as soon
            // as the stanzas queued right now are out, instead of after the interval.
            ackSoon = true;
            loop.execute(() -> {
                ackSoon = false;
                if (sm != null && sm.pending() > 0 && stream != null) {
                    requestAck();
                }
            });
        } else if (ackTimer == null) {
            long ms = svc.config().get(MobileSettings.ACK_INTERVAL).toMillis();
            ackTimer = loop.schedule(() -> {
                ackTimer = null;
                if (sm != null && sm.pending() > 0 && stream != null) {
                    requestAck();
                }
            }, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void requestAck() {
        C2sStream s = stream;
        if (s != null && sm != null) {
            sm.requested();
            s.transport().send(Element.of("r", StreamManagement.NS));
        }
    }

    private void undeliverable(Stanza stanza, CompletableFuture<Boolean> confirmed) {
        if (confirmed != null) {
            confirmed.complete(false); // its owner (offline storage) keeps it
        } else {
            svc.processor().undeliverable(this, stanza);
        }
    }

    // ---- client state indication

    void clientState(boolean inactive) {
        onLoop(() -> {
            for (ClientStateIndication.Held h : csi.setInactive(inactive)) {
                send(h.stanza(), h.confirmed());
            }
        });
    }

    // ---- stream management

    /** Enables XEP-0198 (called on the stream's loop, which is the home loop before any resumption). */
    StreamManagement enableSm(boolean resume, long maxSeconds) {
        long configured = svc.config().get(MobileSettings.RESUME_TIMEOUT).toMillis();
        boolean resumable = resume && configured > 0;
        resumeTimeoutMs = maxSeconds > 0 ? Math.min(configured, maxSeconds * 1000) : configured;
        StreamManagement m = new StreamManagement(resumable ? C2sStream.newId() : null, resumable);
        if (resumable) {
            svc.resumable().put(m.id(), this);
        }
        sm = m;
        return m;
    }

    StreamManagement sm() {
        return sm;
    }

    long resumeTimeoutSeconds() {
        return resumeTimeoutMs / 1000;
    }

    /** An {@code <a h='...'/>} from the client. */
    void acked(int h) {
        onLoop(() -> {
            StreamManagement m = sm;
            if (m == null || closed) {
                return;
            }
            try {
                m.ack(h);
            } catch (StreamManagement.TooHighException e) {
                C2sStream s = stream;
                if (s != null) {
                    s.handledCountTooHigh(e.h, e.sent);
                }
            }
        });
    }

    /** The connection dropped without a closing tag: keep the session for resumption, or end it. */
    void connectionLost(C2sStream from) {
        onLoop(() -> {
            if (stream != from || closed) {
                return; // a resumption already moved the session, or it ended
            }
            stream = null;
            cancelAckTimer();
            StreamManagement m = sm;
            if (m != null && m.resumable() && resumeTimeoutMs > 0) {
                hibernated = true;
                log.info("c2s {}: hibernated for {} s with {} unacknowledged stanzas", jid, resumeTimeoutMs / 1000,
                        m.pending());
                hibernationTimer = loop.schedule(() -> {
                    if (hibernated && !closed) {
                        log.info("c2s {}: not resumed in time", jid);
                        end(false);
                    }
                }, resumeTimeoutMs, TimeUnit.MILLISECONDS);
                svc.events().fire(new SessionHibernated(this));
            } else {
                end(false);
            }
        });
    }

    /** The stream ended cleanly (closing tag, stream error): the session ends now. */
    void streamEnded(C2sStream from, boolean graceful) {
        onLoop(() -> {
            if (stream == from && !closed) {
                stream = null;
                end(graceful);
            }
        });
    }

    /** Outcome of a resumption attempt. */
    sealed interface Resumption {
        record Resumed(StreamManagement sm, List<StreamManagement.Unacked> resend) implements Resumption {
        }

        record NotFound() implements Resumption {
        }

        record TooHigh(long h, long sent) implements Resumption {
        }
    }

    /**
     * Moves a hibernated session to a new stream (XEP-0198 §5). Only a hibernated session can be
     * resumed: one that is attached to a live connection, or that was resumed already, is not
     * found, so a resumption id cannot take a live session over.
     */
    CompletableFuture<Resumption> resume(C2sStream to, int h) {
        CompletableFuture<Resumption> f = new CompletableFuture<>();
        onLoop(() -> {
            StreamManagement m = sm;
            if (closed || !hibernated || m == null) {
                f.complete(new Resumption.NotFound());
                return;
            }
            try {
                m.ack(h);
            } catch (StreamManagement.TooHighException e) {
                f.complete(new Resumption.TooHigh(e.h, e.sent));
                end(false);
                return;
            }
            hibernated = false;
            if (hibernationTimer != null) {
                hibernationTimer.cancel(false);
            }
            stream = to;
            csi.setInactive(false); // a new stream starts active (XEP-0352 §4); held stanzas follow the resent ones
            List<StreamManagement.Unacked> resend = m.unacked();
            f.complete(new Resumption.Resumed(m, resend));
            svc.events().fire(new SessionResumed(this));
        });
        return f;
    }

    /** After {@code <resumed/>} was written: send the unacknowledged stanzas again, then what was held. */
    void resent(List<StreamManagement.Unacked> resend) {
        onLoop(() -> {
            C2sStream s = stream;
            if (s == null) {
                return;
            }
            for (StreamManagement.Unacked u : resend) {
                s.transport().send(u.stanza().element());
            }
            for (ClientStateIndication.Held h : csi.flush()) {
                send(h.stanza(), h.confirmed());
            }
            if (sm != null && sm.pending() > 0) {
                requestAck();
            }
        });
    }

    /**
     * Ends the session once: it leaves the session manager, what it could not deliver goes back
     * to routing (messages to other resources or offline storage, never silently dropped), then
     * the unavailable presence and SessionClosed.
     */
    private void end(boolean graceful) {
        if (closed) {
            return;
        }
        closed = true;
        hibernated = false;
        cancelAckTimer();
        if (hibernationTimer != null) {
            hibernationTimer.cancel(false);
        }
        List<Stanza> leftovers = new ArrayList<>();
        StreamManagement m = sm;
        if (m != null) {
            if (m.id() != null) {
                svc.resumable().remove(m.id(), this);
            }
            for (StreamManagement.Unacked u : m.drain()) {
                if (u.confirmed() != null) {
                    u.confirmed().complete(false);
                } else {
                    leftovers.add(u.stanza());
                }
            }
        }
        for (ClientStateIndication.Held h : csi.flush()) {
            if (h.confirmed() != null) {
                h.confirmed().complete(false);
            } else if (h.stanza().isMessage()) {
                leftovers.add(h.stanza());
            }
        }
        svc.processor().sessionEnded(this, graceful, leftovers);
    }

    private void cancelAckTimer() {
        if (ackTimer != null) {
            ackTimer.cancel(false);
            ackTimer = null;
        }
    }
}
