package org.tern.core.module;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What an event handler did: CONTINUE lets later handlers run, HANDLED stops the chain. */
public enum Outcome {
    CONTINUE, HANDLED;

    private static final CompletionStage<Outcome> CONTINUE_STAGE = CompletableFuture.completedFuture(CONTINUE);
    private static final CompletionStage<Outcome> HANDLED_STAGE = CompletableFuture.completedFuture(HANDLED);

    public CompletionStage<Outcome> stage() {
        return this == CONTINUE ? CONTINUE_STAGE : HANDLED_STAGE;
    }
}
