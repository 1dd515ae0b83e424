package org.tern.roster;

/**
 * Roster version strings (XEP-0237, RFC 6121 §2.6): an epoch chosen when the roster first changes
 * and a counter, "epoch-counter". The epoch makes versions of a deleted and re-created account
 * unrelated, so a client's cached roster is never taken for the new one's.
 */
final class RosterVersion {
    private RosterVersion() {
    }

    /** A fresh random epoch: a new roster, or an imported one. */
    static String newEpoch() {
        return Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    static String format(String epoch, long counter) {
        return epoch == null ? "0" : epoch + "-" + counter;
    }

    /** The counter of a version the client holds if it belongs to this epoch, else -1. */
    static long counter(String clientVersion, String epoch) {
        if (clientVersion == null) {
            return -1;
        }
        if (epoch == null) {
            return "0".equals(clientVersion) ? 0 : -1;
        }
        int dash = clientVersion.lastIndexOf('-');
        if (dash <= 0 || !clientVersion.regionMatches(0, epoch, 0, dash) || dash != epoch.length()) {
            return -1;
        }
        try {
            long v = Long.parseLong(clientVersion.substring(dash + 1));
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
