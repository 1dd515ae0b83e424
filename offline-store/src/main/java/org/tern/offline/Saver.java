package org.tern.offline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.Storage;
import org.tern.core.storage.StorageBusyException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Commits messages to the accounts' offline stores, within their quotas, by group commit: one
 * writer at a time takes every message waiting (up to {@link #GROUP}) and inserts them in one
 * transaction, each under its own savepoint so that one failing insert does not take the others
 * with it. Each caller's future completes only after that commit, so the durability promise is
 * the same as one transaction per message, while the database writes one commit (for H2: one
 * file chunk) per group instead of per message. The single writer also keeps the ids in arrival
 * order.
 */
final class Saver {
    private static final Logger log = LoggerFactory.getLogger(Saver.class);
    /** The stanza column's size (characters); larger messages are refused as over quota. */
    static final int MAX_TEXT = 1_048_576;
    /** Most messages committed together. */
    static final int GROUP = 64;
    /** Most messages waiting for a commit; beyond it senders get resource-constraint, as for a full storage queue. */
    static final int MAX_WAITING = 10_000;

    /** The outcome: stored (with the stored form and the account's count), or refused for the quota. */
    record Saved(Stanza stored, long count) {
    }

    /** A message waiting for the next group commit. */
    private record Pending(String user, String sender, long now, String text, int bytes, Stanza stored,
                           CompletableFuture<Saved> done) {
    }

    private final Storage storage;
    private final Jid domain;
    private final Clock clock;
    private final Limits limits;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>(); // guarded by itself
    private boolean writing; // guarded by waiting

    Saver(Storage storage, Jid domain, Clock clock, Limits limits) {
        this.storage = storage;
        this.domain = domain;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Completes with the stored message once committed, or null when the account's storage is full;
     * fails when the database does (StorageBusyException when its queue is full).
     */
    CompletableFuture<Saved> save(Stanza message) {
        try {
            return enqueue(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // callers count on a stage, never a throw
        }
    }

    private CompletableFuture<Saved> enqueue(Stanza message) {
        Instant instant = clock.instant(); // one reading: the delay stamp and stored_at agree (export, XEP-0013)
        Stanza stored = StoreRules.prepare(message, domain, instant);
        String text = StanzaCodec.toText(stored);
        int bytes = StanzaCodec.size(text);
        if (text.length() > MAX_TEXT || bytes > limits.maxBytes()) {
            log.debug("message for {} too large for offline storage ({} bytes)", message.to(), bytes);
            return CompletableFuture.completedFuture(null);
        }
        String sender = message.from() == null ? "" : message.from().toString();
        Pending p = new Pending(message.to().local(), sender, instant.toEpochMilli(), text, bytes, stored,
                new CompletableFuture<>());
        boolean start;
        synchronized (waiting) {
            if (waiting.size() >= MAX_WAITING) {
                throw new StorageBusyException("offline storage: " + waiting.size() + " messages waiting for a commit");
            }
            waiting.add(p);
            start = !writing;
            writing = true;
        }
        if (start) {
            writeNext();
        }
        return p.done();
    }

    /** Commits the next group, then the one after, until nothing waits. */
    private void writeNext() {
        List<Pending> group = new ArrayList<>();
        synchronized (waiting) {
            while (group.size() < GROUP && !waiting.isEmpty()) {
                group.add(waiting.poll());
            }
            if (group.isEmpty()) {
                writing = false;
                return;
            }
        }
        storage.transaction(c -> insertAll(c, group)).whenComplete((outcomes, error) -> {
            try {
                for (int i = 0; i < group.size(); i++) {
                    CompletableFuture<Saved> done = group.get(i).done();
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else if (outcomes.get(i) instanceof SQLException e) {
                        done.completeExceptionally(e);
                    } else {
                        OfflineStore.Insert r = (OfflineStore.Insert) outcomes.get(i);
                        done.complete(r.stored() ? new Saved(group.get(i).stored(), r.count()) : null);
                    }
                }
            } finally {
                writeNext();
            }
        });
    }

    /** Each insert's outcome ({@link OfflineStore.Insert}) or its SQLException, in order. */
    private List<Object> insertAll(Connection c, List<Pending> group) throws SQLException {
        List<Object> outcomes = new ArrayList<>(group.size());
        for (Pending p : group) {
            Savepoint before = group.size() > 1 ? c.setSavepoint() : null;
            try {
                outcomes.add(OfflineStore.insert(p.user(), p.sender(), p.now(), p.text(), p.bytes(),
                        limits.maxMessages(), limits.maxBytes()).run(c));
            } catch (SQLException e) {
                if (before == null) {
                    throw e;
                }
                c.rollback(before);
                outcomes.add(e);
            }
        }
        return outcomes;
    }
}
