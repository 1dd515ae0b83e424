package org.tern.config.migration;

import org.tern.config.AdminChannel;
import org.tern.config.Main;
import org.tern.core.config.Config;
import org.tern.core.module.TernModule;
import org.tern.core.server.Kernel;
import org.tern.core.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tern import FILE|DIR}: accounts from XEP-0227 files, with the server stopped. */
@Command(name = "import", description = {
        "Import accounts from XEP-0227 files (urn:xmpp:pie:0, or the older namespace): credentials, rosters, "
                + "pending subscription requests, block lists (as a privacy list), offline messages.",
        "FILE is a main file (root <server-data/>); DIR is a directory holding main files (an export of Tern, "
                + "ejabberd's export_piefxis, Prosody's XEP-0227 files). One transaction per account. Existing "
                + "accounts are skipped unless --overwrite. The server must be stopped."})
public final class ImportCommand extends Main.Common implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "A XEP-0227 main file, or a directory of them.")
    Path source;

    @Option(names = "--overwrite", description = "Replace existing accounts (credentials and all their data).")
    boolean overwrite;

    @Option(names = "--verbose", description = "Also list every imported account.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Main.quietLogs();
        List<TernModule> modules = Kernel.discoverModules();
        Config config = loadConfig(modules);
        if (config == null) {
            return Main.EXIT_CONFIG;
        }
        PrintWriter out = out();
        PrintWriter err = err();
        Path dataDir = config.get(ServerSettings.DATA_DIR);
        if (AdminChannel.send(dataDir, List.of("status")).isPresent()) {
            return fail(err, "a server is running on " + dataDir.toAbsolutePath() + " (its admin socket answers): "
                    + "stop the server first. Modules keep rosters and offline state in memory; an import beside them "
                    + "would not be seen.");
        }
        if (!Files.exists(source)) {
            return fail(err, source + " does not exist");
        }
        Path base = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        List<Path> mains = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        PieReader probe = new PieReader(base);
        if (Files.isDirectory(source)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(source, "*.xml")) {
                for (Path f : files) {
                    (("server-data".equals(probe.rootName(f))) ? mains : others).add(f);
                }
            }
            mains.sort(null);
            if (mains.isEmpty()) {
                return fail(err, source + " holds no XEP-0227 main file (an .xml file whose root is <server-data/>)");
            }
        } else {
            mains.add(source);
        }

        ImportJob.Summary summary;
        double seconds;
        Files.createDirectories(dataDir);
        // Held while importing: a server started meanwhile finds the socket taken and stops.
        try (AdminChannel guard = AdminChannel.open(dataDir,
                words -> new AdminChannel.Reply(false, "an import is running on this data directory; try again when it ends\n"));
             Kernel kernel = new Kernel(config, modules)) {
            kernel.openStorage();
            // Twice the cores: while one account waits for its commit, another derives its keys.
            int threads = 2 * Runtime.getRuntime().availableProcessors();
            long start = System.nanoTime();
            summary = new ImportJob(kernel.accountTransfer(), config.get(ServerSettings.SCRAM_ITERATIONS), overwrite,
                    verbose, Math.min(threads, config.get(ServerSettings.STORAGE_POOL_SIZE))).run(mains, base);
            seconds = (System.nanoTime() - start) / 1e9;
            others.removeIf(f -> summary.included().contains(real(f)));
        }
        return report(summary, others, seconds, out, err);
    }

    private static Path real(Path f) {
        try {
            return f.toRealPath();
        } catch (IOException e) {
            return f;
        }
    }

    private int report(ImportJob.Summary s, List<Path> notRead, double seconds, PrintWriter out, PrintWriter err) {
        if (s.failure() != null && s.outcomes().isEmpty()) {
            return fail(err, s.failure());
        }
        for (String n : s.notes()) {
            out.println(n);
        }
        for (Path f : notRead) {
            out.println(f + ": note: not read: its root is not <server-data/> and no main file includes it");
        }
        out.flush();
        for (ImportJob.Outcome o : s.outcomes()) {
            PrintWriter w = o.kind() == ImportJob.Kind.REJECTED ? err : out;
            for (String line : o.lines()) {
                w.println(line);
            }
            w.flush(); // keeps the two streams in file order on a terminal
        }
        if (s.failure() != null) {
            err.println("tern: " + s.failure());
            err.flush();
        }
        long imported = s.count(ImportJob.Kind.IMPORTED) + s.count(ImportJob.Kind.REPLACED);
        long rejected = s.count(ImportJob.Kind.REJECTED);
        long sha1Only = s.outcomes().stream().filter(ImportJob.Outcome::sha1Only).count();
        out.printf(Locale.ROOT, "imported %d (%d replaced), skipped %d existing, rejected %d (%.1f s, %.0f accounts/s)%n",
                imported, s.count(ImportJob.Kind.REPLACED), s.count(ImportJob.Kind.SKIPPED), rejected, seconds,
                imported / Math.max(seconds, 1e-9));
        if (sha1Only > 0) {
            out.println(sha1Only + " imported account" + (sha1Only == 1 ? " has" : "s have")
                    + " SCRAM-SHA-1 credentials only: SCRAM-SHA-1 and PLAIN logins work; a client that picks "
                    + "SCRAM-SHA-256 fails until their first PLAIN login or a password change (./tern passwd) adds its keys");
        }
        out.flush();
        err.flush();
        return rejected == 0 && s.failure() == null ? 0 : Main.EXIT_FAILED;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("tern: " + message);
        err.flush();
        return Main.EXIT_FAILED;
    }
}
