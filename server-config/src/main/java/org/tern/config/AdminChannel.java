package org.tern.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local admin channel: a Unix domain socket under the data directory (mode 0600) through
 * which admin commands reach a running server, so that deleting an account also ends its
 * sessions and every module sees the change. Protocol: the command's words one per line, then
 * an empty line; the answer is "OK" or "ERROR" on the first line, then text.
 */
public final class AdminChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminChannel.class);

    /** Runs one admin command in the server. */
    @FunctionalInterface
    public interface Executor {
        Reply execute(List<String> words);
    }

    public record Reply(boolean ok, String text) {
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;
    private volatile boolean closed;

    private AdminChannel(Path socket, ServerSocketChannel server, Executor executor) {
        this.socket = socket;
        this.server = server;
        this.thread = new Thread(() -> serve(executor), "tern-admin");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static Path socketPath(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("admin.sock");
    }

    public static AdminChannel open(Path dataDir, Executor executor) throws IOException {
        Path path = socketPath(dataDir);
        if (Files.exists(path)) {
            if (connect(path).isPresent()) {
                throw new IOException("another server is running on " + dataDir + " (admin socket " + path + " answers)");
            }
            Files.delete(path); // left over from a server that did not stop cleanly
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(path));
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not POSIX
        }
        return new AdminChannel(path, ch, executor);
    }

    private void serve(Executor executor) {
        while (!closed) {
            try (SocketChannel c = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
                List<String> words = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    words.add(unescape(line));
                }
                Reply r;
                try {
                    r = executor.execute(words);
                } catch (RuntimeException e) {
                    log.error("admin command failed", e);
                    r = new Reply(false, "internal error: " + e);
                }
                Writer out = new OutputStreamWriter(Channels.newOutputStream(c), StandardCharsets.UTF_8);
                out.write((r.ok() ? "OK" : "ERROR") + "\n" + r.text());
                out.flush();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("admin channel: {}", e.toString());
                }
            }
        }
    }

    /** Connects to a running server's admin socket, if one answers. */
    static Optional<SocketChannel> connect(Path socket) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(c);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Sends a command to a running server; empty when no server answers on this data directory. */
    public static Optional<Reply> send(Path dataDir, List<String> words) throws IOException {
        Optional<SocketChannel> oc = connect(socketPath(dataDir));
        if (oc.isEmpty()) {
            return Optional.empty();
        }
        try (SocketChannel c = oc.get()) {
            Writer out = new OutputStreamWriter(Channels.newOutputStream(c), StandardCharsets.UTF_8);
            for (String w : words) {
                out.write(escape(w) + "\n");
            }
            out.write("\n");
            out.flush();
            String all = new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
            int nl = all.indexOf('\n');
            String status = nl < 0 ? all : all.substring(0, nl);
            return Optional.of(new Reply("OK".equals(status), nl < 0 ? "" : all.substring(nl + 1)));
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
