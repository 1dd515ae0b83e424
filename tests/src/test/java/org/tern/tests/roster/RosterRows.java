package org.tern.tests.roster;

import org.tern.tests.TestServer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

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
