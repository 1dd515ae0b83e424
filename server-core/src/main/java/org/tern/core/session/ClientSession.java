package org.tern.core.session;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StreamErrorCondition;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.Supplier;

/** A bound client resource, as modules see it. */
public interface ClientSession {
    /** The full JID. */
    Jid jid();

    default Jid bareJid() {
        return jid().bare();
    }

    String streamId();

    /** True once the client sent available presence and until unavailable or the end of the session. */
    boolean isAvailable();

    /** The priority of the last broadcast presence (0 before any). */
    int priority();

    /** The last broadcast available presence, or null. */
    Stanza presence();

    /**
     * Queues a stanza for this client, in order; safe from any thread. Returns false when the
     * session is gone (closed) and the stanza was not taken.
     */
    boolean deliver(Stanza stanza);

    /**
     * Delivers a stanza and reports whether the client got it: with stream management (XEP-0198)
     * when the client acknowledged it, otherwise when it was written to the connection. Completes
     * with false when the session ended first; the stanza is then not re-routed, because the caller
     * still owns it (offline storage keeps it stored until this completes with true).
     */
    java.util.concurrent.CompletionStage<Boolean> deliverConfirmed(Stanza stanza);

    /** Ends the session with a stream error (or a plain close when condition is null). */
    void close(StreamErrorCondition condition, String text);

    boolean isClosed();

    /** True while the connection is gone but the session waits to be resumed (XEP-0198). */
    default boolean isHibernated() {
        return false;
    }

    <T> T get(SessionKey<T> key);

    <T> void set(SessionKey<T> key, T value);

    <T> T computeIfAbsent(SessionKey<T> key, Supplier<T> supplier);

    InetSocketAddress remoteAddress();

    /** "tcp" or "websocket". */
    String transport();

    Instant boundAt();
}
