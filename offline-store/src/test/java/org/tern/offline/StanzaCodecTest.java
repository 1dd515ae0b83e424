package org.tern.offline;

import org.junit.jupiter.api.Test;
import org.tern.core.stanza.Stanza;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StanzaCodecTest {
    @Test
    void roundTripKeepsTextAttributesAndNamespaces() throws Exception {
        String body = "Grüße 日本語 🐦 <b>&amp; \"q\" 'a' ]]>";
        Stanza m = StoreRulesTest.message("chat", "<body>" + body.replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;") + "</body><x xmlns='urn:example' a='1'><y/></x>");
        String text = StanzaCodec.toText(m);
        Stanza back = StanzaCodec.parse(text);
        assertEquals(m.element(), back.element());
        assertEquals(body, back.element().childText("body"));
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, StanzaCodec.size(text));
    }
}
