package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.stanza;
import static org.tern.core.xml.ParserHarness.utf8;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.ParserHarness.Chunker;
import org.tern.core.xml.XmlStreamParser.Mode;

/** RFC 7395 WebSocket framing: every message a document, every root a stanza. */
class XmlStreamParserFramedTest {
    private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final String OPEN = "<open xmlns='" + FRAMING + "' to='example.com' version='1.0'/>";
    private static final String MESSAGE = "<message xmlns='jabber:client' to='romeo@example.net'><body>hi</body></message>";
    private static final String CLOSE = "<close xmlns='" + FRAMING + "'/>";

    @Test
    void openStanzaCloseAsSeparateDocuments() throws Exception {
        XmlStreamParser p = ParserHarness.framed();
        assertEquals(stanza(Element.builder("open", FRAMING).attr("to", "example.com").attr("version", "1.0").build()),
                feedAndNext(p, OPEN));
        assertNull(p.next());
        assertTrue(p.needsInput());
        assertEquals(stanza(Element.builder("message", "jabber:client").attr("to", "romeo@example.net")
                .child(Element.builder("body", "jabber:client").text("hi").build()).build()), feedAndNext(p, MESSAGE));
        assertNull(p.next());
        assertEquals(stanza(Element.of("close", FRAMING)), feedAndNext(p, CLOSE));
        assertNull(p.next());
        assertTrue(p.needsInput());
    }

    @Test
    void eachDocumentMayHaveAnXmlDeclaration() {
        String decl = "<?xml version='1.0' encoding='UTF-8'?>";
        ParserHarness.Outcome out = ParserHarness.run(Mode.FRAMED, decl + OPEN + decl + MESSAGE, Chunker.whole());
        assertNull(out.failure());
        assertEquals(2, out.events().size());
    }

    @Test
    void documentsInOneFeedAreASequence() {
        String input = OPEN + "\n " + MESSAGE + MESSAGE + "\r\n\t" + CLOSE + "  ";
        ParserHarness.Outcome whole = ParserHarness.run(Mode.FRAMED, input, Chunker.whole());
        assertNull(whole.failure());
        assertEquals(4, whole.events().size());
        assertEquals(whole, ParserHarness.run(Mode.FRAMED, input, Chunker.bytes(1)));
        assertEquals(whole, ParserHarness.run(Mode.FRAMED, input, Chunker.random(5, 20)));
    }

    @Test
    void readerIsDroppedBetweenDocuments() throws Exception {
        XmlStreamParser p = ParserHarness.framed();
        feedAndNext(p, OPEN);
        assertFalse(p.holdsReader(), "an idle framed parser holds no Aalto reader");
        feedAndNext(p, MESSAGE);
        assertFalse(p.holdsReader());
        assertEquals(2, p.readersCreated());
    }

    @Test
    void eachDocumentHasItsOwnNamespaces() {
        ParserHarness.Outcome out = ParserHarness.run(Mode.FRAMED,
                "<a:x xmlns:a='urn:a'/><a:x/>", Chunker.whole());
        assertEquals(1, out.events().size());
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, out.condition(), "prefix a is not declared in the second document");
    }

    @Test
    void rejectionsApplyPerDocument() {
        ParserHarness.assertFails(Mode.FRAMED, OPEN + "trailing text", StreamErrorCondition.NOT_WELL_FORMED);
        ParserHarness.assertFails(Mode.FRAMED, "<!-- c -->" + OPEN, StreamErrorCondition.RESTRICTED_XML);
        ParserHarness.assertFails(Mode.FRAMED, OPEN + "<!DOCTYPE open>" + OPEN, StreamErrorCondition.RESTRICTED_XML);
        ParserHarness.assertFails(Mode.FRAMED, "<message xmlns='jabber:client'><body>&x;</body></message>",
                StreamErrorCondition.RESTRICTED_XML);
        ParserHarness.assertFails(Mode.FRAMED, "<?xml version='1.0' encoding='ISO-8859-1'?>" + OPEN,
                StreamErrorCondition.UNSUPPORTED_ENCODING);
        ParserHarness.assertFails(Mode.FRAMED, "<message xmlns='jabber:client'><body></message>" + OPEN,
                StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void oversizeDocumentIsAPolicyViolation() {
        XmlStreamParser.Limits limits = new XmlStreamParser.Limits(200, 8, 8, 100);
        String body = "<message xmlns='jabber:client'><body>";
        String end = "</body></message>";
        String fits = body + "x".repeat(200 - body.length() - end.length()) + end;
        assertEquals(200, utf8(fits).length);
        ParserHarness.Outcome ok = ParserHarness.run(new XmlStreamParser(limits, Mode.FRAMED), utf8(fits + fits), Chunker.whole());
        assertNull(ok.failure());
        assertEquals(2, ok.events().size());

        String tooBig = body + "x".repeat(201 - body.length() - end.length()) + end;
        for (Chunker c : List.of(Chunker.whole(), Chunker.bytes(1), Chunker.random(3, 50))) {
            ParserHarness.Outcome out = ParserHarness.run(new XmlStreamParser(limits, Mode.FRAMED), utf8(fits + tooBig), c);
            assertEquals(StreamErrorCondition.POLICY_VIOLATION, out.condition());
            assertEquals(1, out.events().size());
        }
    }

    @Test
    void depthCountsTheRootAsOne() {
        XmlStreamParser.Limits limits = new XmlStreamParser.Limits(1000, 3, 8, 100);
        ParserHarness.Outcome ok = ParserHarness.run(new XmlStreamParser(limits, Mode.FRAMED),
                utf8("<a xmlns='u'><b><c/></b></a>"), Chunker.whole());
        assertNull(ok.failure());
        ParserHarness.Outcome deep = ParserHarness.run(new XmlStreamParser(limits, Mode.FRAMED),
                utf8("<a xmlns='u'><b><c><d/></c></b></a>"), Chunker.whole());
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, deep.condition());
    }

    private static StreamEvent feedAndNext(XmlStreamParser p, String document) throws XmlStreamException {
        byte[] b = utf8(document);
        p.feed(b, 0, b.length);
        return p.next();
    }
}
