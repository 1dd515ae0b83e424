package org.tern.core.event;

import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;

/**
 * A session's broadcast presence changed (presence without 'to', RFC 6121 §4.2-4.5): its initial
 * presence, an update, or unavailable (sent by the client or generated when the session ended).
 * The kernel has already updated the session's availability and sent the presence to the
 * account's other available resources; the roster module sends it to subscribers.
 */
public record PresenceBroadcast(ClientSession session, Stanza presence, boolean initial) {
    public boolean unavailable() {
        return presence.presenceType() == Stanza.PresenceType.UNAVAILABLE;
    }
}
