package org.tern.core.xml;

import java.nio.charset.StandardCharsets;
import org.tern.core.stanza.StreamErrorCondition;

/**
 * Turns Aalto's parse errors into stream errors. Aalto reports every problem as a generic
 * well-formedness exception, so the conditions that need a more specific name (a DTD, an undeclared
 * entity in an attribute value, a foreign encoding) are recognised from the input bytes around
 * the failure, not from Aalto's message texts. Runs only on the error path.
 */
final class ParseFailures {
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XML_DECL = "<?xml".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCODING = "encoding".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ENTITY_NAME = 64;
    private static final int MAX_TEXT = 160;

    private ParseFailures() {
    }

    /**
     * Classifies a parse error.
     *
     * @param in            the retained input
     * @param documentStart where the current document began, or -1 when its root has already started
     * @param parsedEnd     the end of the bytes the reader has been given
     * @param errorPosition where the reader stopped, or -1 when unknown
     */
    static XmlStreamException classify(Throwable error, InputBuffer in, long documentStart, long parsedEnd,
                                       long errorPosition) {
        if (documentStart >= 0 && documentStart >= in.start()) {
            if (looksLikeUtf16(in, documentStart)) {
                return new XmlStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                        "the stream is not UTF-8 (UTF-16 detected)", error);
            }
            String encoding = declaredEncoding(in, documentStart, parsedEnd);
            if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
                return new XmlStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                        "encoding '" + encoding + "' is not supported, only UTF-8", error);
            }
            if (in.contains(DOCTYPE, documentStart, parsedEnd)) {
                return new XmlStreamException(StreamErrorCondition.RESTRICTED_XML, "DTDs are not allowed", error);
            }
        }
        if (errorPosition >= 0 && endsWithUndeclaredEntity(in, errorPosition)) {
            return new XmlStreamException(StreamErrorCondition.RESTRICTED_XML,
                    "entity references other than the predefined ones are not allowed", error);
        }
        return new XmlStreamException(StreamErrorCondition.NOT_WELL_FORMED, summary(error), error);
    }

    /** True when the bytes just before {@code position} are {@code &name;} with a name that is not predefined. */
    static boolean endsWithUndeclaredEntity(InputBuffer in, long position) {
        if (position - 3 < in.start() || position > in.end() || in.byteAt(position - 1) != ';') {
            return false;
        }
        long floor = Math.max(in.start(), position - 2 - MAX_ENTITY_NAME);
        for (long p = position - 2; p >= floor; p--) {
            int b = in.byteAt(p);
            if (b == '&') {
                int length = (int) (position - 1 - (p + 1));
                return length > 0 && in.byteAt(p + 1) != '#' && !isPredefined(in, p + 1, length);
            }
            if (b <= ' ' || b == '<' || b == '>' || b == ';' || b == '"' || b == '\'' || b == '=') {
                return false;
            }
        }
        return false;
    }

    private static boolean isPredefined(InputBuffer in, long from, int length) {
        return matches(in, from, length, "amp") || matches(in, from, length, "lt") || matches(in, from, length, "gt")
                || matches(in, from, length, "quot") || matches(in, from, length, "apos");
    }

    private static boolean matches(InputBuffer in, long from, int length, String name) {
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in.byteAt(from + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * UTF-16 or UTF-32 input: a first byte that UTF-8 XML never starts with (0xFE, 0xFF: byte order
     * marks; 0x00), or '<' followed by 0x00.
     */
    static boolean looksLikeUtf16(InputBuffer in, long documentStart) {
        if (in.end() - documentStart < 1) {
            return false;
        }
        int b0 = in.byteAt(documentStart);
        if (b0 == 0xFE || b0 == 0xFF || b0 == 0) {
            return true;
        }
        return b0 == '<' && in.end() - documentStart >= 2 && in.byteAt(documentStart + 1) == 0;
    }

    /** The encoding named by an XML declaration at the document start, or null. */
    static String declaredEncoding(InputBuffer in, long documentStart, long end) {
        long limit = Math.min(end, in.end());
        if (limit - documentStart < XML_DECL.length || !startsWith(in, documentStart, XML_DECL)) {
            return null;
        }
        for (long p = documentStart + XML_DECL.length; p + ENCODING.length < limit; p++) {
            int b = in.byteAt(p);
            if (b == '>') {
                return null;
            }
            if (b == 'e' && startsWith(in, p, ENCODING)) {
                long q = p + ENCODING.length;
                while (q < limit && isSpace(in.byteAt(q))) {
                    q++;
                }
                if (q >= limit || in.byteAt(q) != '=') {
                    return null;
                }
                q++;
                while (q < limit && isSpace(in.byteAt(q))) {
                    q++;
                }
                if (q >= limit) {
                    return null;
                }
                int quote = in.byteAt(q);
                if (quote != '"' && quote != '\'') {
                    return null;
                }
                StringBuilder name = new StringBuilder();
                for (long r = q + 1; r < limit && name.length() <= 40; r++) {
                    int c = in.byteAt(r);
                    if (c == quote) {
                        return name.toString();
                    }
                    if (c < 0x21 || c > 0x7E) {
                        break;
                    }
                    name.append((char) c);
                }
                return null;
            }
        }
        return null;
    }

    private static boolean startsWith(InputBuffer in, long from, byte[] pattern) {
        if (in.end() - from < pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (in.byteAt(from + i) != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The first line of a parser message (Aalto appends a location, which is not useful to the peer), shortened. */
    static String summary(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return "malformed XML";
        }
        int newline = message.indexOf('\n');
        String line = (newline >= 0 ? message.substring(0, newline) : message).strip();
        if (line.length() > MAX_TEXT) {
            line = line.substring(0, MAX_TEXT) + "...";
        }
        return line.isEmpty() ? "malformed XML" : line;
    }
}
