package org.tern.components.muc;

import org.tern.core.jid.Jid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's affiliation list (XEP-0045 §5.2): bare JIDs (or whole domains, for bans) with their
 * affiliation, an optional reserved nickname and the reason given. Service admins count as owners.
 */
final class Affiliations {
    record Entry(Jid jid, Affiliation affiliation, String nick, String reason) {
    }

    private final Map<Jid, Entry> entries = new HashMap<>();
    private final Set<Jid> serviceAdmins;

    Affiliations(Set<Jid> serviceAdmins) {
        this.serviceAdmins = serviceAdmins;
    }

    /** The effective affiliation of a (full or bare) JID. */
    Affiliation of(Jid jid) {
        Jid bare = jid.bare();
        if (serviceAdmins.contains(bare)) {
            return Affiliation.OWNER;
        }
        Entry e = entries.get(bare);
        if (e == null && jid.hasLocal()) {
            e = entries.get(jid.domainJid());
        }
        return e == null ? Affiliation.NONE : e.affiliation();
    }

    /** The stored entry of exactly this bare JID, or null. */
    Entry entry(Jid bare) {
        return entries.get(bare);
    }

    /** Records an affiliation; NONE without a reserved nickname removes the entry. */
    void put(Entry e) {
        if (e.affiliation() == Affiliation.NONE && e.nick() == null) {
            entries.remove(e.jid());
        } else {
            entries.put(e.jid(), e);
        }
    }

    /** The nickname reserved for a user, or null. */
    String reservedNick(Jid jid) {
        Entry e = entries.get(jid.bare());
        return e == null ? null : e.nick();
    }

    /** Whose reserved nickname this is, or null. */
    Jid holderOf(String nick) {
        for (Entry e : entries.values()) {
            if (nick.equals(e.nick())) {
                return e.jid();
            }
        }
        return null;
    }

    List<Entry> with(Affiliation a) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.affiliation() == a) {
                out.add(e);
            }
        }
        out.sort((x, y) -> x.jid().compareTo(y.jid()));
        return out;
    }

    List<Entry> all() {
        return List.copyOf(entries.values());
    }
}
