package org.tern.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamParser;
import org.tern.core.xml.XmlWriter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The per-message hot path of the server, without the network: bytes of a chat message → parser
 * (Aalto async, limits) → Stanza (JID parsing) → addressing as the router does (from stamped,
 * to kept) → XmlWriter → UTF-8 bytes for the recipient.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StanzaPathBenchmark {
    private static final byte[] HEADER = ("<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>").getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE = ("<message to='bob@localhost' type='chat' id='m123456'>"
            + "<body>s=1;mt=123456789012345</body></message>").getBytes(StandardCharsets.UTF_8);

    private XmlStreamParser parser;
    private Jid sender;
    private int count;

    @Setup(Level.Iteration)
    public void open() throws Exception {
        parser = new XmlStreamParser(XmlStreamParser.Limits.defaults(), XmlStreamParser.Mode.STREAM);
        parser.feed(HEADER, 0, HEADER.length);
        if (!(parser.next() instanceof StreamEvent.Open)) {
            throw new IllegalStateException("no stream header");
        }
        sender = Jid.parse("alice@localhost/phone");
        count = 0;
    }

    /** Parse only: bytes to an element. */
    @Benchmark
    public Object parse() throws Exception {
        parser.feed(MESSAGE, 0, MESSAGE.length);
        return ((StreamEvent.Stanza) parser.next()).element();
    }

    /** Parse, stanza with JIDs, stamp the sender, serialise for the recipient. */
    @Benchmark
    public byte[] parseRouteSerialise() throws Exception {
        parser.feed(MESSAGE, 0, MESSAGE.length);
        StreamEvent.Stanza e = (StreamEvent.Stanza) parser.next();
        Stanza s = Stanza.of(e.element()).withFrom(sender);
        String xml = XmlWriter.toString(s.element(), Namespaces.CLIENT);
        if (++count == 100_000) {
            parser.restart(); // a long stream; keeps Aalto's per-reader state like a server's bounded
            parser.feed(HEADER, 0, HEADER.length);
            parser.next();
            count = 0;
        }
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
