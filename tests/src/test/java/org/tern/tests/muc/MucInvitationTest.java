package org.tern.tests.muc;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.RawClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.muc.MucSupport.SERVICE;
import static org.tern.tests.muc.MucSupport.createInstant;
import static org.tern.tests.muc.MucSupport.freshRoom;
import static org.tern.tests.muc.MucSupport.muc;
import static org.tern.tests.muc.MucSupport.next;
import static org.tern.tests.muc.MucSupport.nick;

/** XEP-0045 §7.8 mediated invitations and declines, XEP-0249 direct invitations. */
class MucInvitationTest extends MucTestBase {
    private static StanzaCollector invitations(XMPPTCPConnection c) {
        return c.createStanzaCollector(s -> s instanceof Message m && MUCUser.from(m) != null
                && MUCUser.from(m).getInvite() != null);
    }

    /** §7.8.2: the room passes the invitation on, from itself, naming the inviter, with the reason and password. */
    @Test
    void mediatedInvitationCarriesInviterReasonAndPassword() throws Exception {
        String room = freshRoom("invite");
        MultiUserChat a = muc(alice, room);
        a.create(nick("Alice"));
        a.getConfigFormManager().setAndEnablePassword("s3cret").submitConfigurationForm();
        try (StanzaCollector in = invitations(bob)) {
            a.invite(JidCreate.entityBareFrom("bob@localhost"), "come and see");
            Message m = next(in);
            assertEquals(room + "@" + SERVICE, m.getFrom().toString());
            MUCUser x = MUCUser.from(m);
            assertEquals("alice@localhost/res", x.getInvite().getFrom().toString());
            assertEquals("come and see", x.getInvite().getReason());
            assertEquals("s3cret", x.getPassword());
            assertNotNull(m.getBody(), "a body for clients that do not understand invitations");
            muc(bob, room).join(nick("Bob"), x.getPassword());
        }
    }

    /** §7.8.2 with muc.invite-grants-membership: an owner's invitation to a members-only room makes a member. */
    @Test
    void ownersInvitationToMembersOnlyRoomGrantsMembership() throws Exception {
        String room = freshRoom("invmembers");
        MultiUserChat a = muc(alice, room);
        a.create(nick("Alice"));
        a.getConfigFormManager().makeMembersOnly().submitConfigurationForm();
        try (StanzaCollector in = invitations(bob)) {
            a.invite(JidCreate.entityBareFrom("bob@localhost"), null);
            next(in);
        }
        assertEquals("bob@localhost", a.getMembers().get(0).getJid().toString());
        MultiUserChat b = muc(bob, room);
        b.join(nick("Bob")); // would be registration-required without the membership
        // a mere member may not invite to a members-only room unless the room allows it
        try (StanzaCollector err = bob.createStanzaCollector(s -> s instanceof Message m && m.getType() == Message.Type.error)) {
            b.invite(JidCreate.entityBareFrom("carol@localhost"), null);
            assertEquals(StanzaError.Condition.forbidden, ((Message) next(err)).getError().getCondition());
        }
        assertEquals(1, a.getMembers().size());
    }

    /** §7.8.3: a decline goes back to the inviter, from the room, naming who declined. */
    @Test
    void declineReachesTheInviter() throws Exception {
        String room = freshRoom("decline");
        MultiUserChat a = createInstant(alice, room, "Alice");
        try (StanzaCollector declines = alice.createStanzaCollector(s -> s instanceof Message m
                && MUCUser.from(m) != null && MUCUser.from(m).getDecline() != null)) {
            MultiUserChatManager.getInstanceFor(bob).decline(MucSupport.roomJid(room),
                    JidCreate.entityBareFrom("alice@localhost"), "busy");
            Message m = next(declines);
            assertEquals(room + "@" + SERVICE, m.getFrom().toString());
            assertEquals("bob@localhost", MUCUser.from(m).getDecline().getFrom().toString());
            assertEquals("busy", MUCUser.from(m).getDecline().getReason());
        }
        assertTrue(a.isJoined());
    }

    /** §7.8.2: invitations come from occupants. */
    @Test
    void nonOccupantCannotInvite() throws Exception {
        String room = freshRoom("outsiderinvite");
        MultiUserChat a = createInstant(alice, room, "Alice");
        try (StanzaCollector err = bob.createStanzaCollector(s -> s instanceof Message m && m.getType() == Message.Type.error);
             StanzaCollector carolGets = invitations(carol)) {
            muc(bob, room).invite(JidCreate.entityBareFrom("carol@localhost"), "from bob");
            assertEquals(StanzaError.Condition.not_acceptable, ((Message) next(err)).getError().getCondition());
            // the room handles one thing at a time: had bob's gone out, carol would get it first
            a.invite(JidCreate.entityBareFrom("carol@localhost"), "from alice");
            assertEquals("from alice", MUCUser.from((Message) next(carolGets)).getInvite().getReason());
        }
    }

    /**
     * XEP-0249: a direct invitation goes from client to client untouched (jid, password, reason),
     * and the invitee enters with the password it carried.
     */
    @Test
    void directInvitationArrivesIntactAndWorks() throws Exception {
        String room = freshRoom("direct");
        MultiUserChat a = muc(alice, room);
        a.create(nick("Alice"));
        a.getConfigFormManager().setAndEnablePassword("pw-249").submitConfigurationForm();
        try (RawClient inviter = RawClient.loggedIn(server, "carol", "carol-secret", "raw");
             RawClient invitee = RawClient.loggedIn(server, "dave", "dave-secret", "raw")) {
            invitee.send("<presence/>"); // available, so a message to its bare JID reaches it
            invitee.send("<iq id='sync' type='get' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            invitee.expect("id=\"sync\"");
            inviter.send("<message id='dm1' to='dave@localhost'><x xmlns='jabber:x:conference' jid='" + room + "@"
                    + SERVICE + "' password='pw-249' reason='join us'/></message>");
            String got = invitee.expect("</message>");
            assertTrue(got.contains("from=\"carol@localhost/raw\""), got);
            assertTrue(got.contains("jid=\"" + room + "@" + SERVICE + "\"") && got.contains("password=\"pw-249\"")
                    && got.contains("reason=\"join us\""), got);
            invitee.send("<presence id='j1' to='" + room + "@" + SERVICE + "/Dave'><x xmlns='http://jabber.org/protocol/muc'>"
                    + "<password>pw-249</password></x></presence>");
            String joined = invitee.expect("code=\"110\"");
            assertTrue(joined.contains("from=\"" + room + "@" + SERVICE + "/Dave\""), joined);
        }
    }
}
