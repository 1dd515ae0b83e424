package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.HEADER;
import static org.tern.core.xml.ParserHarness.STREAMS;
import static org.tern.core.xml.ParserHarness.stanza;
import static org.tern.core.xml.ParserHarness.utf8;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tern.core.stanza.StreamErrorCondition;

/** RFC 6120 §4.3.3 stream restart: the bytes after the triggering element start a new document. */
class XmlStreamParserRestartTest {
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static final String AUTH = "<auth xmlns='" + SASL + "' mechanism='PLAIN'>AGp1bGlldAByMG0zMG15cjBtMzA=</auth>";
    private static final String NEW_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='"
            + STREAMS + "' to='example.com' version='1.0' id='second'>";
    private static final String AFTER = "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>";

    @Test
    void bytesAfterTheTriggerReachTheNewDocument() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        byte[] all = utf8(HEADER + AUTH + NEW_HEADER + AFTER);
        p.feed(all, 0, all.length);
        assertInstanceOf(StreamEvent.Open.class, p.next());
        StreamEvent.Stanza auth = assertInstanceOf(StreamEvent.Stanza.class, p.next());
        assertEquals(SASL, auth.element().namespace());
        p.restart();
        StreamEvent.Open second = assertInstanceOf(StreamEvent.Open.class, p.next());
        assertEquals("second", second.attributes().get("id"));
        assertEquals(StreamEvent.Stanza.class, p.next().getClass());
        assertNull(p.next());
        assertTrue(p.needsInput());
    }

    @Test
    void withoutRestartTheSecondHeaderIsAnError() {
        ParserHarness.Outcome out = ParserHarness.stream(HEADER + AUTH + NEW_HEADER);
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, out.condition(), "an XML declaration inside the stream");
    }

    @Test
    void restartWithNothingLeft() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        byte[] first = utf8(HEADER + AUTH);
        p.feed(first, 0, first.length);
        assertInstanceOf(StreamEvent.Open.class, p.next());
        assertInstanceOf(StreamEvent.Stanza.class, p.next());
        p.restart();
        assertTrue(p.needsInput());
        assertNull(p.next());
        byte[] second = utf8(NEW_HEADER + AFTER);
        for (byte b : second) { // and byte by byte
            p.feed(new byte[] {b}, 0, 1);
        }
        assertEquals("second", assertInstanceOf(StreamEvent.Open.class, p.next()).attributes().get("id"));
        assertInstanceOf(StreamEvent.Stanza.class, p.next());
    }

    @Test
    void restartAfterAnyInputSplit() throws Exception {
        byte[] all = utf8(HEADER + " " + AUTH + NEW_HEADER + AFTER + "<presence/>");
        List<StreamEvent> expected = null;
        for (int split = 1; split < all.length; split++) {
            List<StreamEvent> events = new ArrayList<>();
            XmlStreamParser p = ParserHarness.stream();
            p.feed(all, 0, split);
            drainRestartingAfterAuth(p, events);
            p.feed(all, split, all.length - split);
            drainRestartingAfterAuth(p, events);
            if (expected == null) {
                expected = events;
                assertEquals(5, events.size(), events::toString);
            } else {
                assertEquals(expected, events, "split at " + split);
            }
        }
    }

    @Test
    void restartAlsoAfterAReplacedReader() throws Exception {
        // a large stanza makes the parser replace its reader; restart must still start afresh
        String big = "<message><body>" + "x".repeat(XmlStreamParser.LARGE_STANZA) + "</body></message>";
        XmlStreamParser p = ParserHarness.stream();
        byte[] all = utf8(HEADER + big + AUTH + NEW_HEADER + AFTER);
        p.feed(all, 0, all.length);
        List<StreamEvent> events = new ArrayList<>();
        drainRestartingAfterAuth(p, events);
        assertEquals(5, events.size(), events::toString);
        assertEquals("second", ((StreamEvent.Open) events.get(3)).attributes().get("id"));
        assertTrue(p.readersCreated() >= 3);
    }

    @Test
    void restartReparsesBytesNoEventHasConsumed() throws Exception {
        XmlStreamParser p = ParserHarness.framed();
        byte[] partial = utf8("<message xmlns='jabber:client'><body>half");
        p.feed(partial, 0, partial.length);
        assertNull(p.next());
        p.restart();
        byte[] rest = utf8(" done</body></message>");
        p.feed(rest, 0, rest.length);
        assertEquals(stanza(Element.builder("message", "jabber:client")
                .child(Element.builder("body", "jabber:client").text("half done").build()).build()), p.next());
    }

    private static void drainRestartingAfterAuth(XmlStreamParser p, List<StreamEvent> into) throws XmlStreamException {
        StreamEvent e;
        while ((e = p.next()) != null) {
            into.add(e);
            if (e instanceof StreamEvent.Stanza s && s.element().name().equals("auth")) {
                p.restart();
            }
        }
    }

    @Test
    void restartKeepsWhatFollowsEvenWhenItIsABareStanza() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        byte[] all = utf8(HEADER + AUTH + "<presence/>");
        p.feed(all, 0, all.length);
        p.next();
        p.next();
        p.restart();
        // a new document whose root is <presence/>: the parser reports it as the new stream header
        StreamEvent.Open open = assertInstanceOf(StreamEvent.Open.class, p.next());
        assertEquals("presence", open.name());
        assertEquals(new StreamEvent.Close(), p.next());
    }
}
