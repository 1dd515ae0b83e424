package org.tern.core.event;

import org.tern.core.session.ClientSession;

/** A hibernated session was resumed by a new connection (XEP-0198 §5). */
public record SessionResumed(ClientSession session) {
}
