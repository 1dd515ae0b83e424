package org.tern.offline;

import org.tern.core.storage.SqlWork;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The offline_message table, as units of work for {@link org.tern.core.storage.Storage}: callers
 * run them with {@code transaction} (network paths) or {@code transactionNow} (admin CLI).
 * Reads take {@code notBefore} (epoch ms) so that expired messages are never handed out, even
 * before the periodic expiry has deleted them; 0 when expiry is off.
 */
final class OfflineStore {
    /** What an insert did: stored with this id and count (this one included), or refused for the quota. */
    record Insert(boolean stored, long id, long count) {
        static final Insert FULL = new Insert(false, 0, 0);
    }

    private OfflineStore() {
    }

    /** Appends a message unless the account's quota (messages, bytes) would be exceeded. */
    static SqlWork<Insert> insert(String user, String sender, long now, String text, int bytes,
                                  int maxMessages, long maxBytes) {
        return c -> {
            long count;
            long used;
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT COUNT(*), COALESCE(SUM(byte_size), 0) FROM offline_message WHERE username = ?")) {
                q.setString(1, user);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    used = rs.getLong(2);
                }
            }
            if (count >= maxMessages || used + bytes > maxBytes) {
                return Insert.FULL;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO offline_message "
                    + "(username, sender, stored_at, byte_size, stanza) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                ins.setString(1, user);
                ins.setString(2, sender);
                ins.setLong(3, now);
                ins.setInt(4, bytes);
                ins.setString(5, text);
                ins.executeUpdate();
                try (ResultSet keys = ins.getGeneratedKeys()) {
                    keys.next();
                    return new Insert(true, keys.getLong(1), count + 1);
                }
            }
        };
    }

    /** Appends messages as they are, in order, without quota checks (import); ids and sizes are assigned here. */
    static SqlWork<Integer> appendAll(String user, List<StoredMessage> messages) {
        return c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO offline_message "
                    + "(username, sender, stored_at, byte_size, stanza) VALUES (?, ?, ?, ?, ?)")) {
                for (StoredMessage m : messages) {
                    ins.setString(1, user);
                    ins.setString(2, m.sender());
                    ins.setLong(3, m.storedAt());
                    ins.setInt(4, StanzaCodec.size(m.text()));
                    ins.setString(5, m.text());
                    ins.addBatch();
                }
                if (!messages.isEmpty()) {
                    ins.executeBatch();
                }
                return messages.size();
            }
        };
    }

    /** The oldest messages, at most {@code limit}, with their text. */
    static SqlWork<List<StoredMessage>> oldest(String user, long notBefore, int limit) {
        return after(user, notBefore, 0, limit);
    }

    /** Messages with an id greater than {@code afterId}, oldest first, at most {@code limit}. */
    static SqlWork<List<StoredMessage>> after(String user, long notBefore, long afterId, int limit) {
        return c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT id, sender, stored_at, stanza FROM offline_message "
                    + "WHERE username = ? AND id > ? AND stored_at >= ? ORDER BY id LIMIT ?")) {
                q.setString(1, user);
                q.setLong(2, afterId);
                q.setLong(3, notBefore);
                q.setInt(4, limit);
                return read(q, true);
            }
        };
    }

    /** Every message's header (id, sender, time), oldest first. */
    static SqlWork<List<StoredMessage>> headers(String user, long notBefore) {
        return c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT id, sender, stored_at FROM offline_message "
                    + "WHERE username = ? AND stored_at >= ? ORDER BY id")) {
                q.setString(1, user);
                q.setLong(2, notBefore);
                return read(q, false);
            }
        };
    }

    /** The messages with these ids that exist, oldest first. */
    static SqlWork<List<StoredMessage>> byIds(String user, long notBefore, Collection<Long> ids) {
        return c -> {
            List<StoredMessage> out = new ArrayList<>(ids.size());
            try (PreparedStatement q = c.prepareStatement("SELECT id, sender, stored_at, stanza FROM offline_message "
                    + "WHERE username = ? AND id = ? AND stored_at >= ?")) {
                for (long id : ids.stream().sorted().distinct().toList()) {
                    q.setString(1, user);
                    q.setLong(2, id);
                    q.setLong(3, notBefore);
                    out.addAll(read(q, true));
                }
            }
            return out;
        };
    }

    static SqlWork<Long> count(String user, long notBefore) {
        return c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT COUNT(*) FROM offline_message WHERE username = ? AND stored_at >= ?")) {
                q.setString(1, user);
                q.setLong(2, notBefore);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        };
    }

    /** Deletes these messages of the account (one batch); returns how many went. */
    static SqlWork<Integer> delete(String user, Collection<Long> ids) {
        return c -> {
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM offline_message WHERE username = ? AND id = ?")) {
                for (long id : ids) {
                    d.setString(1, user);
                    d.setLong(2, id);
                    d.addBatch();
                }
                int n = 0;
                for (int r : d.executeBatch()) {
                    n += Math.max(r, 0);
                }
                return n;
            }
        };
    }

    /**
     * Deletes these messages only if all exist (XEP-0013 §2.5 answers item-not-found otherwise);
     * returns false, deleting nothing, when one is missing.
     */
    static SqlWork<Boolean> deleteAllOf(String user, long notBefore, Collection<Long> ids) {
        return c -> {
            List<Long> distinct = ids.stream().distinct().toList();
            if (byIds(user, notBefore, distinct).run(c).size() != distinct.size()) {
                return false;
            }
            delete(user, distinct).run(c);
            return true;
        };
    }

    /** Deletes every message of the account; returns how many went. */
    static SqlWork<Integer> purge(String user) {
        return c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM offline_message WHERE username = ?")) {
                d.setString(1, user);
                return d.executeUpdate();
            }
        };
    }

    /** Deletes every message stored before {@code cutoff} (epoch ms), all accounts. */
    static SqlWork<Integer> expire(long cutoff) {
        return c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM offline_message WHERE stored_at < ?")) {
                d.setLong(1, cutoff);
                return d.executeUpdate();
            }
        };
    }

    private static List<StoredMessage> read(PreparedStatement q, boolean withText) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredMessage(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        withText ? rs.getString(4) : null));
            }
        }
        return out;
    }
}
