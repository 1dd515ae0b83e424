package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.routing.Router;
import org.tern.core.session.Sessions;

import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** What every room of the service shares: settings, the kernel's services, storage, and its host. */
record MucContext(Jid service, MucSettings settings, Router router, Sessions sessions, MucStore store,
                  HistoryWriter history, OccupantIds occupantIds, Clock clock, Executor executor, Host host) {

    /** The service, as its rooms see it. */
    interface Host {
        /** A session became an occupant of the room (for removal when the session ends). */
        void entered(Room room, Jid fullJid);

        /** A session is no longer an occupant of the room. */
        void left(Room room, Jid fullJid);

        /** The room is destroyed or unloaded; later stanzas go to a fresh instance. */
        void released(Room room);

        /** Hands a stanza that reached a released room back to the service. */
        CompletionStage<Void> redeliver(org.tern.core.stanza.Stanza stanza);
    }
}
