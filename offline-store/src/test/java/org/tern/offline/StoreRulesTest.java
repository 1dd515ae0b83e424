package org.tern.offline;

import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** XEP-0160 §3, XEP-0334 §4 and XEP-0085 §5.6 storage decisions; XEP-0203 stamping. */
class StoreRulesTest {
    static Stanza message(String type, String xmlChildren) throws Exception {
        String xml = "<message xmlns='jabber:client' from='romeo@example.org/orchard' to='juliet@example.org' id='m1'"
                + (type == null ? "" : " type='" + type + "'") + " xml:lang='en'>" + xmlChildren + "</message>";
        return StanzaCodec.parse(xml);
    }

    static StoreRules.Verdict judge(String type, String children) throws Exception {
        return StoreRules.judge(message(type, children));
    }

    @Test
    void chatNormalAndUntypedWithBodyAreStored() throws Exception {
        assertEquals(StoreRules.Verdict.STORE, judge("chat", "<body>hi</body>"));
        assertEquals(StoreRules.Verdict.STORE, judge("normal", "<body>hi</body>"));
        assertEquals(StoreRules.Verdict.STORE, judge(null, "<body>hi</body>"));
        assertEquals(StoreRules.Verdict.STORE, judge("chat", "<subject>only a subject</subject>"));
    }

    @Test
    void groupchatHeadlineAndErrorAreNot() throws Exception {
        assertEquals(StoreRules.Verdict.WRONG_TYPE, judge("groupchat", "<body>hi</body>"));
        assertEquals(StoreRules.Verdict.WRONG_TYPE, judge("headline", "<body>hi</body>"));
        assertEquals(StoreRules.Verdict.WRONG_TYPE, judge("error", "<body>hi</body>"));
        assertEquals(StoreRules.Verdict.WRONG_TYPE, judge("groupchat", "<body>hi</body><store xmlns='urn:xmpp:hints'/>"));
    }

    @Test
    void chatStatesHintsIdsAndThreadAloneAreNotContent() throws Exception {
        assertEquals(StoreRules.Verdict.NO_CONTENT, judge("chat",
                "<thread>t1</thread><composing xmlns='http://jabber.org/protocol/chatstates'/>"
                        + "<origin-id xmlns='urn:xmpp:sid:0' id='x'/><no-copy xmlns='urn:xmpp:hints'/>"));
        assertEquals(StoreRules.Verdict.NO_CONTENT, judge("chat", ""));
    }

    @Test
    void receiptsMarkersAndEncryptedPayloadsAreContent() throws Exception {
        assertEquals(StoreRules.Verdict.STORE, judge("chat", "<received xmlns='urn:xmpp:receipts' id='a'/>"));
        assertEquals(StoreRules.Verdict.STORE, judge("chat", "<displayed xmlns='urn:xmpp:chat-markers:0' id='a'/>"));
        assertEquals(StoreRules.Verdict.STORE, judge("chat",
                "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='1'/><payload>AA==</payload></encrypted>"
                        + "<store xmlns='urn:xmpp:hints'/>"));
        assertEquals(StoreRules.Verdict.STORE, judge("chat",
                "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'/><payload>AA==</payload></encrypted>"));
    }

    @Test
    void hintsDecide() throws Exception {
        assertEquals(StoreRules.Verdict.NO_STORE_HINT, judge("chat", "<body>x</body><no-store xmlns='urn:xmpp:hints'/>"));
        assertEquals(StoreRules.Verdict.NO_STORE_HINT, judge("chat", "<body>x</body><no-storage xmlns='urn:xmpp:hints'/>"));
        assertEquals(StoreRules.Verdict.NO_STORE_HINT, judge("chat",
                "<body>x</body><store xmlns='urn:xmpp:hints'/><no-store xmlns='urn:xmpp:hints'/>"));
        assertEquals(StoreRules.Verdict.STORE, judge("chat",
                "<active xmlns='http://jabber.org/protocol/chatstates'/><store xmlns='urn:xmpp:hints'/>"));
        assertEquals(StoreRules.Verdict.STORE, judge("chat",
                "<body>x</body><no-permanent-store xmlns='urn:xmpp:hints'/>"));
    }

    @Test
    void prepareAddsOurDelayAndKeepsEverythingElse() throws Exception {
        Stanza m = message("chat", "<body>hi</body>"
                + "<delay xmlns='urn:xmpp:delay' from='example.org' stamp='1999-01-01T00:00:00Z'/>"
                + "<delay xmlns='urn:xmpp:delay' from='elsewhere.net' stamp='2000-01-01T00:00:00Z'/>"
                + "<offline xmlns='http://jabber.org/protocol/offline'><item node='7'/></offline>");
        Stanza stored = StoreRules.prepare(m, Jid.domain("example.org"), Instant.parse("2024-05-06T07:08:09.010Z"));
        Element e = stored.element();
        assertEquals("m1", e.attr("id"));
        assertEquals("romeo@example.org/orchard", e.attr("from"));
        assertEquals("juliet@example.org", e.attr("to"));
        assertEquals("en", e.attr("xml:lang"));
        assertEquals("hi", e.childText("body"));
        assertNull(e.child("offline", StoreRules.OFFLINE), "a sender's XEP-0013 node is not kept");
        var delays = e.children("delay", Namespaces.DELAY);
        assertEquals(2, delays.size());
        assertEquals("elsewhere.net", delays.get(0).attr("from"));
        assertEquals("example.org", delays.get(1).attr("from"));
        assertEquals("2024-05-06T07:08:09.010Z", delays.get(1).attr("stamp"));
    }

    @Test
    void withNodeAddsTheXep0013Item() throws Exception {
        Element offline = StoreRules.withNode(message("chat", "<body>x</body>"), 42).element()
                .child("offline", StoreRules.OFFLINE);
        assertNotNull(offline);
        assertEquals("42", offline.child("item", StoreRules.OFFLINE).attr("node"));
    }
}
