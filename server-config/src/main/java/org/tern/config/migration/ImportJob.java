package org.tern.config.migration;

import org.tern.core.auth.AccountTransfer;
import org.tern.core.auth.PieCredentials;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.ImportReport;
import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tern import}: the files are read through once to check them (malformed XML or a
 * refused include stops everything before anything is written), then again to import, each
 * account in its own transaction on a pool of workers (a plaintext password costs two key
 * derivations). The outcome of every account is collected and reported in file order.
 */
final class ImportJob {
    enum Kind { IMPORTED, REPLACED, SKIPPED, REJECTED }

    /** What happened to one {@code <user/>}: its lines for the report, in input order. */
    record Outcome(int seq, Kind kind, List<String> lines, boolean sha1Only) {
    }

    /**
     * The run's result: every outcome in input order, notes outside any account, the files
     * includes reached (real paths), and what stopped the run early, if anything.
     */
    record Summary(List<Outcome> outcomes, List<String> notes, Set<Path> included, String failure) {
        long count(Kind k) {
            return outcomes.stream().filter(o -> o.kind() == k).count();
        }
    }

    private final AccountTransfer transfer;
    private final int iterations;
    private final boolean replace;
    private final boolean verbose;
    private final int threads;

    ImportJob(AccountTransfer transfer, int iterations, boolean replace, boolean verbose, int threads) {
        this.transfer = transfer;
        this.iterations = iterations;
        this.replace = replace;
        this.verbose = verbose;
        this.threads = threads;
    }

    Summary run(List<Path> mainFiles, Path base) throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        try {
            PieReader check = new PieReader(base);
            PieReader.Sink nothing = new PieReader.Sink() {
                @Override
                public void user(PieReader.User user) {
                }

                @Override
                public void note(String place, String message) {
                }
            };
            for (Path f : mainFiles) {
                check.read(f, nothing);
            }
        } catch (PieReader.PieException e) {
            return new Summary(List.of(), notes, Set.of(), e.getMessage() + "\nnothing was imported");
        }

        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tern-import");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(threads * 4);
        Map<String, String> seen = new HashMap<>();
        String failure = null;
        PieReader reader = new PieReader(base);
        try {
            PieReader.Sink sink = new PieReader.Sink() {
                private int seq;

                @Override
                public void user(PieReader.User u) throws InterruptedException {
                    int n = seq++;
                    String userPlace = u.where().of(u.user(), u.hostPlace());
                    String name = u.user().attr("name");
                    String refusal = refuse(u, name, userPlace, seen);
                    if (refusal != null) {
                        outcomes.add(new Outcome(n, Kind.REJECTED, List.of(userPlace + ": " + refusal), false));
                        return;
                    }
                    inFlight.acquire();
                    pool.execute(() -> {
                        try {
                            outcomes.add(importOne(n, u, userPlace));
                        } finally {
                            inFlight.release();
                        }
                    });
                }

                @Override
                public void note(String place, String message) {
                    notes.add(place + ": note: " + message);
                }
            };
            for (Path f : mainFiles) {
                reader.read(f, sink);
            }
        } catch (PieReader.PieException e) {
            failure = e.getMessage(); // the check pass read it; the file changed meanwhile
        } finally {
            pool.shutdown();
            pool.awaitTermination(365, TimeUnit.DAYS);
        }
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingInt(Outcome::seq));
        return new Summary(sorted, notes, reader.included(), failure);
    }

    /** Why a {@code <user/>} cannot be imported before looking at its data, or null. */
    private String refuse(PieReader.User u, String name, String userPlace, Map<String, String> seen) {
        String label = (name == null ? "<user/>" : name) + "@" + (u.host() == null ? "?" : u.host());
        if (u.host() == null) {
            return label + ": rejected: its <host/> has no 'jid'";
        }
        String host;
        try {
            host = Jid.domain(u.host()).domain();
        } catch (RuntimeException e) {
            return label + ": rejected: host '" + u.host() + "' is no valid domain";
        }
        if (!host.equals(transfer.domain().domain())) {
            return label + ": rejected: host " + host + " is not this server's domain (" + transfer.domain()
                    + "); import it into a server for that domain";
        }
        if (name == null || name.isEmpty()) {
            return label + ": rejected: <user/> without 'name' (XEP-0227 §4.2: MUST have one)";
        }
        String username;
        try {
            username = Jid.prepLocal(name);
        } catch (JidFormatException e) {
            return label + ": rejected: '" + name + "' is not a valid username (RFC 7622): " + e.getMessage();
        }
        String first = seen.putIfAbsent(username, userPlace);
        if (first != null) {
            return username + "@" + host + ": rejected: the account appears twice; first at " + first;
        }
        return null;
    }

    private Outcome importOne(int seq, PieReader.User u, String userPlace) {
        String name = u.user().attr("name");
        Jid account;
        String username;
        try {
            username = Jid.prepLocal(name);
            account = Jid.of(username, transfer.domain().domain(), null);
        } catch (JidFormatException e) {
            return new Outcome(seq, Kind.REJECTED, List.of(userPlace + ": " + name + ": rejected: " + e.getMessage()), false);
        }
        AccountReport report = new AccountReport(account, u.where(), userPlace);
        try {
            String password = u.user().attr("password");
            if (!replace && password != null && !password.isEmpty() && transfer.exists(username)) {
                return skipped(seq, userPlace, account); // spares the key derivation
            }
            if (!username.equals(name)) {
                report.note(u.user(), "name '" + name + "' stored as '" + username + "' (RFC 7622 normalisation)");
            }
            Map<ScramAlgorithm, ScramCredential> credentials = PieCredentials.parse(u.user(), iterations, report);
            AccountTransfer.Result r = transfer.importAccount(username, credentials, u.user(), replace, report);
            if (r == AccountTransfer.Result.SKIPPED) {
                return skipped(seq, userPlace, account);
            }
            List<String> lines = new ArrayList<>();
            if (verbose) {
                lines.add(userPlace + ": " + account + ": " + (r == AccountTransfer.Result.REPLACED ? "replaced" : "imported"));
            }
            lines.addAll(report.notes());
            return new Outcome(seq, r == AccountTransfer.Result.REPLACED ? Kind.REPLACED : Kind.IMPORTED, lines,
                    !credentials.containsKey(ScramAlgorithm.SHA_256));
        } catch (ImportReport.Rejected e) {
            return new Outcome(seq, Kind.REJECTED,
                    List.of(report.place(e.where()) + ": " + account + ": rejected: " + e.getMessage()), false);
        } catch (SQLException | RuntimeException e) {
            return new Outcome(seq, Kind.REJECTED,
                    List.of(userPlace + ": " + account + ": rejected: not written: " + e), false);
        }
    }

    private static Outcome skipped(int seq, String userPlace, Jid account) {
        return new Outcome(seq, Kind.SKIPPED, List.of(userPlace + ": " + account
                + ": skipped: the account exists (--overwrite replaces it)"), false);
    }
}
