package org.tern.config;

import org.tern.core.auth.BulkAccounts;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads accounts for {@code tern adduser --from}: {@code user:password} lines (split at the first
 * colon, which a username cannot contain), or CSV ({@code username,password}, RFC 4180 quoting,
 * optional header). Blank lines and lines starting with # are skipped; malformed lines are
 * reported with their number, not guessed at.
 */
final class AccountFile {
    enum Format { COLON, CSV }

    private AccountFile() {
    }

    static List<BulkAccounts.Request> read(BufferedReader in, Format format, List<String> rejected) throws IOException {
        List<BulkAccounts.Request> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = format == Format.CSV ? csv(line) : colon(line);
            if (fields == null || fields.size() != 2) {
                rejected.add("line " + n + ": expected " + (format == Format.CSV ? "username,password" : "user:password"));
                continue;
            }
            if (format == Format.CSV && n == 1 && fields.get(0).equalsIgnoreCase("username")) {
                continue; // header
            }
            if (fields.get(1).isEmpty()) {
                rejected.add("line " + n + ": empty password");
                continue;
            }
            out.add(new BulkAccounts.Request(n, fields.get(0).strip(), fields.get(1)));
        }
        return out;
    }

    private static List<String> colon(String line) {
        int at = line.indexOf(':');
        return at <= 0 ? null : List.of(line.substring(0, at), line.substring(at + 1));
    }

    /** One CSV record on one line; null when its quoting is broken. */
    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted) {
                return null; // text after a closing quote
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(f.toString());
        return fields;
    }
}
