package org.tern.core.auth;

import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.core.storage.Storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates many accounts at once (`tern adduser --from`, migrations, benchmarks): SCRAM keys are
 * derived on every core in parallel, which is nearly all of the cost, and rows are inserted in
 * batches, one transaction per batch. Existing accounts are skipped, never overwritten.
 */
public final class BulkAccounts {
    /** One account to create; line is where it came from, for the report. */
    public record Request(int line, String jidOrLocal, String password) {
    }

    /** What happened: created and skipped counts, and one line per rejected request. */
    public record Report(int created, int skipped, List<String> rejected) {
    }

    private static final int BATCH = 500;

    private final Accounts accounts;
    private final Storage storage;
    private final int iterations;

    public BulkAccounts(Accounts accounts, Storage storage, int iterations) {
        this.accounts = accounts;
        this.storage = storage;
        this.iterations = iterations;
    }

    private record Ready(int line, String username, Map<ScramAlgorithm, ScramCredential> credentials) {
    }

    public Report create(List<Request> requests) throws SQLException, InterruptedException {
        List<String> rejected = new ArrayList<>();
        int created = 0;
        int skipped = 0;
        Set<String> seen = new HashSet<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tern-bulk-scram");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int from = 0; from < requests.size(); from += BATCH) {
                List<Request> slice = requests.subList(from, Math.min(requests.size(), from + BATCH));
                List<Request> valid = new ArrayList<>(slice.size());
                List<String> names = new ArrayList<>(slice.size());
                for (Request r : slice) {
                    try {
                        String user = accounts.username(r.jidOrLocal());
                        if (!seen.add(user)) {
                            rejected.add("line " + r.line() + ": " + user + " appears more than once");
                            continue;
                        }
                        valid.add(r);
                        names.add(user);
                    } catch (Accounts.AccountException e) {
                        rejected.add("line " + r.line() + ": " + e.getMessage());
                    }
                }
                Set<String> existing = storage.transactionNow(c -> existing(c, names));
                List<Future<Ready>> futures = new ArrayList<>(valid.size());
                for (int i = 0; i < valid.size(); i++) {
                    Request r = valid.get(i);
                    String user = names.get(i);
                    if (existing.contains(user)) {
                        skipped++;
                        continue;
                    }
                    // Key derivation is the whole cost: spread it over every core.
                    futures.add(pool.submit(() -> new Ready(r.line(), user, Accounts.derive(r.password(), iterations))));
                }
                List<Ready> ready = new ArrayList<>(futures.size());
                for (Future<Ready> f : futures) {
                    try {
                        ready.add(f.get());
                    } catch (ExecutionException e) {
                        rejected.add(e.getCause().getMessage());
                    }
                }
                int[] counts = storage.transactionNow(c -> insert(c, ready));
                created += counts[0];
                skipped += counts[1];
                for (Ready r : ready) {
                    accounts.directory().created(r.username());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Report(created, skipped, rejected);
    }

    private static Set<String> existing(Connection c, List<String> names) throws SQLException {
        Set<String> existing = new HashSet<>();
        if (names.isEmpty()) {
            return existing;
        }
        StringBuilder q = new StringBuilder("SELECT username FROM tern_users WHERE username IN (");
        for (int i = 0; i < names.size(); i++) {
            q.append(i == 0 ? "?" : ",?");
        }
        q.append(')');
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 1, names.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        return existing;
    }

    /** Inserts those that still do not exist (another writer may have been quicker); returns {created, skipped}. */
    private static int[] insert(Connection c, List<Ready> batch) throws SQLException {
        Set<String> existing = existing(c, batch.stream().map(Ready::username).toList());
        List<Ready> fresh = new ArrayList<>(batch.size());
        for (Ready r : batch) {
            if (!existing.contains(r.username())) {
                fresh.add(r);
            }
        }
        JdbcUserStore.insertBatch(c, fresh.stream().map(r -> Map.entry(r.username(), r.credentials())).toList());
        return new int[] {fresh.size(), batch.size() - fresh.size()};
    }
}
