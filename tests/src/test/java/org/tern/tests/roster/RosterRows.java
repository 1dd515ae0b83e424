package org.tern.tests.roster;

import org.tern.tests.TestServer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/** Reads the roster module's rows through the real storage, for what the wire cannot show (pending in). */
final class RosterRows {
    /** A stored item: subscription ("none"...), ask (pending out), pending in, listed, approved. */
    record Row(String subscription, boolean pendingOut, boolean pendingIn, boolean listed, boolean approved) {
        /** RFC 6121 Appendix A notation: "None + Pending Out/In", "To", ... */
        String state() {
            String base = Character.toUpperCase(subscription.charAt(0)) + subscription.substring(1);
            if (pendingOut && pendingIn) {
                return base + " + Pending Out/In";
            }
            if (pendingOut) {
                return base + " + Pending Out";
            }
            return pendingIn ? base + " + Pending In" : base;
        }
    }

    private RosterRows() {
    }

    /** The owner's row for the contact (bare JID), or null. */
    static Row row(TestServer server, String owner, String contact) throws Exception {
        return server.kernel().storage().transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT subscription, ask_out, pending_in, listed, approved"
                    + " FROM roster_item WHERE owner = ? AND contact = ?")) {
                ps.setString(1, owner);
                ps.setString(2, contact);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Row(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5)) : null;
                }
            }
        });
    }

    /** The Appendix A state of the owner's item for the contact; "None" when there is no row. */
    static String state(TestServer server, String owner, String contact) throws Exception {
        Row r = row(server, owner, contact);
        return r == null ? "None" : r.state();
    }

    /**
     * Writes many listed items at once, straight into the tables, for tests about large rosters
     * (building one with a thousand roster sets would only measure the disk).
     */
    static void insertItems(TestServer server, String owner, List<String> contacts, int groups) throws Exception {
        server.kernel().storage().transactionNow(c -> {
            try (PreparedStatement item = c.prepareStatement("INSERT INTO roster_item (owner, contact, name, subscription,"
                    + " ask_out, pending_in, approved, listed, version) VALUES (?, ?, ?, 'none', FALSE, FALSE, FALSE, TRUE, 0)");
                 PreparedStatement group = c.prepareStatement(
                         "INSERT INTO roster_group (owner, contact, position, name) VALUES (?, ?, 0, ?)")) {
                int n = 0;
                for (String contact : contacts) {
                    item.setString(1, owner);
                    item.setString(2, contact);
                    item.setString(3, "Contact " + n);
                    item.addBatch();
                    group.setString(1, owner);
                    group.setString(2, contact);
                    group.setString(3, "G" + (n % groups));
                    group.addBatch();
                    n++;
                }
                item.executeBatch();
                group.executeBatch();
            }
            return null;
        });
    }

    /** Writes one item straight into the table (for states the protocol cannot produce). */
    static void insert(TestServer server, String owner, String contact, String subscription) throws Exception {
        server.kernel().storage().transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO roster_item (owner, contact, subscription,"
                    + " ask_out, pending_in, approved, listed, version) VALUES (?, ?, ?, FALSE, FALSE, FALSE, TRUE, 0)")) {
                ps.setString(1, owner);
                ps.setString(2, contact);
                ps.setString(3, subscription);
                return ps.executeUpdate();
            }
        });
    }

    static int count(TestServer server, String sql, String owner) throws Exception {
        return server.kernel().storage().transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
