package org.tern.config;

import org.tern.core.config.Config;
import org.tern.core.config.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Loads and validates the configuration: the properties file, then overrides from system
 * properties ({@code -Dtern.c2s.port=5222}) and environment variables ({@code TERN_C2S_PORT=5222})
 * for containers. Every error names the key and where the value came from; unknown keys are
 * errors (a typo must not silently fall back to a default).
 */
public final class ConfigLoader {
    /** All problems found, one line each. */
    public static final class ConfigException extends Exception {
        private final List<String> problems;

        public ConfigException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final List<Option<?>> options;
    private final Map<String, Option<?>> byKey = new LinkedHashMap<>();

    public ConfigLoader(List<Option<?>> options) {
        this.options = List.copyOf(options);
        for (Option<?> o : options) {
            byKey.put(o.key(), o);
        }
    }

    /** Environment variable name of a key: TERN_ + upper case, '.' and '-' as '_'. */
    public static String envName(String key) {
        return "TERN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Config load(Path file, Map<String, String> env, Properties system) throws ConfigException, IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(List.of(file + ": configuration file not found"));
            }
            PropertiesFile pf = PropertiesFile.read(file);
            problems.addAll(pf.errors());
            for (PropertiesFile.Entry e : pf.entries().values()) {
                String where = file + ":" + e.line();
                if (!byKey.containsKey(e.key())) {
                    problems.add(where + ": " + e.key() + ": unknown key" + suggestion(e.key()));
                    continue;
                }
                values.put(e.key(), e.value());
                origin.put(e.key(), where);
            }
        }
        Map<String, String> envByName = new HashMap<>();
        for (Option<?> o : options) {
            envByName.put(envName(o.key()), o.key());
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = envByName.get(e.getKey());
            if (key != null) {
                values.put(key, e.getValue());
                origin.put(key, "environment " + e.getKey());
            }
        }
        for (String name : system.stringPropertyNames()) {
            if (!name.startsWith("tern.")) {
                continue;
            }
            String key = name.substring(5);
            if (!byKey.containsKey(key)) {
                problems.add("system property " + name + ": unknown key" + suggestion(key));
                continue;
            }
            values.put(key, system.getProperty(name));
            origin.put(key, "system property " + name);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            Option<?> o = byKey.get(e.getKey());
            try {
                o.parse(e.getValue());
            } catch (IllegalArgumentException ex) {
                problems.add(origin.get(e.getKey()) + ": " + e.getKey() + ": " + ex.getMessage()
                        + " (expected " + o.type() + ")");
            }
        }
        Config config = new Config(values);
        if (problems.isEmpty()) {
            for (CrossCheck.Problem p : CrossCheck.check(config)) {
                problems.add(origin.getOrDefault(p.key(), "configuration") + ": " + p.key() + ": " + p.message());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private String suggestion(String key) {
        Function<String, Integer> distance = k -> levenshtein(k, key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : byKey.keySet()) {
            int d = distance.apply(k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
