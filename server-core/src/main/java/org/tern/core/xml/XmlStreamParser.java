package org.tern.core.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.LocationInfo;
import org.tern.core.stanza.StreamErrorCondition;

/**
 * Non-blocking XMPP stream parser on Aalto's async reader, pull model: {@link #feed} bytes as
 * they arrive, then call {@link #next()} until it returns null.
 *
 * <p>Enforces RFC 6120 §11: no DTD, comment, processing instruction (other than the XML
 * declaration) or entity reference beyond the five predefined ones ({@code restricted-xml}),
 * UTF-8 only ({@code unsupported-encoding}), well-formed XML ({@code not-well-formed}), and the
 * {@link Limits} ({@code policy-violation}). Input is handed to Aalto in slices, never more than
 * the current limit allows, so a peer that sends an endless element is cut off as soon as it
 * crosses the limit and memory stays near the limit plus one fed chunk.
 *
 * <p>In STREAM mode the reader is replaced, between stanzas, once it has seen many names or a
 * large stanza: Aalto's per-reader name table grows with every distinct name (and its lookups slow
 * down), and its buffers keep the size of the largest element seen. The new reader is primed with
 * a copy of the stream root's start tag, so namespaces declared there stay in scope.
 *
 * <p>Not thread-safe: one parser per connection, used from its event loop.
 */
public final class XmlStreamParser {

    /**
     * @param maxStanzaBytes largest stanza (STREAM: child of the root; FRAMED: whole document), in bytes
     * @param maxDepth       deepest element nesting, the stanza counting as depth 1
     * @param maxAttributes  most attributes on one element; namespace declarations are limited separately, by the same number
     * @param maxHeaderBytes most bytes before the stream header is complete (STREAM mode)
     */
    public record Limits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxHeaderBytes) {
        public Limits {
            if (maxStanzaBytes < 1 || maxDepth < 1 || maxAttributes < 0 || maxHeaderBytes < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxStanzaBytes + ", " + maxDepth
                        + ", " + maxAttributes + ", " + maxHeaderBytes);
            }
        }

        /** 256 KiB stanzas, depth 64, 64 attributes, 8 KiB header. */
        public static Limits defaults() {
            return new Limits(256 * 1024, 64, 64, 8192);
        }
    }

    public enum Mode {
        /** A TCP XMPP stream: one root element whose children are the stanzas. */
        STREAM,
        /** RFC 7395 WebSocket framing: a sequence of documents, each root element is a stanza. */
        FRAMED
    }

    private static final int EVENT_INCOMPLETE = AsyncXMLStreamReader.EVENT_INCOMPLETE;
    private static final String XML_NS = XMLConstants.XML_NS_URI;
    /** Most bytes handed to Aalto at once. */
    static final int SLICE = 8 * 1024;
    /** Element and attribute names a STREAM reader may see before it is replaced. */
    static final int NAME_BUDGET = 4096;
    /** A stanza at least this large makes the STREAM reader be replaced after it, releasing grown buffers. */
    static final int LARGE_STANZA = 8 * 1024;
    private static final byte[] NO_BYTES = new byte[0];

    private final Limits limits;
    private final Mode mode;
    private final InputBuffer input = new InputBuffer();
    private final TreeBuilder tree = new TreeBuilder();
    private final Utf8Validator utf8 = new Utf8Validator();

    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private AsyncByteArrayFeeder feeder;
    private LocationInfo location;
    /** Stream position up to which bytes have been given to the current reader. */
    private long handed;
    /** Stream position of the first byte of the reader's current slice, and the reader's offset then. */
    private long sliceStart;
    private long sliceOrigin;
    /** Where the current document began. */
    private long documentStart;
    /** Elements open in the current document, the stream root included. */
    private int depth;
    /** Element and attribute names the current reader has seen. */
    private int names;
    private boolean rootOpen;
    private boolean streamClosed;
    private boolean emptyRootPending;
    private byte[] rootStartTag;
    private XmlStreamException failure;
    /** The last next() returned null and nothing was fed or restarted since. */
    private boolean starved;
    private int readersCreated;

    public XmlStreamParser(Limits limits, Mode mode) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * True when every byte fed so far has been consumed and next() would return null (bytes of
     * an incomplete UTF-8 character count as consumed: nothing can be done with them until the
     * rest arrives).
     */
    public boolean needsInput() {
        if (failure != null) {
            return false;
        }
        if (starved) {
            return true;
        }
        if (handed != input.end()) {
            return false;
        }
        if (reader == null) {
            return input.isEmpty();
        }
        return feeder.needMoreInput() && !emptyRootPending;
    }

    /**
     * Copies and appends bytes. May be called at any time; they are handed to Aalto when it needs
     * input. Ignored once the parser has failed.
     */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length > 0 && failure == null) {
            input.append(bytes, offset, length, readerHoldsInput());
            starved = false;
        }
    }

    /** Copies and appends the buffer's remaining bytes, advancing its position to its limit. */
    public void feed(ByteBuffer buffer) {
        if (failure != null) {
            buffer.position(buffer.limit());
        } else if (buffer.hasRemaining()) {
            input.append(buffer, readerHoldsInput());
            starved = false;
        }
    }

    /** The next complete event, or null when more input is needed. After an exception the parser is unusable. */
    public StreamEvent next() throws XmlStreamException {
        if (failure != null) {
            throw failure;
        }
        try {
            StreamEvent event = parse();
            starved = event == null;
            return event;
        } catch (XmlStreamException e) {
            throw fail(e);
        } catch (XMLStreamException e) {
            throw fail(diagnose(e));
        } catch (RuntimeException e) {
            // Aalto wraps some errors unchecked, and has internal errors on some odd input
            Throwable cause = e.getCause() instanceof XMLStreamException x ? x : e;
            throw fail(diagnose(cause));
        }
    }

    /**
     * Stream restart (RFC 6120 §4.3.3, after STARTTLS and SASL success): discards the current
     * document and begins a fresh one whose first bytes are the bytes fed but not yet consumed by
     * the events returned so far.
     */
    public void restart() {
        starved = false;
        dropReader();
        tree.clear();
        depth = 0;
        rootOpen = false;
        streamClosed = false;
        emptyRootPending = false;
        rootStartTag = null;
    }

    /** For tests: how many Aalto readers this parser has created. */
    int readersCreated() {
        return readersCreated;
    }

    /** For tests: whether a reader is currently held. */
    boolean holdsReader() {
        return reader != null;
    }

    /** For tests: the size of the input array. */
    int inputCapacity() {
        return input.capacity();
    }

    private StreamEvent parse() throws XMLStreamException, XmlStreamException {
        for (;;) {
            if (reader == null && !startReader()) {
                return null;
            }
            int event = reader.next();
            switch (event) {
                case EVENT_INCOMPLETE -> {
                    if (!feedSlice()) {
                        releaseIdleBuffer();
                        return null;
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    StreamEvent open = startElement();
                    if (open != null) {
                        return open;
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    StreamEvent done = endElement();
                    if (done != null) {
                        return done;
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters();
                case XMLStreamConstants.START_DOCUMENT -> checkDeclaration();
                case XMLStreamConstants.COMMENT -> throw restricted("comments are not allowed");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw restricted("processing instructions are not allowed");
                case XMLStreamConstants.DTD -> throw restricted("DTDs are not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw restricted("entity references other than the predefined ones are not allowed");
                default -> throw new XmlStreamException(StreamErrorCondition.NOT_WELL_FORMED,
                        "unexpected XML construct (event " + event + ")");
            }
        }
    }

    /** Gives the reader its next slice of input; false when there is none. */
    private boolean feedSlice() throws XMLStreamException, XmlStreamException {
        long available = input.end() - handed;
        if (available <= 0) {
            return false;
        }
        boolean header = mode == Mode.STREAM && !rootOpen && !streamClosed;
        int limit = header ? limits.maxHeaderBytes() : limits.maxStanzaBytes();
        long room = limit - (handed - input.start());
        if (room <= 0) {
            throw new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION, header
                    ? "stream header larger than " + limit + " bytes"
                    : "stanza larger than " + limit + " bytes");
        }
        int n = (int) Math.min(Math.min(available, SLICE), room);
        int from = input.index(handed);
        utf8.reset(); // every slice starts on a character boundary
        int invalid = utf8.scan(input.array(), from, from + n);
        // hand over whole characters only; before an invalid sequence, the valid ones first
        int whole = (invalid >= 0 ? invalid - from : n) - utf8.incompleteTail();
        if (whole == 0) {
            if (invalid >= 0) {
                throw invalidUtf8();
            }
            if (n == room && n < available) { // the next character does not fit in the limit
                throw new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION, header
                        ? "stream header larger than " + limit + " bytes"
                        : "stanza larger than " + limit + " bytes");
            }
            return false; // only part of a character has arrived
        }
        n = whole;
        feeder.feedInput(input.array(), from, n);
        markSlice(handed);
        handed += n;
        return true;
    }

    /** Creates a reader for the retained input, lazily: false when there is nothing to parse yet. */
    private boolean startReader() throws XMLStreamException {
        if (rootOpen) {
            if (input.isEmpty()) {
                return false;
            }
            newReader();
            resumeInsideRoot();
            return true;
        }
        long p = input.start();
        while (p < input.end() && ParseFailures.isSpace(input.byteAt(p))) {
            p++;
        }
        input.consumeTo(p);
        if (input.isEmpty()) {
            input.releaseIfEmpty();
            return false;
        }
        newReader();
        markSlice(handed);
        documentStart = input.start();
        depth = 0;
        return true;
    }

    private void newReader() {
        reader = AaltoReaders.create();
        readersCreated++;
        feeder = reader.getInputFeeder();
        location = reader.getLocationInfo();
        handed = input.start();
        names = 0;
    }

    /** Primes a fresh reader with the stream root's start tag, so it continues at depth 1. */
    private void resumeInsideRoot() throws XMLStreamException {
        feeder.feedInput(rootStartTag, 0, rootStartTag.length);
        int event;
        do {
            event = reader.next();
        } while (event == XMLStreamConstants.START_DOCUMENT);
        if (event != XMLStreamConstants.START_ELEMENT || !feeder.needMoreInput()) {
            throw new IllegalStateException("stream root replay failed (event " + event + ")");
        }
        markSlice(handed);
    }

    private void dropReader() {
        reader = null;
        feeder = null;
        location = null;
        handed = input.start();
    }

    private StreamEvent startElement() throws XmlStreamException, XMLStreamException {
        depth++;
        int attributes = reader.getAttributeCount();
        names += 1 + attributes;
        if (attributes > limits.maxAttributes()) {
            throw policy("more than " + limits.maxAttributes() + " attributes on <" + reader.getLocalName() + ">");
        }
        if (reader.getNamespaceCount() > limits.maxAttributes()) {
            throw policy("more than " + limits.maxAttributes() + " namespace declarations on <"
                    + reader.getLocalName() + ">");
        }
        if (mode == Mode.STREAM && depth == 1) {
            return openStream();
        }
        int level = mode == Mode.STREAM ? depth - 1 : depth;
        if (level > limits.maxDepth()) {
            throw policy("elements nested deeper than " + limits.maxDepth());
        }
        Element.Builder element = Element.builder(reader.getLocalName(), orEmpty(reader.getNamespaceURI()));
        for (int i = 0; i < attributes; i++) {
            element.attr(attributeKey(i), reader.getAttributeValue(i));
        }
        tree.push(element);
        return null;
    }

    private StreamEvent openStream() throws XMLStreamException, XmlStreamException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            attributes.put(attributeKey(i), reader.getAttributeValue(i));
        }
        Map<String, String> declarations = new LinkedHashMap<>();
        for (int i = 0, n = reader.getNamespaceCount(); i < n; i++) {
            declarations.put(orEmpty(reader.getNamespacePrefix(i)), orEmpty(reader.getNamespaceURI(i)));
        }
        if (position() - documentStart > limits.maxHeaderBytes()) {
            throw policy("stream header larger than " + limits.maxHeaderBytes() + " bytes");
        }
        rootStartTag = startTag(reader.getPrefix(), reader.getLocalName(), declarations);
        rootOpen = true;
        emptyRootPending = reader.isEmptyElement();
        consume();
        return new StreamEvent.Open(reader.getLocalName(), orEmpty(reader.getNamespaceURI()), attributes, declarations);
    }

    private StreamEvent endElement() throws XMLStreamException, XmlStreamException {
        depth--;
        if (mode == Mode.STREAM && depth == 0) {
            rootOpen = false;
            streamClosed = true;
            emptyRootPending = false;
            consume();
            return new StreamEvent.Close();
        }
        Element element = tree.pop();
        if (!tree.isEmpty()) {
            return null;
        }
        long end = position();
        long size = end - input.start();
        if (size > limits.maxStanzaBytes()) { // parsed within a slice given before the stanza began
            throw policy("stanza larger than " + limits.maxStanzaBytes() + " bytes");
        }
        input.consumeTo(end);
        if (mode == Mode.FRAMED) {
            dropReader(); // what follows the root is the next document
        } else if (names > NAME_BUDGET || size >= LARGE_STANZA) {
            dropReader();
        }
        return new StreamEvent.Stanza(element);
    }

    private void characters() throws XMLStreamException {
        if (!tree.isEmpty()) {
            tree.text(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
        } else if (rootOpen || streamClosed) {
            consume(); // between stanzas, or after the stream: whitespace keepalives, dropped
        }
    }

    private void checkDeclaration() throws XmlStreamException {
        String version = reader.getVersion();
        if (version != null && !version.equals("1.0")) {
            throw new XmlStreamException(StreamErrorCondition.NOT_WELL_FORMED,
                    "XML version " + version + " is not supported, only 1.0");
        }
        String encoding = reader.getCharacterEncodingScheme();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            throw new XmlStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "encoding '" + encoding + "' is not supported, only UTF-8");
        }
    }

    /** Records that the reader's next byte is the one at this stream position. */
    private void markSlice(long streamPosition) throws XMLStreamException {
        sliceStart = streamPosition;
        // Aalto's offsets count from the start of the array it was fed, not of the slice
        // (1.3.3), so positions are taken as differences from the offset at the slice start.
        sliceOrigin = location.getEndingByteOffset();
    }

    /** The stream position the reader has reached. */
    private long position() throws XMLStreamException {
        return sliceStart + (location.getEndingByteOffset() - sliceOrigin);
    }

    /** Marks everything up to the reader's position as consumed by the event just handled. */
    private void consume() throws XMLStreamException {
        input.consumeTo(position());
    }

    /** Gives back a large input array once all input is consumed (and points the reader away from it). */
    private void releaseIdleBuffer() throws XMLStreamException {
        if (input.releaseIfEmpty() && feeder != null && feeder.needMoreInput()) {
            feeder.feedInput(NO_BYTES, 0, 0);
            markSlice(handed);
        }
    }

    private boolean readerHoldsInput() {
        return feeder != null && !feeder.needMoreInput();
    }

    private String attributeKey(int i) {
        String local = reader.getAttributeLocalName(i);
        String ns = reader.getAttributeNamespace(i);
        if (ns == null || ns.isEmpty()) {
            return local;
        }
        if (ns.equals(XML_NS)) {
            return local.equals("lang") ? "xml:lang" : "xml:" + local;
        }
        return "{" + ns + "}" + local;
    }

    private XmlStreamException invalidUtf8() {
        return diagnose(new XMLStreamException("invalid UTF-8 byte sequence"));
    }

    private XmlStreamException diagnose(Throwable error) {
        long errorAt;
        try {
            errorAt = location == null ? -1 : position();
        } catch (XMLStreamException | RuntimeException e) {
            errorAt = -1;
        }
        boolean prolog = depth == 0 && !rootOpen && !streamClosed;
        return ParseFailures.classify(error, input, prolog ? documentStart : -1, handed, errorAt);
    }

    private XmlStreamException fail(XmlStreamException e) {
        failure = e;
        reader = null;
        feeder = null;
        location = null;
        tree.clear();
        input.clear();
        return e;
    }

    private static XmlStreamException restricted(String text) {
        return new XmlStreamException(StreamErrorCondition.RESTRICTED_XML, text);
    }

    private static XmlStreamException policy(String text) {
        return new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION, text);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** {@code <prefix:local xmlns...='...'>} with the root's declarations, to prime a replacement reader. */
    private static byte[] startTag(String prefix, String local, Map<String, String> declarations) {
        StringBuilder sb = new StringBuilder(128).append('<');
        if (prefix != null && !prefix.isEmpty()) {
            sb.append(prefix).append(':');
        }
        sb.append(local);
        for (Map.Entry<String, String> d : declarations.entrySet()) {
            sb.append(" xmlns");
            if (!d.getKey().isEmpty()) {
                sb.append(':').append(d.getKey());
            }
            sb.append("=\"");
            XmlWriter.escapeAttr(d.getValue(), sb);
            sb.append('"');
        }
        return sb.append('>').toString().getBytes(StandardCharsets.UTF_8);
    }
}
