package org.tern.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One typed, bounded, documented configuration key, declared where it is used
 * ({@code c2s.port}, {@code roster.max-items}, ...). Parsing checks the bounds, so a value that
 * reaches the code is always valid.
 */
public final class Option<T> {
    private final String key;
    private final String defaultText;
    private final String description;
    private final String type;
    private final Function<String, T> parser;

    private Option(String key, String defaultText, String description, String type, Function<String, T> parser) {
        if (!key.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("bad option key: " + key);
        }
        this.key = key;
        this.defaultText = defaultText;
        this.description = Objects.requireNonNull(description);
        this.type = type;
        this.parser = parser;
        if (defaultText != null) {
            parser.apply(defaultText); // a bad default is a programming error: fail at class load
        }
    }

    public String key() {
        return key;
    }

    /** The default as it would be written in the properties file; null when the key is required or unset by default. */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** A short name of the value's type, for documentation and errors. */
    public String type() {
        return type;
    }

    /** Parses a raw value; throws IllegalArgumentException with a message fit for the user. */
    public T parse(String raw) {
        return parser.apply(raw.trim());
    }

    public T defaultValue() {
        return defaultText == null ? null : parser.apply(defaultText);
    }

    @Override
    public String toString() {
        return key;
    }

    public static Option<String> string(String key, String def, String description) {
        return new Option<>(key, def, description, "string", s -> s);
    }

    public static Option<Integer> integer(String key, int def, int min, int max, String description) {
        return new Option<>(key, Integer.toString(def), description, "integer " + min + ".." + max, s -> {
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not an integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(v + " is out of range " + min + ".." + max);
            }
            return v;
        });
    }

    public static Option<Boolean> bool(String key, boolean def, String description) {
        return new Option<>(key, Boolean.toString(def), description, "true|false", s -> {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> {
                    return true;
                }
                case "false", "no", "off" -> {
                    return false;
                }
                default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
            }
        });
    }

    /** Durations written as 500ms, 30s, 5m, 2h, 7d; "0" means zero (often: off). */
    public static Option<Duration> duration(String key, String def, Duration min, Duration max, String description) {
        return new Option<>(key, def, description, "duration (ms|s|m|h|d)", s -> {
            Duration d = parseDuration(s);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(s + " is out of range " + format(min) + ".." + format(max));
            }
            return d;
        });
    }

    /** Sizes in bytes written as 4096, 64k, 256k, 10m, 1g (binary multiples). */
    public static Option<Long> size(String key, String def, long min, long max, String description) {
        return new Option<>(key, def, description, "size (k|m|g)", s -> {
            long v = parseSize(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException(s + " is out of range " + min + ".." + max + " bytes");
            }
            return v;
        });
    }

    /** One of an enum's constants, written lower-case with '-' for '_'. */
    public static <E extends Enum<E>> Option<E> choice(String key, Class<E> type, E def, String description) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return new Option<>(key, def == null ? null : def.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                description, String.join("|", names), s -> {
                    String n = s.toUpperCase(Locale.ROOT).replace('-', '_');
                    for (E e : type.getEnumConstants()) {
                        if (e.name().equals(n)) {
                            return e;
                        }
                    }
                    throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ", names));
                });
    }

    /** Comma-separated list; empty string is the empty list. */
    public static Option<List<String>> list(String key, String def, String description) {
        return new Option<>(key, def, description, "comma-separated list", s -> s.isBlank() ? List.of()
                : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());
    }

    /** A filesystem path; relative paths are relative to the server's working directory. */
    public static Option<Path> path(String key, String def, String description) {
        return new Option<>(key, def, description, "path", s -> {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty path");
            }
            return Path.of(s);
        });
    }

    /** A free-form value checked by a custom parser. */
    public static <T> Option<T> custom(String key, String def, String type, String description, Function<String, T> parser) {
        return new Option<>(key, def, description, type, parser);
    }

    static Duration parseDuration(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i == s.length()) {
            throw new IllegalArgumentException("'" + s + "' is not a duration (e.g. 500ms, 30s, 5m, 2h, 7d)");
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is too large");
        }
        return switch (s.substring(i).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("'" + s + "' has an unknown unit (use ms, s, m, h or d)");
        };
    }

    static long parseSize(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        char last = Character.toLowerCase(s.charAt(s.length() - 1));
        long mult = switch (last) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1;
        };
        String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(digits), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + s + "' is not a size (e.g. 4096, 64k, 10m)");
        }
    }

    static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
