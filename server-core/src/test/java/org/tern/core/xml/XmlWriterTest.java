package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.HEADER;
import static org.tern.core.xml.ParserHarness.STREAMS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tern.core.xml.ParserHarness.Chunker;

class XmlWriterTest {

    @Test
    void escapesTextAndAttributes() {
        Element e = Element.builder("message", "jabber:client")
                .attr("to", "a&b<c>d\"e'f")
                .attr("ws", "x\ny\rz\tw")
                .text("a & b < c > d \" e ' f \r g")
                .build();
        assertEquals("<message to=\"a&amp;b&lt;c&gt;d&quot;e&apos;f\" ws=\"x&#10;y&#13;z&#9;w\">"
                + "a &amp; b &lt; c &gt; d \" e ' f &#13; g</message>", XmlWriter.toString(e, "jabber:client"));
    }

    /** XML 1.0 §2.2: characters no escape can express are replaced, pairs and the BMP are kept. */
    @Test
    void replacesCharactersXmlCannotCarry() {
        Element e = Element.builder("message", "jabber:client")
                .attr("a", "x\u0001y\uFFFEz")
                .text("nul\u0000 bell\u0007 lone\uD800 low\uDC00 pair\uD83D\uDE00 \uFFFD\uFFFF \u00E9\uE000")
                .build();
        assertEquals("<message a=\"x\uFFFDy\uFFFDz\">nul\uFFFD bell\uFFFD lone\uFFFD low\uFFFD pair\uD83D\uDE00 "
                + "\uFFFD\uFFFD \u00E9\uE000</message>", XmlWriter.toString(e, "jabber:client"));
    }

    @Test
    void declaresTheDefaultNamespaceOnlyWhereItChanges() {
        Element iq = Element.builder("iq", "jabber:client").attr("type", "result")
                .child(Element.builder("query", "jabber:iq:roster")
                        .child(Element.builder("item", "jabber:iq:roster").attr("jid", "a@b")
                                .child(Element.builder("group", "jabber:iq:roster").text("G").build()).build())
                        .child(Element.of("back", "jabber:client"))
                        .child(Element.of("none", ""))
                        .build())
                .build();
        assertEquals("<iq type=\"result\"><query xmlns=\"jabber:iq:roster\"><item jid=\"a@b\"><group>G</group></item>"
                + "<back xmlns=\"jabber:client\"/><none xmlns=\"\"/></query></iq>", XmlWriter.toString(iq, "jabber:client"));
        assertTrue(XmlWriter.toString(iq, null).startsWith("<iq xmlns=\"jabber:client\" type=\"result\"><query xmlns=\"jabber:iq:roster\">"));
    }

    @Test
    void streamElementsUseTheStreamPrefix() {
        Element features = Element.builder("features", STREAMS)
                .child(Element.of("bind", "urn:ietf:params:xml:ns:xmpp-bind")).build();
        assertEquals("<stream:features><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/></stream:features>",
                XmlWriter.toString(features, "jabber:client"));
        assertEquals("<stream:features xmlns:stream=\"" + STREAMS + "\"><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/>"
                + "</stream:features>", XmlWriter.toString(features, null));
        Element error = Element.builder("error", STREAMS)
                .child(Element.of("not-well-formed", "urn:ietf:params:xml:ns:xmpp-streams")).build();
        assertEquals("<stream:error><not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/></stream:error>",
                XmlWriter.toString(error, "jabber:client"));
    }

    @Test
    void sharedElementsWriteTheSameTextInEveryContextAndReuseIt() {
        Element body = Element.builder("body", "jabber:client").text("a < b & c").build();
        Element x = Element.builder("x", "urn:x").child(Element.of("y", "urn:x")).build();
        Element sharedBody = body.shared();
        Element sharedX = x.shared();
        assertTrue(sharedBody.isShared() && !body.isShared());
        assertEquals(body, sharedBody);
        for (String to : List.of("a@b/1", "c@d/2")) {
            Element plain = Element.builder("message", "jabber:client").attr("to", to).child(body).child(x).build();
            Element fanned = Element.builder("message", "jabber:client").attr("to", to).child(sharedBody).child(sharedX).build();
            assertEquals(XmlWriter.toString(plain, "jabber:client"), XmlWriter.toString(fanned, "jabber:client"));
            assertEquals(XmlWriter.toString(plain, null), XmlWriter.toString(fanned, null));
        }
        // written at the top level and inside another namespace, the declarations follow the context
        assertEquals("<body xmlns=\"jabber:client\">a &lt; b &amp; c</body>", XmlWriter.toString(sharedBody, "urn:other"));
        assertEquals("<body>a &lt; b &amp; c</body>", XmlWriter.toString(sharedBody, "jabber:client"));
        // a modified copy is a new element, not a stale memo
        assertEquals("<body id=\"1\">a &lt; b &amp; c</body>",
                XmlWriter.toString(sharedBody.withAttr("id", "1"), "jabber:client"));
    }

    @Test
    void namespacedAttributesGetAPrefixAndXmlLangStaysXml() {
        Element e = Element.builder("x", "urn:x").attr("{urn:a}k", "1").attr("xml:lang", "en").build();
        assertEquals("<x xmlns=\"urn:x\" xmlns:ns1=\"urn:a\" ns1:k=\"1\" xml:lang=\"en\"/>", XmlWriter.toString(e, null));
    }

    @Test
    void outputReparsesEqualToTheOriginal() throws Exception {
        List<Element> elements = List.of(
                Element.builder("message", "jabber:client").attr("to", "j\u00fcliet@example.com/\uD83D\uDE00")
                        .attr("xml:lang", "fr").attr("id", "<&>\"'")
                        .child(Element.builder("body", "jabber:client").text("a < b && c > d \"q\" 'a' ]]> \r\n\t \uD834\uDD1E").build())
                        .child(Element.builder("thread", "jabber:client").text("  ").build())
                        .child(Element.builder("x", "urn:x").attr("{urn:a}k", "v\nw").attr("{urn:b}k", "2")
                                .child(Element.builder("y", "urn:x").child(Element.of("z", "jabber:client")).build())
                                .child(Element.builder("e", "").text("no namespace").build())
                                .build())
                        .build(),
                Element.builder("features", STREAMS)
                        .child(Element.builder("mechanisms", "urn:ietf:params:xml:ns:xmpp-sasl")
                                .child(Element.builder("mechanism", "urn:ietf:params:xml:ns:xmpp-sasl").text("PLAIN").build())
                                .build())
                        .build(),
                Element.of("presence", "jabber:client"));
        for (Element original : elements) {
            String inStream = HEADER + XmlWriter.toString(original, "jabber:client");
            ParserHarness.Outcome stream = ParserHarness.run(XmlStreamParser.Mode.STREAM, inStream, Chunker.bytes(1));
            assertNull(stream.failure(), inStream);
            assertEquals(ParserHarness.stanza(original), stream.events().get(1), inStream);

            String standalone = XmlWriter.toString(original, null);
            ParserHarness.Outcome framed = ParserHarness.run(XmlStreamParser.Mode.FRAMED, standalone, Chunker.whole());
            assertNull(framed.failure(), standalone);
            assertEquals(List.of(ParserHarness.stanza(original)), framed.events(), standalone);
            assertEquals(original.toXml(), standalone);
        }
    }
}
