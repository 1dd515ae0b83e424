package org.tern.tests.migration;

import org.tern.config.migration.ExportCommand;
import org.tern.config.migration.ImportCommand;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.tern.core.server.ServerSettings;
import org.tern.core.storage.Storage;
import org.tern.tests.Clients;
import org.tern.tests.TestServer;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs {@code tern import} and {@code tern export} in this JVM (the same command classes the CLI
 * runs) against a data directory, and reads tables back through the real storage.
 */
final class Pie {
    /** What a command printed, and its exit status. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Pie() {
    }

    /** The committed sample exports under src/test/resources/pie. */
    static Path fixture(String name) {
        try {
            return Path.of(Pie.class.getResource("/pie/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A configuration for the CLI: domain localhost, this data directory, no listeners needed. */
    static Path config(Path dataDir) throws Exception {
        Path cfg = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
        Files.writeString(cfg, String.join("\n",
                "server.domain = localhost",
                "server.data-dir = " + dataDir,
                "c2s.bind-address = 127.0.0.1",
                ""));
        return cfg;
    }

    static Run importInto(Path dataDir, Path source, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--config", config(dataDir).toString()));
        args.addAll(List.of(flags));
        args.add(source.toString());
        return run(new ImportCommand(), args);
    }

    static Run export(Path dataDir, Path target) throws Exception {
        return run(new ExportCommand(), List.of("--config", config(dataDir).toString(), target.toString()));
    }

    private static Run run(Callable<Integer> command, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** A server on an existing data directory (TestServer's own temporary one stays unused). */
    static TestServer serve(Path dataDir) throws Exception {
        return TestServer.start("server.data-dir", dataDir.toString());
    }

    /**
     * A Smack configuration for a server started with {@link #serve}: as {@link Clients#config},
     * trusting the certificate generated in that data directory.
     */
    static XMPPTCPConnectionConfiguration.Builder client(TestServer server, String user, String password) throws Exception {
        Class.forName(Clients.class.getName(), true, Pie.class.getClassLoader()); // registers SCRAM-SHA-256 with Smack
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(TestServer.DOMAIN)
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(server.c2sPort())
                .setUsernameAndPassword(user, password)
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(TestServer.trustManager(server.kernel().config().get(ServerSettings.DATA_DIR)))
                .setConnectTimeout(10_000);
    }

    /** Every row of a query, each as its columns joined with '|', in the query's order. */
    static List<String> rows(Storage storage, String sql, Object... params) throws Exception {
        return storage.transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            sb.append(i > 1 ? "|" : "").append(rs.getObject(i));
                        }
                        out.add(sb.toString());
                    }
                }
                return out;
            }
        });
    }
}
