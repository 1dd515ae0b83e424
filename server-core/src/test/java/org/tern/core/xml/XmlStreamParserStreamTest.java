package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.HEADER;
import static org.tern.core.xml.ParserHarness.STREAMS;
import static org.tern.core.xml.ParserHarness.stanza;
import static org.tern.core.xml.ParserHarness.utf8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** STREAM mode on well-formed input: header, stanzas, namespaces, text, close. */
class XmlStreamParserStreamTest {

    @Test
    void headerIsReturnedAsSoonAsItsStartTagIsParsed() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        byte[] header = utf8("<?xml version='1.0'?>" + HEADER);
        p.feed(header, 0, header.length - 1);
        assertNull(p.next());
        assertTrue(p.needsInput());
        p.feed(header, header.length - 1, 1);
        StreamEvent.Open open = assertInstanceOf(StreamEvent.Open.class, p.next());

        assertEquals("stream", open.name());
        assertEquals(STREAMS, open.namespace());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("to", "example.com");
        attributes.put("version", "1.0");
        attributes.put("xml:lang", "en");
        assertEquals(attributes, open.attributes());
        assertEquals(List.copyOf(attributes.keySet()), List.copyOf(open.attributes().keySet()), "document order");
        Map<String, String> declarations = new LinkedHashMap<>();
        declarations.put("", "jabber:client");
        declarations.put("stream", STREAMS);
        assertEquals(declarations, open.declarations());
        assertNull(p.next());
        assertTrue(p.needsInput());
    }

    @Test
    void stanzasComeOneByOneWithResolvedNamespaces() {
        String input = HEADER
                + "<message to='juliet@example.com' type='chat' xml:lang='fr'><body>Bonjour</body></message>\n  "
                + "<presence/>"
                + "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>"
                + "<foo:message xmlns:foo='jabber:client' to='a'><foo:body>x</foo:body><body>y</body></foo:message>"
                + "<message><x xmlns='urn:x' xmlns:a='urn:a' a:b='1' c='2'/></message>"
                + "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
                + "</stream:stream>";
        ParserHarness.Outcome out = ParserHarness.stream(input);
        assertNull(out.failure());
        List<StreamEvent> events = out.events();
        assertEquals(8, events.size(), events::toString);
        assertInstanceOf(StreamEvent.Open.class, events.get(0));

        Element message = Element.builder("message", "jabber:client")
                .attr("to", "juliet@example.com").attr("type", "chat").attr("xml:lang", "fr")
                .child(Element.builder("body", "jabber:client").text("Bonjour").build())
                .build();
        assertEquals(stanza(message), events.get(1));
        assertEquals(stanza(Element.of("presence", "jabber:client")), events.get(2));
        assertEquals(stanza(Element.builder("iq", "jabber:client").attr("type", "get").attr("id", "r1")
                .child(Element.of("query", "jabber:iq:roster")).build()), events.get(3));
        assertEquals(stanza(Element.builder("message", "jabber:client").attr("to", "a")
                .child(Element.builder("body", "jabber:client").text("x").build())
                .child(Element.builder("body", "jabber:client").text("y").build())
                .build()), events.get(4));
        assertEquals(stanza(Element.builder("message", "jabber:client")
                .child(Element.builder("x", "urn:x").attr("{urn:a}b", "1").attr("c", "2").build())
                .build()), events.get(5));
        assertEquals(stanza(Element.builder("error", STREAMS)
                .child(Element.of("not-well-formed", "urn:ietf:params:xml:ns:xmpp-streams")).build()), events.get(6));
        assertEquals(new StreamEvent.Close(), events.get(7));
    }

    @Test
    void textKeepsUnicodeEscapesCdataAndWhitespaceInsideStanzas() {
        String input = HEADER
                + "<message><body>caf\u00e9 \u4e2d\u6587 \uD83D\uDE00 \uD834\uDD1E &#x1F600;&#233;&#65;</body></message>"
                + "<message><body>&amp; &lt;tag&gt; &quot;q&quot; &apos;a&apos;</body></message>"
                + "<message><body><![CDATA[<not a tag> & ]]>tail</body></message>"
                + "<message><body>   </body><thread>\n\t</thread></message>"
                + "<message attr='&lt;&amp;&gt;&quot;&apos; &#x1F600;'><body>&#x10FFFF;</body></message>";
        ParserHarness.Outcome out = ParserHarness.stream(input);
        assertNull(out.failure());
        List<StreamEvent> events = out.events();
        assertEquals(6, events.size(), events::toString);
        assertEquals("caf\u00e9 \u4e2d\u6587 \uD83D\uDE00 \uD834\uDD1E \uD83D\uDE00\u00e9A", body(events.get(1)).text());
        assertEquals("& <tag> \"q\" 'a'", body(events.get(2)).text());
        Element cdata = body(events.get(3));
        assertEquals(List.of(new Text("<not a tag> & tail")), cdata.children(), "CDATA merged with the following text");
        Element spaces = ((StreamEvent.Stanza) events.get(4)).element();
        assertEquals("   ", spaces.childText("body"));
        assertEquals("\n\t", spaces.childText("thread"));
        Element attr = ((StreamEvent.Stanza) events.get(5)).element();
        assertEquals("<&>\"' \uD83D\uDE00", attr.attr("attr"));
        assertEquals("\uDBFF\uDFFF", attr.childText("body"));
    }

    @Test
    void supplementaryCharactersInAttributesSurviveAnySplit() throws Exception {
        // Aalto 1.3.3 corrupts a 4-byte character split across feeds inside an attribute value
        String value = "r\u00f6meo@example.net/\uD83D\uDE00\uD834\uDD1E";
        byte[] in = utf8(HEADER + "<presence from='" + value + "'/>");
        for (int split = HEADER.length(); split < in.length; split++) {
            XmlStreamParser p = ParserHarness.stream();
            p.feed(in, 0, split);
            List<StreamEvent> events = new ArrayList<>();
            ParserHarness.drain(p, events);
            p.feed(in, split, in.length - split);
            ParserHarness.drain(p, events);
            assertEquals(value, ((StreamEvent.Stanza) events.get(1)).element().attr("from"), "split at " + split);
        }
    }

    @Test
    void aPartialCharacterWaitsForTheRest() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        byte[] in = utf8(HEADER + "<presence from='\uD83D\uDE00'/>");
        int emojiEnd = in.length - 3;
        p.feed(in, 0, emojiEnd - 2);
        assertInstanceOf(StreamEvent.Open.class, p.next());
        assertNull(p.next());
        assertTrue(p.needsInput(), "two bytes of a four-byte character cannot be used yet");
        p.feed(in, emojiEnd - 2, in.length - (emojiEnd - 2));
        assertFalse(p.needsInput());
        assertEquals("\uD83D\uDE00", ((StreamEvent.Stanza) p.next()).element().attr("from"));
    }

    @Test
    void rootNamespacesStayInScopeWhenTheReaderIsReplaced() {
        StringBuilder sb = new StringBuilder("<s:stream xmlns:s='" + STREAMS + "' xmlns='jabber:client' xmlns:x='urn:x'>");
        int count = XmlStreamParser.NAME_BUDGET; // every stanza brings two new names
        for (int i = 0; i < count; i++) {
            sb.append("<presence id='").append(i).append("'><c").append(i).append(" xmlns='urn:c'/></presence>");
        }
        sb.append("<message><x:y/><s:features/></message></s:stream>");
        XmlStreamParser p = ParserHarness.stream();
        ParserHarness.Outcome out = ParserHarness.run(p, utf8(sb.toString()), ParserHarness.Chunker.random(3, 500));
        assertNull(out.failure());
        assertTrue(p.readersCreated() > 1, "readers created: " + p.readersCreated());
        assertEquals(count + 3, out.events().size());
        assertEquals(stanza(Element.builder("message", "jabber:client")
                .child(Element.of("y", "urn:x")).child(Element.of("features", STREAMS)).build()),
                out.events().get(count + 1));
        assertEquals(new StreamEvent.Close(), out.events().get(count + 2));
    }

    @Test
    void whitespaceBetweenStanzasIsDropped() {
        ParserHarness.Outcome out = ParserHarness.stream(HEADER + " \n\t<presence/>\r\n  <presence/>   ");
        assertNull(out.failure());
        assertEquals(List.of(stanza(Element.of("presence", "jabber:client")), stanza(Element.of("presence", "jabber:client"))),
                out.events().subList(1, 3));
        assertEquals(3, out.events().size());
    }

    @Test
    void emptyStreamRootGivesOpenThenClose() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        byte[] in = utf8("<stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS + "'/>");
        p.feed(in, 0, in.length);
        assertInstanceOf(StreamEvent.Open.class, p.next());
        assertFalse(p.needsInput(), "the close is pending without more input");
        assertEquals(new StreamEvent.Close(), p.next());
        assertNull(p.next());
        assertTrue(p.needsInput());
    }

    @Test
    void needsInputTracksUnconsumedBytes() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        assertTrue(p.needsInput());
        byte[] in = utf8(HEADER + "<presence/><message><body>hi");
        p.feed(in, 0, in.length);
        assertFalse(p.needsInput());
        assertInstanceOf(StreamEvent.Open.class, p.next());
        assertEquals(stanza(Element.of("presence", "jabber:client")), p.next());
        assertNull(p.next());
        assertTrue(p.needsInput());
        byte[] rest = utf8("</body></message>");
        p.feed(rest, 0, rest.length);
        assertFalse(p.needsInput());
        assertEquals("hi", body(p.next()).text());
    }

    @Test
    void byteBufferFeedConsumesRemaining() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        ByteBuffer direct = ByteBuffer.allocateDirect(512);
        direct.put(utf8("garbage" + HEADER + "<presence/>"));
        direct.flip();
        direct.position(7);
        p.feed(direct);
        assertEquals(direct.limit(), direct.position());
        assertInstanceOf(StreamEvent.Open.class, p.next());
        assertEquals(stanza(Element.of("presence", "jabber:client")), p.next());
    }

    @Test
    void xmlDeclarationWithUtf8EncodingIsAccepted() {
        for (String decl : List.of("<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version='1.0' encoding='utf-8' standalone='yes'?>")) {
            ParserHarness.Outcome out = ParserHarness.stream(decl + HEADER + "<presence/>");
            assertNull(out.failure(), decl);
            assertEquals(2, out.events().size(), decl);
        }
    }

    @Test
    void escapedTextRoundTripsThroughXmlWriter() {
        Element original = Element.builder("message", "jabber:client")
                .attr("to", "a&b<c>d\"e'f@example.com").attr("xml:lang", "en").attr("{urn:x}k", "v\n\tw")
                .child(Element.builder("body", "jabber:client").text("1 < 2 && 3 > 2 \"quoted\" 'single' ]]> \r\n \uD83D\uDE00").build())
                .child(Element.builder("x", "urn:other").child(Element.of("y", "urn:other")).build())
                .build();
        String wire = HEADER + XmlWriter.toString(original, "jabber:client");
        ParserHarness.Outcome out = ParserHarness.stream(wire);
        assertNull(out.failure());
        Element parsed = ((StreamEvent.Stanza) out.events().get(1)).element();
        assertEquals(original, parsed);
    }

    private static Element body(StreamEvent event) {
        return ((StreamEvent.Stanza) event).element().child("body");
    }
}
