package org.tern.components.muc;

import org.tern.components.DataForm;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Service discovery on a room (XEP-0045 §6.4, §6.5, §7.12): its identity, the features that
 * describe it, the muc#roominfo form, the reserved-nickname node; no occupant list (kept private).
 */
final class RoomDisco {
    private final Room room;

    RoomDisco(Room room) {
        this.room = room;
    }

    CompletionStage<Void> handle(Stanza iq) throws StanzaException {
        if (iq.iqType() != Stanza.IqType.GET) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST);
        }
        Element query = iq.payload();
        String node = query.attr("node");
        if (query.namespace().equals(Namespaces.DISCO_ITEMS)) {
            if (node != null) {
                throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
            }
            room.send(iq.resultReply(Element.of("query", Namespaces.DISCO_ITEMS)));
            return Room.DONE;
        }
        if (Muc.RESERVED_NICK_NODE.equals(node)) {
            Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO).attr("node", node);
            String nick = room.affiliations.reservedNick(iq.from());
            if (nick != null) {
                q.child(Element.builder("identity", Namespaces.DISCO_INFO).attr("category", "conference")
                        .attr("type", "text").attr("name", nick).build());
            }
            room.send(iq.resultReply(q.build()));
            return Room.DONE;
        }
        if (node != null) {
            throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
        }
        room.send(iq.resultReply(info()));
        return Room.DONE;
    }

    private Element info() {
        RoomConfig c = room.config;
        String name = c.title().isEmpty() ? room.name : c.title();
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO)
                .child(Element.builder("identity", Namespaces.DISCO_INFO).attr("category", "conference")
                        .attr("type", "text").attr("name", name).build());
        List<String> features = new ArrayList<>(List.of(Muc.NS, Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS,
                Muc.STABLE_ID, Muc.SID, Muc.OCCUPANT_ID, Muc.SELF_PING, Namespaces.PING,
                c.publicRoom() ? "muc_public" : "muc_hidden",
                c.persistent() ? "muc_persistent" : "muc_temporary",
                c.membersOnly() ? "muc_membersonly" : "muc_open",
                c.requiresPassword() ? "muc_passwordprotected" : "muc_unsecured",
                c.moderated() ? "muc_moderated" : "muc_unmoderated",
                switch (c.whois()) {
                    case ANYONE -> "muc_nonanonymous";
                    case MODERATORS -> "muc_semianonymous";
                    case NOBODY -> "muc_fullyanonymous";
                }));
        if (c.moderated()) {
            features.add(Muc.REQUEST);
        }
        for (String f : features) {
            q.child(Element.builder("feature", Namespaces.DISCO_INFO).attr("var", f).build());
        }
        Subject s = room.subject;
        q.child(DataForm.builder("result")
                .hidden("FORM_TYPE", Muc.ROOMINFO)
                .field("muc#roominfo_description", "text-single", "Description", c.description())
                .field("muc#roominfo_subject", "text-single", "Subject", s == null ? "" : s.text())
                .field("muc#roominfo_occupants", "text-single", "Number of occupants",
                        Integer.toString(room.occupants.size()))
                .field("muc#roominfo_lang", "text-single", "Language of discussion", c.language())
                .bool("muc#roominfo_subjectmod", "Occupants may change the subject", c.changeSubject())
                .field("muc#maxhistoryfetch", "text-single", "Maximum number of history messages returned",
                        Integer.toString(c.historyFetch()))
                .field("muc#roomconfig_allowinvites", "boolean", "Occupants may invite others",
                        c.allowInvites() ? "1" : "0")
                .build());
        return q.build();
    }
}
