package org.tern.core.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An immutable XML element: qualified name, attributes in document order, children.
 *
 * <p>Attributes without a namespace are keyed by their local name; those in the XML namespace by
 * {@code "xml:" + local} (so {@code xml:lang});
 * any other namespaced attribute by {@code "{uri}local"}. The namespace is never null: "" means
 * none. Every "with" method returns a copy, so elements can be shared between threads and
 * sessions freely.
 */
public final class Element implements Node {
    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<Node> children;
    private int hash;
    /**
     * Set on elements made with {@link #shared()}: their serialisations, computed once per writing
     * context and reused (index 1 when the stream prefix is in scope, 0 otherwise).
     */
    private final Memo[] memos;

    /** A serialisation of this element inside a given default namespace. */
    record Memo(String enclosingNamespace, String xml) {
    }

    private Element(String name, String namespace, Map<String, String> attributes, List<Node> children) {
        this(name, namespace, attributes, children, false);
    }

    private Element(String name, String namespace, Map<String, String> attributes, List<Node> children, boolean shared) {
        this.name = name;
        this.namespace = namespace;
        this.attributes = attributes;
        this.children = children;
        this.memos = shared ? new Memo[2] : null;
    }

    public static Element of(String name, String namespace) {
        return new Builder(name, namespace).build();
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    /** The attribute's value, or null. */
    public String attr(String key) {
        return attributes.get(key);
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public List<Node> children() {
        return children;
    }

    /** The child elements, without text nodes. */
    public List<Element> elements() {
        List<Element> out = new ArrayList<>(children.size());
        for (Node n : children) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element with this name and namespace, or null. */
    public Element child(String name, String namespace) {
        for (Node n : children) {
            if (n instanceof Element e && e.name.equals(name) && e.namespace.equals(namespace)) {
                return e;
            }
        }
        return null;
    }

    /** The first child element with this name in the parent's namespace, or null. */
    public Element child(String name) {
        return child(name, namespace);
    }

    public Optional<Element> findChild(String name, String namespace) {
        return Optional.ofNullable(child(name, namespace));
    }

    /** The first child element in this namespace, whatever its name, or null. */
    public Element childIn(String namespace) {
        for (Node n : children) {
            if (n instanceof Element e && e.namespace.equals(namespace)) {
                return e;
            }
        }
        return null;
    }

    public List<Element> children(String name, String namespace) {
        List<Element> out = new ArrayList<>();
        for (Node n : children) {
            if (n instanceof Element e && e.name.equals(name) && e.namespace.equals(namespace)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The concatenated direct character data of this element. */
    public String text() {
        StringBuilder sb = null;
        String single = null;
        for (Node n : children) {
            if (n instanceof Text t) {
                if (single == null) {
                    single = t.value();
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(single);
                    }
                    sb.append(t.value());
                }
            }
        }
        return sb != null ? sb.toString() : single != null ? single : "";
    }

    /** Text of the first child with this name in this element's namespace, or null when absent. */
    public String childText(String name) {
        Element c = child(name);
        return c == null ? null : c.text();
    }

    public Element withAttr(String key, String value) {
        if (Objects.equals(attributes.get(key), value)) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Element(name, namespace, Collections.unmodifiableMap(copy), children);
    }

    public Element withoutAttr(String key) {
        return withAttr(key, null);
    }

    public Element withChild(Node child) {
        List<Node> copy = new ArrayList<>(children.size() + 1);
        copy.addAll(children);
        copy.add(Objects.requireNonNull(child));
        return new Element(name, namespace, attributes, Collections.unmodifiableList(copy));
    }

    public Element withChildren(List<? extends Node> newChildren) {
        return new Element(name, namespace, attributes, List.copyOf(newChildren));
    }

    public Element withoutChildren(Predicate<Element> which) {
        List<Node> copy = new ArrayList<>(children.size());
        boolean changed = false;
        for (Node n : children) {
            if (n instanceof Element e && which.test(e)) {
                changed = true;
            } else {
                copy.add(n);
            }
        }
        return changed ? new Element(name, namespace, attributes, Collections.unmodifiableList(copy)) : this;
    }

    public Element withName(String newName, String newNamespace) {
        return new Element(newName, newNamespace, attributes, children);
    }

    /**
     * This element marked for fan-out: the same instance written to many connections (a groupchat
     * message's payload) is serialised once per writing context and the text reused. Equal to this
     * element; modified copies ("with" methods) are not shared again.
     */
    public Element shared() {
        return memos != null ? this : new Element(name, namespace, attributes, children, true);
    }

    public boolean isShared() {
        return memos != null;
    }

    /** The memoised serialisation for a writing context, or null (always null when not shared). */
    String memo(String enclosingNamespace, boolean streamPrefixInScope) {
        if (memos == null) {
            return null;
        }
        Memo m = memos[streamPrefixInScope ? 1 : 0];
        return m != null && Objects.equals(m.enclosingNamespace(), enclosingNamespace) ? m.xml() : null;
    }

    /** Keeps a serialisation; a benign race if two threads write the same shared element at once. */
    void memo(String enclosingNamespace, boolean streamPrefixInScope, String xml) {
        if (memos != null) {
            memos[streamPrefixInScope ? 1 : 0] = new Memo(enclosingNamespace, xml);
        }
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, namespace);
        b.attributes.putAll(attributes);
        b.children.addAll(children);
        return b;
    }

    /** Serialises this element as a standalone fragment (its namespace declared). */
    public String toXml() {
        return XmlWriter.toString(this, null);
    }

    @Override
    public String toString() {
        return toXml();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Element e
                && name.equals(e.name)
                && namespace.equals(e.namespace)
                && attributes.equals(e.attributes)
                && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(name, namespace, attributes, children);
            hash = h;
        }
        return h;
    }

    /** Mutable builder; {@link #build()} freezes it. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Node> children = new ArrayList<>();

        private Builder(String name, String namespace) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("element name is empty");
            }
            this.name = name;
            this.namespace = namespace == null ? "" : namespace;
        }

        /** Sets an attribute; a null value leaves it out. */
        public Builder attr(String key, String value) {
            if (value != null) {
                attributes.put(key, value);
            } else {
                attributes.remove(key);
            }
            return this;
        }

        public Builder child(Node child) {
            if (child != null) {
                children.add(child);
            }
            return this;
        }

        public Builder children(List<? extends Node> more) {
            for (Node n : more) {
                child(n);
            }
            return this;
        }

        /** Adds an empty child element in the given namespace. */
        public Builder child(String childName, String childNamespace) {
            return child(Element.of(childName, childNamespace));
        }

        /** Adds a child in this element's namespace holding only text; null text adds nothing. */
        public Builder textChild(String childName, String text) {
            if (text == null) {
                return this;
            }
            return child(new Builder(childName, namespace).text(text).build());
        }

        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                children.add(new Text(text));
            }
            return this;
        }

        public Element build() {
            return new Element(name, namespace,
                    Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
                    List.copyOf(children));
        }
    }
}
