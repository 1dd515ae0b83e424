package org.tern.tests.muc;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.tern.tests.Clients;
import org.tern.tests.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Helpers shared by the MUC end-to-end tests: rooms, nicknames, status codes, collectors. */
final class MucSupport {
    static final String SERVICE = "conference." + TestServer.DOMAIN;
    static final String OCCUPANT_ID = "urn:xmpp:occupant-id:0";
    static final String[] USERS = {"alice", "bob", "carol", "dave", "erin"};
    private static final AtomicInteger ROOMS = new AtomicInteger();

    static {
        // Smack 4.4.8 parses elements it has no provider for with an assertion that fails under -ea
        // on their default namespace declaration: XEP-0421 occupant ids and the muc element that
        // XEP-0045 §7.2 error presences carry get a provider here.
        standardProvider("occupant-id", OCCUPANT_ID, "id");
        standardProvider("x", "http://jabber.org/protocol/muc", null);
    }

    private static void standardProvider(String name, String ns, String attribute) {
        ProviderManager.addExtensionProvider(name, ns, new ExtensionElementProvider<StandardExtensionElement>() {
            @Override
            public StandardExtensionElement parse(XmlPullParser parser, int depth, XmlEnvironment env) {
                StandardExtensionElement.Builder b = StandardExtensionElement.builder(name, ns);
                if (attribute != null && parser.getAttributeValue("", attribute) != null) {
                    b.addAttribute(attribute, parser.getAttributeValue("", attribute));
                }
                return b.build();
            }
        });
    }

    private MucSupport() {
    }

    /** The XEP-0421 occupant id of a stanza from a room, or null. */
    static String occupantId(Stanza s) {
        for (var ext : s.getExtensions()) {
            if (ext instanceof StandardExtensionElement se && se.getElementName().equals("occupant-id")
                    && se.getNamespace().equals(OCCUPANT_ID)) {
                return se.getAttributeValue("id");
            }
        }
        return null;
    }

    static void addUsers(TestServer server) throws Exception {
        for (String u : USERS) {
            server.addUser(u, u + "-secret");
        }
    }

    static XMPPTCPConnection login(TestServer server, String user) throws Exception {
        return Clients.login(server, user, user + "-secret", "res", null);
    }

    /** The occupant count the room itself reports (muc#roominfo_occupants), not Smack's asynchronous view. */
    static int occupantCount(XMPPConnection c, String room) throws Exception {
        return MultiUserChatManager.getInstanceFor(c).getRoomInfo(roomJid(room)).getOccupantsCount();
    }

    /** A room name no other test uses. */
    static String freshRoom(String prefix) {
        return prefix + "-" + ROOMS.incrementAndGet();
    }

    static EntityBareJid roomJid(String room) throws Exception {
        return JidCreate.entityBareFrom(room + "@" + SERVICE);
    }

    static MultiUserChat muc(XMPPConnection c, String room) throws Exception {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(roomJid(room));
    }

    static Resourcepart nick(String n) throws Exception {
        return Resourcepart.from(n);
    }

    /** Creates an instant room (XEP-0045 §10.1.2) and returns the owner's handle. */
    static MultiUserChat createInstant(XMPPConnection owner, String room, String nick) throws Exception {
        MultiUserChat m = muc(owner, room);
        m.create(nick(nick)).makeInstant();
        return m;
    }

    /** Creates a reserved room (XEP-0045 §10.1.3): the initial configuration submitted with these answers. */
    static MultiUserChat createConfigured(XMPPConnection owner, String room, String nick, Map<String, Object> answers)
            throws Exception {
        MultiUserChat m = muc(owner, room);
        m.create(nick(nick));
        configure(m, answers);
        return m;
    }

    /** Submits the room's configuration form with these answers (booleans, lists, or text). */
    static void configure(MultiUserChat m, Map<String, Object> answers) throws Exception {
        FillableForm form = m.getConfigurationForm().getFillableForm();
        for (Map.Entry<String, Object> a : answers.entrySet()) {
            if (a.getValue() instanceof Boolean b) {
                form.setAnswer(a.getKey(), b);
            } else if (a.getValue() instanceof List<?> l) {
                form.setAnswer(a.getKey(), l.stream().map(String::valueOf).toList());
            } else {
                form.setAnswer(a.getKey(), String.valueOf(a.getValue()));
            }
        }
        m.sendConfigurationForm(form);
    }

    static Set<Integer> codes(Stanza s) {
        MUCUser u = MUCUser.from(s);
        Set<Integer> out = new TreeSet<>();
        if (u != null) {
            u.getStatus().forEach(st -> out.add(st.getCode()));
        }
        return out;
    }

    static MUCItem item(Stanza s) {
        MUCUser u = MUCUser.from(s);
        assertNotNull(u, "no muc#user element in " + s.toXML());
        return u.getItem();
    }

    @SuppressWarnings("unchecked")
    static <T extends Stanza> T next(StanzaCollector c) throws InterruptedException {
        T s = (T) c.nextResult(10_000);
        assertNotNull(s, "nothing arrived");
        return s;
    }

    /** Presences from a room's occupant JIDs (or the room), as a filter. */
    static StanzaFilter presenceFrom(String room) {
        return s -> s instanceof Presence && s.getFrom() != null && s.getFrom().asBareJid().toString()
                .equals(room + "@" + SERVICE);
    }

    /**
     * Leaves a room and waits until Smack has digested its own unavailable presence: Smack 4.4.8
     * handles it in a listener that takes the MultiUserChat's lock while its reader thread waits,
     * so an immediate join on the same instance could deadlock with it. A ping round trip cannot
     * complete before that listener has.
     */
    static void leave(XMPPConnection c, MultiUserChat m) throws Exception {
        m.leave();
        digested(c);
    }

    /**
     * After a connection got its own unavailable presence from a room (kicked, banned, room
     * destroyed): lets Smack's listener for it finish before the same MultiUserChat is used again
     * (see {@link #leave}).
     */
    static void digested(XMPPConnection c) throws Exception {
        org.jivesoftware.smackx.ping.PingManager.getInstanceFor(c).pingMyServer();
    }

    /** Waits until the room has handled everything this occupant sent before (its stanzas are handled in order). */
    static void settle(XMPPConnection c, String room, String nick) throws Exception {
        sync(c, room, nick, null);
    }

    /**
     * Everything the room has sent this connection so far: a self-ping (XEP-0410) goes through the
     * room's queue after whatever it did before, and its answer comes after what it sent before,
     * so once it is back the collector holds all of it. No waiting for things that do not come.
     */
    static List<Stanza> sync(XMPPConnection c, String room, String nick, StanzaCollector collector) throws Exception {
        Ping ping = new Ping(JidCreate.from(room + "@" + SERVICE + "/" + nick));
        c.createStanzaCollectorAndSend(ping).nextResultOrThrow(10_000);
        List<Stanza> out = new ArrayList<>();
        Stanza s;
        while (collector != null && (s = collector.pollResult()) != null) {
            out.add(s);
        }
        return out;
    }
}
