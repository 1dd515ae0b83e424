package org.tern.core.module;

import org.tern.core.xml.Element;

import java.util.concurrent.CompletionStage;

/**
 * Answers iq requests of one payload qualified name. Complete with the result payload (null for
 * an empty result); fail with {@link org.tern.core.stanza.StanzaException} for a stanza error.
 * Any other failure becomes internal-server-error and is logged.
 */
@FunctionalInterface
public interface IqHandler {
    CompletionStage<Element> handle(IqRequest request) throws Exception;
}
