package org.tern.components.muc;

import java.util.Locale;

/** XEP-0045 §5.2: long-lived affiliations, lowest first so comparisons read naturally. */
enum Affiliation {
    OUTCAST, NONE, MEMBER, ADMIN, OWNER;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean atLeast(Affiliation other) {
        return compareTo(other) >= 0;
    }

    /** Parses an attribute value; null for anything else. */
    static Affiliation of(String value) {
        if (value == null) {
            return null;
        }
        for (Affiliation a : values()) {
            if (a.value().equals(value)) {
                return a;
            }
        }
        return null;
    }

    /** XEP-0045 §5.1.1 "Initial Role Based on Affiliation". */
    Role defaultRole(boolean moderated) {
        return switch (this) {
            case OWNER, ADMIN -> Role.MODERATOR;
            case MEMBER -> Role.PARTICIPANT;
            case NONE -> moderated ? Role.VISITOR : Role.PARTICIPANT;
            case OUTCAST -> Role.NONE;
        };
    }
}
