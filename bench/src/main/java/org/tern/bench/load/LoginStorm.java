package org.tern.bench.load;

import org.HdrHistogram.Histogram;
import org.tern.bench.client.ClientListener;
import org.tern.bench.client.XmppClient;
import org.tern.bench.report.Report;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: login storm. A fixed number of login slots; each slot connects, does
 * TCP + STARTTLS + SASL + bind + initial presence (done when a ping sent after the presence is
 * answered), closes the stream, and starts the next login at once, cycling through the accounts.
 * Logins per second and login time over the measured window.
 */
public final class LoginStorm implements Scenario {
    private final int slots;
    private final int accounts;

    public LoginStorm(int slots, int accounts) {
        this.slots = slots;
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "login";
    }

    @Override
    public Report run(Bench b) throws Exception {
        int pool = Math.min(accounts, b.users());
        Histogram hist = Bench.histogram();
        AtomicInteger nextUser = new AtomicInteger();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        var state = new Object() {
            volatile boolean measuring;
            volatile boolean running = true;
        };
        ClientListener listener = new ClientListener() {
            @Override
            public void online(XmppClient c, long nanos) {
                if (state.measuring) {
                    hist.recordValue(Math.max(1, nanos / 1000));
                    completed.incrementAndGet();
                }
                c.close();
                next(this);
            }

            @Override
            public void failed(XmppClient c, String reason) {
                if (c.wasOnline()) {
                    return;
                }
                if (state.measuring) {
                    failed.incrementAndGet();
                }
                if (reasons.size() < 5) {
                    reasons.add(reason);
                }
                next(this);
            }

            private void next(ClientListener self) {
                if (state.running) {
                    b.connector().connect(b.login(Math.floorMod(nextUser.getAndIncrement(), pool)), self);
                } else {
                    inFlight.decrementAndGet();
                }
            }
        };
        b.say("login storm: %d slots over %d accounts, warm-up %ds, measure %ds", slots, pool, b.warmupSec(), b.durationSec());
        inFlight.set(slots);
        for (int i = 0; i < slots; i++) {
            b.connector().connect(b.login(nextUser.getAndIncrement() % pool), listener);
        }
        // warm-up lasts until every account has logged in once: the client's SCRAM keys are then
        // cached (as real clients cache them) and the generator's PBKDF2 stays out of the figures
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(b.warmupSec());
        long warmLimit = System.nanoTime() + TimeUnit.SECONDS.toNanos(b.warmupSec() + 600L);
        while ((System.nanoTime() < warmEnd || nextUser.get() < pool + slots) && System.nanoTime() < warmLimit) {
            Thread.sleep(50);
        }
        long cpu0 = ServerProbe.cpuMillis(b.serverPid());
        state.measuring = true;
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(b.durationSec()));
        state.measuring = false;
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu1 = ServerProbe.cpuMillis(b.serverPid());
        state.running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1000); // let the last streams close
        Report r = new Report(name(), b.server())
                .param("slots", slots).param("accounts", pool).param("tls", b.connector().tls())
                .param("mechanism", b.connector().mechanism().mechanism())
                .param("warmup_s", b.warmupSec()).param("duration_s", b.durationSec())
                .result("logins_per_s", completed.get() / seconds)
                .result("logins", completed.get())
                .result("failures", failed.get())
                .result("login_time", Report.latency(hist));
        if (cpu0 >= 0 && cpu1 >= 0 && completed.get() > 0) {
            // what a login costs the server, whatever else the shared machine was doing
            r.result("server_cpu_ms_per_login", (cpu1 - cpu0) / (double) completed.get());
            r.result("server_cores_used", (cpu1 - cpu0) / 1000.0 / seconds);
        }
        if (!reasons.isEmpty()) {
            r.note("first failures: " + reasons);
        }
        return r;
    }
}
