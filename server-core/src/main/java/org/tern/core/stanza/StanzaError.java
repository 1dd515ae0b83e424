package org.tern.core.stanza;

import org.tern.core.xml.Element;

import java.util.Locale;

/**
 * A stanza error (RFC 6120 §8.3): condition, type, optional human-readable text and an optional
 * application-specific condition element.
 */
public record StanzaError(StanzaErrorCondition condition, Type type, String text, Element applicationCondition) {
    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static StanzaError of(StanzaErrorCondition condition) {
        return new StanzaError(condition, condition.defaultType(), null, null);
    }

    public static StanzaError of(StanzaErrorCondition condition, String text) {
        return new StanzaError(condition, condition.defaultType(), text, null);
    }

    public StanzaError withType(Type newType) {
        return new StanzaError(condition, newType, text, applicationCondition);
    }

    public StanzaError withApplicationCondition(Element app) {
        return new StanzaError(condition, type, text, app);
    }

    /** The {@code <error/>} element for a jabber:client stanza. */
    public Element toElement() {
        Element.Builder b = Element.builder("error", Namespaces.CLIENT).attr("type", type.value());
        b.child(Element.of(condition.elementName(), Namespaces.STANZA_ERRORS));
        if (text != null) {
            b.child(Element.builder("text", Namespaces.STANZA_ERRORS).attr("xml:lang", "en").text(text).build());
        }
        b.child(applicationCondition);
        return b.build();
    }

    /** Reads the error child of an error stanza, or null when it has none we understand. */
    public static StanzaError parse(Element errorStanza) {
        Element e = errorStanza.child("error", errorStanza.namespace());
        if (e == null) {
            return null;
        }
        StanzaErrorCondition cond = null;
        String text = null;
        for (Element c : e.elements()) {
            if (c.namespace().equals(Namespaces.STANZA_ERRORS)) {
                if (c.name().equals("text")) {
                    text = c.text();
                } else if (cond == null) {
                    cond = StanzaErrorCondition.fromElementName(c.name());
                }
            }
        }
        if (cond == null) {
            cond = StanzaErrorCondition.UNDEFINED_CONDITION;
        }
        Type type;
        try {
            type = Type.valueOf(String.valueOf(e.attr("type")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            type = cond.defaultType();
        }
        return new StanzaError(cond, type, text, null);
    }
}
