package org.tern.bench.load;

import org.tern.bench.client.ClientListener;
import org.tern.bench.client.Xml;
import org.tern.bench.client.XmppClient;
import org.tern.bench.report.Report;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: offline storage (XEP-0160). Senders send chat messages to accounts that are
 * offline, in batches each followed by a ping: a server handles a client's stanzas in order, so
 * the answer means the batch was taken (stored). Then every recipient logs in with initial
 * presence and the server delivers what it stored. Reports messages/s stored and delivered and
 * the growth of the server's storage on disk.
 */
public final class OfflineDrain implements Scenario {
    private static final int SENDERS = 10;
    private static final int BATCH = 200;

    private final int recipients;
    private final int messages;

    public OfflineDrain(int recipients, int messages) {
        this.recipients = recipients;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public Report run(Bench b) throws Exception {
        if (b.users() < SENDERS + recipients) {
            throw new IllegalArgumentException("needs " + (SENDERS + recipients) + " accounts");
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        String marker = "off;" + run + ";";
        AtomicLong received = new AtomicLong();
        ClientListener counting = new ClientListener() {
            @Override
            public void stanza(XmppClient c, String s) {
                if (s.startsWith("<message") && s.contains(marker)) {
                    received.incrementAndGet();
                }
            }
        };
        // recipients come online once and leave: their old offline messages go, their SCRAM keys are cached
        b.say("offline: emptying %d recipients' offline storage", recipients);
        List<XmppClient> pre = b.online().login(recipients, i -> b.login(SENDERS + i), counting, 600)
                .requireAll("offline pre-login").clients();
        Thread.sleep(3000);
        Online.closeAll(pre, 60);
        Thread.sleep(2000);
        long disk0 = ServerProbe.diskBytes(b.dataPaths());

        int perSender = messages / SENDERS;
        CountDownLatch sendersDone = new CountDownLatch(SENDERS);
        AtomicLong bounced = new AtomicLong();
        ClientListener sender = new ClientListener() {
            @Override
            public void stanza(XmppClient c, String s) {
                if (s.startsWith("<message") && "error".equals(Xml.attr(s, "type"))) {
                    bounced.incrementAndGet();
                } else if (s.startsWith("<iq") && "result".equals(Xml.attr(s, "type"))) {
                    batch(c);
                }
            }

            @Override
            public void online(XmppClient c, long nanos) {
                c.attachment = new int[] {0};
            }

            void batch(XmppClient c) {
                int[] sent = (int[]) c.attachment;
                if (sent[0] >= perSender) {
                    sendersDone.countDown();
                    return;
                }
                StringBuilder out = new StringBuilder();
                int end = Math.min(perSender, sent[0] + BATCH);
                for (int k = sent[0]; k < end; k++) {
                    int to = SENDERS + Math.floorMod(c.index() * 7919 + k, recipients);
                    out.append("<message to='").append(b.bareJid(b.user(to))).append("' type='chat' id='o").append(k)
                            .append("'><body>").append(marker).append(k).append("</body></message>");
                }
                sent[0] = end;
                out.append("<iq type='get' id='ob").append(end).append("' to='").append(b.connector().domain())
                        .append("'><ping xmlns='urn:xmpp:ping'/></iq>");
                c.send(out.toString());
            }
        };
        List<XmppClient> senders = b.online().login(SENDERS, b::login, sender, 120).requireAll("offline senders").clients();
        b.say("offline: storing %d messages for %d offline recipients", perSender * SENDERS, recipients);
        long t0 = System.nanoTime();
        for (XmppClient c : senders) {
            c.channel().eventLoop().execute(() -> sender.stanza(c, "<iq type='result' id='start'/>"));
        }
        boolean stored = sendersDone.await(1800, TimeUnit.SECONDS);
        double storeSec = (System.nanoTime() - t0) / 1e9;
        Online.closeAll(senders, 30);
        Thread.sleep(3000);
        long disk1 = ServerProbe.diskBytes(b.dataPaths());
        int total = perSender * SENDERS;
        b.say("offline: stored in %.1f s (%.0f/s), storage grew %.1f MiB; draining", storeSec, total / storeSec,
                (disk1 - disk0) / 1048576.0);

        long t1 = System.nanoTime();
        Online.Batch drain = b.online().login(recipients, i -> b.login(SENDERS + i), counting, 600);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (received.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
            long now = received.get();
            if (now != lastCount) {
                lastCount = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(30)) {
                break; // nothing more is coming
            }
        }
        double drainSec = (System.nanoTime() - t1) / 1e9;
        Online.closeAll(drain.clients(), 60);
        Thread.sleep(2000);
        long disk2 = ServerProbe.diskBytes(b.dataPaths());
        Report r = new Report(name(), b.server()).param("recipients", recipients).param("messages", total)
                .param("senders", SENDERS).param("batch", BATCH).param("tls", b.connector().tls())
                // a bounced message was refused, not stored
                .result("stored_per_s", stored ? (total - bounced.get()) / storeSec : 0.0)
                .result("store_s", storeSec)
                .result("bounced", bounced.get())
                .result("delivered", received.get())
                .result("delivered_per_s", received.get() / drainSec)
                .result("drain_s", drainSec)
                .result("disk_before_mib", disk0 / 1048576.0)
                .result("disk_growth_mib", (disk1 - disk0) / 1048576.0)
                .result("disk_bytes_per_message", (disk1 - disk0) / (double) total)
                .result("disk_after_drain_mib", disk2 / 1048576.0);
        if (bounced.get() > 0) {
            r.note(bounced.get() + " messages came back as errors: the server did not store them (no offline storage?)");
        }
        if (!stored) {
            r.note("the senders did not finish within 30 minutes");
        }
        if (received.get() != total) {
            r.note("delivered " + received.get() + " of " + total + " messages");
        }
        if (drain.failures() > 0) {
            r.note(drain.failures() + " recipients failed to log in: " + drain.reasons());
        }
        return r;
    }
}
