package org.tern.core.module;

import org.tern.core.stanza.Stanza;

import java.util.concurrent.CompletionStage;

/**
 * An entity owning a subdomain of the server (conference.example.org, push.example.org): it
 * receives every stanza addressed to that domain or any JID under it, and sends with
 * {@link org.tern.core.routing.Router#route}, with 'from' under its own domain.
 */
public interface Component {
    /** Completes when the stanza has been taken (stored, fanned out, or answered). */
    CompletionStage<Void> receive(Stanza stanza);

    /** Disco identity category/type/name of the component's domain, for the server's disco#items. */
    default String discoName() {
        return null;
    }
}
