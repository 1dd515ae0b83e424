package org.tern.core.sasl;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The channel binding the connection can offer: types map a name ("tls-server-end-point",
 * "tls-exporter") to its data (RFC 5929, RFC 9266). Empty when not on TLS. The map and arrays
 * are copied; read them through {@link #data(String)} to avoid copies.
 */
public record ChannelBindingData(Map<String, byte[]> types) {

    private static final ChannelBindingData NONE = new ChannelBindingData(Map.of());

    public ChannelBindingData {
        Map<String, byte[]> copy = new HashMap<>();
        Objects.requireNonNull(types, "types").forEach((name, data) ->
                copy.put(Objects.requireNonNull(name, "type"), Objects.requireNonNull(data, "data").clone()));
        types = Map.copyOf(copy);
    }

    /** A copy of the types and their data. */
    @Override
    public Map<String, byte[]> types() {
        Map<String, byte[]> copy = new HashMap<>();
        types.forEach((name, data) -> copy.put(name, data.clone()));
        return copy;
    }

    /** No channel binding (not on TLS). */
    public static ChannelBindingData none() {
        return NONE;
    }

    /** Whether any channel binding type is available, i.e. -PLUS mechanisms are offered. */
    public boolean isEmpty() {
        return types.isEmpty();
    }

    /** The binding data of one type, or null when that type is not available. Not copied. */
    byte[] data(String type) {
        return types.get(type);
    }
}
