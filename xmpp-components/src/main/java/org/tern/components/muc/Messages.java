package org.tern.components.muc;

import org.tern.components.DataForm;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;
import org.tern.core.xml.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Messages to a room (XEP-0045 §7.4, §7.5, §8.1): groupchat broadcast with XEP-0359 stanza ids and
 * XEP-0421 occupant ids, history, subject changes, private messages between occupants; invitations
 * and voice requests are handed to their classes.
 */
final class Messages {
    /** Errors from an occupant's address that mean its session is gone (the room then removes it). */
    private static final Set<StanzaErrorCondition> GONE = Set.of(StanzaErrorCondition.SERVICE_UNAVAILABLE,
            StanzaErrorCondition.RECIPIENT_UNAVAILABLE, StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND,
            StanzaErrorCondition.REMOTE_SERVER_TIMEOUT, StanzaErrorCondition.GONE, StanzaErrorCondition.ITEM_NOT_FOUND);

    private final Room room;
    private final Invitations invitations;
    private final VoiceRequests voice;

    Messages(Room room) {
        this.room = room;
        this.invitations = new Invitations(room);
        this.voice = new VoiceRequests(room);
    }

    CompletionStage<Void> handle(Stanza m) throws StanzaException {
        Jid from = m.from();
        Occupant sender = room.occupants.bySession(from);
        Stanza.MessageType type = m.messageType();
        if (type == Stanza.MessageType.ERROR) {
            // A copy the room sent bounced: an occupant whose session is gone is a ghost (§18.1).
            StanzaError e = StanzaError.parse(m.element());
            if (sender != null && e != null && GONE.contains(e.condition())) {
                room.presences.leave(sender, from, null, Set.of(Presences.REMOVED_ON_ERROR));
            }
            return Room.DONE;
        }
        if (!room.exists(from)) {
            throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND, "no such room");
        }
        if (m.to().isFull()) {
            return privateMessage(m, sender);
        }
        if (type == Stanza.MessageType.GROUPCHAT) {
            return groupchat(m, sender);
        }
        Element userX = m.element().child("x", Muc.USER);
        if (userX != null && (userX.child("invite", Muc.USER) != null || userX.child("decline", Muc.USER) != null)) {
            return invitations.handle(m, sender, userX);
        }
        DataForm form = DataForm.find(m.element());
        if (form != null && Muc.REQUEST.equals(form.formType())) {
            return voice.handle(m, sender, form);
        }
        throw new StanzaException(StanzaErrorCondition.BAD_REQUEST,
                "messages to the room are groupchat; private messages go to an occupant");
    }

    /** §7.4: to every occupant from the sender's occupant JID, its id kept, the room's stanza-id added. */
    private CompletionStage<Void> groupchat(Stanza m, Occupant sender) throws StanzaException {
        if (sender == null) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "you are not in this room");
        }
        Element subject = m.element().child("subject", Namespaces.CLIENT);
        if (subject != null && !m.hasBody()) {
            return changeSubject(m, sender, subject.text());
        }
        if (!sender.role().atLeast(Role.PARTICIPANT)) {
            throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "you have no voice in this moderated room");
        }
        String stanzaId = java.util.UUID.randomUUID().toString();
        List<Node> children = new ArrayList<>();
        for (Node n : m.element().children()) {
            if (n instanceof Element e) {
                if (isOurs(e)) {
                    continue;
                }
                children.add(e.shared());
            }
        }
        children.add(Element.builder("stanza-id", Muc.SID).attr("id", stanzaId).attr("by", room.jid.toString())
                .build().shared());
        children.add(Broadcaster.occupantId(sender).shared());
        Element message = Element.builder("message", Namespaces.CLIENT)
                .attr("from", room.occupantJid(sender.nick()).toString())
                .attr("type", "groupchat")
                .attr("id", m.id())
                .attr("xml:lang", m.element().attr("xml:lang"))
                .children(children)
                .build();
        Stanza base = Stanza.trusted(message);
        if (isHistoric(m)) {
            History.Entry e = room.history.append(message, room.now());
            if (room.stored && room.ctx.settings().historySize() > 0) {
                room.ctx.history().append(new MucStore.HistoryRow(room.name, e.seq(), e.stamp(), sender.bareJid(),
                        org.tern.core.xml.XmlWriter.toString(message, null), room.ctx.settings().historySize()));
            }
        }
        room.out.toAll(base);
        return Room.DONE;
    }

    /** §8.1: moderators, and participants when the room lets them; persisted before it is shown. */
    private CompletionStage<Void> changeSubject(Stanza m, Occupant sender, String text) throws StanzaException {
        boolean may = sender.role() == Role.MODERATOR
                || (room.config.changeSubject() && sender.role().atLeast(Role.PARTICIPANT));
        if (!may) {
            throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "you may not change the subject");
        }
        Subject s = new Subject(text, sender.nick(), room.now());
        CompletionStage<Void> saved = room.stored ? room.ctx.store().saveSubject(room.name, s) : Room.DONE;
        return saved.thenRun(() -> {
            room.subject = s;
            Element message = Element.builder("message", Namespaces.CLIENT)
                    .attr("from", room.occupantJid(sender.nick()).toString())
                    .attr("type", "groupchat")
                    .attr("id", m.id())
                    .child(Element.builder("subject", Namespaces.CLIENT).text(text).build())
                    .child(Broadcaster.occupantId(sender))
                    .build();
            room.out.toAll(Stanza.trusted(message));
        });
    }

    /** §7.5: between occupants, through the room, which adds its muc#user marker. */
    private CompletionStage<Void> privateMessage(Stanza m, Occupant sender) throws StanzaException {
        if (sender == null) {
            throw new StanzaException(StanzaErrorCondition.NOT_ACCEPTABLE, "you are not in this room");
        }
        if (m.messageType() == Stanza.MessageType.GROUPCHAT) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "groupchat messages go to the room");
        }
        Occupant target = room.occupants.byNick(m.to().resource());
        if (target == null) {
            throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND, "no such occupant");
        }
        if (!room.config.allowPm().allows(sender.role())) {
            throw new StanzaException(StanzaErrorCondition.NOT_ALLOWED, "private messages are not allowed here");
        }
        Element.Builder b = Element.builder("message", Namespaces.CLIENT)
                .attr("from", room.occupantJid(sender.nick()).toString())
                .attr("type", m.typeAttribute())
                .attr("id", m.id())
                .attr("xml:lang", m.element().attr("xml:lang"));
        boolean marked = false;
        for (Node n : m.element().children()) {
            if (n instanceof Element e && !isOurs(e)) {
                marked |= e.is("x", Muc.USER);
                b.child(e);
            }
        }
        if (!marked) {
            b.child(Element.of("x", Muc.USER));
        }
        b.child(Broadcaster.occupantId(sender));
        room.out.toSessions(target, Stanza.trusted(b.build()));
        return Room.DONE;
    }

    /** Elements only the room may write: its stanza-id (XEP-0359 §4) and occupant ids (XEP-0421 §4). */
    private boolean isOurs(Element e) {
        return (e.is("stanza-id", Muc.SID) && room.jid.toString().equals(e.attr("by")))
                || e.is("occupant-id", Muc.OCCUPANT_ID);
    }

    /** What new occupants get as history: messages with a body, unless the sender asked not to store. */
    private static boolean isHistoric(Stanza m) {
        Element e = m.element();
        if (e.child("no-store", Namespaces.HINTS) != null || e.child("no-permanent-store", Namespaces.HINTS) != null) {
            return false;
        }
        return m.hasBody() || e.child("store", Namespaces.HINTS) != null;
    }
}
