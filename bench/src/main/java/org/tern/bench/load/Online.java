package org.tern.bench.load;

import org.tern.bench.client.ClientListener;
import org.tern.bench.client.Connector;
import org.tern.bench.client.Login;
import org.tern.bench.client.XmppClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Brings many clients online with a bounded number of logins in flight, and keeps them: the
 * scenario's own listener gets their stanzas once they are online. A login whose connection
 * fails is tried again a second later, up to {@link #ATTEMPTS} times; retries are counted.
 */
public final class Online {
    /** Connection attempts per login before it counts as failed. */
    static final int ATTEMPTS = 3;

    private final Connector connector;
    private final int concurrency;

    public Online(Connector connector, int concurrency) {
        this.connector = connector;
        this.concurrency = concurrency;
    }

    /** The clients that came online, in login order of {@code logins}; failures are counted and reported. */
    public Batch login(int count, IntFunction<Login> logins, ClientListener listener, long timeoutSeconds)
            throws InterruptedException {
        Batch batch = new Batch(count);
        Semaphore slots = new Semaphore(concurrency);
        ClientListener wrapped = new ClientListener() {
            @Override
            public void online(XmppClient c, long nanos) {
                batch.online.add(c);
                batch.done.incrementAndGet();
                slots.release();
                listener.online(c, nanos);
            }

            @Override
            public void stanza(XmppClient c, String s) {
                listener.stanza(c, s);
            }

            @Override
            public void roster(XmppClient c, String iq) {
                listener.roster(c, iq);
            }

            @Override
            public void registered(XmppClient c, boolean ok, String detail) {
                if (ok || "conflict".equals(detail)) {
                    batch.done.incrementAndGet();
                } else {
                    batch.fail("registration: " + detail);
                }
                slots.release();
                listener.registered(c, ok, detail);
            }

            @Override
            public void failed(XmppClient c, String reason) {
                if (!c.wasOnline() && !c.wasRegistered()) {
                    if (c.attempt() < ATTEMPTS) {
                        // a client reconnects after a failed connection, as real ones do; counted
                        batch.retries.incrementAndGet();
                        ClientListener self = this;
                        connector.group().schedule(() -> connector.connect(c.login(), self, c.attempt() + 1),
                                1, TimeUnit.SECONDS);
                    } else {
                        batch.fail(reason);
                        slots.release();
                    }
                }
                listener.failed(c, reason);
            }

            @Override
            public void closed(XmppClient c) {
                listener.closed(c);
            }
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = 0; i < count; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                batch.fail("timed out before starting " + (count - i) + " logins");
                break;
            }
            connector.connect(logins.apply(i), wrapped);
        }
        while (batch.done.get() + batch.failures.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return batch;
    }

    /** Closes the clients politely and waits (bounded) for the sockets to close. */
    public static void closeAll(List<XmppClient> clients, long timeoutSeconds) throws InterruptedException {
        for (XmppClient c : clients) {
            c.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (XmppClient c : clients) {
            while (c.channel() != null && c.channel().isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }

    /** The outcome of a mass login. */
    public static final class Batch {
        final ConcurrentLinkedQueue<XmppClient> online = new ConcurrentLinkedQueue<>();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
        final int requested;

        Batch(int requested) {
            this.requested = requested;
        }

        void fail(String reason) {
            failures.incrementAndGet();
            if (reasons.size() < 5) {
                reasons.add(reason);
            }
        }

        public List<XmppClient> clients() {
            return new ArrayList<>(online);
        }

        public int failures() {
            return failures.get();
        }

        /** Connection attempts that failed and were retried. */
        public int retries() {
            return retries.get();
        }

        public List<String> reasons() {
            return new ArrayList<>(reasons);
        }

        public int requested() {
            return requested;
        }

        /** Throws when anything failed, with the first reasons. */
        public Batch requireAll(String what) {
            if (failures.get() > 0 || done.get() < requested) {
                throw new IllegalStateException(what + ": " + done.get() + " of " + requested + " done, "
                        + failures.get() + " failed; first reasons: " + reasons);
            }
            return this;
        }
    }
}
