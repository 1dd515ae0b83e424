package org.tern.components;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialQueueTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksRunOneAtATimeInOrder() throws Exception {
        SerialQueue q = new SerialQueue(pool);
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            all.add(q.submit(() -> {
                assertEquals(1, running.incrementAndGet(), "two tasks at once");
                seen.add(n);
                running.decrementAndGet();
                return CompletableFuture.completedFuture(n);
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            assertEquals(i, seen.get(i));
            assertEquals(i, all.get(i).get());
        }
        // A task's future completes just before the queue counts it done: idle follows a moment later.
        for (int i = 0; i < 1000 && !q.idle(); i++) {
            Thread.sleep(1);
        }
        assertTrue(q.idle());
    }

    @Test
    void theNextTaskWaitsForAnAsynchronousStage() throws Exception {
        SerialQueue q = new SerialQueue(pool);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> first = q.submit(() -> gate.thenRun(() -> seen.add("first done")));
        CompletableFuture<Void> second = q.submit(() -> {
            seen.add("second");
            return CompletableFuture.completedFuture(null);
        });
        assertTrue(!second.isDone() && seen.isEmpty());
        gate.complete(null);
        second.get(10, TimeUnit.SECONDS);
        assertTrue(first.isDone());
        assertEquals(List.of("first done", "second"), seen);
    }

    @Test
    void aFailingTaskFailsItsFutureOnly() throws Exception {
        SerialQueue q = new SerialQueue(pool);
        CompletableFuture<Integer> bad = q.submit(() -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<Integer> failedStage = q.submit(() -> CompletableFuture.failedFuture(new IllegalArgumentException("no")));
        CompletableFuture<Integer> nullStage = q.submit(() -> null);
        CompletableFuture<Integer> good = q.submit(() -> CompletableFuture.completedFuture(7));
        assertEquals(7, good.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, bad::get).getCause());
        assertInstanceOf(IllegalArgumentException.class, assertThrows(ExecutionException.class, failedStage::get).getCause());
        assertEquals(null, nullStage.get());
    }

    @Test
    void aStoppedExecutorFailsTheTasksInsteadOfLosingThem() {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        SerialQueue q = new SerialQueue(stopped);
        CompletableFuture<Integer> f = q.submit(() -> CompletableFuture.completedFuture(1));
        assertTrue(f.isCompletedExceptionally());
        assertTrue(q.idle());
    }
}
