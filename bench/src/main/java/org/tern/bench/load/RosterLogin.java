package org.tern.bench.load;

import org.HdrHistogram.Histogram;
import org.tern.bench.client.ClientListener;
import org.tern.bench.client.Login;
import org.tern.bench.client.Xml;
import org.tern.bench.client.XmppClient;
import org.tern.bench.report.Report;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 6: login of a user with a large roster (RFC 6121). r0 has r1..rN as contacts with
 * mutual subscriptions, all online. Each login: roster fetch, initial presence; done when every
 * contact has r0's presence and r0 has every contact's (the answers to the server's probes).
 * The roster is built once over XMPP (subscribe / subscribed both ways, §3), so it works the
 * same on every server.
 */
public final class RosterLogin implements Scenario {
    private final int size;

    public RosterLogin(int size) {
        this.size = size;
    }

    @Override
    public String name() {
        return "roster";
    }

    @Override
    public Report run(Bench b) throws Exception {
        String owner = Bench.ROSTER_PREFIX + "0";
        String ownerBare = b.bareJid(owner);
        AtomicInteger contactsSawAvailable = new AtomicInteger();
        AtomicInteger contactsSawUnavailable = new AtomicInteger();
        ClientListener contact = new ClientListener() {
            @Override
            public void stanza(XmppClient c, String s) {
                if (!s.startsWith("<presence")) {
                    return;
                }
                String from = Xml.attr(s, "from");
                if (from == null || !Xml.bare(from).equals(ownerBare)) {
                    return;
                }
                String type = Xml.attr(s, "type");
                if (type == null) {
                    contactsSawAvailable.incrementAndGet();
                } else if (type.equals("unavailable")) {
                    contactsSawUnavailable.incrementAndGet();
                } else if (type.equals("subscribe")) {
                    c.send("<presence to='" + ownerBare + "' type='subscribed'/><presence to='" + ownerBare + "' type='subscribe'/>");
                }
            }
        };
        b.say("roster: logging in %d contacts", size);
        List<XmppClient> contacts = b.online().login(size, i -> Login.of(Bench.ROSTER_PREFIX + (i + 1), b.password()),
                contact, 600).requireAll("roster contacts login").clients();

        int have = ensureRoster(b, owner, ownerBare);
        Report r = new Report(name(), b.server()).param("roster_size", size).param("tls", b.connector().tls())
                .param("warmup_s", b.warmupSec()).param("duration_s", b.durationSec())
                .result("roster_items_both", have);
        if (have < size) {
            r.note("roster has " + have + " of " + size + " mutual subscriptions");
        }
        Histogram rosterTime = Bench.histogram();
        Histogram complete = Bench.histogram();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(b.warmupSec());
        long end = warmEnd + TimeUnit.SECONDS.toNanos(b.durationSec());
        int iterations = 0;
        int incomplete = 0;
        while (System.nanoTime() < end || iterations < 5) {
            boolean measured = System.nanoTime() >= warmEnd;
            contactsSawAvailable.set(0);
            contactsSawUnavailable.set(0);
            AtomicInteger ownerGot = new AtomicInteger();
            CountDownLatch rosterDone = new CountDownLatch(1);
            long[] rosterNanos = {0};
            long t0 = System.nanoTime();
            XmppClient c = b.connector().connect(new Login(owner, b.password(), "bench", true, Login.AVAILABLE, false),
                    new ClientListener() {
                        @Override
                        public void roster(XmppClient c, String iq) {
                            rosterNanos[0] = System.nanoTime() - t0;
                            rosterDone.countDown();
                        }

                        @Override
                        public void stanza(XmppClient c, String s) {
                            if (s.startsWith("<presence") && Xml.attr(s, "type") == null) {
                                ownerGot.incrementAndGet();
                            }
                        }
                    });
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while ((contactsSawAvailable.get() < have || ownerGot.get() < have || rosterDone.getCount() > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long took = System.nanoTime() - t0;
            boolean ok = rosterDone.getCount() == 0 && contactsSawAvailable.get() >= have && ownerGot.get() >= have;
            if (measured && iterations >= 1) {
                if (ok) {
                    rosterTime.recordValue(Math.max(1, rosterNanos[0] / 1000));
                    complete.recordValue(Math.max(1, took / 1000));
                } else {
                    incomplete++;
                }
            }
            iterations++;
            c.close();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (contactsSawUnavailable.get() < contactsSawAvailable.get() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(200);
        }
        r.result("logins_measured", complete.getTotalCount())
                .result("incomplete", incomplete)
                .result("roster_fetch", Report.latency(rosterTime))
                .result("login_complete", Report.latency(complete));
        Online.closeAll(contacts, 60);
        return r;
    }

    /**
     * Builds r0's roster over XMPP when it is not complete, staying online (so that it can accept
     * the contacts' subscription requests) until the roster shows every contact with subscription
     * 'both' or two minutes pass; returns the count of mutual subscriptions.
     */
    private int ensureRoster(Bench b, String owner, String ownerBare) throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        AtomicInteger both = new AtomicInteger(-2);
        ClientListener l = new ClientListener() {
            @Override
            public void roster(XmppClient c, String iq) {
                both.set("error".equals(Xml.attr(iq, "type")) ? -1 : mutual(iq));
                first.countDown();
            }

            @Override
            public void stanza(XmppClient c, String s) {
                if (s.startsWith("<presence") && "subscribe".equals(Xml.attr(s, "type"))) {
                    c.send("<presence to='" + Xml.bare(Xml.attr(s, "from")) + "' type='subscribed'/>");
                } else if (s.startsWith("<iq") && "poll".equals(Xml.attr(s, "id"))) {
                    both.set(mutual(s));
                } else if (s.startsWith("<iq") && "nudge".equals(Xml.attr(s, "id"))) {
                    both.set(mutual(s));
                    c.send(nudges(s));
                }
            }
        };
        XmppClient c = b.connector().connect(new Login(owner, b.password(), "setup", true, Login.AVAILABLE, false), l);
        try {
            if (!first.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no roster for " + ownerBare);
            }
            if (both.get() < 0) {
                throw new IllegalStateException("the server answers the roster get (RFC 6121 §2.2) with an error: no roster support");
            }
            if (both.get() >= size) {
                return both.get();
            }
            b.say("roster: %s has %d mutual contacts; subscribing to %d", ownerBare, both.get(), size);
            StringBuilder out = new StringBuilder();
            for (int i = 1; i <= size; i++) {
                out.append("<presence to='").append(b.bareJid(Bench.ROSTER_PREFIX + i)).append("' type='subscribe'/>");
                if (i % 100 == 0) {
                    c.send(out.toString());
                    out.setLength(0);
                }
            }
            c.send(out.toString());
            // Two minutes without progress ends it; a server that stores rosters slowly gets its time.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int seen = both.get();
            int polls = 0;
            while (both.get() < size && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                if (both.get() > seen) {
                    seen = both.get();
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                }
                // Every 30 s, nudge what is stuck: approve contacts whose request may have been
                // missed (RFC 6121 §3.1.4 approves a pending one), ask again where r0 is not subscribed.
                c.send("<iq type='get' id='" + (++polls % 15 == 0 ? "nudge" : "poll") + "'><query xmlns='jabber:iq:roster'/></iq>");
            }
            Thread.sleep(500);
            return both.get();
        } finally {
            c.close();
            Thread.sleep(500);
        }
    }

    /** For each roster item not yet 'both': 'subscribed' where r0 lacks 'from', 'subscribe' where it lacks 'to'. */
    private static String nudges(String iq) {
        StringBuilder out = new StringBuilder();
        for (int at = iq.indexOf("<item "); at >= 0; at = iq.indexOf("<item ", at + 1)) {
            String item = iq.substring(at);
            String jid = Xml.attr(item, "jid");
            String sub = Xml.attr(item, "subscription");
            if (jid == null || "both".equals(sub)) {
                continue;
            }
            if (!"from".equals(sub)) {
                out.append("<presence to='").append(jid).append("' type='subscribed'/>");
            }
            if (!"to".equals(sub)) {
                out.append("<presence to='").append(jid).append("' type='subscribe'/>");
            }
        }
        return out.toString();
    }

    private static int mutual(String iq) {
        return count(iq, "subscription='both'") + count(iq, "subscription=\"both\"");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
