package org.tern.offline;

import java.time.Clock;
import java.time.Duration;

/**
 * Per-account quotas and the optional age limit.
 *
 * @param maxMessages most messages kept per account
 * @param maxBytes    most bytes (stored XML, UTF-8) kept per account
 * @param maxAge      older messages are neither delivered nor kept; zero: no limit
 */
record Limits(int maxMessages, long maxBytes, Duration maxAge) {
    /** The oldest storage time (epoch ms) still served at this instant; 0 when there is no age limit. */
    long notBefore(Clock clock) {
        return maxAge.isZero() ? 0 : clock.millis() - maxAge.toMillis();
    }
}
