package org.tern.components.muc;

import java.util.Locale;

/** XEP-0045 §5.1: roles within a visit, lowest first. */
enum Role {
    NONE, VISITOR, PARTICIPANT, MODERATOR;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    static Role of(String value) {
        if (value == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.value().equals(value)) {
                return r;
            }
        }
        return null;
    }
}
