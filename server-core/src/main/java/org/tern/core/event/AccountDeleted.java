package org.tern.core.event;

import org.tern.core.jid.Jid;

/** An account was deleted; modules delete its data. Fired before the account row goes. */
public record AccountDeleted(Jid account) {
}
