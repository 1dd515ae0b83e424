package org.tern.roster;

import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamException;
import org.tern.core.xml.XmlStreamParser;

import java.nio.charset.StandardCharsets;

/**
 * A subscription request kept while pending (RFC 6121 §3.1.3), stored as XML so its status text
 * and extensions (a XEP-0172 nick) reach the user when it is delivered later.
 */
final class StoredStanza {
    private StoredStanza() {
    }

    /** The XML of a request, or a bare request without payload when it is longer than {@code max}. */
    static String format(Element e, int max) {
        if (e == null) {
            return null;
        }
        String xml = e.toXml();
        if (xml.length() <= max) {
            return xml;
        }
        return e.withChildren(java.util.List.of()).toXml();
    }

    /** Parses what {@link #format} wrote; null for null or anything unreadable. */
    static Element parse(String xml) {
        if (xml == null || xml.isEmpty()) {
            return null;
        }
        XmlStreamParser parser = new XmlStreamParser(XmlStreamParser.Limits.defaults(), XmlStreamParser.Mode.FRAMED);
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        try {
            StreamEvent ev = parser.next();
            if (ev instanceof StreamEvent.Stanza s && s.element().is("presence", Namespaces.CLIENT)) {
                return s.element();
            }
        } catch (XmlStreamException e) {
            return null;
        }
        return null;
    }
}
