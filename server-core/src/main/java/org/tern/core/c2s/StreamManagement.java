package org.tern.core.c2s;

import org.tern.core.stanza.Stanza;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * XEP-0198 state of one session: the stanzas sent but not yet acknowledged, and both counters.
 * Counters are unsigned 32-bit values that wrap (XEP-0198 §4: "h" is mod 2^32), kept in ints
 * whose overflow is exactly that wrap. Outbound state lives on the session's event loop; the
 * inbound count is updated by whichever connection currently carries the session.
 */
final class StreamManagement {
    static final String NS = "urn:xmpp:sm:3";
    /** A sent stanza and, when its sender waits for delivery, the future to complete on ack. */
    record Unacked(Stanza stanza, CompletableFuture<Boolean> confirmed) {
    }

    /** The client acknowledged more than was sent (XEP-0198 §4, handled-count-too-high). */
    static final class TooHighException extends Exception {
        final long h;
        final long sent;

        TooHighException(long h, long sent) {
            super("h=" + h + " but only " + sent + " stanzas were sent", null, false, false);
            this.h = h;
            this.sent = sent;
        }
    }

    private final String id;
    private final boolean resumable;
    private final ArrayDeque<Unacked> unacked = new ArrayDeque<>();
    private final AtomicInteger handled = new AtomicInteger();
    private int acked;
    private int sinceRequest;

    StreamManagement(String id, boolean resumable) {
        this.id = id;
        this.resumable = resumable;
    }

    String id() {
        return id;
    }

    boolean resumable() {
        return resumable;
    }

    /** Records a stanza as sent; returns how many were sent since the last ack request. */
    int sent(Stanza stanza, CompletableFuture<Boolean> confirmed) {
        unacked.addLast(new Unacked(stanza, confirmed));
        return ++sinceRequest;
    }

    void requested() {
        sinceRequest = 0;
    }

    int pending() {
        return unacked.size();
    }

    /** Number of stanzas sent so far, mod 2^32 (acknowledged plus pending). */
    int sentCount() {
        return acked + unacked.size();
    }

    /**
     * Applies an ack with handled count h: releases the acknowledged stanzas, in order, and
     * completes their delivery futures with true. An h lower than the last one is ignored (acks
     * may cross on the wire); an h beyond what was sent is an error.
     */
    List<Unacked> ack(int h) throws TooHighException {
        long newly = Integer.toUnsignedLong(h - acked);
        if (newly > unacked.size()) {
            if (newly > Integer.toUnsignedLong(Integer.MAX_VALUE)) {
                return List.of(); // an old h that wrapped behind us: nothing new
            }
            throw new TooHighException(Integer.toUnsignedLong(h), Integer.toUnsignedLong(sentCount()));
        }
        List<Unacked> out = new ArrayList<>((int) newly);
        for (long i = 0; i < newly; i++) {
            Unacked u = unacked.pollFirst();
            out.add(u);
            if (u.confirmed() != null) {
                u.confirmed().complete(true);
            }
        }
        acked = h;
        return out;
    }

    /** What is still unacknowledged, in order (for resending on resumption). */
    List<Unacked> unacked() {
        return List.copyOf(unacked);
    }

    /** Takes everything unacknowledged out, for re-routing when the session ends. */
    List<Unacked> drain() {
        List<Unacked> out = List.copyOf(unacked);
        unacked.clear();
        return out;
    }

    /** The client's stanzas the server has fully handled, mod 2^32. */
    int handled() {
        return handled.get();
    }

    void handledOne() {
        handled.incrementAndGet();
    }

    /** For tests of the wrap-around: start the counters at a given value. */
    void startAt(int outbound, int inbound) {
        acked = outbound;
        handled.set(inbound);
    }
}
