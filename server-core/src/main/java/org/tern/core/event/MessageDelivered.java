package org.tern.core.event;

import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;

import java.util.List;

/**
 * A chat or normal message was handed to sessions of a local account by the RFC 6121 rules
 * (fired after delivery, for message carbons and the like).
 */
public record MessageDelivered(Stanza message, List<ClientSession> recipients) {
}
