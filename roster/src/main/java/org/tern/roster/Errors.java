package org.tern.roster;

import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.storage.StorageBusyException;

import java.util.concurrent.CompletionException;

/** Stanza errors raised inside stages, and the error a failure becomes. */
final class Errors {
    private Errors() {
    }

    /** For throwing a stanza error from a lambda of a stage. */
    static CompletionException fail(StanzaErrorCondition condition, String text) {
        return new CompletionException(new StanzaException(condition, text));
    }

    /** The stanza error to answer with for a failure; null when it was not a protocol error (log it). */
    static StanzaError of(Throwable failure) {
        Throwable t = RosterRegistry.unwrap(failure);
        if (t instanceof StanzaException se) {
            return se.error();
        }
        if (t instanceof StorageBusyException) {
            return StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT);
        }
        return null;
    }

    static StanzaError orInternal(StanzaError e) {
        return e != null ? e : StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR);
    }
}
