package org.tern.core.event;

import org.tern.core.stanza.Stanza;

/**
 * A stanza is about to be delivered to an existing local account ('to' is its bare or full JID),
 * from anywhere. Handlers may filter it (blocking) or take it over (presence subscriptions);
 * otherwise the kernel delivers it by RFC 6121 §8.5.
 */
public record StanzaToUser(Stanza stanza) {
}
