package org.tern.core.module;

import java.util.concurrent.CompletionStage;

/**
 * Handles one event type. Return {@link Outcome#stage()} when done at once, or a stage that
 * completes when asynchronous work (storage) is done: the kernel waits for it before the next
 * handler runs and before the session that caused the event processes its next stanza.
 */
@FunctionalInterface
public interface EventHandler<E> {
    CompletionStage<Outcome> handle(E event) throws Exception;
}
