package org.tern.components;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: an entity (a chat room)
 * that owns one handles one thing at a time, so its state needs no locks. A task returns a stage;
 * the next task starts only when that stage completes, so asynchronous work (a database write)
 * inside a task is part of it. Each task sees the effects of the tasks before it.
 */
public final class SerialQueue {
    private final Executor executor;
    private final Queue<Task<?>> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks queued or running; the submitter that takes it from 0 starts the drain. */
    private final AtomicInteger pending = new AtomicInteger();

    public SerialQueue(Executor executor) {
        this.executor = executor;
    }

    private record Task<T>(Supplier<? extends CompletionStage<T>> work, CompletableFuture<T> result) {
    }

    /** Queues a task; the returned future completes as the task's stage does. */
    public <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> work) {
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            schedule();
        }
        return task.result();
    }

    /** True when no task is queued or running. */
    public boolean idle() {
        return pending.get() == 0;
    }

    private void schedule() {
        try {
            executor.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            // The executor is shut down: fail what is left rather than leave callers waiting.
            Task<?> t;
            while ((t = tasks.poll()) != null) {
                pending.decrementAndGet();
                t.result().completeExceptionally(e);
            }
        }
    }

    private void runNext() {
        run(tasks.poll());
    }

    private <T> void run(Task<T> task) {
        CompletionStage<T> stage;
        try {
            stage = task.work().get();
        } catch (Throwable t) {
            finish(task, null, t);
            return;
        }
        if (stage == null) {
            finish(task, null, null);
            return;
        }
        stage.whenComplete((value, error) -> finish(task, value, error));
    }

    /** Completes the task's future, then starts the next task: a task is done before the next begins. */
    private <T> void finish(Task<T> task, T value, Throwable error) {
        if (error != null) {
            task.result().completeExceptionally(error);
        } else {
            task.result().complete(value);
        }
        if (pending.decrementAndGet() > 0) {
            schedule();
        }
    }
}
