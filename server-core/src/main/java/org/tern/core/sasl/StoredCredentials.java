package org.tern.core.sasl;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the user store holds for one account: one credential per algorithm (either may be absent
 * for imported accounts). The map is copied and unmodifiable; each entry's key must match its
 * credential's algorithm.
 */
public record StoredCredentials(String username, Map<ScramAlgorithm, ScramCredential> credentials) {

    public StoredCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(credentials, "credentials");
        for (Map.Entry<ScramAlgorithm, ScramCredential> e : credentials.entrySet()) {
            if (e.getKey() != Objects.requireNonNull(e.getValue(), "credential").algorithm()) {
                throw new IllegalArgumentException("credential for " + e.getValue().algorithm()
                        + " stored under " + e.getKey());
            }
        }
        credentials = credentials.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(credentials));
    }
}
