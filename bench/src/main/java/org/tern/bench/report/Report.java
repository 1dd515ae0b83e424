package org.tern.bench.report;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One scenario's outcome against one server: parameters, figures, and an optional curve; as JSON and text. */
public final class Report {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<Object> curve = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Report(String scenario, String server) {
        root.put("scenario", scenario);
        root.put("server", server);
        root.put("time", Instant.now().toString());
        root.put("params", params);
        root.put("results", results);
        root.put("curve", curve);
        root.put("notes", notes);
    }

    public Report param(String key, Object value) {
        params.put(key, value);
        return this;
    }

    public Report result(String key, Object value) {
        results.put(key, value);
        return this;
    }

    /** The curve's points so far (read-only view). */
    public List<Object> curve() {
        return java.util.Collections.unmodifiableList(curve);
    }

    public Object resultValue(String key) {
        return results.get(key);
    }

    public Report note(String text) {
        notes.add(text);
        return this;
    }

    public Report point(Map<String, Object> p) {
        curve.add(p);
        return this;
    }

    public String scenario() {
        return (String) root.get("scenario");
    }

    /** p50, p90, p99, p99.9, max and count of a histogram of microseconds, in milliseconds. */
    public static Map<String, Object> latency(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50_ms", h.getValueAtPercentile(50) / 1000.0);
        m.put("p90_ms", h.getValueAtPercentile(90) / 1000.0);
        m.put("p99_ms", h.getValueAtPercentile(99) / 1000.0);
        m.put("p999_ms", h.getValueAtPercentile(99.9) / 1000.0);
        m.put("max_ms", h.getMaxValue() / 1000.0);
        return m;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = root.get("server") + "-" + root.get("scenario");
        Files.writeString(dir.resolve(base + ".json"), Json.write(root));
        Files.writeString(dir.resolve(base + ".txt"), text());
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("== ").append(root.get("scenario")).append(" on ").append(root.get("server")).append(" ==\n");
        b.append("params:");
        params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        b.append('\n');
        results.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-28s %s%n", k, fmt(v))));
        if (!curve.isEmpty()) {
            b.append("  curve:\n");
            for (Object p : curve) {
                b.append("    ").append(fmt(p)).append('\n');
            }
        }
        for (String n : notes) {
            b.append("  note: ").append(n).append('\n');
        }
        return b.toString();
    }

    private static String fmt(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.2f", d);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder();
            m.forEach((k, x) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(fmt(x)));
            return b.toString();
        }
        return String.valueOf(v);
    }
}
