package org.tern.components;

import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XEP-0004 data forms: the fields of a submitted form read as values, and forms built to send.
 * Parsing is lenient about field types (the submitter's types are advisory) and strict about the
 * structure a handler relies on.
 */
public final class DataForm {
    public static final String NS = "jabber:x:data";

    private final String type;
    private final Map<String, List<String>> values;

    private DataForm(String type, Map<String, List<String>> values) {
        this.type = type;
        this.values = values;
    }

    /** Reads an {@code <x xmlns='jabber:x:data'/>} element; fields without 'var' are ignored. */
    public static DataForm parse(Element x) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element field : x.children("field", NS)) {
            String var = field.attr("var");
            if (var == null) {
                continue;
            }
            List<String> v = new ArrayList<>();
            for (Element value : field.children("value", NS)) {
                v.add(value.text());
            }
            values.put(var, List.copyOf(v));
        }
        return new DataForm(x.attr("type") == null ? "form" : x.attr("type"), values);
    }

    /** The first data form child of an element, or null. */
    public static DataForm find(Element parent) {
        Element x = parent.child("x", NS);
        return x == null ? null : parse(x);
    }

    public String type() {
        return type;
    }

    /** The hidden FORM_TYPE value, or null. */
    public String formType() {
        return first("FORM_TYPE");
    }

    public boolean has(String var) {
        return values.containsKey(var);
    }

    /** Every value of a field, empty when absent. */
    public List<String> all(String var) {
        return values.getOrDefault(var, List.of());
    }

    /** The first value of a field, or null when absent or empty. */
    public String first(String var) {
        List<String> v = values.get(var);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * A boolean field (XEP-0004 §3.3: "1"/"true" and "0"/"false"), or the default when absent.
     * Throws IllegalArgumentException for any other value.
     */
    public boolean bool(String var, boolean dflt) {
        String v = first(var);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim()) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new IllegalArgumentException(var + " is not a boolean: " + v);
        };
    }

    /** Builds a form to send. */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    public static final class Builder {
        private final Element.Builder x;

        private Builder(String type) {
            x = Element.builder("x", NS).attr("type", type);
        }

        public Builder title(String title) {
            x.child(Element.builder("title", NS).text(title).build());
            return this;
        }

        public Builder instructions(String text) {
            x.child(Element.builder("instructions", NS).text(text).build());
            return this;
        }

        public Builder hidden(String var, String value) {
            return field(var, "hidden", null, List.of(value), null);
        }

        /** A field; null type, label, values or options leave them out. */
        public Builder field(String var, String fieldType, String label, List<String> fieldValues, List<String> options) {
            Element.Builder f = Element.builder("field", NS).attr("var", var).attr("type", fieldType).attr("label", label);
            if (fieldValues != null) {
                for (String v : fieldValues) {
                    f.child(Element.builder("value", NS).text(v).build());
                }
            }
            if (options != null) {
                for (String o : options) {
                    f.child(Element.builder("option", NS).attr("label", o)
                            .child(Element.builder("value", NS).text(o).build()).build());
                }
            }
            x.child(f.build());
            return this;
        }

        public Builder field(String var, String fieldType, String label, String value) {
            return field(var, fieldType, label, value == null ? List.of() : List.of(value), null);
        }

        public Builder bool(String var, String label, boolean value) {
            return field(var, "boolean", label, value ? "1" : "0");
        }

        public Element build() {
            return x.build();
        }
    }
}
