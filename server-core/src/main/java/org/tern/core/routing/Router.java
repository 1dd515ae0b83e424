package org.tern.core.routing;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Routes stanzas between local sessions, the server, components and (later) remote domains. */
public interface Router {
    /**
     * Routes a stanza whose 'from' the caller vouches for: the server, a module, a component, or a
     * client's stanza after the kernel stamped it. Completes when the stanza was delivered to
     * sessions, stored, or bounced: a caller that waits for it knows the stanza is not lost.
     */
    CompletionStage<Void> route(Stanza stanza);

    /** Sends an iq request from the server or a component and completes with the response (result or error). */
    CompletableFuture<Stanza> request(Stanza iq, Duration timeout);

    /** True for the server's domain. */
    boolean isLocalDomain(Jid jid);
}
