package org.tern.core.module;

import org.tern.core.xml.Element;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Answers XEP-0030 queries that name one node of an entity the kernel serves (the server, or a
 * local account's bare JID), e.g. XEP-0013's 'http://jabber.org/protocol/offline'. The handler
 * returns the children of the answer; the kernel wraps them in the query element carrying the
 * node. Fail with {@link org.tern.core.stanza.StanzaException} for an error (forbidden,
 * item-not-found); any other failure becomes internal-server-error.
 */
public interface DiscoNode {
    /** The identities, features and forms (XEP-0128) of the node. */
    CompletionStage<List<Element>> info(IqRequest request) throws Exception;

    /** The items of the node. */
    CompletionStage<List<Element>> items(IqRequest request) throws Exception;
}
