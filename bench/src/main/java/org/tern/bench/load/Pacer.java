package org.tern.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop sending at a fixed rate from one thread: every 250 µs it sends what is due since the
 * start, so a slow server does not slow the offered load (the queueing shows up as latency).
 */
public final class Pacer {
    /** Sends one message; returns false when it had to skip it (the connection was not writable). */
    public interface Send {
        boolean send(long seq);
    }

    private long sent;
    private long skipped;

    /** Sends at {@code perSecond} for {@code seconds}; returns when done. */
    public void run(double perSecond, double seconds, Send send) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long seq = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * perSecond);
            while (seq < due) {
                if (send.send(seq)) {
                    sent++;
                } else {
                    skipped++;
                }
                seq++;
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(250));
        }
    }

    public long sent() {
        return sent;
    }

    public long skipped() {
        return skipped;
    }
}
