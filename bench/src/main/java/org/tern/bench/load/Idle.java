package org.tern.bench.load;

import org.tern.bench.client.ClientListener;
import org.tern.bench.client.XmppClient;
import org.tern.bench.report.Report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: idle connections. Brings the connection count up in steps (10k, 50k), each client
 * logged in with initial presence and then silent (it answers pings); after each step waits for
 * the server to settle and reads its resident memory (and, for a JVM, its used heap after a full
 * GC). Per-connection figures are the growth over the idle server's baseline divided by the count.
 */
public final class Idle implements Scenario {
    private final int[] steps;
    private final int settleSec;

    public Idle(int[] steps, int settleSec) {
        this.steps = steps;
        this.settleSec = settleSec;
    }

    @Override
    public String name() {
        return "idle";
    }

    private static long generatorHeapKiB() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }

    @Override
    public Report run(Bench b) throws Exception {
        Report r = new Report(name(), b.server()).param("steps", java.util.Arrays.toString(steps))
                .param("tls", b.connector().tls()).param("settle_s", settleSec).param("server_pid", b.serverPid());
        if (b.serverPid() <= 0) {
            r.note("no server pid given: no memory figures");
        }
        Thread.sleep(settleSec * 1000L);
        long gen0 = generatorHeapKiB();
        long rss0 = ServerProbe.rssKiB(b.serverPid());
        long heap0 = ServerProbe.heapUsedAfterGcKiB(b.serverPid());
        r.result("baseline_rss_mib", rss0 / 1024.0);
        if (heap0 >= 0) {
            r.result("baseline_heap_mib", heap0 / 1024.0);
        }
        List<XmppClient> all = new ArrayList<>();
        int have = 0;
        ClientListener quiet = new ClientListener() {
        };
        for (int target : steps) {
            int want = Math.min(target, b.users());
            int from = have;
            long t0 = System.nanoTime();
            b.say("idle: logging in %d -> %d", have, want);
            Online.Batch batch = b.online().login(want - have, i -> b.login(from + i), quiet, 1800);
            all.addAll(batch.clients());
            have = want;
            double loginSec = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(settleSec * 1000L);
            long open = all.stream().filter(XmppClient::isOnline).count();
            long rss = ServerProbe.rssKiB(b.serverPid());
            long heap = ServerProbe.heapUsedAfterGcKiB(b.serverPid());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connections", open);
            m.put("login_failures", batch.failures());
            m.put("login_retries", batch.retries());
            m.put("login_s", loginSec);
            m.put("rss_mib", rss / 1024.0);
            m.put("rss_kib_per_conn", open == 0 ? 0.0 : (rss - rss0) / (double) open);
            // the generator's own cost per connection: it must hold as many as the server
            m.put("generator_heap_kib_per_conn", open == 0 ? 0.0 : (generatorHeapKiB() - gen0) / (double) open);
            if (heap >= 0) {
                m.put("heap_mib", heap / 1024.0);
                m.put("heap_kib_per_conn", open == 0 ? 0.0 : (heap - heap0) / (double) open);
            }
            r.point(m);
            r.result("at_" + want, m);
            b.say("idle: %d connections, RSS %.1f MiB (%.1f KiB/conn)%s", open, rss / 1024.0,
                    open == 0 ? 0.0 : (rss - rss0) / (double) open,
                    heap >= 0 ? String.format(", heap %.1f MiB", heap / 1024.0) : "");
            if (open < want) {
                r.note("only " + open + " of " + want + " connections online; first failures: " + batch.clients().size());
            }
        }
        Online.closeAll(all, 120);
        return r;
    }
}
