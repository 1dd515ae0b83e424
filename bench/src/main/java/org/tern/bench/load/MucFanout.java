package org.tern.bench.load;

import org.HdrHistogram.Histogram;
import org.tern.bench.client.ClientListener;
import org.tern.bench.client.Xml;
import org.tern.bench.client.XmppClient;
import org.tern.bench.report.Report;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 4: MUC fan-out (XEP-0045). One room, one occupant per connection; occupants take turns
 * sending groupchat messages at a rising rate. A message counts as delivered when every occupant
 * (the sender included, which gets its reflection, XEP-0045 §7.4) has it; latency is from send to
 * the last receipt.
 */
public final class MucFanout implements Scenario {
    private static final int RING = 1 << 20;

    private final int occupants;
    private final String service;
    private final double startRate;
    private final double factor;
    private final int maxSteps;
    private final double boundMs;

    public MucFanout(int occupants, String service, double startRate, double factor, int maxSteps, double boundMs) {
        this.occupants = occupants;
        this.service = service;
        this.startRate = startRate;
        this.factor = factor;
        this.maxSteps = maxSteps;
        this.boundMs = boundMs;
    }

    @Override
    public String name() {
        return "muc";
    }

    @Override
    public Report run(Bench b) throws Exception {
        String room = "fanout" + System.currentTimeMillis() + "@" + service;
        int n = Math.min(occupants, b.users());
        AtomicIntegerArray counts = new AtomicIntegerArray(RING);
        AtomicInteger joined = new AtomicInteger();
        var state = new Object() {
            volatile int step;
            volatile Histogram last = Bench.histogram();
            volatile Histogram each = Bench.histogram();
            final AtomicLong complete = new AtomicLong();
            volatile CountDownLatch created;
        };
        String prefix = "<presence";
        ClientListener listener = new ClientListener() {
            @Override
            public void stanza(XmppClient c, String s) {
                if (s.startsWith("<message")) {
                    String body = Xml.text(s, "body");
                    if (body == null || !body.startsWith("s=")) {
                        return;
                    }
                    long now = System.nanoTime();
                    String[] f = body.split(";");
                    if (Integer.parseInt(f[0].substring(2)) != state.step || !f[1].equals("m")) {
                        return;
                    }
                    long seq = Long.parseLong(f[2].substring(2));
                    long latency = Math.max(1, (now - Long.parseLong(f[3].substring(2))) / 1000);
                    state.each.recordValue(latency);
                    if (counts.incrementAndGet((int) (seq & (RING - 1))) == n) {
                        state.last.recordValue(latency);
                        state.complete.incrementAndGet();
                    }
                } else if (s.startsWith(prefix) && (s.contains("code='110'") || s.contains("code=\"110\""))) {
                    joined.incrementAndGet();
                    if (s.contains("code='201'") || s.contains("code=\"201\"")) {
                        // a new room (XEP-0045 §10.1.2): accept the default configuration, an instant room
                        c.send("<iq type='set' id='instant' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                                + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
                    }
                } else if (s.startsWith("<iq") && "instant".equals(Xml.attr(s, "id"))) {
                    state.created.countDown();
                }
            }
        };
        b.say("muc: logging in %d occupants", n);
        Online.Batch batch = b.online().login(n, b::login, listener, 600).requireAll("muc login");
        List<XmppClient> clients = batch.clients();
        state.created = new CountDownLatch(1);
        join(clients.get(0), room);
        if (!state.created.await(30, TimeUnit.SECONDS) && joined.get() == 0) {
            throw new IllegalStateException("could not create room " + room);
        }
        long t0 = System.nanoTime();
        for (int i = 1; i < clients.size(); i++) {
            join(clients.get(i), room);
            while (i - joined.get() > 50) { // a window of joins in flight
                Thread.sleep(1);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (joined.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (joined.get() < n) {
            throw new IllegalStateException("only " + joined.get() + " of " + n + " occupants joined");
        }
        double joinSec = (System.nanoTime() - t0) / 1e9;
        b.say("muc: %d occupants in %s after %.1f s", n, room, joinSec);
        Thread.sleep(2000);
        Report r = new Report(name(), b.server()).param("occupants", n).param("login_retries", batch.retries()).param("tls", b.connector().tls())
                .param("warmup_s", b.warmupSec()).param("duration_s", b.durationSec())
                .param("start_rate", startRate).param("factor", factor).result("join_all_s", joinSec);
        AtomicLong seqs = new AtomicLong();
        RateRamp.ramp(b, r, startRate, factor, maxSteps, boundMs, rate -> {
            int step = ++state.step;
            new Pacer().run(rate, b.warmupSec(), seq -> send(clients, room, seqs.getAndIncrement(), step, 'w', counts));
            state.last = Bench.histogram();
            state.each = Bench.histogram();
            state.complete.set(0);
            Pacer p = new Pacer();
            long s0 = System.nanoTime();
            p.run(rate, b.durationSec(), seq -> send(clients, room, seqs.getAndIncrement(), step, 'm', counts));
            double seconds = (System.nanoTime() - s0) / 1e9;
            long until = System.nanoTime() + 15_000_000_000L;
            while (state.complete.get() < p.sent() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Histogram h = state.last;
            long got = state.complete.get();
            return new RateRamp.Step(rate, got / seconds, p.sent(), p.skipped(), p.sent() - got,
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
        });
        Object sustained = r.resultValue("sustained_per_s");
        if (sustained instanceof Double d) {
            r.result("deliveries_per_s", d * n);
        }
        Online.closeAll(clients, 60);
        return r;
    }

    private static void join(XmppClient c, String room) {
        c.send("<presence to='" + room + "/" + c.login().user() + "'><x xmlns='http://jabber.org/protocol/muc'>"
                + "<history maxstanzas='0'/></x></presence>");
    }

    private static boolean send(List<XmppClient> clients, String room, long seq, int step, char phase,
                                AtomicIntegerArray counts) {
        XmppClient c = clients.get((int) (seq % clients.size()));
        if (!c.isWritable()) {
            return false;
        }
        counts.set((int) (seq & (RING - 1)), 0);
        c.send("<message to='" + room + "' type='groupchat' id='g" + seq + "'><body>s=" + step + ';' + phase + ";k=" + seq
                + ";t=" + System.nanoTime() + "</body></message>");
        return true;
    }
}
