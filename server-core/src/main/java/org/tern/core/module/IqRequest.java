package org.tern.core.module;

import org.tern.core.jid.Jid;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.List;

/**
 * An iq get or set for a handler.
 *
 * @param iq        the request, 'from' already stamped by the server
 * @param session   the local session that sent it, or null when it came from a component or the server
 * @param target    the addressed entity: the domain for SERVER scope, the account's bare JID for ACCOUNT scope
 * @param followUps what {@link #afterReply} registered
 */
public record IqRequest(Stanza iq, ClientSession session, Jid target, List<Runnable> followUps) {
    public IqRequest(Stanza iq, ClientSession session, Jid target) {
        this(iq, session, target, new ArrayList<>(0));
    }

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

    /**
     * Runs {@code action} once the reply (result or error) has been handed to routing, and before
     * the requester's next stanza is processed: for stanzas that must follow the reply on the
     * wire, such as the roster pushes after an empty versioned result (RFC 6121 §2.6.3). Call it
     * before the handler's stage completes: the dispatcher reads the list once that stage has
     * completed, which orders the two without a lock.
     */
    public void afterReply(Runnable action) {
        followUps.add(action);
    }
}
