package org.tern.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A properties file read with the line of every key, so errors can say where they are.
 * Syntax is java.util.Properties' common subset: {@code key = value} or {@code key: value},
 * comments starting with # or !, a trailing backslash continues the line, escapes \t \n \\ \\uXXXX.
 * A key given twice is an error (the second would silently win in java.util.Properties).
 */
public final class PropertiesFile {
    public record Entry(String key, String value, int line) {
    }

    private final Path path;
    private final Map<String, Entry> entries;
    private final List<String> errors;

    private PropertiesFile(Path path, Map<String, Entry> entries, List<String> errors) {
        this.path = path;
        this.entries = entries;
        this.errors = errors;
    }

    public static PropertiesFile read(Path path) throws IOException {
        return parse(path, Files.readString(path, StandardCharsets.UTF_8));
    }

    public static PropertiesFile parse(Path path, String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int startLine = i + 1;
            String line = stripLeading(lines[i]);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            StringBuilder logical = new StringBuilder(line);
            while (endsWithContinuation(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(stripLeading(lines[++i]));
            }
            String l = logical.toString();
            int sep = separator(l);
            if (sep < 0) {
                errors.add(path + ":" + startLine + ": expected 'key = value', found '" + l.strip() + "'");
                continue;
            }
            String key = unescape(l.substring(0, sep).strip());
            String value = unescape(stripLeading(l.substring(sep + 1)).stripTrailing());
            if (key.isEmpty()) {
                errors.add(path + ":" + startLine + ": empty key");
                continue;
            }
            Entry previous = entries.get(key);
            if (previous != null) {
                errors.add(path + ":" + startLine + ": " + key + ": given again (first at line " + previous.line() + ")");
                continue;
            }
            entries.put(key, new Entry(key, value, startLine));
        }
        return new PropertiesFile(path, entries, errors);
    }

    private static boolean endsWithContinuation(CharSequence s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static int separator(String l) {
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\f')) {
            i++;
        }
        return s.substring(i);
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 4 < s.length()) {
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        } catch (NumberFormatException e) {
                            sb.append('u');
                        }
                    } else {
                        sb.append('u');
                    }
                }
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }

    public Path path() {
        return path;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** Syntax errors, each as "file:line: message". */
    public List<String> errors() {
        return errors;
    }
}
