package org.tern.roster;

import java.util.Locale;

/** The 'subscription' attribute of a roster item (RFC 6121 §2.1.2.5): who receives whose presence. */
public enum Subscription {
    /** Neither the user nor the contact receives the other's presence. */
    NONE(false, false),
    /** The user receives the contact's presence. */
    TO(true, false),
    /** The contact receives the user's presence. */
    FROM(false, true),
    /** Both receive each other's presence. */
    BOTH(true, true);

    private final boolean to;
    private final boolean from;

    Subscription(boolean to, boolean from) {
        this.to = to;
        this.from = from;
    }

    /** The user is subscribed to the contact's presence. */
    public boolean hasTo() {
        return to;
    }

    /** The contact is subscribed to the user's presence. */
    public boolean hasFrom() {
        return from;
    }

    public static Subscription of(boolean to, boolean from) {
        return to ? (from ? BOTH : TO) : (from ? FROM : NONE);
    }

    public Subscription withTo(boolean value) {
        return of(value, from);
    }

    public Subscription withFrom(boolean value) {
        return of(to, value);
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the attribute value; null for anything else. */
    public static Subscription parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "none" -> NONE;
            case "to" -> TO;
            case "from" -> FROM;
            case "both" -> BOTH;
            default -> null;
        };
    }
}
