package org.tern.bench.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The framer cuts an XMPP stream (RFC 6120 §4.2, §4.3) into header, top-level elements and close. */
class XmlFramerTest {
    private static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
            + "from='localhost' id='x' version='1.0'>";

    private static List<Object> feed(EmbeddedChannel ch, String... chunks) {
        for (String c : chunks) {
            ch.writeInbound(Unpooled.copiedBuffer(c, StandardCharsets.UTF_8));
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        return out;
    }

    @Test
    void headerElementsAndCloseInOneChunk() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmlFramer(1 << 16));
        String features = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>";
        List<Object> out = feed(ch, "<?xml version='1.0'?>" + HEADER + features + " \n<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>");
        assertEquals(4, out.size());
        assertEquals(HEADER, assertInstanceOf(XmlFramer.Header.class, out.get(0)).tag());
        assertEquals(features, out.get(1));
        assertEquals("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", out.get(2));
        assertSame(XmlFramer.CLOSE, out.get(3));
    }

    @Test
    void elementsSplitAnywhereAndQuotedBracketsAreKeptWhole() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmlFramer(1 << 16));
        String msg = "<message from=\"a@localhost/r\" to='b@localhost' id='x>y/'><body>hi &amp; bye</body></message>";
        String all = HEADER + msg + msg;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < all.length(); i += 7) {
            out.addAll(feed(ch, all.substring(i, Math.min(all.length(), i + 7))));
        }
        assertEquals(3, out.size());
        assertEquals(msg, out.get(1));
        assertEquals(msg, out.get(2));
    }

    @Test
    void resetStartsANewStreamAfterRestart() {
        XmlFramer framer = new XmlFramer(1 << 16);
        EmbeddedChannel ch = new EmbeddedChannel(framer);
        feed(ch, HEADER, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>dj1k</success>");
        framer.reset();
        List<Object> out = feed(ch, HEADER + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
        assertEquals(2, out.size());
        assertInstanceOf(XmlFramer.Header.class, out.get(0));
        assertEquals("features", Xml.name((String) out.get(1)));
    }

    @Test
    void attributeHelpersReadBothQuoteStyles() {
        String s = "<iq type=\"result\" id='b1' from='localhost'><bind><jid>u1@localhost/r</jid></bind></iq>";
        assertEquals("result", Xml.attr(s, "type"));
        assertEquals("b1", Xml.attr(s, "id"));
        assertEquals("u1@localhost/r", Xml.text(s, "jid"));
        assertEquals(null, Xml.attr(s, "to"));
        assertEquals("u1@localhost", Xml.bare("u1@localhost/r"));
    }
}
