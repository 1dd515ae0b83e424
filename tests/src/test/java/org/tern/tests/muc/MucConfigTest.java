package org.tern.tests.muc;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.Form;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.muc.MucSupport.codes;
import static org.tern.tests.muc.MucSupport.createInstant;
import static org.tern.tests.muc.MucSupport.freshRoom;
import static org.tern.tests.muc.MucSupport.item;
import static org.tern.tests.muc.MucSupport.muc;
import static org.tern.tests.muc.MucSupport.next;
import static org.tern.tests.muc.MucSupport.nick;
import static org.tern.tests.muc.MucSupport.presenceFrom;
import static org.tern.tests.muc.MucSupport.roomJid;

/** XEP-0045 §10.1-10.2 and the room types of §7.2: configuration and its effects, with Smack. */
class MucConfigTest extends MucTestBase {
    /** §10.1.3, §15.5.3: the owner gets the standard muc#roomconfig fields with the room's values. */
    @Test
    void configurationFormHasTheStandardFields() throws Exception {
        String room = freshRoom("form");
        MultiUserChat m = muc(alice, room);
        m.create(nick("Alice"));
        Form form = m.getConfigurationForm();
        assertEquals("http://jabber.org/protocol/muc#roomconfig", form.getDataForm().getFormType());
        for (String var : List.of("muc#roomconfig_roomname", "muc#roomconfig_roomdesc", "muc#roomconfig_lang",
                "muc#roomconfig_persistentroom", "muc#roomconfig_publicroom", "muc#roomconfig_moderatedroom",
                "muc#roomconfig_membersonly", "muc#roomconfig_passwordprotectedroom", "muc#roomconfig_roomsecret",
                "muc#roomconfig_whois", "muc#roomconfig_maxusers", "muc#roomconfig_changesubject",
                "muc#roomconfig_allowinvites", "muc#roomconfig_allowpm", "muc#roomconfig_presencebroadcast",
                "muc#roomconfig_getmemberlist", "muc#roomconfig_enablelogging", "muc#maxhistoryfetch",
                "muc#roomconfig_roomowners", "muc#roomconfig_roomadmins")) {
            assertNotNull(form.getField(var), var);
        }
        assertEquals(List.of("alice@localhost"), form.getField("muc#roomconfig_roomowners").getValuesAsString());
        assertEquals("moderators", form.getField("muc#roomconfig_whois").getFirstValue());
        MucSupport.configure(m, Map.of("muc#roomconfig_roomname", "The Cave", "muc#roomconfig_roomdesc", "Witches meet here",
                "muc#roomconfig_persistentroom", true));
        RoomInfo info = MultiUserChatManager.getInstanceFor(bob).getRoomInfo(roomJid(room));
        assertEquals("The Cave", info.getName());
        assertEquals("Witches meet here", info.getDescription());
        assertTrue(info.isPersistent());
    }

    /** §10.2 / Smack's helper: members-only and password through MucConfigFormManager. */
    @Test
    void passwordProtectedRoomNeedsThePassword() throws Exception {
        String room = freshRoom("secret");
        MultiUserChat m = muc(alice, room);
        m.create(nick("Alice"));
        m.getConfigFormManager().setAndEnablePassword("open sesame").submitConfigurationForm();
        XMPPException.XMPPErrorException none = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).join(nick("Bob")));
        assertEquals(StanzaError.Condition.not_authorized, none.getStanzaError().getCondition()); // §7.2.5
        XMPPException.XMPPErrorException wrong = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).join(nick("Bob"), "guess"));
        assertEquals(StanzaError.Condition.not_authorized, wrong.getStanzaError().getCondition());
        muc(bob, room).join(nick("Bob"), "open sesame");
        assertTrue(muc(bob, room).isJoined());
        assertTrue(MultiUserChatManager.getInstanceFor(carol).getRoomInfo(roomJid(room)).isPasswordProtected());
    }

    /** §7.2.6: a members-only room refuses non-members with registration-required; members enter. */
    @Test
    void membersOnlyRoomAdmitsMembersOnly() throws Exception {
        String room = freshRoom("members");
        MultiUserChat m = muc(alice, room);
        m.create(nick("Alice"));
        m.getConfigFormManager().makeMembersOnly().submitConfigurationForm();
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).join(nick("Bob")));
        assertEquals(StanzaError.Condition.registration_required, e.getStanzaError().getCondition());
        m.grantMembership(org.jxmpp.jid.impl.JidCreate.from("bob@localhost"));
        muc(bob, room).join(nick("Bob"));
        assertTrue(muc(bob, room).isJoined());
    }

    /** §10.2: a room made members-only removes the non-members inside with 322. */
    @Test
    void becomingMembersOnlyRemovesNonMembersWith322() throws Exception {
        String room = freshRoom("tomembers");
        MultiUserChat m = createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        try (StanzaCollector bobSees = bob.createStanzaCollector(presenceFrom(room))) {
            m.getConfigFormManager().makeMembersOnly().submitConfigurationForm();
            Presence removed = next(bobSees);
            assertEquals(Presence.Type.unavailable, removed.getType());
            assertEquals(Set.of(110, 322), codes(removed));
        }
        assertEquals(1, MucSupport.occupantCount(carol, room));
    }

    /** §7.2.11: a full room refuses with service-unavailable, except to its admins and owners. */
    @Test
    void fullRoomIsServiceUnavailableButNotForOwners() throws Exception {
        String room = freshRoom("full");
        MucSupport.createConfigured(alice, room, "Alice", Map.of("muc#roomconfig_maxusers", "2"));
        muc(bob, room).join(nick("Bob"));
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(carol, room).join(nick("Carol")));
        assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
        XMPPTCPConnection alice2 = org.tern.tests.Clients.login(server, "alice", "alice-secret", "second", null);
        try {
            muc(alice2, room).join(nick("Alice2"));
            assertEquals(3, MucSupport.occupantCount(carol, room));
        } finally {
            alice2.disconnect();
        }
    }

    /** §10.2.1: occupants are told of changes: 104 for ordinary ones, 170/171 logging, 172/173/174 anonymity. */
    @Test
    void configurationChangesAreAnnouncedWithStatusCodes() throws Exception {
        String room = freshRoom("codes");
        MultiUserChat m = createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        MucSupport.settle(bob, room, "Bob"); // the entry's subject message is in
        assertEquals(Set.of(104), change(m, Map.of("muc#roomconfig_roomdesc", "new description")));
        assertEquals(Set.of(170), change(m, Map.of("muc#roomconfig_enablelogging", true)));
        assertEquals(Set.of(171), change(m, Map.of("muc#roomconfig_enablelogging", false)));
        assertEquals(Set.of(172), change(m, Map.of("muc#roomconfig_whois", "anyone")));
        assertEquals(Set.of(174), change(m, Map.of("muc#roomconfig_whois", "none")));
        assertEquals(Set.of(173, 104), change(m, Map.of("muc#roomconfig_whois", "moderators",
                "muc#roomconfig_roomname", "renamed")));
    }

    private Set<Integer> change(MultiUserChat m, Map<String, Object> answers) throws Exception {
        String room = m.getRoom().getLocalpart().toString();
        try (StanzaCollector bobSees = bob.createStanzaCollector(s -> s instanceof Message msg
                && msg.getFrom().toString().equals(room + "@" + MucSupport.SERVICE) && msg.getSubject() == null)) {
            MucSupport.configure(m, answers);
            Message notice = next(bobSees);
            assertEquals(Message.Type.groupchat, notice.getType());
            return codes(notice);
        }
    }

    /** §10.2.1, §7.2.4: when a room becomes non-anonymous, everyone sees real JIDs; newcomers get 100. */
    @Test
    void nonAnonymousRoomShowsJidsAndWarnsWith100() throws Exception {
        String room = freshRoom("nonanon");
        MultiUserChat m = createInstant(alice, room, "Alice");
        muc(bob, room).join(nick("Bob"));
        try (StanzaCollector bobSees = bob.createStanzaCollector(s -> s instanceof Presence p
                && p.getFrom().toString().endsWith("/Alice"))) {
            MucSupport.configure(m, Map.of("muc#roomconfig_whois", "anyone"));
            assertEquals("alice@localhost/res", String.valueOf(item(next(bobSees)).getJid()),
                    "presences are sent again with real JIDs");
        }
        try (StanzaCollector carolSees = carol.createStanzaCollector(presenceFrom(room))) {
            muc(carol, room).join(nick("Carol"));
            Presence self = null;
            for (int i = 0; i < 3; i++) {
                Presence p = next(carolSees);
                if (p.getFrom().toString().endsWith("/Carol")) {
                    self = p;
                } else {
                    assertNotNull(item(p).getJid(), "every occupant's real JID");
                }
            }
            assertNotNull(self);
            assertEquals(Set.of(100, 110), codes(self));
        }
        assertTrue(MultiUserChatManager.getInstanceFor(carol).getRoomInfo(roomJid(room)).isNonanonymous());
    }

    /** §7.2.12 (status 170): a newcomer to a logged room is told so. */
    @Test
    void loggedRoomSays170OnEntry() throws Exception {
        String room = freshRoom("logged");
        MucSupport.createConfigured(alice, room, "Alice", Map.of("muc#roomconfig_enablelogging", true));
        try (StanzaCollector bobSees = bob.createStanzaCollector(s -> s instanceof Presence p
                && p.getFrom().toString().endsWith("/Bob"))) {
            muc(bob, room).join(nick("Bob"));
            assertTrue(codes(next(bobSees)).contains(170));
        }
    }

    /** §10.1.3: cancelling the initial configuration destroys the new room. */
    @Test
    void cancellingTheInitialConfigurationDestroysTheRoom() throws Exception {
        String room = freshRoom("cancel");
        MultiUserChat m = muc(alice, room);
        m.create(nick("Alice"));
        org.jivesoftware.smackx.muc.packet.MUCOwner cancel = new org.jivesoftware.smackx.muc.packet.MUCOwner();
        cancel.setTo(roomJid(room));
        cancel.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        cancel.addExtension(org.jivesoftware.smackx.xdata.packet.DataForm.builder(
                org.jivesoftware.smackx.xdata.packet.DataForm.Type.cancel).build());
        alice.createStanzaCollectorAndSend(cancel).nextResultOrThrow();
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> MultiUserChatManager.getInstanceFor(bob).getRoomInfo(roomJid(room)));
        assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
    }

    /** §10.2: only owners configure; a bad value is not-acceptable and changes nothing. */
    @Test
    void onlyOwnersConfigureAndBadValuesAreRefused() throws Exception {
        String room = freshRoom("guard");
        MultiUserChat m = createInstant(alice, room, "Alice");
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob"));
        XMPPException.XMPPErrorException forbidden = assertThrows(XMPPException.XMPPErrorException.class,
                b::getConfigurationForm);
        assertEquals(StanzaError.Condition.forbidden, forbidden.getStanzaError().getCondition());
        XMPPException.XMPPErrorException bad = assertThrows(XMPPException.XMPPErrorException.class,
                () -> MucSupport.configure(m, Map.of("muc#roomconfig_passwordprotectedroom", true)));
        assertEquals(StanzaError.Condition.not_acceptable, bad.getStanzaError().getCondition());
        XMPPException.XMPPErrorException notNumber = assertThrows(XMPPException.XMPPErrorException.class,
                () -> MucSupport.configure(m, Map.of("muc#maxhistoryfetch", "lots")));
        assertEquals(StanzaError.Condition.not_acceptable, notNumber.getStanzaError().getCondition());
        assertFalse(MultiUserChatManager.getInstanceFor(carol).getRoomInfo(roomJid(room)).isPasswordProtected());
    }

    /** §10.2: presence of roles left out of muc#roomconfig_presencebroadcast is not broadcast. */
    @Test
    void presenceBroadcastFollowsTheConfiguredRoles() throws Exception {
        String room = freshRoom("quiet");
        MucSupport.createConfigured(alice, room, "Alice", Map.of("muc#roomconfig_presencebroadcast", List.of("moderator")));
        try (StanzaCollector aliceSees = alice.createStanzaCollector(presenceFrom(room))) {
            muc(bob, room).join(nick("Bob"));
            List<org.jivesoftware.smack.packet.Stanza> seen = MucSupport.sync(alice, room, "Alice", aliceSees);
            assertTrue(seen.isEmpty(), "a participant's presence is not broadcast: " + seen);
        }
        FormField f = muc(alice, room).getConfigurationForm().getField("muc#roomconfig_presencebroadcast");
        assertEquals(List.of("moderator"), f.getValuesAsString());
    }
}
