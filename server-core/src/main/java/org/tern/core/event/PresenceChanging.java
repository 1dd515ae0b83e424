package org.tern.core.event;

import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;

/**
 * A session is about to record a new available presence: fired synchronously just before routing
 * starts to see it (so the session still shows its previous presence). For preparations that must
 * be in place before messages can reach the session directly, e.g. offline storage making live
 * messages queue behind the stored ones. Handlers must finish at once; the kernel does not wait.
 */
public record PresenceChanging(ClientSession session, Stanza presence, boolean initial) {
}
