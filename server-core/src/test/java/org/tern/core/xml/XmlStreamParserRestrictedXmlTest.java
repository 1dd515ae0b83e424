package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.HEADER;
import static org.tern.core.xml.ParserHarness.assertStreamFails;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tern.core.stanza.StreamErrorCondition;

/** RFC 6120 §11.1 restrictions and §11.6 encoding: restricted-xml and unsupported-encoding. */
class XmlStreamParserRestrictedXmlTest {
    private static final StreamErrorCondition RESTRICTED = StreamErrorCondition.RESTRICTED_XML;
    private static final StreamErrorCondition ENCODING = StreamErrorCondition.UNSUPPORTED_ENCODING;

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        String laughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>"
                + "<!ENTITY lol9 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>]>"
                + HEADER + "<message><body>&lol9;</body></message>";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            ParserHarness.Outcome out = ParserHarness.stream(laughs);
            assertEquals(RESTRICTED, out.condition());
            assertTrue(out.events().isEmpty(), "nothing is parsed past the DTD");
        });
        assertStreamFails(laughs, RESTRICTED);
    }

    @Test
    void doctypeInAnyFormIsRefused() {
        assertStreamFails("<!DOCTYPE stream:stream>" + HEADER, RESTRICTED);
        assertStreamFails("<!DOCTYPE stream:stream[]>" + HEADER, RESTRICTED);
        assertStreamFails("<!DOCTYPE stream:stream [<!ELEMENT x ANY>]>" + HEADER, RESTRICTED);
        assertStreamFails("<!DOCTYPE stream:stream SYSTEM 'urn:x' [<!ENTITY e 'v'>]>" + HEADER, RESTRICTED);
        assertStreamFails("<!DOCTYPE stream:stream PUBLIC '-//x//y' 'urn:x'>" + HEADER, RESTRICTED);
        assertStreamFails("<?xml version='1.0'?>\n<!DOCTYPE stream:stream>" + HEADER, RESTRICTED);
    }

    @Test
    void externalEntityIsNeverOpened(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String dtdUrl = "http://127.0.0.1:" + listener.getLocalPort() + "/evil.dtd";
            String[] attacks = {
                "<!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM '" + secret.toUri() + "'>]>" + HEADER
                        + "<message><body>&xxe;</body></message>",
                "<!DOCTYPE stream:stream SYSTEM '" + dtdUrl + "'>" + HEADER + "<message><body>&xxe;</body></message>",
                "<!DOCTYPE stream:stream [<!ENTITY % ext SYSTEM '" + dtdUrl + "'> %ext;]>" + HEADER,
                "<!DOCTYPE stream:stream SYSTEM 'x' [<!ENTITY xxe SYSTEM '" + dtdUrl + "'>]>" + HEADER
                        + "<message to='&xxe;'/>",
            };
            for (String attack : attacks) {
                ParserHarness.Outcome out = ParserHarness.stream(attack);
                assertEquals(RESTRICTED, out.condition(), attack);
                assertTrue(out.events().isEmpty(), attack);
                assertStreamFails(attack, RESTRICTED);
            }
            listener.setSoTimeout(300);
            assertTrue(noConnection(listener), "the parser fetched the external DTD or entity");
        }
    }

    @Test
    void undeclaredEntityInTextIsRefused() {
        assertStreamFails(HEADER + "<message><body>&foo;</body></message>", RESTRICTED);
        assertStreamFails(HEADER + "<message><body>a&nbsp;b</body></message>", RESTRICTED);
        assertStreamFails(HEADER + "<message><body>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&xxe;</body></message>", RESTRICTED);
        assertStreamFails(HEADER + "&foo;", RESTRICTED);
    }

    @Test
    void undeclaredEntityInAttributeIsRefused() {
        assertStreamFails(HEADER + "<message to='&foo;'/>", RESTRICTED);
        assertStreamFails(HEADER + "<message to='a&amp;b&copy;'/>", RESTRICTED);
        assertStreamFails(HEADER + "<message><x xmlns='urn:x' v=\"&xxe;\"/></message>", RESTRICTED);
        assertStreamFails("<stream:stream xmlns='jabber:client' xmlns:stream='" + ParserHarness.STREAMS
                + "' to='&host;'>", RESTRICTED);
    }

    @Test
    void predefinedAndCharacterReferencesAreNotRestricted() {
        ParserHarness.Outcome out = ParserHarness.stream(HEADER
                + "<message to='&amp;&lt;&gt;&quot;&apos;&#38;&#x26;'><body>&amp;&#38;</body></message>");
        assertNull(out.failure());
        Element m = ((StreamEvent.Stanza) out.events().get(1)).element();
        assertEquals("&<>\"'&&", m.attr("to"));
        assertEquals("&&", m.childText("body"));
    }

    @Test
    void commentsAreRefusedEverywhere() {
        assertStreamFails("<!-- hello -->" + HEADER, RESTRICTED);
        assertStreamFails(HEADER + "<!-- between stanzas -->", RESTRICTED);
        assertStreamFails(HEADER + "<message><!-- inside --></message>", RESTRICTED);
        assertStreamFails(HEADER + "<message><body>a<!---->b</body></message>", RESTRICTED);
    }

    @Test
    void processingInstructionsAreRefused() {
        assertStreamFails("<?php echo 1; ?>" + HEADER, RESTRICTED);
        assertStreamFails("<?xml version='1.0'?><?xml-stylesheet href='a'?>" + HEADER, RESTRICTED);
        assertStreamFails(HEADER + "<?pi data?>", RESTRICTED);
        assertStreamFails(HEADER + "<message><?pi?></message>", RESTRICTED);
    }

    @Test
    void otherEncodingsAreUnsupported() {
        assertStreamFails("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER, ENCODING);
        assertStreamFails("<?xml version='1.0' encoding='US-ASCII'?>" + HEADER, ENCODING);
        assertStreamFails("<?xml version='1.0' encoding='UTF-16'?>" + HEADER, ENCODING);
        assertStreamFails("<?xml version='1.0' encoding=\"windows-1252\"?>" + HEADER, ENCODING);
        assertStreamFails("<?xml version='1.0' encoding='EBCDIC-CP-US'?>" + HEADER, ENCODING);
    }

    @Test
    void utf16InputIsUnsupported() {
        HexFormat hex = HexFormat.of();
        byte[] bigEndianBom = hex.parseHex("feff003c003f0078006d006c");
        byte[] littleEndianBom = hex.parseHex("fffe3c003f0078006d006c00");
        byte[] noBom = hex.parseHex("003c00730074007200650061006d");
        ParserHarness.assertFails(XmlStreamParser.Mode.STREAM, bigEndianBom, ENCODING);
        ParserHarness.assertFails(XmlStreamParser.Mode.STREAM, littleEndianBom, ENCODING);
        ParserHarness.assertFails(XmlStreamParser.Mode.STREAM, noBom, ENCODING);
    }

    private static boolean noConnection(ServerSocket listener) throws IOException {
        try {
            listener.accept().close();
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }
}
