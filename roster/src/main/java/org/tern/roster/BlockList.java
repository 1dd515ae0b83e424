package org.tern.roster;

import org.tern.core.jid.Jid;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's blocked JIDs (XEP-0191), immutable. Matching follows XEP-0191 §JID Matching (as
 * XEP-0016 does): a full JID blocks only that resource, a bare JID every resource of it, a
 * domain/resource only that address, and a domain the domain itself, everything at it and its
 * subdomains.
 */
public final class BlockList {
    public static final BlockList EMPTY = new BlockList(Map.of());

    /** Keyed by the string form, which is what matching compares. */
    private final Map<String, Jid> entries;

    private BlockList(Map<String, Jid> entries) {
        this.entries = entries;
    }

    public static BlockList of(Collection<Jid> jids) {
        return EMPTY.with(jids);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    public List<Jid> entries() {
        return List.copyOf(entries.values());
    }

    public boolean contains(Jid jid) {
        return entries.containsKey(jid.toString());
    }

    /** Whether stanzas from or to this address are blocked. */
    public boolean blocks(Jid address) {
        if (address == null || entries.isEmpty()) {
            return false;
        }
        if (entries.containsKey(address.toString())) {
            return true;
        }
        if (address.isFull() && address.hasLocal() && entries.containsKey(address.bare().toString())) {
            return true;
        }
        // The domain and every parent domain: example.org blocks a@example.org and chat.example.org.
        String domain = address.domain();
        while (true) {
            if (entries.containsKey(domain)) { // (the address itself was checked above)
                return true;
            }
            int dot = domain.indexOf('.');
            if (dot < 0 || dot == domain.length() - 1) {
                return false;
            }
            domain = domain.substring(dot + 1);
        }
    }

    public BlockList with(Collection<Jid> more) {
        Map<String, Jid> m = new LinkedHashMap<>(entries);
        for (Jid j : more) {
            m.putIfAbsent(j.toString(), j);
        }
        return m.size() == entries.size() ? this : new BlockList(Collections.unmodifiableMap(m));
    }

    public BlockList without(Collection<Jid> fewer) {
        Map<String, Jid> m = new LinkedHashMap<>(entries);
        for (Jid j : fewer) {
            m.remove(j.toString());
        }
        return m.size() == entries.size() ? this : new BlockList(Collections.unmodifiableMap(m));
    }

    @Override
    public String toString() {
        return entries.keySet().toString();
    }
}
