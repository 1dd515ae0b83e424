package org.tern.core.session;

import org.tern.core.jid.Jid;

import java.util.List;

/** Read access to the bound sessions, for modules. */
public interface Sessions {
    /** Every bound session of an account, in binding order. */
    List<ClientSession> of(Jid bareJid);

    /** The available sessions of an account. */
    List<ClientSession> available(Jid bareJid);

    /** The session of a full JID, or null. */
    ClientSession get(Jid fullJid);

    /** Number of bound sessions on the server. */
    int count();
}
