package org.tern.core.auth;

import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.core.sasl.StoredCredentials;
import org.tern.core.storage.Storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link UserStore} on the storage SPI (table tern_users, migration db/tern/core). */
public final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = "username, sha1_salt, sha1_iterations, sha1_stored_key, sha1_server_key, "
            + "sha256_salt, sha256_iterations, sha256_stored_key, sha256_server_key";

    private final Storage storage;

    public JdbcUserStore(Storage storage) {
        this.storage = storage;
    }

    @Override
    public CompletableFuture<Optional<StoredCredentials>> credentials(String username) {
        return storage.transaction(c -> load(c, username));
    }

    @Override
    public CompletableFuture<Boolean> exists(String username) {
        return storage.transaction(c -> exists(c, username));
    }

    static boolean exists(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tern_users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static Optional<StoredCredentials> load(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tern_users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<ScramAlgorithm, ScramCredential> m = new EnumMap<>(ScramAlgorithm.class);
                read(rs, 2, ScramAlgorithm.SHA_1, m);
                read(rs, 6, ScramAlgorithm.SHA_256, m);
                return Optional.of(new StoredCredentials(username, m));
            }
        }
    }

    private static void read(ResultSet rs, int col, ScramAlgorithm alg, Map<ScramAlgorithm, ScramCredential> into)
            throws SQLException {
        String salt = rs.getString(col);
        if (salt == null) {
            return;
        }
        Base64.Decoder d = Base64.getDecoder();
        into.put(alg, new ScramCredential(alg, d.decode(salt), rs.getInt(col + 1),
                d.decode(rs.getString(col + 2)), d.decode(rs.getString(col + 3))));
    }

    @Override
    public boolean create(String username, Map<ScramAlgorithm, ScramCredential> credentials) throws SQLException {
        return storage.transactionNow(c -> create(c, username, credentials));
    }

    /** Inserts within the caller's transaction; false when the account exists. */
    public static boolean create(Connection c, String username, Map<ScramAlgorithm, ScramCredential> credentials)
            throws SQLException {
        if (exists(c, username)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tern_users (" + COLUMNS
                + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, username);
            bind(ps, 2, credentials.get(ScramAlgorithm.SHA_1));
            bind(ps, 6, credentials.get(ScramAlgorithm.SHA_256));
            ps.setTimestamp(10, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        return true;
    }

    /** Inserts new accounts as one JDBC batch in the caller's transaction; they must not exist yet. */
    public static void insertBatch(Connection c, List<Map.Entry<String, Map<ScramAlgorithm, ScramCredential>>> accounts)
            throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tern_users (" + COLUMNS
                + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (Map.Entry<String, Map<ScramAlgorithm, ScramCredential>> a : accounts) {
                ps.setString(1, a.getKey());
                bind(ps, 2, a.getValue().get(ScramAlgorithm.SHA_1));
                bind(ps, 6, a.getValue().get(ScramAlgorithm.SHA_256));
                ps.setTimestamp(10, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public CompletableFuture<Void> addMissingCredentials(String username, Map<ScramAlgorithm, ScramCredential> extra) {
        return storage.transaction(c -> {
            Optional<StoredCredentials> current = load(c, username);
            if (current.isPresent()) {
                Map<ScramAlgorithm, ScramCredential> merged = new EnumMap<>(ScramAlgorithm.class);
                merged.putAll(current.get().credentials());
                extra.forEach(merged::putIfAbsent);
                update(c, username, merged);
            }
            return null;
        });
    }

    @Override
    public boolean updateCredentials(String username, Map<ScramAlgorithm, ScramCredential> credentials) throws SQLException {
        return storage.transactionNow(c -> update(c, username, credentials));
    }

    /** Replaces an account's credentials within the caller's transaction (an absent algorithm is cleared). */
    static boolean update(Connection c, String username, Map<ScramAlgorithm, ScramCredential> credentials)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tern_users SET sha1_salt = ?, sha1_iterations = ?, "
                + "sha1_stored_key = ?, sha1_server_key = ?, sha256_salt = ?, sha256_iterations = ?, "
                + "sha256_stored_key = ?, sha256_server_key = ? WHERE username = ?")) {
            bind(ps, 1, credentials.get(ScramAlgorithm.SHA_1));
            bind(ps, 5, credentials.get(ScramAlgorithm.SHA_256));
            ps.setString(9, username);
            return ps.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement ps, int col, ScramCredential cred) throws SQLException {
        Base64.Encoder e = Base64.getEncoder();
        if (cred == null) {
            ps.setNull(col, Types.VARCHAR);
            ps.setNull(col + 1, Types.INTEGER);
            ps.setNull(col + 2, Types.VARCHAR);
            ps.setNull(col + 3, Types.VARCHAR);
        } else {
            ps.setString(col, e.encodeToString(cred.salt()));
            ps.setInt(col + 1, cred.iterations());
            ps.setString(col + 2, e.encodeToString(cred.storedKey()));
            ps.setString(col + 3, e.encodeToString(cred.serverKey()));
        }
    }

    @Override
    public boolean delete(String username) throws SQLException {
        return storage.transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tern_users WHERE username = ?")) {
                ps.setString(1, username);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> list(int offset, int limit) throws SQLException {
        return storage.transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT username FROM tern_users ORDER BY username OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setInt(1, offset);
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long count() throws SQLException {
        return storage.transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tern_users");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
