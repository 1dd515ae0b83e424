package org.tern.core.session;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.StreamErrorCondition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every bound resource of every account. Binding and unbinding of one account are serialised
 * on that account's entry; lookups are lock-free reads of immutable snapshots.
 */
public final class SessionManager implements Sessions {
    /** What to do when a client binds a resource that is already bound (RFC 6120 §7.7.2.2). */
    public enum ConflictPolicy { REPLACE, REJECT }

    public sealed interface BindResult {
        record Bound(ClientSession replaced) implements BindResult {
        }

        record Conflict() implements BindResult {
        }

        record TooManyResources(int limit) implements BindResult {
        }
    }

    private final Map<Jid, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ConflictPolicy policy;
    private final int maxResources;

    public SessionManager(ConflictPolicy policy, int maxResources) {
        this.policy = policy;
        this.maxResources = maxResources;
    }

    private static final class Account {
        /** Replaced whole on every change, so readers need no lock. */
        volatile List<ClientSession> sessions = List.of();
        boolean removed;
    }

    /**
     * Binds a session under its full JID. On a conflict the policy decides: REPLACE binds the new
     * one and returns the old one (the caller closes it with a conflict stream error), REJECT refuses.
     */
    public BindResult bind(ClientSession session) {
        Jid bare = session.bareJid();
        while (true) {
            Account a = accounts.computeIfAbsent(bare, k -> new Account());
            synchronized (a) {
                if (a.removed) {
                    continue; // raced with the removal of an emptied entry: take the new one
                }
                ClientSession existing = null;
                for (ClientSession s : a.sessions) {
                    if (s.jid().equals(session.jid())) {
                        existing = s;
                    }
                }
                if (existing != null && policy == ConflictPolicy.REJECT) {
                    return new BindResult.Conflict();
                }
                if (existing == null && maxResources > 0 && a.sessions.size() >= maxResources) {
                    return new BindResult.TooManyResources(maxResources);
                }
                List<ClientSession> next = new ArrayList<>(a.sessions.size() + 1);
                for (ClientSession s : a.sessions) {
                    if (s != existing) {
                        next.add(s);
                    }
                }
                next.add(session);
                a.sessions = List.copyOf(next);
                if (existing == null) {
                    count.incrementAndGet();
                }
                return new BindResult.Bound(existing);
            }
        }
    }

    /** Removes a session if it is still the one bound under its JID; true when it was. */
    public boolean unbind(ClientSession session) {
        Jid bare = session.bareJid();
        Account a = accounts.get(bare);
        if (a == null) {
            return false;
        }
        synchronized (a) {
            if (!a.sessions.contains(session)) {
                return false;
            }
            List<ClientSession> next = new ArrayList<>(a.sessions);
            next.remove(session);
            a.sessions = List.copyOf(next);
            count.decrementAndGet();
            if (next.isEmpty()) {
                a.removed = true;
                accounts.remove(bare, a);
            }
            return true;
        }
    }

    /** Whether a full JID is bound (for resource generation). */
    public boolean isBound(Jid full) {
        return get(full) != null;
    }

    @Override
    public List<ClientSession> of(Jid bareJid) {
        Account a = accounts.get(bareJid.bare());
        return a == null ? List.of() : a.sessions;
    }

    @Override
    public List<ClientSession> available(Jid bareJid) {
        List<ClientSession> all = of(bareJid);
        List<ClientSession> out = new ArrayList<>(all.size());
        for (ClientSession s : all) {
            if (s.isAvailable()) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public ClientSession get(Jid fullJid) {
        for (ClientSession s : of(fullJid.bare())) {
            if (s.jid().equals(fullJid)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public int count() {
        return count.get();
    }

    /** Every session, for shutdown. */
    public List<ClientSession> all() {
        List<ClientSession> out = new ArrayList<>();
        for (Account a : accounts.values()) {
            out.addAll(a.sessions);
        }
        return out;
    }

    /** Closes every session of an account (deleted account, changed password). */
    public void closeAccount(Jid bare, StreamErrorCondition condition, String text) {
        for (ClientSession s : of(bare)) {
            s.close(condition, text);
        }
    }

    /** Counts of sessions per account, for status. */
    public Map<Jid, Integer> snapshot() {
        Map<Jid, Integer> m = new LinkedHashMap<>();
        accounts.forEach((k, v) -> m.put(k, v.sessions.size()));
        return m;
    }
}
