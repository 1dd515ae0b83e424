package org.tern.roster;

import org.tern.core.jid.Jid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An account's roster in memory, with its version (XEP-0237) and the removals a versioned client
 * may still need. Changed only by the account's queue ({@link RosterRegistry}), always after the
 * database accepted the change; read from any thread (items are immutable, the maps concurrent).
 */
final class AccountRoster {
    /** Removed items remembered per account for incremental updates; older clients get the full roster. */
    static final int TOMBSTONES = 256;

    /** The persistent form, as loaded from and written to the store. */
    record Stored(String epoch, long version, long minVersion, List<RosterItem> items, Map<Jid, Long> tombstones) {
        static Stored empty() {
            return new Stored(null, 0, 0, List.of(), Map.of());
        }
    }

    /**
     * One row's change, planned before it is written.
     *
     * @param after      the new row, or null when it goes
     * @param visible    the user's view changed: the version moves and interested resources get a push
     * @param pruned     tombstones dropped to stay within {@link #TOMBSTONES}
     */
    record Change(Jid contact, RosterItem before, RosterItem after, boolean visible, String epoch, long version,
                  long minVersion, List<Jid> pruned) {
        boolean isNoop() {
            return Objects.equals(before, after);
        }

        /** The item as a push shows it: null when the view is unchanged, a removal when it left the roster. */
        boolean removedFromView() {
            return visible && (after == null || !after.listed());
        }
    }

    private final Map<Jid, RosterItem> items = new ConcurrentHashMap<>();
    private final Map<Jid, Long> tombstones = new ConcurrentHashMap<>();
    private volatile String epoch;
    private volatile long version;
    private volatile long minVersion;
    private volatile int listed;

    AccountRoster(Stored stored) {
        for (RosterItem i : stored.items()) {
            items.put(i.jid(), i);
        }
        tombstones.putAll(stored.tombstones());
        epoch = stored.epoch();
        version = stored.version();
        minVersion = stored.minVersion();
        listed = (int) items.values().stream().filter(RosterItem::listed).count();
    }

    RosterItem item(Jid contact) {
        return items.get(contact);
    }

    /** The listed item for a contact, or null (unlisted rows are not part of the roster). */
    RosterItem listedItem(Jid contact) {
        RosterItem i = items.get(contact);
        return i != null && i.listed() ? i : null;
    }

    Collection<RosterItem> rows() {
        return items.values();
    }

    List<RosterItem> listedItems() {
        List<RosterItem> out = new ArrayList<>(items.size());
        for (RosterItem i : items.values()) {
            if (i.listed()) {
                out.add(i);
            }
        }
        return out;
    }

    int listedCount() {
        return listed;
    }

    int unlistedCount() {
        return items.size() - listed;
    }

    /** The version string clients see: "0" for a roster that never changed. */
    String version() {
        return RosterVersion.format(epoch, version);
    }

    /** A change a versioned client has not seen: the item as it is now, or null for a removal. */
    record Update(Jid contact, RosterItem item, String version) {
    }

    /**
     * The changes a client holding {@code clientVersion} needs, oldest first: empty when it is
     * current, null when it must get the whole roster (unknown version, or removals since forgotten).
     */
    List<Update> changesSince(String clientVersion) {
        String e = epoch;
        long since = RosterVersion.counter(clientVersion, e);
        if (since < 0 || since > version || since < minVersion) {
            return null;
        }
        List<Map.Entry<Jid, Long>> order = new ArrayList<>();
        for (RosterItem i : items.values()) {
            if (i.listed() && i.version() > since) {
                order.add(Map.entry(i.jid(), i.version()));
            }
        }
        tombstones.forEach((jid, v) -> {
            if (v > since) {
                order.add(Map.entry(jid, v));
            }
        });
        order.sort(Map.Entry.comparingByValue());
        List<Update> out = new ArrayList<>(order.size());
        for (Map.Entry<Jid, Long> u : order) {
            RosterItem i = items.get(u.getKey());
            out.add(new Update(u.getKey(), i != null && i.listed() ? i : null, RosterVersion.format(e, u.getValue())));
        }
        return out;
    }

    /** Plans replacing a contact's row with {@code after} (null or an empty row: remove it). */
    Change plan(Jid contact, RosterItem after) {
        RosterItem before = items.get(contact);
        if (after != null && after.isEmpty()) {
            after = null;
        }
        boolean wasListed = before != null && before.listed();
        boolean isListed = after != null && after.listed();
        boolean visible = wasListed != isListed || (isListed && !before.sameView(after));
        String e = epoch;
        long v = version;
        long min = minVersion;
        List<Jid> pruned = List.of();
        if (visible) {
            v++;
            if (e == null) {
                e = RosterVersion.newEpoch();
            }
            if (isListed) {
                after = after.withVersion(v);
            } else if (tombstones.size() + 1 > TOMBSTONES) {
                List<Map.Entry<Jid, Long>> oldest = new ArrayList<>(tombstones.entrySet());
                oldest.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
                List<Jid> drop = new ArrayList<>();
                for (int i = 0; i < oldest.size() - TOMBSTONES + 1; i++) {
                    drop.add(oldest.get(i).getKey());
                    min = Math.max(min, oldest.get(i).getValue());
                }
                pruned = drop;
            }
        } else if (after != null && before != null) {
            after = after.withVersion(before.version());
        }
        return new Change(contact, before, after, visible, e, v, min, pruned);
    }

    /** Applies a planned change once it is stored. */
    void apply(Change c) {
        if (c.after() == null) {
            items.remove(c.contact());
        } else {
            items.put(c.contact(), c.after());
        }
        if (c.visible()) {
            if (c.after() != null && c.after().listed()) {
                tombstones.remove(c.contact());
            } else {
                tombstones.put(c.contact(), c.version());
            }
            for (Jid j : c.pruned()) {
                tombstones.remove(j);
            }
            epoch = c.epoch();
            minVersion = c.minVersion();
            version = c.version();
        }
        listed += (c.after() != null && c.after().listed() ? 1 : 0) - (c.before() != null && c.before().listed() ? 1 : 0);
    }
}
