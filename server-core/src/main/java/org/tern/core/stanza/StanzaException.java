package org.tern.core.stanza;

/** Thrown by stanza handlers to answer with a stanza error. */
public class StanzaException extends Exception {
    private final StanzaError error;

    public StanzaException(StanzaError error) {
        super(error.condition().elementName() + (error.text() == null ? "" : ": " + error.text()), null, false, false);
        this.error = error;
    }

    public StanzaException(StanzaErrorCondition condition) {
        this(StanzaError.of(condition));
    }

    public StanzaException(StanzaErrorCondition condition, String text) {
        this(StanzaError.of(condition, text));
    }

    public StanzaError error() {
        return error;
    }
}
