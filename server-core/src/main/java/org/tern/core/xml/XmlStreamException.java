package org.tern.core.xml;

import java.util.Objects;
import org.tern.core.stanza.StreamErrorCondition;

/**
 * The peer sent XML that ends the stream: the condition names the stream error to send
 * (RFC 6120 §4.9.3), the message is a short human-readable text for its {@code <text/>}.
 */
public final class XmlStreamException extends Exception {
    private final StreamErrorCondition condition;

    public XmlStreamException(StreamErrorCondition condition, String text) {
        super(text);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    XmlStreamException(StreamErrorCondition condition, String text, Throwable cause) {
        super(text, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public StreamErrorCondition condition() {
        return condition;
    }
}
