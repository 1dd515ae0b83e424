package org.tern.core.c2s;

import org.tern.core.config.Option;

import java.time.Duration;
import java.util.List;

/** Configuration of XEP-0198 stream management and XEP-0352 client state indication. */
public final class MobileSettings {
    public static final Option<Boolean> SM_ENABLED = Option.bool("stream-management.enabled", true,
            "Offer XEP-0198 stream management (acks, resumption) to clients.");
    public static final Option<Duration> RESUME_TIMEOUT = Option.duration("stream-management.resume-timeout", "300s",
            Duration.ZERO, Duration.ofDays(1),
            "How long a session whose connection dropped stays resumable (hibernated, its presence kept and its "
                    + "stanzas queued); a client may ask for less with 'max'. 0 turns resumption off.");
    public static final Option<Integer> ACK_EVERY = Option.integer("stream-management.ack-every", 5, 1, 10_000,
            "The server asks the client for an ack after this many unacknowledged stanzas.");
    public static final Option<Duration> ACK_INTERVAL = Option.duration("stream-management.ack-interval", "30s",
            Duration.ofSeconds(1), Duration.ofHours(1),
            "...and when stanzas have waited this long without an ack.");
    public static final Option<Integer> MAX_UNACKED = Option.integer("stream-management.max-unacked", 1000, 10, 1_000_000,
            "Most stanzas kept for a session without acknowledgement (also while hibernated); past it the session "
                    + "ends and its unacknowledged messages go to offline storage or back to their senders.");
    public static final Option<Integer> CSI_MAX_HELD = Option.integer("csi.max-held", 100, 1, 100_000,
            "Most stanzas held back for a client that said it is inactive (XEP-0352) before they are sent anyway.");

    private MobileSettings() {
    }

    public static List<Option<?>> all() {
        return List.of(SM_ENABLED, RESUME_TIMEOUT, ACK_EVERY, ACK_INTERVAL, MAX_UNACKED, CSI_MAX_HELD);
    }
}
