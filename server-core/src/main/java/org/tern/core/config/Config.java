package org.tern.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Configuration values by option. Values were validated when the configuration was loaded
 * (server-config does that, naming file and line); here a missing key yields its default.
 */
public final class Config {
    private final Map<String, String> raw;
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();

    public Config(Map<String, String> raw) {
        this.raw = Map.copyOf(raw);
    }

    public static Config defaults() {
        return new Config(Map.of());
    }

    /** The value of an option: the configured one, else its default (which may be null). */
    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        String v = raw.get(option.key());
        if (v == null) {
            return option.defaultValue();
        }
        return (T) parsed.computeIfAbsent(option.key(), k -> option.parse(v));
    }

    public boolean isSet(Option<?> option) {
        return raw.containsKey(option.key());
    }

    /** The raw configured text of a key, or null. */
    public String raw(String key) {
        return raw.get(key);
    }

    public Map<String, String> rawValues() {
        return raw;
    }

    /** A copy with one key changed; for tests and embedding. */
    public Config with(String key, String value) {
        Map<String, String> m = new HashMap<>(raw);
        m.put(key, value);
        return new Config(m);
    }
}
