package org.tern.components.muc;

import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;
import org.tern.core.xml.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a room says in an occupant's presence beyond its role and affiliation (XEP-0045 §7, §9,
 * §10): the presence payload the client sent, status codes for everyone and for the occupant
 * itself, the actor and reason of a moderation, the new nickname of a 303, the destroy notice.
 */
record Notice(boolean unavailable, List<Node> payload, Set<Integer> codes, Set<Integer> selfCodes, String actorNick,
              String reason, String newNick, Element destroy, String id) {

    static Notice available(Stanza presence, String id) {
        return new Notice(false, payload(presence), Set.of(), Set.of(), null, null, null, null, id);
    }

    static Notice unavailable(Stanza presence, String id) {
        return new Notice(true, payload(presence), Set.of(), Set.of(), null, null, null, null, id);
    }

    Notice codes(Set<Integer> all, Set<Integer> self) {
        return new Notice(unavailable, payload, all, self, actorNick, reason, newNick, destroy, id);
    }

    Notice moderation(String actor, String why) {
        return new Notice(unavailable, payload, codes, selfCodes, actor, why, newNick, destroy, id);
    }

    Notice newNick(String nick) {
        return new Notice(unavailable, payload, codes, selfCodes, actorNick, reason, nick, destroy, id);
    }

    Notice destroy(Element d) {
        return new Notice(unavailable, payload, codes, selfCodes, actorNick, reason, newNick, d, id);
    }

    /**
     * The children of a client's presence that the room passes on: everything but the MUC
     * elements the room writes itself (XEP-0421 §4: occupant ids the client made up are dropped),
     * marked for serialising once however many occupants receive them.
     */
    static List<Node> payload(Stanza presence) {
        if (presence == null) {
            return List.of();
        }
        List<Node> out = new ArrayList<>();
        for (Element e : presence.element().elements()) {
            if (e.is("x", Muc.NS) || e.is("x", Muc.USER) || e.is("occupant-id", Muc.OCCUPANT_ID)) {
                continue;
            }
            out.add(e.shared());
        }
        return List.copyOf(out);
    }
}
