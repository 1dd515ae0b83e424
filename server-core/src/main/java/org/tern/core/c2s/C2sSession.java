package org.tern.core.c2s;

import io.netty.channel.EventLoop;
import org.tern.core.jid.Jid;
import org.tern.core.session.BoundSession;
import org.tern.core.session.SessionKey;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StreamErrorCondition;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A bound client session; all writes happen on its connection's event loop, in order. */
final class C2sSession implements BoundSession {
    private final Jid jid;
    private final C2sStream stream;
    private final Transport transport;
    private final String streamId;
    private final Instant boundAt = Instant.now();
    private final Map<SessionKey<?>, Object> attributes = new ConcurrentHashMap<>();
    private volatile Stanza presence;
    private volatile boolean closed;

    C2sSession(Jid jid, String streamId, C2sStream stream, Transport transport) {
        this.jid = jid;
        this.streamId = streamId;
        this.stream = stream;
        this.transport = transport;
    }

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

    @Override
    public boolean deliver(Stanza stanza) {
        if (closed) {
            return false;
        }
        EventLoop loop = transport.eventLoop();
        if (loop.inEventLoop()) {
            stream.write(stanza);
        } else {
            loop.execute(() -> stream.write(stanza));
        }
        return true;
    }

    @Override
    public CompletionStage<Boolean> deliverConfirmed(Stanza stanza) {
        CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
        if (closed) {
            confirmed.complete(false);
            return confirmed;
        }
        EventLoop loop = transport.eventLoop();
        if (loop.inEventLoop()) {
            stream.write(stanza, confirmed);
        } else {
            loop.execute(() -> stream.write(stanza, confirmed));
        }
        return confirmed;
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        EventLoop loop = transport.eventLoop();
        if (loop.inEventLoop()) {
            stream.close(condition, text);
        } else {
            loop.execute(() -> stream.close(condition, text));
        }
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
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
        return transport.remoteAddress();
    }

    @Override
    public String transport() {
        return transport.name();
    }

    @Override
    public Instant boundAt() {
        return boundAt;
    }

    @Override
    public String toString() {
        return jid.toString();
    }
}
