package org.tern.core.event;

import org.tern.core.session.ClientSession;

/**
 * A bound session ended and left the session manager. If it was available, a
 * {@link PresenceBroadcast} with unavailable presence was fired before this.
 *
 * @param graceful true when the client closed the stream itself
 */
public record SessionClosed(ClientSession session, boolean graceful) {
}
