package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.tern.core.stanza.StreamErrorCondition;

/** The byte-level checks that name a parse error, independent of Aalto's message texts. */
class ParseFailuresTest {

    @Test
    void undeclaredEntityBeforeThePosition() {
        assertTrue(endsWithEntity("<a x='&foo;"));
        assertTrue(endsWithEntity("<a x='&amp;&b\u00e9;"));
        assertFalse(endsWithEntity("<a x='&amp;"));
        assertFalse(endsWithEntity("<a x='&quot;"));
        assertFalse(endsWithEntity("<a x='&#65;"));
        assertFalse(endsWithEntity("<a x='&#x41;"));
        assertFalse(endsWithEntity("<a x='a;"));
        assertFalse(endsWithEntity("<a x='& b;"));
        assertFalse(endsWithEntity("&;"));
        assertFalse(endsWithEntity(";"));
    }

    @Test
    void declaredEncoding() {
        assertEquals("ISO-8859-1", encoding("<?xml version='1.0' encoding='ISO-8859-1'?>"));
        assertEquals("UTF-16", encoding("<?xml version=\"1.0\" encoding = \"UTF-16\" ?><a/>"));
        assertNull(encoding("<?xml version='1.0'?><a encoding='x'/>"));
        assertNull(encoding("<a/>"));
        assertNull(encoding("<?xml version='1.0' encoding='unterminated"));
    }

    @Test
    void classifiesByInputNotByMessage() {
        XMLStreamException opaque = new XMLStreamException("some parser message\n at [row,col]: [1,2]");
        assertEquals(StreamErrorCondition.RESTRICTED_XML, classify("<!DOCTYPE a [<!ENTITY e 'x'>]>", 0, opaque));
        assertEquals(StreamErrorCondition.UNSUPPORTED_ENCODING, classify("<?xml version='1.0' encoding='KOI8-R'?>", 0, opaque));
        assertEquals(StreamErrorCondition.UNSUPPORTED_ENCODING, classify("\u00fe\u00ff", 0, opaque));
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, classify("<?xml version='1.0' encoding='utf-8'?><a", 0, opaque));
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, classify("<!DOCTYPE a>", -1, opaque), "not in the prolog");
        XmlStreamException e = ParseFailures.classify(opaque, buffer("<a></b>"), -1, 7, 7);
        assertEquals("some parser message", e.getMessage());
        assertEquals(opaque, e.getCause());
    }

    private static StreamErrorCondition classify(String input, long documentStart, Throwable error) {
        InputBuffer in = input.chars().allMatch(c -> c < 0x100) && input.indexOf('\u00fe') >= 0
                ? latin1(input) : buffer(input);
        return ParseFailures.classify(error, in, documentStart, in.end(), -1).condition();
    }

    private static boolean endsWithEntity(String s) {
        InputBuffer in = buffer(s);
        return ParseFailures.endsWithUndeclaredEntity(in, in.end());
    }

    private static String encoding(String s) {
        InputBuffer in = buffer(s);
        return ParseFailures.declaredEncoding(in, 0, in.end());
    }

    private static InputBuffer buffer(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        InputBuffer in = new InputBuffer();
        in.append(b, 0, b.length, false);
        return in;
    }

    private static InputBuffer latin1(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        InputBuffer in = new InputBuffer();
        in.append(b, 0, b.length, false);
        return in;
    }
}
