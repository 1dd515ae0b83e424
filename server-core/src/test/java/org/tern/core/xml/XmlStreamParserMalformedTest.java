package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.HEADER;
import static org.tern.core.xml.ParserHarness.assertStreamFails;
import static org.tern.core.xml.ParserHarness.utf8;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.tern.core.stanza.StreamErrorCondition;

/** Anything else that is not well-formed XML: not-well-formed, with a short readable text. */
class XmlStreamParserMalformedTest {
    private static final StreamErrorCondition NWF = StreamErrorCondition.NOT_WELL_FORMED;

    // Aalto 1.3.3 reports some mismatched end tags only once a byte or two more has arrived,
    // so each case is followed by more stream.
    @Test
    void mismatchedTags() {
        XmlStreamException e = assertStreamFails(HEADER + "<message><body></message><presence/>", NWF);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().length() < 200);
        assertStreamFails(HEADER + "<message></presence><presence/>", NWF);
        assertStreamFails(HEADER + "<message><a></b></message><presence/>", NWF);
        assertStreamFails(HEADER + "<presence/></stream:features><presence/>", NWF);
        assertStreamFails(HEADER + "</message><presence/>", NWF);
    }

    @Test
    void badCharacters() {
        assertStreamFails(HEADER + "<message><body>\u0001</body></message>", NWF);
        assertStreamFails(HEADER + "<message><body>&#1;</body></message>", NWF);
        assertStreamFails(HEADER + "<message><body>&#0;</body></message>", NWF);
        assertStreamFails(HEADER + "<message><body>&#xFFFE;</body></message>", NWF);
        assertStreamFails(HEADER + "<message><body>&#xD800;</body></message>", NWF);
        assertStreamFails(HEADER + "<message><body>&#x110000;</body></message>", NWF);
        assertStreamFails(HEADER + "<message to='a\u0007'/>", NWF);
        assertStreamFails(HEADER + "<message to='<'/>", NWF);
        assertStreamFails(HEADER + "<message><body>&amp</body></message>", NWF);
        assertStreamFails(HEADER + "<message><body>a & b</body></message>", NWF);
        assertStreamFails(HEADER + "<1message/>", NWF);
    }

    @Test
    void invalidUtf8() {
        String[] sequences = {"c328", "ff", "fe", "80", "e282", "c0af", "c0bc", "c1bf", "e0808f", "e09fbf",
            "eda080", "edbfbf", "f08f8080", "f4908080", "f5808080", "f8888080"};
        for (String seq : sequences) {
            byte[] input = concat(utf8(HEADER + "<message><body>"), HexFormat.of().parseHex(seq), utf8("</body></message>"));
            ParserHarness.assertFails(XmlStreamParser.Mode.STREAM, input, NWF);
        }
        byte[] inName = concat(utf8(HEADER + "<mess"), HexFormat.of().parseHex("c328"), utf8("age/>"));
        ParserHarness.assertFails(XmlStreamParser.Mode.STREAM, inName, NWF);
        byte[] inAttr = concat(utf8(HEADER + "<message to='"), HexFormat.of().parseHex("ff"), utf8("'/>"));
        ParserHarness.assertFails(XmlStreamParser.Mode.STREAM, inAttr, NWF);
    }

    @Test
    void undeclaredPrefixes() {
        assertStreamFails(HEADER + "<foo:message/>", NWF);
        assertStreamFails(HEADER + "<message foo:to='a'/>", NWF);
        assertStreamFails("<stream:stream xmlns='jabber:client'>", NWF);
        assertStreamFails(HEADER + "<message xmlns:xml='urn:not-xml'/>", NWF);
    }

    @Test
    void duplicateAttributes() {
        assertStreamFails(HEADER + "<message to='a' to='b'/>", NWF);
        assertStreamFails(HEADER + "<message xmlns:a='urn:x' xmlns:b='urn:x' a:k='1' b:k='2'/>", NWF);
        assertStreamFails(HEADER + "<message xmlns:a='urn:x' xmlns:a='urn:y'/>", NWF);
    }

    @Test
    void textOutsideTheRoot() {
        assertStreamFails("hello" + HEADER, NWF);
        assertStreamFails(HEADER + "</stream:stream>trailing", NWF);
        assertStreamFails(HEADER + "</stream:stream>" + HEADER, NWF);
        assertStreamFails("\uFEFF" + HEADER, NWF); // RFC 6120 §11.6: U+FEFF is a character, not a byte order mark
    }

    @Test
    void misplacedDeclarationsAndVersions() {
        assertStreamFails(" <?xml version='1.0'?>" + HEADER + "<message><?xml version='1.0'?></message>", NWF);
        assertStreamFails("<?xml version='1.0'?><?xml version='1.0'?>" + HEADER, NWF);
        assertStreamFails("<?xml version='1.1'?>" + HEADER, NWF);
        assertStreamFails(HEADER + "<message><!DOCTYPE x></message>", NWF);
        assertStreamFails(HEADER + "<message><![CDAT x]]></message>", NWF);
    }

    @Test
    void failureIsFinal() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        byte[] in = utf8(HEADER + "<a></b><presence/>");
        p.feed(in, 0, in.length);
        p.next();
        XmlStreamException first = assertThrows(XmlStreamException.class, p::next);
        assertEquals(NWF, first.condition());
        assertFalse(p.needsInput());
        ParserHarness.assertUnusable(p, first);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
