package org.tern.core.c2s;

/**
 * A token bucket on the bytes a client sends: over the rate, the connection simply stops being
 * read for a while (TCP pushes back on the sender), so a flood slows down without anything being
 * dropped or refused. One per connection, used only on its event loop.
 */
final class ReadShaper {
    private final long bytesPerSecond;
    private final long burst;
    private long tokens;
    private long last = System.nanoTime();

    /** @param bytesPerSecond 0 for no limit */
    ReadShaper(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.burst = bytesPerSecond * 2;
        this.tokens = burst;
    }

    /** Accounts for bytes read; returns how long to stop reading, in milliseconds (0: go on). */
    long consume(int bytes) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * bytesPerSecond / 1_000_000_000L);
        last = now;
        tokens -= bytes;
        return tokens >= 0 ? 0 : Math.max(1, -tokens * 1000 / bytesPerSecond);
    }
}
