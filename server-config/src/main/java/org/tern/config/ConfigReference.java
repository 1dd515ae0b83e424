package org.tern.config;

import org.tern.core.config.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders every option as documented, commented-out properties: the source of etc/tern.properties. */
final class ConfigReference {
    private ConfigReference() {
    }

    static String render(List<Option<?>> options) {
        Map<String, List<Option<?>>> sections = new LinkedHashMap<>();
        for (Option<?> o : options) {
            String section = o.key().substring(0, o.key().indexOf('.'));
            sections.computeIfAbsent(section, k -> new ArrayList<>()).add(o);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Option<?>>> s : sections.entrySet()) {
            sb.append("\n# ---- ").append(s.getKey()).append("\n");
            for (Option<?> o : s.getValue()) {
                sb.append('\n');
                for (String line : wrap(o.description() + " [" + o.type() + "]", 96)) {
                    sb.append("# ").append(line).append('\n');
                }
                sb.append("#").append(o.key()).append(" = ").append(o.defaultText() == null ? "" : o.defaultText()).append('\n');
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
