package org.tern.core.module;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dispatches events to handlers by exact event type, phase by phase, until one returns HANDLED.
 * Handlers that finish at once cost no allocation beyond the loop; an asynchronous one suspends
 * the chain until its stage completes. A handler that throws is logged and skipped, so a broken
 * module cannot stop the fallback (bounce or store) from running.
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private record Registration(Phase phase, long seq, EventHandler<Object> handler, String owner) {
    }

    private final Map<Class<?>, List<Registration>> handlers = new ConcurrentHashMap<>();
    private long seq;

    @SuppressWarnings("unchecked")
    public synchronized <E> void on(Class<E> type, Phase phase, EventHandler<? super E> handler, String owner) {
        List<Registration> next = new ArrayList<>(handlers.getOrDefault(type, List.of()));
        next.add(new Registration(phase, seq++, (EventHandler<Object>) handler, owner));
        next.sort(Comparator.comparing(Registration::phase).thenComparingLong(Registration::seq));
        handlers.put(type, List.copyOf(next));
    }

    /** Drops every handler an owner (module) registered. */
    public synchronized void removeOwner(String owner) {
        handlers.replaceAll((k, v) -> v.stream().filter(r -> !r.owner.equals(owner)).toList());
    }

    public boolean hasHandlers(Class<?> type) {
        return !handlers.getOrDefault(type, List.of()).isEmpty();
    }

    public <E> CompletionStage<Outcome> fire(E event) {
        List<Registration> list = handlers.get(event.getClass());
        if (list == null || list.isEmpty()) {
            return Outcome.CONTINUE.stage();
        }
        return run(list, 0, event);
    }

    private CompletionStage<Outcome> run(List<Registration> list, int from, Object event) {
        for (int i = from; i < list.size(); i++) {
            Registration r = list.get(i);
            CompletionStage<Outcome> stage;
            try {
                stage = r.handler.handle(event);
            } catch (Exception e) {
                log.error("{} failed handling {}", r.owner, event.getClass().getSimpleName(), e);
                continue;
            }
            if (stage == null) {
                continue;
            }
            CompletableFuture<Outcome> f = stage.toCompletableFuture();
            if (f.isDone() && !f.isCompletedExceptionally()) {
                if (f.join() == Outcome.HANDLED) {
                    return Outcome.HANDLED.stage();
                }
                continue;
            }
            int next = i + 1;
            return f.handle((outcome, error) -> {
                if (error != null) {
                    log.error("{} failed handling {}", r.owner, event.getClass().getSimpleName(), error);
                    return null;
                }
                return outcome;
            }).thenCompose(outcome -> outcome == Outcome.HANDLED ? Outcome.HANDLED.stage() : run(list, next, event));
        }
        return Outcome.CONTINUE.stage();
    }
}
