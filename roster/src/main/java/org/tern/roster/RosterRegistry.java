package org.tern.roster;

import org.tern.core.jid.Jid;
import org.tern.core.session.Sessions;
import org.tern.core.storage.Storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Per-account serialisation and the in-memory rosters. Every change to an account's roster or
 * block list runs as a task in that account's queue (a chain of stages), so concurrent edits from
 * several resources or contacts apply one after the other without locks; a task stores its change
 * before it ends, and only then is it applied in memory, pushed and acknowledged.
 *
 * <p>The roster and block list of an account with sessions stay in memory (presence broadcast and
 * blocking checks read them without the database). An account's entry goes when its queue is idle
 * and it has no session left; the next task loads it again from the database, which by then holds
 * every change.
 *
 * <p>A task never waits for another account's queue (that could deadlock two accounts subscribing
 * to each other): it returns what must be routed, and the caller routes after the task ended.
 */
final class RosterRegistry {
    private static final Logger log = LoggerFactory.getLogger(RosterRegistry.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** One account's queue and cached state. */
    static final class Entry {
        final Jid owner;
        volatile AccountRoster roster;
        volatile BlockList blocks;
        private CompletableFuture<Void> tail = DONE; // guarded by this
        private int pending; // guarded by the map's lock on this key

        Entry(Jid owner) {
            this.owner = owner;
        }
    }

    @FunctionalInterface
    interface Task<T> {
        CompletionStage<T> run(Entry entry) throws Exception;
    }

    private final ConcurrentHashMap<Jid, Entry> entries = new ConcurrentHashMap<>();
    private final Storage storage;
    private final RosterStore store;
    private final Sessions sessions;
    private final Sender sender;

    RosterRegistry(Storage storage, RosterStore store, Sender sender) {
        this.storage = storage;
        this.store = store;
        this.sender = sender;
        this.sessions = sender.sessions();
    }

    Storage storage() {
        return storage;
    }

    RosterStore store() {
        return store;
    }

    /** Runs a task in the account's queue, after every task submitted before it. */
    <T> CompletableFuture<T> submit(Jid owner, Task<T> task) {
        Entry e = entries.compute(owner, (k, v) -> {
            Entry entry = v == null ? new Entry(k) : v;
            entry.pending++;
            return entry;
        });
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (e) {
            previous = e.tail;
            e.tail = done;
        }
        // Outside the lock: a task that finishes at once runs (and completes its caller's stages) right here.
        previous.whenComplete((ignored, never) -> run(task, e, result).whenComplete((v, err) -> done.complete(null)));
        result.whenComplete((v, err) -> finished(e));
        return result;
    }

    private static <T> CompletionStage<Void> run(Task<T> task, Entry e, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = task.run(e);
        } catch (Exception | Error ex) {
            stage = CompletableFuture.failedFuture(ex);
        }
        return stage.handle((v, err) -> {
            if (err != null) {
                result.completeExceptionally(unwrap(err));
            } else {
                result.complete(v);
            }
            return null;
        });
    }

    private void finished(Entry e) {
        entries.computeIfPresent(e.owner, (k, v) -> {
            if (v != e) {
                return v;
            }
            v.pending--;
            return v.pending == 0 && sessions.of(k).isEmpty() ? null : v;
        });
    }

    /** Forgets an idle account's state once its last session is gone. */
    void release(Jid owner) {
        entries.computeIfPresent(owner, (k, v) -> v.pending == 0 && sessions.of(k).isEmpty() ? null : v);
    }

    /** The cached roster of an account, or null when it is not in memory. */
    AccountRoster cachedRoster(Jid owner) {
        Entry e = entries.get(owner);
        return e == null ? null : e.roster;
    }

    BlockList cachedBlocks(Jid owner) {
        Entry e = entries.get(owner);
        return e == null ? null : e.blocks;
    }

    /** The account's roster: from memory when cached, else loaded in its queue. */
    CompletionStage<AccountRoster> readRoster(Jid owner) {
        AccountRoster r = cachedRoster(owner);
        return r != null ? CompletableFuture.completedFuture(r) : submit(owner, this::roster);
    }

    /** The account's block list: from memory when cached, else loaded in its queue. */
    CompletionStage<BlockList> readBlocks(Jid owner) {
        BlockList b = cachedBlocks(owner);
        return b != null ? CompletableFuture.completedFuture(b) : submit(owner, this::blocks);
    }

    /** Loads both into memory (a session was bound). */
    CompletionStage<Void> load(Jid owner) {
        return submit(owner, e -> roster(e).thenCompose(r -> blocks(e)).thenApply(b -> null));
    }

    /** Inside a task: the roster, loaded if needed. */
    CompletionStage<AccountRoster> roster(Entry e) {
        AccountRoster r = e.roster;
        if (r != null) {
            return CompletableFuture.completedFuture(r);
        }
        return storage.transaction(c -> store.load(c, e.owner.local())).thenApply(stored -> {
            AccountRoster loaded = new AccountRoster(stored);
            e.roster = loaded;
            return loaded;
        });
    }

    /** Inside a task: the block list, loaded if needed. */
    CompletionStage<BlockList> blocks(Entry e) {
        BlockList b = e.blocks;
        if (b != null) {
            return CompletableFuture.completedFuture(b);
        }
        return storage.transaction(c -> store.loadBlocks(c, e.owner.local())).thenApply(loaded -> {
            e.blocks = loaded;
            return loaded;
        });
    }

    /**
     * Inside a task: stores a change of one row, applies it in memory, pushes it to the account's
     * interested resources, then runs {@code delivered} (more deliveries to the account's sessions;
     * null for none).
     */
    CompletionStage<AccountRoster.Change> write(Entry e, AccountRoster roster, AccountRoster.Change change,
                                               Runnable delivered) {
        if (change.isNoop()) {
            return delivered == null ? CompletableFuture.completedFuture(change)
                    : storeThen(c -> { }, delivered).thenApply(v -> change);
        }
        return storeThen(c -> store.write(c, e.owner.local(), change), () -> {
            roster.apply(change);
            if (change.visible()) {
                sender.pushRoster(e.owner, roster.version(), change.removedFromView()
                        ? RosterCodec.removed(change.contact()) : RosterCodec.item(change.after()));
            }
            if (delivered != null) {
                delivered.run();
            }
        }).thenApply(v -> change);
    }

    CompletionStage<AccountRoster.Change> write(Entry e, AccountRoster roster, AccountRoster.Change change) {
        return write(e, roster, change, null);
    }

    /**
     * Inside a task: blocks or unblocks JIDs, stored first, then {@code delivered} runs with the
     * new list (the block pushes).
     */
    CompletionStage<BlockList> writeBlocks(Entry e, BlockList before, Collection<Jid> add, Collection<Jid> remove,
                                           Consumer<BlockList> delivered) {
        BlockList after = before.with(add).without(remove);
        String owner = e.owner.local();
        return storeThen(c -> {
            if (after != before) {
                store.removeBlocks(c, owner, remove.stream().filter(before::contains).toList());
                store.addBlocks(c, owner, add.stream().filter(j -> !before.contains(j)).distinct().toList());
            }
        }, () -> {
            e.blocks = after;
            delivered.accept(after);
        }).thenApply(v -> after);
    }

    @FunctionalInterface
    private interface Write {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs a write in a transaction and, once it is committed, {@code then} on the same storage
     * thread. Memory changes and deliveries happen there and nowhere else: a task's stored change
     * becomes visible only after the commit, and deliveries leave in queue order (a delivery made
     * from a session's own event loop would be written at once, ahead of those queued for it).
     */
    private CompletableFuture<Void> storeThen(Write write, Runnable then) {
        return storage.transaction(c -> {
            write.run(c);
            c.commit();
            try {
                then.run();
            } catch (RuntimeException ex) {
                log.error("delivering a stored roster change failed", ex);
            }
            return null;
        });
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
