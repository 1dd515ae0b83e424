package org.tern.roster;

import org.tern.core.jid.Jid;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roster module's tables (V1__roster.sql), plain portable SQL. Every method runs inside the
 * caller's transaction ({@link org.tern.core.storage.Storage#transaction}); all writes for one
 * owner come from that owner's queue, so update-then-insert needs no vendor upsert.
 */
final class RosterStore {
    /** Longest stored subscription request; a longer one is kept without its payload. */
    static final int MAX_REQUEST_CHARS = 16384;

    AccountRoster.Stored load(Connection c, String owner) throws SQLException {
        String epoch = null;
        long version = 0;
        long minVersion = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT epoch, version, min_version FROM roster_version WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    epoch = rs.getString(1);
                    version = rs.getLong(2);
                    minVersion = rs.getLong(3);
                }
            }
        }
        Map<String, List<String>> groups = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT contact, name FROM roster_group WHERE owner = ? ORDER BY contact, position")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<RosterItem> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT contact, name, subscription, ask_out, pending_in, approved,"
                + " listed, version, request FROM roster_item WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Jid jid = Jid.parseOrNull(rs.getString(1));
                    Subscription sub = Subscription.parse(rs.getString(3));
                    if (jid == null || sub == null) {
                        continue; // not written by us; unusable
                    }
                    SubscriptionState state = new SubscriptionState(sub, rs.getBoolean(4), rs.getBoolean(5));
                    items.add(new RosterItem(jid, rs.getString(2), groups.getOrDefault(rs.getString(1), List.of()), state,
                            rs.getBoolean(6), rs.getBoolean(7), rs.getLong(8), StoredStanza.parse(rs.getString(9))));
                }
            }
        }
        Map<Jid, Long> tombstones = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT contact, version FROM roster_tombstone WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Jid jid = Jid.parseOrNull(rs.getString(1));
                    if (jid != null) {
                        tombstones.put(jid, rs.getLong(2));
                    }
                }
            }
        }
        return new AccountRoster.Stored(epoch, version, minVersion, items, tombstones);
    }

    /** Writes one planned change: the row, its groups, tombstones and the version. */
    void write(Connection c, String owner, AccountRoster.Change change) throws SQLException {
        String contact = change.contact().toString();
        RosterItem after = change.after();
        if (after == null) {
            update(c, "DELETE FROM roster_item WHERE owner = ? AND contact = ?", owner, contact);
        } else {
            saveItem(c, owner, after, change.before() != null);
        }
        if (!change.visible()) {
            return;
        }
        update(c, "DELETE FROM roster_tombstone WHERE owner = ? AND contact = ?", owner, contact);
        if (after == null || !after.listed()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO roster_tombstone (owner, contact, version) VALUES (?, ?, ?)")) {
                ps.setString(1, owner);
                ps.setString(2, contact);
                ps.setLong(3, change.version());
                ps.executeUpdate();
            }
        }
        for (Jid j : change.pruned()) {
            update(c, "DELETE FROM roster_tombstone WHERE owner = ? AND contact = ?", owner, j.toString());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE roster_version SET epoch = ?, version = ?, min_version = ? WHERE owner = ?")) {
            ps.setString(1, change.epoch());
            ps.setLong(2, change.version());
            ps.setLong(3, change.minVersion());
            ps.setString(4, owner);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO roster_version (owner, epoch, version, min_version) VALUES (?, ?, ?, ?)")) {
                    ins.setString(1, owner);
                    ins.setString(2, change.epoch());
                    ins.setLong(3, change.version());
                    ins.setLong(4, change.minVersion());
                    ins.executeUpdate();
                }
            }
        }
    }

    private void saveItem(Connection c, String owner, RosterItem i, boolean exists) throws SQLException {
        String contact = i.jid().toString();
        String request = StoredStanza.format(i.request(), MAX_REQUEST_CHARS);
        int updated = 0;
        if (exists) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE roster_item SET name = ?, subscription = ?, ask_out = ?,"
                    + " pending_in = ?, approved = ?, listed = ?, version = ?, request = ? WHERE owner = ? AND contact = ?")) {
                bindItem(ps, i, request);
                ps.setString(9, owner);
                ps.setString(10, contact);
                updated = ps.executeUpdate();
            }
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO roster_item (name, subscription, ask_out, pending_in,"
                    + " approved, listed, version, request, owner, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindItem(ps, i, request);
                ps.setString(9, owner);
                ps.setString(10, contact);
                ps.executeUpdate();
            }
        }
        update(c, "DELETE FROM roster_group WHERE owner = ? AND contact = ?", owner, contact);
        if (!i.groups().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO roster_group (owner, contact, position, name) VALUES (?, ?, ?, ?)")) {
                int n = 0;
                for (String g : i.groups()) {
                    ps.setString(1, owner);
                    ps.setString(2, contact);
                    ps.setInt(3, n++);
                    ps.setString(4, g);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void bindItem(PreparedStatement ps, RosterItem i, String request) throws SQLException {
        ps.setString(1, i.name());
        ps.setString(2, i.subscription().value());
        ps.setBoolean(3, i.state().pendingOut());
        ps.setBoolean(4, i.state().pendingIn());
        ps.setBoolean(5, i.approved());
        ps.setBoolean(6, i.listed());
        ps.setLong(7, i.version());
        ps.setString(8, request);
    }

    /**
     * Writes an imported roster for an owner that has no rows (after {@link #deleteAccount}): the
     * rows with their groups, and the version when {@code epoch} is set.
     */
    void insertRoster(Connection c, String owner, String epoch, long version, Collection<RosterItem> items)
            throws SQLException {
        for (RosterItem i : items) {
            saveItem(c, owner, i, false);
        }
        if (epoch != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO roster_version (owner, epoch, version, min_version) VALUES (?, ?, ?, 0)")) {
                ps.setString(1, owner);
                ps.setString(2, epoch);
                ps.setLong(3, version);
                ps.executeUpdate();
            }
        }
    }

    BlockList loadBlocks(Connection c, String owner) throws SQLException {
        List<Jid> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT jid FROM roster_block WHERE owner = ? ORDER BY jid")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Jid j = Jid.parseOrNull(rs.getString(1));
                    if (j != null) {
                        out.add(j);
                    }
                }
            }
        }
        return BlockList.of(out);
    }

    void addBlocks(Connection c, String owner, Collection<Jid> jids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO roster_block (owner, jid) VALUES (?, ?)")) {
            for (Jid j : jids) {
                ps.setString(1, owner);
                ps.setString(2, j.toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void removeBlocks(Connection c, String owner, Collection<Jid> jids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM roster_block WHERE owner = ? AND jid = ?")) {
            for (Jid j : jids) {
                ps.setString(1, owner);
                ps.setString(2, j.toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Everything the module keeps for an account (its deletion). */
    void deleteAccount(Connection c, String owner) throws SQLException {
        for (String table : List.of("roster_group", "roster_item", "roster_tombstone", "roster_version", "roster_block")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE owner = ?")) {
                ps.setString(1, owner);
                ps.executeUpdate();
            }
        }
    }

    /** Local owners with a row for this contact. */
    List<String> ownersWith(Connection c, Jid contact) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM roster_item WHERE contact = ?")) {
            ps.setString(1, contact.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void update(Connection c, String sql, String owner, String contact) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setString(2, contact);
            ps.executeUpdate();
        }
    }
}
