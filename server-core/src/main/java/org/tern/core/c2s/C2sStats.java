package org.tern.core.c2s;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Connection counters for status and metrics. */
public final class C2sStats {
    public final AtomicLong open = new AtomicLong();
    public final LongAdder accepted = new LongAdder();
    public final LongAdder authFailures = new LongAdder();
    public final LongAdder streamErrors = new LongAdder();
    public final LongAdder stanzasIn = new LongAdder();
    public final LongAdder stanzasOut = new LongAdder();
}
