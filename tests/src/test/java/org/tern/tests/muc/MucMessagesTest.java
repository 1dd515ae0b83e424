package org.tern.tests.muc;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.muc.MucSupport.SERVICE;
import static org.tern.tests.muc.MucSupport.createInstant;
import static org.tern.tests.muc.MucSupport.freshRoom;
import static org.tern.tests.muc.MucSupport.muc;
import static org.tern.tests.muc.MucSupport.next;
import static org.tern.tests.muc.MucSupport.nick;
import static org.tern.tests.muc.MucSupport.occupantId;
import static org.tern.tests.muc.MucSupport.sync;

/** XEP-0045 §7.4, §7.5, §7.13, §8.1 with XEP-0359 and XEP-0421: messages in a room, with Smack. */
class MucMessagesTest extends MucTestBase {
    private static StanzaFilter bodiesFrom(String room) {
        return s -> s instanceof Message m && m.getBody() != null && m.getFrom() != null
                && m.getFrom().asBareJid().toString().equals(room + "@" + SERVICE);
    }

    /**
     * §7.4: a groupchat message reaches every occupant, the sender too, from the sender's occupant
     * JID with its id kept, a stanza-id by the room (XEP-0359) and the sender's occupant id (XEP-0421).
     */
    @Test
    void groupchatReachesEveryoneWithRoomStanzaIdAndOccupantId() throws Exception {
        String room = freshRoom("chat");
        MultiUserChat a = createInstant(alice, room, "Alice");
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        try (StanzaCollector toAlice = alice.createStanzaCollector(bodiesFrom(room));
             StanzaCollector toBob = bob.createStanzaCollector(bodiesFrom(room))) {
            Message sent = b.buildMessage().setBody("hello room").build();
            // a client cannot forge the room's stanza-id nor an occupant id
            sent.addExtension(new StanzaIdElement("forged", room + "@" + SERVICE));
            b.sendMessage(sent.asBuilder());
            for (StanzaCollector c : List.of(toAlice, toBob)) {
                Message m = next(c);
                assertEquals("hello room", m.getBody());
                assertEquals(Message.Type.groupchat, m.getType());
                assertEquals(room + "@" + SERVICE + "/Bob", m.getFrom().toString());
                assertEquals(sent.getStanzaId(), m.getStanzaId(), "muc#stable_id: the sender's id is kept");
                List<StanzaIdElement> ids = m.getExtensions(StanzaIdElement.class);
                assertEquals(1, ids.size(), "exactly the room's stanza-id: " + m.toXML());
                assertEquals(room + "@" + SERVICE, ids.get(0).getBy());
                assertNotEquals("forged", ids.get(0).getId());
                assertNotNull(occupantId(m));
            }
        }
    }

    /** XEP-0421 §4: one id per real user per room, across nicknames and visits; another room, another id. */
    @Test
    void occupantIdIsStablePerUserAndRoom() throws Exception {
        String room = freshRoom("oid");
        String other = freshRoom("oid");
        createInstant(alice, room, "Alice");
        createInstant(alice, other, "Alice");
        String first = messageOccupantId(room, "Bob");
        String again = messageOccupantId(room, "Bobby");
        String elsewhere = messageOccupantId(other, "Bob");
        assertEquals(first, again, "same user, same room, other nickname and visit");
        assertNotEquals(first, elsewhere, "same user in another room");
        try (StanzaCollector in = bob.createStanzaCollector(s -> s instanceof Message m
                && "from alice".equals(m.getBody()))) {
            muc(bob, room).join(nick("Bob"));
            muc(alice, room).sendMessage("from alice");
            assertNotEquals(first, occupantId(next(in)), "another user");
        }
    }

    private String messageOccupantId(String room, String nick) throws Exception {
        MultiUserChat b = muc(bob, room);
        try (StanzaCollector in = bob.createStanzaCollector(s -> bodiesFrom(room).accept(s)
                && DelayInformation.from((Message) s) == null)) {
            b.join(nick(nick));
            b.sendMessage("id probe");
            String id = occupantId(next(in));
            MucSupport.leave(bob, b);
            return id;
        }
    }

    /** §7.5: a private message goes to that occupant only, from the sender's occupant JID, marked muc#user. */
    @Test
    void privateMessageReachesOnlyItsOccupant() throws Exception {
        String room = freshRoom("pm");
        createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        muc(carol, room).join(nick("Carol"));
        try (StanzaCollector toBob = bob.createStanzaCollector(s -> s instanceof Message m && m.getBody() != null);
             StanzaCollector toCarol = carol.createStanzaCollector(s -> s instanceof Message m && m.getBody() != null)) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.from(room + "@" + SERVICE + "/Bob")).ofType(Message.Type.chat)
                    .setBody("just for you").build());
            Message m = next(toBob);
            assertEquals("just for you", m.getBody());
            assertEquals(room + "@" + SERVICE + "/Alice", m.getFrom().toString());
            assertEquals(Message.Type.chat, m.getType());
            assertNotNull(MUCUser.from(m), "the room marks private messages with muc#user");
            assertTrue(sync(carol, room, "Carol", toCarol).isEmpty(), "nobody else gets it");
        }
    }

    /** §7.5: a private message to a nickname nobody has is item-not-found. */
    @Test
    void privateMessageToUnknownNicknameIsItemNotFound() throws Exception {
        String room = freshRoom("pm404");
        createInstant(alice, room, "Alice");
        assertEquals(StanzaError.Condition.item_not_found,
                messageError(alice, room + "@" + SERVICE + "/Nobody", Message.Type.chat));
    }

    /** §7.4: only occupants speak in a room: anyone else's groupchat is not-acceptable. */
    @Test
    void groupchatFromNonOccupantIsNotAcceptable() throws Exception {
        String room = freshRoom("outsider");
        createInstant(alice, room, "Alice");
        assertEquals(StanzaError.Condition.not_acceptable, messageError(bob, room + "@" + SERVICE, Message.Type.groupchat));
        assertEquals(StanzaError.Condition.not_acceptable, messageError(bob, room + "@" + SERVICE + "/Alice", Message.Type.chat));
    }

    private static StanzaError.Condition messageError(XMPPTCPConnection c, String to, Message.Type type) throws Exception {
        try (StanzaCollector in = c.createStanzaCollector(s -> s instanceof Message m && m.getType() == Message.Type.error)) {
            Message sent = c.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(type)
                    .setBody("?").build();
            c.sendStanza(sent);
            Message error = next(in);
            assertEquals(sent.getStanzaId(), error.getStanzaId());
            return error.getError().getCondition();
        }
    }

    /** §8.1: a moderator's subject is shown to all; a participant may not change it unless the room allows. */
    @Test
    void subjectChangeByModeratorOnly() throws Exception {
        String room = freshRoom("subject");
        MultiUserChat a = createInstant(alice, room, "Alice");
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        try (StanzaCollector bobSees = bob.createStanzaCollector(m -> m instanceof Message msg
                && "Spells".equals(msg.getSubject()))) {
            a.changeSubject("Spells");
            Message shown = next(bobSees);
            assertEquals("Spells", shown.getSubject());
            assertEquals(room + "@" + SERVICE + "/Alice", shown.getFrom().toString());
        }
        // (Smack's changeSubject() waits for a groupchat reflection only, so the refusal is read here)
        try (StanzaCollector err = bob.createStanzaCollector(m -> m instanceof Message msg
                && msg.getType() == Message.Type.error)) {
            bob.sendStanza(b.buildMessage().setSubject("Mine now").build());
            Message refused = next(err);
            assertEquals(StanzaError.Condition.forbidden, refused.getError().getCondition());
            assertEquals("Mine now", refused.getSubject(), "the error carries the refused subject");
        }
        // §7.2.15: a newcomer gets the subject, from the occupant who set it, after the presence
        try (StanzaCollector in = carol.createStanzaCollector(s -> s instanceof Message m && m.getSubject() != null)) {
            muc(carol, room).join(nick("Carol"));
            Message subject = next(in);
            assertEquals("Spells", subject.getSubject());
            assertEquals(room + "@" + SERVICE + "/Alice", subject.getFrom().toString());
            assertNull(subject.getBody());
        }
    }

    /** §7.2.15: without limits a newcomer gets the room's default amount (muc#maxhistoryfetch, 20), oldest first, delayed. */
    @Test
    void historyDefaultsToTheRoomsLimitWithDelayStamps() throws Exception {
        String room = freshRoom("hist");
        MultiUserChat a = createInstant(alice, room, "Alice");
        for (int i = 1; i <= 25; i++) {
            a.sendMessage("m" + i);
        }
        MucSupport.settle(alice, room, "Alice");
        List<Message> history = historyOnJoin(room, null);
        assertEquals(20, history.size());
        assertEquals("m6", history.get(0).getBody());
        assertEquals("m25", history.get(19).getBody());
        for (Message m : history) {
            DelayInformation d = DelayInformation.from(m);
            assertNotNull(d, "XEP-0203 delay on history");
            assertEquals(room + "@" + SERVICE, d.getFrom(), "the delay is from the room");
            assertNotNull(StanzaIdElement.getStanzaId(m), "history keeps the stanza-id");
            assertEquals(room + "@" + SERVICE + "/Alice", m.getFrom().toString());
        }
    }

    /** §7.2.15: maxstanzas, maxchars (0 means none), seconds and since, each honoured. */
    @Test
    void historyHonoursEveryLimit() throws Exception {
        String room = freshRoom("limits");
        MultiUserChat a = createInstant(alice, room, "Alice");
        String big = "x".repeat(1000);
        for (int i = 1; i <= 4; i++) {
            a.sendMessage(i + big);
        }
        MucSupport.settle(alice, room, "Alice");
        assertEquals(List.of("3", "4"), firstChars(historyOnJoin(room, b -> b.requestMaxStanzasHistory(2))));
        assertEquals(List.of(), firstChars(historyOnJoin(room, b -> b.requestNoHistory())));
        // each message is between 1000 and 1500 characters of XML: 3000 holds the last two
        assertEquals(List.of("3", "4"), firstChars(historyOnJoin(room, b -> b.requestMaxCharsHistory(3000))));
        assertEquals(List.of("1", "2", "3", "4"), firstChars(historyOnJoin(room, b -> b.requestHistorySince(3600))));
        List<Message> all = historyOnJoin(room, null);
        Date firstStamp = DelayInformation.from(all.get(0)).getStamp();
        Date lastStamp = DelayInformation.from(all.get(3)).getStamp();
        assertEquals(4, historyOnJoin(room, b -> b.requestHistorySince(firstStamp)).size());
        assertEquals(List.of(), firstChars(historyOnJoin(room, b -> b.requestHistorySince(new Date(lastStamp.getTime() + 1)))));
        // limits combine: the smallest wins
        assertEquals(List.of("4"), firstChars(historyOnJoin(room, b -> b.requestHistorySince(3600).requestMaxStanzasHistory(1))));
    }

    private static List<String> firstChars(List<Message> ms) {
        List<String> out = new ArrayList<>();
        ms.forEach(m -> out.add(m.getBody().substring(0, 1)));
        return out;
    }

    /** Joins as bob with the given history request and returns the history, then leaves. */
    private List<Message> historyOnJoin(String room, java.util.function.Consumer<MucEnterConfiguration.Builder> history)
            throws Exception {
        MultiUserChat b = muc(bob, room);
        try (StanzaCollector in = bob.createStanzaCollector(bodiesFrom(room))) {
            MucEnterConfiguration.Builder cfg = b.getEnterConfigurationBuilder(nick("Bob"));
            if (history != null) {
                history.accept(cfg);
            }
            b.join(cfg.build());
            List<Message> out = new ArrayList<>();
            for (org.jivesoftware.smack.packet.Stanza s : sync(bob, room, "Bob", in)) {
                out.add((Message) s);
            }
            MucSupport.leave(bob, b);
            return out;
        }
    }

    /** §7.4, §7.13, §8.6: a visitor has no voice; its request reaches the moderators, whose approval grants it. */
    @Test
    void voiceRequestInModeratedRoom() throws Exception {
        String room = freshRoom("voice");
        MultiUserChat a = MucSupport.createConfigured(alice, room, "Alice", java.util.Map.of("muc#roomconfig_moderatedroom", true));
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        try (StanzaCollector err = bob.createStanzaCollector(s -> s instanceof Message m && m.getType() == Message.Type.error)) {
            b.sendMessage("may I?");
            assertEquals(StanzaError.Condition.forbidden, ((Message) next(err)).getError().getCondition());
        }
        Message request;
        try (StanzaCollector toModerator = alice.createStanzaCollector(s -> s instanceof Message m
                && DataForm.from(m) != null)) {
            b.requestVoice();
            request = next(toModerator);
        }
        DataForm f = DataForm.from(request);
        assertEquals("http://jabber.org/protocol/muc#request", f.getFormType());
        assertEquals("Bob", f.getField("muc#roomnick").getFirstValue());
        assertEquals("bob@localhost/res", f.getField("muc#jid").getFirstValue());
        // the moderator approves by submitting the form back
        FillableForm approval = new FillableForm(f);
        approval.setAnswer("muc#roomnick", "Bob");
        approval.setAnswer("muc#request_allow", true);
        try (StanzaCollector bobSees = bob.createStanzaCollector(MucSupport.presenceFrom(room))) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(MucSupport.roomJid(room))
                    .addExtension(approval.getDataFormToSubmit()).build());
            assertEquals(org.jivesoftware.smackx.muc.MUCRole.participant, MucSupport.item(next(bobSees)).getRole());
        }
        try (StanzaCollector in = alice.createStanzaCollector(bodiesFrom(room))) {
            b.sendMessage("thank you");
            assertEquals("thank you", ((Message) next(in)).getBody());
        }
    }

    /** Messages with no body (chat states) are passed on but are not history. */
    @Test
    void bodilessMessagesAreNotHistory() throws Exception {
        String room = freshRoom("states");
        MultiUserChat a = createInstant(alice, room, "Alice");
        a.sendMessage("kept");
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(MucSupport.roomJid(room))
                .ofType(Message.Type.groupchat)
                .addExtension(new org.jivesoftware.smackx.chatstates.packet.ChatStateExtension(
                        org.jivesoftware.smackx.chatstates.ChatState.composing)).build());
        MucSupport.settle(alice, room, "Alice");
        List<Message> history = historyOnJoin(room, null);
        assertEquals(1, history.size());
        assertEquals("kept", history.get(0).getBody());
        assertNull(DelayInformation.from(history.get(0)).getReason());
    }
}
