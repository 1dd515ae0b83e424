package org.tern.core.event;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;

/**
 * A message for an account without an available resource was committed to offline storage
 * (XEP-0160), fired after the commit. Push notifications (XEP-0357) hang off it without
 * depending on the storage module. Handlers run after the sender's message was accepted, so
 * they must not be slow to complete; nobody waits for their outcome.
 *
 * @param account     the recipient's bare JID
 * @param message     the message as stored, with its XEP-0203 delay
 * @param storedCount the account's stored messages, this one included
 * @param hasBody     whether the message has a body (content a person reads)
 */
public record OfflineMessageStored(Jid account, Stanza message, long storedCount, boolean hasBody) {
}
