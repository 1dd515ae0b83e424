package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.xml.ParserHarness.HEADER;
import static org.tern.core.xml.ParserHarness.utf8;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.ParserHarness.Chunker;
import org.tern.core.xml.ParserHarness.Outcome;
import org.tern.core.xml.XmlStreamParser.Limits;
import org.tern.core.xml.XmlStreamParser.Mode;

/** Limits: stanza size, header size, depth, attributes, and memory between stanzas. */
class XmlStreamParserLimitsTest {
    private static final StreamErrorCondition POLICY = StreamErrorCondition.POLICY_VIOLATION;
    private static final List<Chunker> CHUNKINGS = List.of(Chunker.whole(), Chunker.bytes(1), Chunker.random(11, 64));

    @Test
    void defaults() {
        assertEquals(new Limits(256 * 1024, 64, 64, 8192), Limits.defaults());
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1, 1, 1));
    }

    @Test
    void stanzaOfExactlyTheLimitPassesOneMoreByteDoesNot() {
        Limits limits = new Limits(100, 8, 8, 8192);
        String fits = message(100);
        String tooBig = message(101);
        for (Chunker c : CHUNKINGS) {
            Outcome ok = run(limits, HEADER + "  " + fits + "\n" + fits, c);
            assertNull(ok.failure());
            assertEquals(3, ok.events().size());
            Outcome out = run(limits, HEADER + fits + " " + tooBig, c);
            assertEquals(POLICY, out.condition());
            assertEquals(2, out.events().size(), "the stanza before is delivered");
        }
    }

    @Test
    void theLimitIsPerStanzaNotPerFeed() {
        Limits limits = new Limits(100, 8, 8, 8192);
        Outcome out = run(limits, HEADER + message(100).repeat(50), Chunker.whole());
        assertNull(out.failure());
        assertEquals(51, out.events().size());
    }

    @Test
    void anEndlessElementIsCutOffAtTheLimitWithBoundedMemory() throws Exception {
        Limits limits = new Limits(64 * 1024, 8, 8, 8192);
        for (String opening : List.of("<message><body>", "<message to='", "<message><!-- ", "<message><![CDATA[")) {
            XmlStreamParser p = new XmlStreamParser(limits, Mode.STREAM);
            feed(p, HEADER + "<presence/>" + opening);
            assertInstanceOf(StreamEvent.Open.class, p.next());
            assertInstanceOf(StreamEvent.Stanza.class, p.next());
            byte[] chunk = utf8("a".repeat(1000));
            long stanzaBytes = opening.length();
            XmlStreamException cut = null;
            while (cut == null && stanzaBytes < 10_000_000) {
                p.feed(chunk, 0, chunk.length);
                stanzaBytes += chunk.length;
                try {
                    assertNull(p.next());
                } catch (XmlStreamException e) {
                    cut = e;
                }
                assertTrue(p.inputCapacity() <= 2 * (limits.maxStanzaBytes() + chunk.length), "input buffer grows with the limit only");
            }
            assertTrue(cut != null, opening);
            assertEquals(POLICY, cut.condition(), opening);
            assertTrue(stanzaBytes > limits.maxStanzaBytes() && stanzaBytes <= limits.maxStanzaBytes() + chunk.length,
                    "cut off in the first chunk beyond the limit, at " + stanzaBytes);
        }
    }

    @Test
    void headerLimit() {
        Limits limits = new Limits(1000, 8, 8, 200);
        String start = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='" + ParserHarness.STREAMS + "' to='";
        String end = "'>";
        String fits = start + "x".repeat(200 - start.length() - end.length()) + end;
        assertEquals(200, fits.length());
        String tooBig = start + "x".repeat(201 - start.length() - end.length()) + end;
        for (Chunker c : CHUNKINGS) {
            Outcome ok = run(limits, fits + message(1000), c);
            assertNull(ok.failure());
            assertEquals(2, ok.events().size());
            assertEquals(POLICY, run(limits, tooBig, c).condition());
        }
        XmlStreamParser endless = new XmlStreamParser(limits, Mode.STREAM);
        feed(endless, "<stream:stream to='" + "x".repeat(5000));
        assertEquals(POLICY, assertThrows(XmlStreamException.class, endless::next).condition());
    }

    @Test
    void whitespaceKeepalivesAreAcceptedIndefinitely() throws Exception {
        XmlStreamParser p = ParserHarness.stream();
        feed(p, HEADER);
        assertInstanceOf(StreamEvent.Open.class, p.next());
        byte[] space = {' '};
        byte[] newline = {'\n'};
        for (int i = 0; i < 300_000; i++) {
            p.feed(i % 2 == 0 ? space : newline, 0, 1);
            assertNull(p.next());
        }
        assertTrue(p.inputCapacity() <= InputBuffer.MIN_CAPACITY, "capacity " + p.inputCapacity());
        feed(p, "<presence/>");
        assertInstanceOf(StreamEvent.Stanza.class, p.next());
    }

    @Test
    void aHugeRunOfWhitespaceOrStrayTextBetweenStanzasIsDroppedNotAccumulated() throws Exception {
        Limits limits = new Limits(1000, 8, 8, 1000);
        for (String filler : List.of(" \t\r\n", "text")) {
            XmlStreamParser p = new XmlStreamParser(limits, Mode.STREAM);
            feed(p, HEADER);
            assertInstanceOf(StreamEvent.Open.class, p.next());
            feed(p, filler.repeat(500_000)); // 2 MB in one chunk, far beyond the stanza limit
            assertNull(p.next());
            assertTrue(p.inputCapacity() <= InputBuffer.RETAIN_CAPACITY, "the big chunk is released");
            feed(p, "<presence/>");
            assertInstanceOf(StreamEvent.Stanza.class, p.next(), filler);
        }
    }

    @Test
    void depthLimitCountsTheStanzaAsOne() {
        Limits limits = new Limits(1000, 3, 8, 1000);
        for (Chunker c : CHUNKINGS) {
            Outcome ok = run(limits, HEADER + "<a><b><c/></b></a>", c);
            assertNull(ok.failure());
            assertEquals(2, ok.events().size());
            assertEquals(POLICY, run(limits, HEADER + "<a><b><c><d/></c></b></a>", c).condition());
        }
        StringBuilder deep = new StringBuilder(HEADER);
        for (int i = 0; i < 100_000; i++) {
            deep.append("<a>");
        }
        assertEquals(POLICY, run(Limits.defaults(), deep.toString(), Chunker.whole()).condition());
    }

    @Test
    void attributeLimit() {
        Limits limits = new Limits(1000, 8, 2, 1000);
        String header = "<stream:stream xmlns='jabber:client' xmlns:stream='" + ParserHarness.STREAMS + "' to='x'>";
        for (Chunker c : CHUNKINGS) {
            assertNull(run(limits, header + "<a x='1' y='2'/>", c).failure());
            assertEquals(POLICY, run(limits, header + "<a x='1' y='2' z='3'/>", c).condition());
            assertEquals(POLICY, run(limits, header + "<a><b x='1' y='2' z='3'/></a>", c).condition());
            assertNull(run(limits, header + "<a xmlns:p='u' xmlns:q='v' p:x='1' q:y='2'/>", c).failure());
            assertEquals(POLICY, run(limits, header + "<a xmlns:p='u' xmlns:q='v' xmlns:r='w'/>", c).condition(),
                    "namespace declarations are limited too");
            assertEquals(POLICY, run(limits, header.replace("to='x'", "a='1' b='2' c='3'"), c).condition());
        }
    }

    @Test
    void largeStanzasWithinDefaultLimitsPass() {
        String big = "<message><body>" + "\u00e9\uD83D\uDE00 text ".repeat(20_000) + "</body></message>";
        assertTrue(utf8(big).length > 200_000 && utf8(big).length < Limits.defaults().maxStanzaBytes());
        Outcome whole = run(Limits.defaults(), HEADER + big + big, Chunker.whole());
        assertNull(whole.failure());
        assertEquals(3, whole.events().size());
        assertEquals(whole, run(Limits.defaults(), HEADER + big + big, Chunker.random(1, 3000)));
    }

    private static String message(int totalBytes) {
        String start = "<message><body>";
        String end = "</body></message>";
        String m = start + "x".repeat(totalBytes - start.length() - end.length()) + end;
        assertEquals(totalBytes, utf8(m).length);
        return m;
    }

    private static Outcome run(Limits limits, String input, Chunker chunker) {
        return ParserHarness.run(new XmlStreamParser(limits, Mode.STREAM), utf8(input), chunker);
    }

    private static void feed(XmlStreamParser p, String s) {
        byte[] b = utf8(s);
        p.feed(b, 0, b.length);
    }
}
