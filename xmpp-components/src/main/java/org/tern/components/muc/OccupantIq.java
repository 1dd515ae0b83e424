package org.tern.components.muc;

import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Iqs to an occupant JID: the XEP-0410 self-ping, answered by the room itself (result when the
 * sender is that occupant, not-acceptable when it is not in the room), and any other request
 * between occupants, passed through with the sender masked (the room rewrites ids and addresses; vCard
 * requests go to the occupant's bare JID, whose server answers them).
 */
final class OccupantIq {
    /** Requests still waiting for an answer; the oldest are forgotten first. */
    private static final int MAX_PENDING = 1024;

    private record Pending(Jid requester, String id, Jid answeredFrom, Jid target) {
    }

    private final Room room;
    private final Map<String, Pending> pending = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > MAX_PENDING;
        }
    };

    OccupantIq(Room room) {
        this.room = room;
    }

    CompletionStage<Void> handle(Stanza iq) throws StanzaException {
        Stanza.IqType type = iq.iqType();
        if (type == null || iq.id() == null) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST);
        }
        if (!type.isRequest()) {
            answer(iq);
            return Room.DONE;
        }
        Occupant sender = room.occupants.bySession(iq.from());
        if (sender == null) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "you are not in this room");
        }
        Occupant target = room.occupants.byNick(iq.to().resource());
        Element payload = iq.payload();
        if (target == sender && payload != null && payload.is("ping", Namespaces.PING)) {
            room.send(iq.resultReply(null)); // XEP-0410 §3.3
            return Room.DONE;
        }
        if (target == null) {
            throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND, "no such occupant");
        }
        Jid to = payload != null && payload.namespace().equals("vcard-temp") ? target.bareJid() : target.shownJid();
        String id = Stanza.newId();
        pending.put(id, new Pending(iq.from(), iq.id(), room.occupantJid(target.nick()), to));
        room.send(Stanza.trusted(iq.element().withAttr("id", id)
                .withAttr("from", room.occupantJid(sender.nick()).toString())
                .withAttr("to", to.toString())));
        return Room.DONE;
    }

    /** A response to a request the room passed on goes back to the requester under the original id. */
    private void answer(Stanza response) {
        Pending p = pending.get(response.id());
        if (p == null || !p.target().equals(response.from())) {
            return;
        }
        pending.remove(response.id());
        room.send(Stanza.trusted(response.element().withAttr("id", p.id())
                .withAttr("from", p.answeredFrom().toString())
                .withAttr("to", p.requester().toString())));
    }
}
