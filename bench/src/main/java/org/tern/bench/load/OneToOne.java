package org.tern.bench.load;

import org.HdrHistogram.Histogram;
import org.tern.bench.client.ClientListener;
import org.tern.bench.client.Xml;
import org.tern.bench.client.XmppClient;
import org.tern.bench.report.Report;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2: one-to-one chat messages between pairs of online clients, sent to the partner's
 * bare JID, each carrying its send time. The rate rises step by step; each step has a warm-up and
 * a measured window, and the result is the highest delivered rate whose p99 end-to-end latency
 * stays within the bound (50 ms by default), with the whole latency curve.
 */
public final class OneToOne implements Scenario {
    private final int pairs;
    private final double startRate;
    private final double factor;
    private final int maxSteps;
    private final double boundMs;

    public OneToOne(int pairs, double startRate, double factor, int maxSteps, double boundMs) {
        this.pairs = pairs;
        this.startRate = startRate;
        this.factor = factor;
        this.maxSteps = maxSteps;
        this.boundMs = boundMs;
    }

    @Override
    public String name() {
        return "one-to-one";
    }

    @Override
    public Report run(Bench b) throws Exception {
        var state = new Object() {
            volatile int step;
            volatile boolean measuring;
            volatile Histogram hist = Bench.histogram();
            final AtomicLong received = new AtomicLong();
        };
        ClientListener listener = new ClientListener() {
            @Override
            public void stanza(XmppClient c, String s) {
                if (!s.startsWith("<message")) {
                    return;
                }
                String body = Xml.text(s, "body");
                if (body == null || !body.startsWith("s=")) {
                    return;
                }
                long now = System.nanoTime();
                int semi = body.indexOf(';');
                int step = Integer.parseInt(body.substring(2, semi));
                boolean measured = body.charAt(semi + 1) == 'm';
                long sentAt = Long.parseLong(body.substring(semi + 4));
                if (step == state.step && measured) {
                    state.hist.recordValue(Math.max(1, (now - sentAt) / 1000));
                    state.received.incrementAndGet();
                }
            }
        };
        int n = Math.min(pairs * 2, b.users());
        b.say("one-to-one: logging in %d clients", n);
        Online.Batch batch = b.online().login(n, b::login, listener, 600).requireAll("one-to-one login");
        List<XmppClient> clients = batch.clients();
        int retries = batch.retries();
        clients.sort((x, y) -> Integer.compare(x.index(), y.index()));
        String[] partner = new String[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            partner[i] = Xml.bare(clients.get((i ^ 1) < clients.size() ? (i ^ 1) : i).jid());
        }
        Report r = new Report(name(), b.server()).param("clients", clients.size()).param("login_retries", retries).param("tls", b.connector().tls())
                .param("warmup_s", b.warmupSec()).param("duration_s", b.durationSec())
                .param("start_rate", startRate).param("factor", factor);
        RateRamp.ramp(b, r, startRate, factor, maxSteps, boundMs, rate -> {
            int step = ++state.step;
            state.measuring = false;
            Pacer warm = new Pacer();
            warm.run(rate, b.warmupSec(), seq -> send(clients, partner, seq, step, 'w'));
            state.hist = Bench.histogram();
            state.received.set(0);
            Pacer p = new Pacer();
            long cpu0 = ServerProbe.cpuMillis(b.serverPid());
            long t0 = System.nanoTime();
            p.run(rate, b.durationSec(), seq -> send(clients, partner, seq, step, 'm'));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = ServerProbe.cpuMillis(b.serverPid());
            if (cpu0 >= 0 && cpu1 >= 0 && p.sent() > 0) {
                b.say("  server CPU: %.1f µs per message, %.2f cores", (cpu1 - cpu0) * 1000.0 / p.sent(),
                        (cpu1 - cpu0) / 1000.0 / seconds);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (state.received.get() < p.sent() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Histogram h = state.hist;
            long got = state.received.get();
            return new RateRamp.Step(rate, got / seconds, p.sent(), p.skipped(), p.sent() - got,
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
        });
        Online.closeAll(clients, 30);
        return r;
    }

    private static boolean send(List<XmppClient> clients, String[] partner, long seq, int step, char phase) {
        int i = (int) (seq % clients.size());
        XmppClient c = clients.get(i);
        if (!c.isWritable()) {
            return false;
        }
        c.send("<message to='" + partner[i] + "' type='chat' id='m" + seq + "'><body>s=" + step + ';' + phase + "t="
                + System.nanoTime() + "</body></message>");
        return true;
    }
}
