package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.HEADER;
import static org.tern.core.xml.ParserHarness.utf8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tern.core.xml.ParserHarness.Chunker;
import org.tern.core.xml.ParserHarness.Outcome;

/** Byte boundaries are arbitrary: any split of the input gives the same events as the whole. */
class XmlStreamParserChunkingTest {

    /** A stream that exercises multi-byte characters, references, CDATA, namespaces and reader replacement. */
    static String corpus() {
        StringBuilder sb = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>").append(HEADER).append("\n");
        sb.append("<message to='j\u00fcliet@example.com' xml:lang='de'><body>Gr\u00fc\u00dfe \u4e16\u754c \uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD"
                + " &amp;&lt;&gt;&quot;&apos; &#x1F600;&#233;&#10;<![CDATA[ <raw> & \uD834\uDD1E ]]>end</body></message>\n");
        sb.append("<iq type='set' id='a&amp;b'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='n'>"
                + "<item id='1'><entry xmlns='urn:x' xmlns:p='urn:p' p:attr='\u00e9'>\t</entry></item></publish></pubsub></iq> ");
        sb.append("<stream:error><bad xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        sb.append("<presence from='r\u00f6meo@example.net/\uD83D\uDE00' xmlns:\u00e9\u4e2d='urn:e'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item nick='\uD83D\uDC4D\uD83C\uDFFD \u00e9\u4e2d &#x1F600;&amp;&#13;&#10;\r\n\tend'"
                + " \u00e9\u4e2d:k='\u20ac'/></x><\u00e9\u4e2d:tag>\uD83D\uDE00</\u00e9\u4e2d:tag></presence>");
        sb.append("<message><body>").append("long text \u00e9\uD83D\uDE00 ".repeat(2000)).append("</body></message>");
        for (int i = 0; i < 1200; i++) { // enough distinct names to make the parser replace its reader
            sb.append("<presence id='p").append(i).append("'><x").append(i).append(" xmlns='urn:n' a").append(i)
                    .append("='v\uD83D\uDE00'/></presence>");
            if (i % 50 == 0) {
                sb.append("   ");
            }
        }
        sb.append("<message><body>after &#x10FFFF;</body><stream:features/></message>");
        sb.append("</stream:stream>");
        return sb.toString();
    }

    @Test
    void everyChunkingGivesTheSameEvents() {
        byte[] input = utf8(corpus());
        XmlStreamParser parser = ParserHarness.stream();
        Outcome whole = ParserHarness.run(parser, input, Chunker.whole());
        assertNull(whole.failure());
        assertTrue(parser.readersCreated() >= 3, "the reader was replaced after the large stanza and after many names");
        assertEquals(1 + 5 + 1200 + 1 + 1, whole.events().size());
        assertInstanceOf(StreamEvent.Close.class, whole.events().get(whole.events().size() - 1));

        assertEquals(whole, ParserHarness.run(ParserHarness.stream(), input, Chunker.bytes(1)), "byte by byte");
        assertEquals(whole, ParserHarness.run(ParserHarness.stream(), input, Chunker.bytes(2)), "pairs");
        assertEquals(whole, ParserHarness.run(ParserHarness.stream(), input, Chunker.bytes(3)), "triples");
        for (long seed = 1; seed <= 12; seed++) {
            int max = new int[] {4, 17, 100, 1500, 9000, 70000}[(int) (seed % 6)];
            assertEquals(whole, ParserHarness.run(ParserHarness.stream(), input, Chunker.random(seed, max)),
                    "seed " + seed + ", chunks up to " + max);
        }
    }

    @Test
    void everySplitIntoTwoGivesTheSameEvents() {
        byte[] input = utf8(HEADER + "<message xmlns:a='urn:a' a:x='\u00e9&amp;\uD83D\uDE00'><body>\uD83D\uDE00&#x1F600;&lt;"
                + "<![CDATA[]]>]]&gt;</body></message> <presence/></stream:stream>");
        Outcome whole = ParserHarness.run(ParserHarness.stream(), input, Chunker.whole());
        assertNull(whole.failure());
        for (int split = 1; split < input.length; split++) {
            int at = split;
            boolean[] first = {true};
            Outcome two = ParserHarness.run(ParserHarness.stream(), input, remaining -> {
                if (first[0]) {
                    first[0] = false;
                    return at;
                }
                return remaining;
            });
            assertEquals(whole, two, "split at " + split);
        }
    }

    @Test
    void byteBuffersInRandomSlices() throws Exception {
        byte[] input = utf8(corpus());
        Outcome whole = ParserHarness.run(ParserHarness.stream(), input, Chunker.whole());
        XmlStreamParser p = ParserHarness.stream();
        ByteBuffer buffer = ByteBuffer.wrap(input);
        Chunker chunks = Chunker.random(99, 300);
        List<StreamEvent> events = new ArrayList<>();
        while (buffer.hasRemaining()) {
            ByteBuffer slice = buffer.slice();
            slice.limit(chunks.next(buffer.remaining()));
            p.feed(slice);
            assertEquals(slice.limit(), slice.position());
            buffer.position(buffer.position() + slice.limit());
            ParserHarness.drain(p, events);
        }
        assertEquals(whole.events(), events);
    }

    @Test
    void feedingWithoutCallingNextIsFine() throws Exception {
        byte[] input = utf8(corpus());
        Outcome whole = ParserHarness.run(ParserHarness.stream(), input, Chunker.whole());
        XmlStreamParser p = ParserHarness.stream();
        List<StreamEvent> events = new ArrayList<>();
        Chunker chunks = Chunker.random(7, 5000);
        int at = 0;
        int round = 0;
        while (at < input.length) {
            int n = chunks.next(input.length - at);
            p.feed(input, at, n);
            at += n;
            if (round++ % 3 == 0) { // sometimes take one event only, sometimes none
                StreamEvent e = p.next();
                if (e != null) {
                    events.add(e);
                }
            }
        }
        ParserHarness.drain(p, events);
        assertEquals(whole.events(), events);
    }
}
