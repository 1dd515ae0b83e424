package org.tern.components.muc;

import org.tern.components.DataForm;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Voice in moderated rooms (XEP-0045 §7.13, §8.6): a visitor's request goes to every moderator as
 * a muc#request form; a moderator who submits it with muc#request_allow grants voice.
 */
final class VoiceRequests {
    private final Room room;

    VoiceRequests(Room room) {
        this.room = room;
    }

    CompletionStage<Void> handle(Stanza m, Occupant sender, DataForm form) throws StanzaException {
        if (sender == null) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "you are not in this room");
        }
        if (form.has("muc#request_allow")) {
            return decide(sender, form);
        }
        if (!"participant".equals(form.first("muc#role"))) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "only voice (participant) can be requested");
        }
        if (sender.role() != Role.VISITOR) {
            return Room.DONE; // has voice already
        }
        boolean showJid = room.config.showsJidsTo(Role.MODERATOR);
        Element request = DataForm.builder("form")
                .title("Voice request")
                .instructions("To approve this request for voice, select \"Grant voice\" and submit the form.")
                .hidden("FORM_TYPE", Muc.REQUEST)
                .field("muc#role", "list-single", "Requested role", List.of("participant"), null)
                .field("muc#jid", "jid-single", "User ID", showJid ? sender.shownJid().toString() : null)
                .field("muc#roomnick", "text-single", "Room nickname", sender.nick())
                .bool("muc#request_allow", "Grant voice", false)
                .build();
        Stanza message = Stanza.trusted(Element.builder("message", Namespaces.CLIENT)
                .attr("from", room.jid.toString())
                .attr("id", Stanza.newId())
                .child(request)
                .build());
        for (Occupant o : room.occupants.all()) {
            if (o.role() == Role.MODERATOR) {
                room.out.toSessions(o, message);
            }
        }
        return Room.DONE;
    }

    private CompletionStage<Void> decide(Occupant moderator, DataForm form) throws StanzaException {
        if (moderator.role() != Role.MODERATOR) {
            throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "only moderators grant voice");
        }
        boolean allow;
        try {
            allow = form.bool("muc#request_allow", false);
        } catch (IllegalArgumentException e) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, e.getMessage());
        }
        String nick = form.first("muc#roomnick");
        Occupant target = nick == null ? null : room.occupants.byNick(nick);
        Jid jid = Jid.parseOrNull(form.first("muc#jid"));
        if (target == null && jid != null) {
            target = room.occupants.bySession(jid);
        }
        if (allow && target != null && target.role() == Role.VISITOR) {
            room.moderation.setRole(target, Role.PARTICIPANT, moderator.nick(), null);
        }
        return Room.DONE;
    }
}
