package org.tern.core.module;

/** Named ordering of event handlers: every BEFORE handler runs before any DEFAULT one, and so on. */
public enum Phase {
    /** Filters and guards: blocking lists, rate limits. */
    BEFORE,
    /** The feature that owns the event. */
    DEFAULT,
    /** What happens when nobody handled it: store offline, bounce. */
    FALLBACK
}
