package org.tern.core.event;

import org.tern.core.stanza.Stanza;

/**
 * A message of type normal or chat reached an existing account with no available resource of
 * non-negative priority (RFC 6121 §8.5.2). A handler that stores it durably returns HANDLED when
 * it is committed; if none does, the sender gets service-unavailable.
 */
public record MessageUndeliverable(Stanza message) {
}
