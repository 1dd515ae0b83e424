package org.tern.bench.load;

import org.tern.bench.report.Report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raises the offered rate step by step until latency passes the bound or the server falls behind,
 * and keeps the best step within the bound: the sustainable throughput at that latency.
 */
final class RateRamp {
    /** One step's outcome. */
    record Step(double offered, double delivered, long sent, long skipped, long lost, double p50, double p99,
                double p999, double max) {
        boolean sustainable(double boundMs) {
            return p99 <= boundMs && lost == 0 && skipped <= sent / 1000;
        }

        /** Beyond capacity: messages missing after the drain, or even the median misses the bound. */
        boolean saturated(double boundMs) {
            return p50 > boundMs || lost > 0 || skipped > sent / 100;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offered_per_s", offered);
            m.put("delivered_per_s", delivered);
            m.put("sent", sent);
            m.put("skipped", skipped);
            m.put("lost", lost);
            m.put("p50_ms", p50);
            m.put("p99_ms", p99);
            m.put("p999_ms", p999);
            m.put("max_ms", max);
            return m;
        }
    }

    interface StepRunner {
        Step run(double rate) throws Exception;
    }

    private RateRamp() {
    }

    /**
     * Runs steps from {@code start}, times {@code factor}, until two steps in a row are saturated
     * or {@code maxSteps}. A step whose p99 alone misses the bound does not stop the ramp: on a
     * shared machine one pause can do that, and a later step may still hold.
     */
    static void ramp(Bench b, Report r, double start, double factor, int maxSteps, double boundMs, StepRunner runner)
            throws Exception {
        Step best = null;
        int misses = 0;
        double rate = start;
        for (int i = 0; i < maxSteps && misses < 2; i++) {
            Step s = runner.run(rate);
            r.point(s.toMap());
            boolean ok = s.sustainable(boundMs);
            b.say("  %.0f/s offered: %.0f/s delivered, p50 %.2f ms, p99 %.2f ms, lost %d, skipped %d -> %s",
                    s.offered(), s.delivered(), s.p50(), s.p99(), s.lost(), s.skipped(), ok ? "within bound" : "over");
            if (ok) {
                best = s;
            }
            misses = s.saturated(boundMs) ? misses + 1 : 0;
            rate *= factor;
        }
        r.param("latency_bound_ms", boundMs);
        if (best == null) {
            r.result("sustained_per_s", 0.0).note("no step stayed within the bound");
        } else {
            r.result("sustained_per_s", best.delivered())
                    .result("at_p50_ms", best.p50()).result("at_p99_ms", best.p99()).result("at_max_ms", best.max());
        }
    }
}
