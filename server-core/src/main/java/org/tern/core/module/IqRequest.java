package org.tern.core.module;

import org.tern.core.jid.Jid;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;

/**
 * An iq get or set for a handler.
 *
 * @param iq      the request, 'from' already stamped by the server
 * @param session the local session that sent it, or null when it came from a component or the server
 * @param target  the addressed entity: the domain for SERVER scope, the account's bare JID for ACCOUNT scope
 */
public record IqRequest(Stanza iq, ClientSession session, Jid target) {
    public Element payload() {
        return iq.payload();
    }

    public Jid from() {
        return iq.from();
    }

    /** True when an account's own resource asks about its own account. */
    public boolean fromOwnAccount() {
        return iq.from() != null && iq.from().sameBare(target);
    }
}
