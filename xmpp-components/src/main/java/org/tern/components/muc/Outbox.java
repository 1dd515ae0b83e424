package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.routing.Router;
import org.tern.core.stanza.Stanza;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A room's way out: routes stanzas without waiting for them, yet keeps them in order per
 * recipient. Routing usually completes at once; when a recipient's delivery is still in progress
 * (an asynchronous filter), the next stanza to that recipient waits for it. Room-confined.
 */
final class Outbox {
    private final Router router;
    private final Map<Jid, CompletionStage<Void>> inFlight = new HashMap<>();

    Outbox(Router router) {
        this.router = router;
    }

    void send(Stanza stanza) {
        Jid to = stanza.to();
        CompletionStage<Void> before = inFlight.remove(to);
        CompletionStage<Void> routed = before == null || before.toCompletableFuture().isDone()
                ? router.route(stanza)
                : before.handle((v, e) -> null).thenCompose(v -> router.route(stanza));
        if (!routed.toCompletableFuture().isDone()) {
            inFlight.put(to, routed);
        }
    }

    /** Forgets deliveries that finished; called between tasks so the map stays small. */
    void prune() {
        if (!inFlight.isEmpty()) {
            inFlight.values().removeIf(s -> s.toCompletableFuture().isDone());
        }
    }
}
