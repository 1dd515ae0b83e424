package org.tern.core.session;

import org.tern.core.stanza.Stanza;

/** The kernel's side of a session: state only the kernel changes. */
public interface BoundSession extends ClientSession {
    /** Records the broadcast presence: an available presence, or null for unavailable. */
    void updatePresence(Stanza availablePresenceOrNull);
}
