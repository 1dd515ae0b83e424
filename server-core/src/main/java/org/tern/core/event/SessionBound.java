package org.tern.core.event;

import org.tern.core.session.ClientSession;

/** A client bound a resource; its session is in the session manager. */
public record SessionBound(ClientSession session) {
}
