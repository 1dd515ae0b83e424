package org.tern.core.sasl;

import java.util.concurrent.CompletionStage;

/**
 * One authentication exchange. Not thread-safe: the caller serialises steps, calling
 * {@link #evaluate} again only after the previous stage completed. The returned stages never
 * complete exceptionally: every problem is a {@link SaslStep.Failure}. After a Success or a
 * Failure, further calls yield MALFORMED_REQUEST.
 */
public interface SaslServerMechanism {

    /** The mechanism name as offered, e.g. {@code SCRAM-SHA-256-PLUS}. */
    String name();

    /**
     * @param response the client's data (initial response, or a response to a challenge); null
     *     when the client sent no initial response (an empty challenge is answered then)
     */
    CompletionStage<SaslStep> evaluate(byte[] response);
}
