package org.tern.offline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.Storage;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Commits one message to an account's offline store, within its quota. */
final class Saver {
    private static final Logger log = LoggerFactory.getLogger(Saver.class);
    /** The stanza column's size (characters); larger messages are refused as over quota. */
    static final int MAX_TEXT = 1_048_576;

    /** The outcome: stored (with the stored form and the account's count), or refused for the quota. */
    record Saved(Stanza stored, long count) {
    }

    private final Storage storage;
    private final Jid domain;
    private final Clock clock;
    private final Limits limits;

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
            return insert(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // callers count on a stage, never a throw
        }
    }

    private CompletableFuture<Saved> insert(Stanza message) {
        Instant instant = clock.instant(); // one reading: the delay stamp and stored_at agree (export, XEP-0013)
        long now = instant.toEpochMilli();
        Stanza stored = StoreRules.prepare(message, domain, instant);
        String text = StanzaCodec.toText(stored);
        int bytes = StanzaCodec.size(text);
        if (text.length() > MAX_TEXT || bytes > limits.maxBytes()) {
            log.debug("message for {} too large for offline storage ({} bytes)", message.to(), bytes);
            return CompletableFuture.completedFuture(null);
        }
        String sender = message.from() == null ? "" : message.from().toString();
        return storage.transaction(OfflineStore.insert(message.to().local(), sender, now, text, bytes,
                limits.maxMessages(), limits.maxBytes())).thenApply(r -> r.stored() ? new Saved(stored, r.count()) : null);
    }
}
