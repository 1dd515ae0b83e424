package org.tern.core.xml;

import java.util.Map;

/**
 * Serialises elements to XML text, escaping character data and attribute values.
 *
 * <p>Elements in the streams namespace are written with the {@code stream:} prefix, as every
 * client expects. A default namespace is declared only where it differs from the enclosing one,
 * so a stanza written inside a {@code jabber:client} stream carries no redundant xmlns.
 */
public final class XmlWriter {
    public static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

    private XmlWriter() {
    }

    /**
     * @param enclosingNamespace the default namespace in scope where the element is written, or
     *                           null for a standalone fragment (the stream prefix is then declared too)
     */
    public static String toString(Element e, String enclosingNamespace) {
        StringBuilder sb = new StringBuilder(128);
        write(e, enclosingNamespace, enclosingNamespace != null, sb);
        return sb.toString();
    }

    public static void write(Element e, String enclosingNamespace, boolean streamPrefixInScope, StringBuilder out) {
        if (e.isShared()) {
            String memo = e.memo(enclosingNamespace, streamPrefixInScope);
            if (memo == null) {
                StringBuilder sb = new StringBuilder(128);
                writeElement(e, enclosingNamespace, streamPrefixInScope, sb);
                memo = sb.toString();
                e.memo(enclosingNamespace, streamPrefixInScope, memo);
            }
            out.append(memo);
            return;
        }
        writeElement(e, enclosingNamespace, streamPrefixInScope, out);
    }

    private static void writeElement(Element e, String enclosingNamespace, boolean streamPrefixInScope, StringBuilder out) {
        boolean streamElement = STREAMS_NS.equals(e.namespace());
        String childDefault = enclosingNamespace;
        out.append('<');
        if (streamElement) {
            out.append("stream:").append(e.name());
            if (!streamPrefixInScope) {
                out.append(" xmlns:stream=\"").append(STREAMS_NS).append('"');
            }
        } else {
            out.append(e.name());
            if (!e.namespace().equals(enclosingNamespace)) {
                out.append(" xmlns=\"");
                escapeAttr(e.namespace(), out);
                out.append('"');
                childDefault = e.namespace();
            }
        }
        int prefixes = 0;
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            String key = a.getKey();
            if (key.startsWith("{")) {
                int close = key.indexOf('}');
                String uri = key.substring(1, close);
                String local = key.substring(close + 1);
                if (XML_NS.equals(uri)) { // tolerated spelling of xml:local
                    out.append(" xml:").append(local).append("=\"");
                } else {
                    String prefix = "ns" + (++prefixes);
                    out.append(" xmlns:").append(prefix).append("=\"");
                    escapeAttr(uri, out);
                    out.append("\" ").append(prefix).append(':').append(local).append("=\"");
                }
            } else {
                out.append(' ').append(key).append("=\"");
            }
            escapeAttr(a.getValue(), out);
            out.append('"');
        }
        if (e.children().isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        boolean prefixInScope = streamPrefixInScope || streamElement;
        for (Node n : e.children()) {
            if (n instanceof Element c) {
                write(c, childDefault, prefixInScope, out);
            } else {
                escapeText(((Text) n).value(), out);
            }
        }
        out.append("</");
        if (streamElement) {
            out.append("stream:");
        }
        out.append(e.name()).append('>');
    }

    public static void escapeText(String s, StringBuilder out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                case '\n', '\t' -> out.append(c);
                default -> i = appendChecked(s, i, c, out);
            }
        }
    }

    public static void escapeAttr(String s, StringBuilder out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> i = appendChecked(s, i, c, out);
            }
        }
    }

    /**
     * Appends a character that needs no escaping if XML 1.0 allows it (§2.2); a control character,
     * U+FFFE/U+FFFF or a lone surrogate, which no escape can express, becomes U+FFFD, so that text
     * the server built itself can never make its output not well-formed. Returns the index of the
     * last char consumed (a surrogate pair takes two).
     */
    private static int appendChecked(String s, int i, char c, StringBuilder out) {
        if (c >= 0x20 && c < 0xD800) {
            out.append(c);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(i + 1));
            return i + 1;
        } else if (c >= 0xE000 && c <= 0xFFFD) {
            out.append(c);
        } else {
            out.append('\uFFFD');
        }
        return i;
    }
}
