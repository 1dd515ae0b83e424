package org.tern.core.event;

import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;

/**
 * A bound client sent a stanza addressed to someone ('from' stamped, broadcast presence and iqs to
 * the server excluded). A handler that returns HANDLED takes over its routing; otherwise the kernel
 * routes it.
 */
public record StanzaFromClient(ClientSession session, Stanza stanza) {
}
