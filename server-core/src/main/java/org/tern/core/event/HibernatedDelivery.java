package org.tern.core.event;

import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;

/**
 * A stanza was queued for a hibernated session: the device is asleep or out of reach, so this is
 * the moment for a push notification (XEP-0357).
 */
public record HibernatedDelivery(ClientSession session, Stanza stanza) {
}
