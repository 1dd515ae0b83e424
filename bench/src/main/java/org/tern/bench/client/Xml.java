package org.tern.bench.client;

/** String helpers for the few things the generator reads in a stanza; servers quote with ' or ". */
public final class Xml {
    private Xml() {
    }

    /** The value of attribute {@code name} of the element's start tag, or null. Entities are not decoded. */
    public static String attr(String element, String name) {
        int tagEnd = element.indexOf('>');
        if (tagEnd < 0) {
            tagEnd = element.length();
        }
        int from = 0;
        while (true) {
            int at = element.indexOf(name, from);
            if (at < 0 || at >= tagEnd) {
                return null;
            }
            int eq = at + name.length();
            char before = element.charAt(at - 1);
            if ((before == ' ' || before == '\t' || before == '\n' || before == '\r') && eq < tagEnd) {
                int p = eq;
                while (p < tagEnd && Character.isWhitespace(element.charAt(p))) {
                    p++;
                }
                if (p < tagEnd && element.charAt(p) == '=') {
                    p++;
                    while (p < tagEnd && Character.isWhitespace(element.charAt(p))) {
                        p++;
                    }
                    char q = element.charAt(p);
                    int close = element.indexOf(q, p + 1);
                    return close < 0 ? null : element.substring(p + 1, close);
                }
            }
            from = eq;
        }
    }

    /** The element's local name, without prefix: "message" for {@code <message ...>}. */
    public static String name(String element) {
        int end = 1;
        while (end < element.length()) {
            char c = element.charAt(end);
            if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            end++;
        }
        String qname = element.substring(1, end);
        int colon = qname.indexOf(':');
        return colon < 0 ? qname : qname.substring(colon + 1);
    }

    /** The text of the first {@code <tag>...</tag>} (no attributes on it), or null. */
    public static String text(String element, String tag) {
        int open = element.indexOf("<" + tag + ">");
        if (open < 0) {
            return null;
        }
        int from = open + tag.length() + 2;
        int close = element.indexOf("</" + tag + ">", from);
        return close < 0 ? null : element.substring(from, close);
    }

    /** The text content of the element (between its start and end tag), or "" when self-closing. */
    public static String content(String element) {
        int gt = element.indexOf('>');
        if (gt < 0 || element.charAt(gt - 1) == '/') {
            return "";
        }
        int lt = element.lastIndexOf("</");
        return lt <= gt ? "" : element.substring(gt + 1, lt);
    }

    /** The bare JID part of a JID. */
    public static String bare(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\'' -> b.append("&apos;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
