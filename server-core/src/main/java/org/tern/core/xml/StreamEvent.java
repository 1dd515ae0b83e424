package org.tern.core.xml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What {@link XmlStreamParser#next()} produces. */
public sealed interface StreamEvent permits StreamEvent.Open, StreamEvent.Stanza, StreamEvent.Close {

    /**
     * The stream header (STREAM mode: {@code <stream:stream ...>}; in FRAMED mode not used: an
     * {@code <open/>} frame arrives as {@link Stanza}). Attributes are keyed like {@link Element}'s;
     * declarations map prefix to URI, "" for the default namespace. Both maps keep document order
     * and are unmodifiable.
     */
    record Open(String name, String namespace, Map<String, String> attributes, Map<String, String> declarations)
            implements StreamEvent {
        public Open {
            Objects.requireNonNull(name, "name");
            namespace = namespace == null ? "" : namespace;
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            declarations = Collections.unmodifiableMap(new LinkedHashMap<>(declarations));
        }
    }

    /** A complete element: in STREAM mode a child of the stream root (depth 1); in FRAMED mode a root element. */
    record Stanza(Element element) implements StreamEvent {
        public Stanza {
            Objects.requireNonNull(element, "element");
        }
    }

    /** The closing {@code </stream:stream>} of the root (STREAM mode only). */
    record Close() implements StreamEvent {
    }
}
