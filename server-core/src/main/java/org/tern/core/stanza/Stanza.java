package org.tern.core.stanza;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.xml.Element;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A message, presence or iq with its addresses parsed. Immutable, like the element it wraps;
 * "with" methods return copies.
 */
public final class Stanza {
    public enum Kind { MESSAGE, PRESENCE, IQ }

    /** RFC 6121 §5.2.2: absent or unknown types are "normal". */
    public enum MessageType {
        NORMAL, CHAT, GROUPCHAT, HEADLINE, ERROR;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** AVAILABLE stands for the absent type attribute. */
    public enum PresenceType {
        AVAILABLE, UNAVAILABLE, SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED, PROBE, ERROR;

        public String value() {
            return this == AVAILABLE ? null : name().toLowerCase(Locale.ROOT);
        }

        public boolean isSubscription() {
            return this == SUBSCRIBE || this == SUBSCRIBED || this == UNSUBSCRIBE || this == UNSUBSCRIBED;
        }
    }

    public enum IqType {
        GET, SET, RESULT, ERROR;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isRequest() {
            return this == GET || this == SET;
        }
    }

    private final Element element;
    private final Kind kind;
    private final Jid from;
    private final Jid to;

    private Stanza(Element element, Kind kind, Jid from, Jid to) {
        this.element = element;
        this.kind = kind;
        this.from = from;
        this.to = to;
    }

    /** True for message, presence and iq in the jabber:client namespace. */
    public static boolean isStanza(Element e) {
        return Namespaces.CLIENT.equals(e.namespace()) && kindOf(e.name()) != null;
    }

    /**
     * Wraps an element. Throws {@link StanzaException} with jid-malformed when 'to' or 'from' is
     * not a valid JID, and bad-request for an element that is not a stanza.
     */
    public static Stanza of(Element e) throws StanzaException {
        Kind kind = kindOf(e.name());
        if (kind == null || !Namespaces.CLIENT.equals(e.namespace())) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "not a stanza");
        }
        return new Stanza(e, kind, jid(e.attr("from")), jid(e.attr("to")));
    }

    /** For stanzas the server builds itself from known-good addresses. */
    public static Stanza trusted(Element e) {
        try {
            return of(e);
        } catch (StanzaException ex) {
            throw new IllegalArgumentException("server built an invalid stanza: " + ex.getMessage(), ex);
        }
    }

    private static Jid jid(String s) throws StanzaException {
        if (s == null) {
            return null;
        }
        try {
            return Jid.parse(s);
        } catch (JidFormatException ex) {
            throw new StanzaException(StanzaErrorCondition.JID_MALFORMED, ex.getMessage());
        }
    }

    private static Kind kindOf(String name) {
        return switch (name) {
            case "message" -> Kind.MESSAGE;
            case "presence" -> Kind.PRESENCE;
            case "iq" -> Kind.IQ;
            default -> null;
        };
    }

    public Element element() {
        return element;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isMessage() {
        return kind == Kind.MESSAGE;
    }

    public boolean isPresence() {
        return kind == Kind.PRESENCE;
    }

    public boolean isIq() {
        return kind == Kind.IQ;
    }

    public Jid from() {
        return from;
    }

    public Jid to() {
        return to;
    }

    public String id() {
        return element.attr("id");
    }

    public String typeAttribute() {
        return element.attr("type");
    }

    public MessageType messageType() {
        String t = element.attr("type");
        if (t == null) {
            return MessageType.NORMAL;
        }
        return switch (t) {
            case "chat" -> MessageType.CHAT;
            case "groupchat" -> MessageType.GROUPCHAT;
            case "headline" -> MessageType.HEADLINE;
            case "error" -> MessageType.ERROR;
            default -> MessageType.NORMAL;
        };
    }

    /** The presence type, or null for a type attribute RFC 6121 does not define. */
    public PresenceType presenceType() {
        String t = element.attr("type");
        if (t == null) {
            return PresenceType.AVAILABLE;
        }
        return switch (t) {
            case "unavailable" -> PresenceType.UNAVAILABLE;
            case "subscribe" -> PresenceType.SUBSCRIBE;
            case "subscribed" -> PresenceType.SUBSCRIBED;
            case "unsubscribe" -> PresenceType.UNSUBSCRIBE;
            case "unsubscribed" -> PresenceType.UNSUBSCRIBED;
            case "probe" -> PresenceType.PROBE;
            case "error" -> PresenceType.ERROR;
            default -> null;
        };
    }

    /** The iq type, or null when absent or not one of the four. */
    public IqType iqType() {
        String t = element.attr("type");
        if (t == null) {
            return null;
        }
        return switch (t) {
            case "get" -> IqType.GET;
            case "set" -> IqType.SET;
            case "result" -> IqType.RESULT;
            case "error" -> IqType.ERROR;
            default -> null;
        };
    }

    public boolean isError() {
        return "error".equals(element.attr("type"));
    }

    /** The single payload child of an iq request, or null. */
    public Element payload() {
        for (var n : element.children()) {
            if (n instanceof Element e && !e.is("error", Namespaces.CLIENT)) {
                return e;
            }
        }
        return null;
    }

    /** Presence priority (RFC 6121 §4.7.2.3), 0 when absent or invalid. */
    public int priority() {
        String p = element.childText("priority");
        if (p == null) {
            return 0;
        }
        try {
            int v = Integer.parseInt(p.trim());
            return Math.max(-128, Math.min(127, v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean hasBody() {
        Element b = element.child("body");
        return b != null;
    }

    public Stanza withFrom(Jid newFrom) {
        if (Objects.equals(from, newFrom)) {
            return this;
        }
        return new Stanza(element.withAttr("from", newFrom == null ? null : newFrom.toString()), kind, newFrom, to);
    }

    public Stanza withTo(Jid newTo) {
        if (Objects.equals(to, newTo)) {
            return this;
        }
        return new Stanza(element.withAttr("to", newTo == null ? null : newTo.toString()), kind, from, newTo);
    }

    /** Same addresses, other content; the element must keep the same from/to. */
    public Stanza withElement(Element e) {
        return new Stanza(e, kind, from, to);
    }

    /** The error reply to this stanza: addresses swapped, type error, original id. */
    public Stanza errorReply(StanzaError error) {
        Element.Builder b = Element.builder(element.name(), Namespaces.CLIENT)
                .attr("from", to == null ? null : to.toString())
                .attr("to", from == null ? null : from.toString())
                .attr("id", id())
                .attr("type", "error");
        if (kind == Kind.IQ) {
            Element p = payload();
            if (p != null) {
                b.child(p);
            }
        } else if (kind == Kind.MESSAGE) {
            // RFC 6120 §8.3.1: the original content lets the sender see which message failed.
            for (var n : element.children()) {
                if (!(n instanceof Element e && e.is("error", Namespaces.CLIENT))) {
                    b.child(n);
                }
            }
        }
        b.child(error.toElement());
        return new Stanza(b.build(), kind, to, from);
    }

    public Stanza errorReply(StanzaErrorCondition condition) {
        return errorReply(StanzaError.of(condition));
    }

    /** The result reply to an iq request, with an optional payload. */
    public Stanza resultReply(Element payloadOrNull) {
        Element.Builder b = Element.builder("iq", Namespaces.CLIENT)
                .attr("from", to == null ? null : to.toString())
                .attr("to", from == null ? null : from.toString())
                .attr("id", id())
                .attr("type", "result");
        b.child(payloadOrNull);
        return new Stanza(b.build(), Kind.IQ, to, from);
    }

    /** A fresh random id for stanzas the server originates. */
    public static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + Integer.toString(r.nextInt() & Integer.MAX_VALUE, 36);
    }

    public static Stanza iq(IqType type, Jid from, Jid to, String id, Element payload) {
        Element.Builder b = Element.builder("iq", Namespaces.CLIENT)
                .attr("from", from == null ? null : from.toString())
                .attr("to", to == null ? null : to.toString())
                .attr("id", id)
                .attr("type", type.value());
        b.child(payload);
        return new Stanza(b.build(), Kind.IQ, from, to);
    }

    public static Stanza presence(PresenceType type, Jid from, Jid to) {
        Element e = Element.builder("presence", Namespaces.CLIENT)
                .attr("from", from == null ? null : from.toString())
                .attr("to", to == null ? null : to.toString())
                .attr("type", type.value())
                .build();
        return new Stanza(e, Kind.PRESENCE, from, to);
    }

    @Override
    public String toString() {
        return element.toXml();
    }
}
