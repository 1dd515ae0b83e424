package org.tern.components.muc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.storage.Storage;
import org.tern.core.storage.StorageBusyException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes persistent rooms' history off the rooms' critical path: messages are queued as they are
 * broadcast and written in batches, one transaction at a time, so a busy room costs one insert
 * per message and no round trip per message. {@link #barrier()} lets a room wait until its rows
 * are in before it is unloaded or deleted.
 */
final class HistoryWriter {
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    private static final int BATCH = 500;
    private static final long RETRY_MS = 200;

    private record Waiter(long upTo, CompletableFuture<Void> done) {
    }

    private final Storage storage;
    private final MucStore store;
    private final ScheduledExecutorService scheduler;
    private final Queue<MucStore.HistoryRow> queue = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long appended;
    private long settled;
    private boolean writing;

    HistoryWriter(Storage storage, MucStore store, ScheduledExecutorService scheduler) {
        this.storage = storage;
        this.store = store;
        this.scheduler = scheduler;
    }

    void append(MucStore.HistoryRow row) {
        synchronized (this) {
            queue.add(row);
            appended++;
            if (writing) {
                return; // joins the next batch
            }
            writing = true;
        }
        writeNext();
    }

    /** Completes when every row appended before this call is written (or given up on). */
    CompletableFuture<Void> barrier() {
        synchronized (this) {
            if (settled >= appended) {
                return CompletableFuture.completedFuture(null);
            }
            Waiter w = new Waiter(appended, new CompletableFuture<>());
            waiters.add(w);
            return w.done();
        }
    }

    private void writeNext() {
        List<MucStore.HistoryRow> batch = new ArrayList<>();
        synchronized (this) {
            while (batch.size() < BATCH && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            if (batch.isEmpty()) {
                writing = false;
                return;
            }
        }
        write(batch);
    }

    private void write(List<MucStore.HistoryRow> batch) {
        storage.transaction(c -> {
            store.writeHistory(c, batch);
            return null;
        }).whenComplete((v, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof StorageBusyException) {
                scheduler.schedule(() -> write(batch), RETRY_MS, TimeUnit.MILLISECONDS);
                return;
            }
            if (cause != null) {
                // The messages were delivered; only their copy for late joiners is lost.
                log.error("could not store {} room history messages", batch.size(), cause);
            }
            settle(batch.size());
            writeNext();
        });
    }

    private void settle(int n) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            settled += n;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.upTo() <= settled) {
                    done.add(w.done());
                    it.remove();
                }
            }
        }
        done.forEach(f -> f.complete(null));
    }
}
