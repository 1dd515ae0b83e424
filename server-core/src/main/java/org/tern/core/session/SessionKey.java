package org.tern.core.session;

/**
 * A typed key for per-session state a module keeps on a session (STYLE: no string-keyed bags).
 * Keys compare by identity: declare each as a constant of the module that owns it.
 */
public final class SessionKey<T> {
    private final String name;

    private SessionKey(String name) {
        this.name = name;
    }

    public static <T> SessionKey<T> of(String name) {
        return new SessionKey<>(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
