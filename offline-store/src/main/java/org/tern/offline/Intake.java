package org.tern.offline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.event.MessageUndeliverable;
import org.tern.core.event.OfflineMessageStored;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.storage.StorageBusyException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Takes messages the kernel could not deliver (XEP-0160 §2): stores those worth storing and
 * answers HANDLED once committed, so the sender's next stanza is read only after the commit.
 * What it does not store is left to the kernel, which bounces service-unavailable.
 */
final class Intake {
    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    static final String FULL_TEXT = "The recipient's offline message storage is full";

    private final ModuleContext ctx;
    private final Flusher flusher;

    Intake(ModuleContext ctx, Flusher flusher) {
        this.ctx = ctx;
        this.flusher = flusher;
    }

    CompletionStage<Outcome> onUndeliverable(MessageUndeliverable event) {
        Stanza m = event.message();
        StoreRules.Verdict verdict = StoreRules.judge(m);
        if (verdict != StoreRules.Verdict.STORE) {
            log.debug("not storing a message for {}: {}", m.to(), verdict);
            return Outcome.CONTINUE.stage();
        }
        return flusher.store(m).handle((saved, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof StorageBusyException) {
                    // RFC 6120 §8.3.3.18: try again later; the message was not taken.
                    return reply(m, StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT,
                            "Offline storage is busy, try again later"));
                }
                log.error("storing an offline message for {} failed", m.to().bare(), cause);
                return Outcome.CONTINUE.stage();
            }
            if (saved == null) {
                // XEP-0160 §2 step 3: the queue is full; what is stored stays.
                return reply(m, StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE, FULL_TEXT));
            }
            // After the commit; push handlers run on their own, the sender does not wait for them.
            ctx.fire(new OfflineMessageStored(m.to().bare(), saved.stored(), saved.count(), m.hasBody()));
            return Outcome.HANDLED.stage();
        }).thenCompose(stage -> stage);
    }

    private CompletionStage<Outcome> reply(Stanza m, StanzaError error) {
        return ctx.router().route(m.errorReply(error)).thenApply(v -> Outcome.HANDLED);
    }
}
