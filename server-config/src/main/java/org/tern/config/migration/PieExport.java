package org.tern.config.migration;

import org.tern.core.auth.AccountTransfer;
import org.tern.core.auth.UserStore;
import org.tern.core.module.AccountDataPort;
import org.tern.core.xml.Element;
import org.tern.core.xml.XmlWriter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes every account of the domain in the layout XEP-0227 §5.1 recommends: {@code
 * server-data.xml} including {@code DOMAIN.xml}, which includes one {@code DOMAIN/USER.xml} per
 * account. Files are created 0600 and directories 0700 (§6: the files hold credentials). A user
 * name that does not make a plain file name (too long, a leading dot or underscore, a character
 * outside letters, digits, '.', '-') gets a file named by its hash instead; the include says which.
 */
final class PieExport {
    static final String MAIN = "server-data.xml";
    private static final String HEADER = "<?xml version='1.0' encoding='UTF-8'?>\n";
    private static final int PAGE = 1000;

    /** What was written, and the accounts that could not be. */
    record Result(int accounts, List<String> errors) {
    }

    private final Path dir;
    private final String domain;

    PieExport(Path dir, String domain) {
        this.dir = dir;
        this.domain = domain;
    }

    Result run(AccountTransfer transfer, UserStore users) throws IOException, SQLException {
        if (Files.exists(dir)) {
            try (var entries = Files.list(dir)) {
                if (!Files.isDirectory(dir) || entries.findAny().isPresent()) {
                    throw new IOException(dir + " exists and is not an empty directory");
                }
            }
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
        } else {
            directory(dir);
        }
        String hostFile = domain + ".xml";
        try (Writer main = create(dir.resolve(MAIN))) {
            main.write(HEADER + "<server-data xmlns='" + AccountDataPort.PIE_NS + "' xmlns:xi='" + PieReader.XI_NS
                    + "'>\n  <xi:include href='" + escape(hostFile) + "'/>\n</server-data>\n");
        }
        Path userDir = directory(dir.resolve(domain));
        List<String> errors = new ArrayList<>();
        int written = 0;
        try (Writer host = create(dir.resolve(hostFile))) {
            host.write(HEADER + "<host xmlns='" + AccountDataPort.PIE_NS + "' xmlns:xi='" + PieReader.XI_NS
                    + "' jid='" + attr(domain) + "'>\n");
            int offset = 0;
            List<String> page;
            do {
                page = users.list(offset, PAGE);
                offset += page.size();
                for (String name : page) {
                    Optional<Element> user;
                    try {
                        user = transfer.export(name);
                    } catch (SQLException | RuntimeException e) {
                        errors.add(name + "@" + domain + ": not exported: " + e.getMessage());
                        continue;
                    }
                    if (user.isEmpty()) {
                        continue; // deleted meanwhile
                    }
                    String file = fileName(name);
                    try (Writer w = create(userDir.resolve(file))) {
                        w.write(HEADER);
                        w.write(userXml(user.get()));
                    }
                    host.write("  <xi:include href='" + escape(domain) + "/" + escape(file) + "'/>\n");
                    written++;
                }
            } while (page.size() == PAGE);
            host.write("</host>\n");
        }
        return new Result(written, errors);
    }

    /** The user element with one child per line, for people who read their exports. */
    private static String userXml(Element user) {
        StringBuilder sb = new StringBuilder("<user xmlns='").append(AccountDataPort.PIE_NS).append("' name='")
                .append(attr(user.attr("name"))).append("'>\n");
        for (Element child : user.elements()) {
            sb.append("  ");
            XmlWriter.write(child, AccountDataPort.PIE_NS, true, sb);
            sb.append('\n');
        }
        return sb.append("</user>\n").toString();
    }

    /** "name.xml" when the name is a plain file name, else one made from its SHA-256. */
    static String fileName(String username) {
        boolean plain = !username.isEmpty() && username.getBytes(StandardCharsets.UTF_8).length <= 200
                && username.charAt(0) != '.' && username.charAt(0) != '_'
                && username.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-');
        if (plain) {
            return username + ".xml";
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return "_" + HexFormat.of().formatHex(h, 0, 16) + ".xml";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path segment as a URI reference: every byte outside RFC 3986's unreserved characters %-escaped. */
    static String escape(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static String attr(String s) {
        StringBuilder sb = new StringBuilder();
        XmlWriter.escapeAttr(s, sb);
        return sb.toString();
    }

    private static Path directory(Path d) throws IOException {
        try {
            Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(d);
        }
        return d;
    }

    private static Writer create(Path f) throws IOException {
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(f);
        }
        return Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    }
}
