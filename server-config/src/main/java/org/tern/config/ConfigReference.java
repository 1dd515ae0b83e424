package org.tern.config;

import org.tern.core.config.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders every option as documented properties: exactly the shipped etc/tern.properties
 * ({@code ./tern config-reference > etc/tern.properties} regenerates it; a test keeps them equal).
 */
final class ConfigReference {
    static final String HEADER = """
            # Tern configuration.
            #
            # Every key the server understands is listed below with its description, type and default.
            # A line starting with '#' is a comment: a commented-out key keeps its default. Unknown keys and
            # bad values stop the server at start (or `./tern check-config`) with the file and line.
            # Any key can be overridden by an environment variable (TERN_C2S_PORT=5222: upper case, '.' and
            # '-' as '_') or a system property (-Dtern.c2s.port=5222, e.g. in TERN_JAVA_OPTS).
            # This file is generated: `./tern config-reference > etc/tern.properties`.
            #
            # Relative paths are relative to the directory the server is started from.

            server.domain = localhost
            """;

    private ConfigReference() {
    }

    static String render(List<Option<?>> options) {
        Map<String, List<Option<?>>> sections = new LinkedHashMap<>();
        for (Option<?> o : options) {
            String section = o.key().substring(0, o.key().indexOf('.'));
            sections.computeIfAbsent(section, k -> new ArrayList<>()).add(o);
        }
        StringBuilder sb = new StringBuilder(HEADER);
        for (Map.Entry<String, List<Option<?>>> s : sections.entrySet()) {
            sb.append("\n# ---- ").append(s.getKey()).append("\n");
            for (Option<?> o : s.getValue()) {
                sb.append('\n');
                for (String line : wrap(o.description() + " [" + o.type() + "]", 96)) {
                    sb.append("# ").append(line).append('\n');
                }
                String line = o.key() + " = " + (o.defaultText() == null ? "" : o.defaultText());
                sb.append(HEADER.contains("\n" + line + "\n") ? "# (set above) " : "#").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
