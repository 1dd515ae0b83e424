package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tern.core.stanza.StreamErrorCondition;

/** Feeds documents to a parser in chosen chunk sizes and records what comes out. */
final class ParserHarness {
    static final String STREAMS = "http://etherx.jabber.org/streams";
    static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS + "'"
            + " to='example.com' version='1.0' xml:lang='en'>";
    static final XmlStreamParser.Limits DEFAULTS = XmlStreamParser.Limits.defaults();

    /** The events produced before input ran out, and the failure that ended parsing, if any. */
    record Outcome(List<StreamEvent> events, XmlStreamException failure) {
        StreamErrorCondition condition() {
            return failure == null ? null : failure.condition();
        }
    }

    /** How to cut the input: the size of the next chunk given what remains. */
    interface Chunker {
        int next(int remaining);

        static Chunker whole() {
            return remaining -> remaining;
        }

        static Chunker bytes(int size) {
            return remaining -> Math.min(size, remaining);
        }

        static Chunker random(long seed, int max) {
            Random r = new Random(seed);
            return remaining -> Math.min(remaining, 1 + r.nextInt(max));
        }
    }

    private ParserHarness() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static XmlStreamParser stream() {
        return new XmlStreamParser(DEFAULTS, XmlStreamParser.Mode.STREAM);
    }

    static XmlStreamParser framed() {
        return new XmlStreamParser(DEFAULTS, XmlStreamParser.Mode.FRAMED);
    }

    static Outcome run(XmlStreamParser parser, byte[] input, Chunker chunker) {
        List<StreamEvent> events = new ArrayList<>();
        int at = 0;
        try {
            while (at < input.length) {
                int n = chunker.next(input.length - at);
                parser.feed(input, at, n);
                at += n;
                drain(parser, events);
            }
            drain(parser, events);
        } catch (XmlStreamException e) {
            return new Outcome(events, e);
        }
        return new Outcome(events, null);
    }

    static Outcome run(XmlStreamParser.Mode mode, String input, Chunker chunker) {
        return run(new XmlStreamParser(DEFAULTS, mode), utf8(input), chunker);
    }

    static Outcome stream(String input) {
        return run(XmlStreamParser.Mode.STREAM, input, Chunker.whole());
    }

    static void drain(XmlStreamParser parser, List<StreamEvent> into) throws XmlStreamException {
        StreamEvent e;
        while ((e = parser.next()) != null) {
            into.add(e);
        }
    }

    /** Parses whole and byte by byte, asserts both fail with the condition, returns the whole-input failure. */
    static XmlStreamException assertFails(XmlStreamParser.Mode mode, byte[] input, StreamErrorCondition expected) {
        Outcome whole = run(new XmlStreamParser(DEFAULTS, mode), input, Chunker.whole());
        Outcome single = run(new XmlStreamParser(DEFAULTS, mode), input, Chunker.bytes(1));
        Outcome random = run(new XmlStreamParser(DEFAULTS, mode), input, Chunker.random(input.length, 7));
        assertEquals(expected, whole.condition(), () -> "whole input: " + whole);
        assertEquals(expected, single.condition(), () -> "byte by byte: " + single);
        assertEquals(expected, random.condition(), () -> "random chunks: " + random);
        return whole.failure();
    }

    static XmlStreamException assertFails(XmlStreamParser.Mode mode, String input, StreamErrorCondition expected) {
        return assertFails(mode, utf8(input), expected);
    }

    static XmlStreamException assertStreamFails(String input, StreamErrorCondition expected) {
        return assertFails(XmlStreamParser.Mode.STREAM, input, expected);
    }

    /** Asserts the parser stays failed: the same exception again, input ignored. */
    static void assertUnusable(XmlStreamParser parser, XmlStreamException first) {
        XmlStreamException again = assertThrows(XmlStreamException.class, parser::next);
        assertEquals(first.condition(), again.condition());
        parser.feed(utf8("<a/>"), 0, 4);
        assertEquals(first.condition(), assertThrows(XmlStreamException.class, parser::next).condition());
    }

    static StreamEvent.Stanza stanza(Element e) {
        return new StreamEvent.Stanza(e);
    }
}
