package org.tern.bench.load;

import org.tern.bench.report.Report;

/** One measured scenario: warm-up, fixed duration, a report. */
public interface Scenario {
    String name();

    Report run(Bench bench) throws Exception;
}
