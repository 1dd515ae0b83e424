package org.tern.core.stanza;

import java.util.Locale;

/** Stanza error conditions of RFC 6120 §8.3.3 with their usual error types. */
public enum StanzaErrorCondition {
    BAD_REQUEST(StanzaError.Type.MODIFY),
    CONFLICT(StanzaError.Type.CANCEL),
    FEATURE_NOT_IMPLEMENTED(StanzaError.Type.CANCEL),
    FORBIDDEN(StanzaError.Type.AUTH),
    GONE(StanzaError.Type.CANCEL),
    INTERNAL_SERVER_ERROR(StanzaError.Type.CANCEL),
    ITEM_NOT_FOUND(StanzaError.Type.CANCEL),
    JID_MALFORMED(StanzaError.Type.MODIFY),
    NOT_ACCEPTABLE(StanzaError.Type.MODIFY),
    NOT_ALLOWED(StanzaError.Type.CANCEL),
    NOT_AUTHORIZED(StanzaError.Type.AUTH),
    POLICY_VIOLATION(StanzaError.Type.MODIFY),
    RECIPIENT_UNAVAILABLE(StanzaError.Type.WAIT),
    REDIRECT(StanzaError.Type.MODIFY),
    REGISTRATION_REQUIRED(StanzaError.Type.AUTH),
    REMOTE_SERVER_NOT_FOUND(StanzaError.Type.CANCEL),
    REMOTE_SERVER_TIMEOUT(StanzaError.Type.WAIT),
    RESOURCE_CONSTRAINT(StanzaError.Type.WAIT),
    SERVICE_UNAVAILABLE(StanzaError.Type.CANCEL),
    SUBSCRIPTION_REQUIRED(StanzaError.Type.AUTH),
    UNDEFINED_CONDITION(StanzaError.Type.CANCEL),
    UNEXPECTED_REQUEST(StanzaError.Type.WAIT);

    private final StanzaError.Type defaultType;

    StanzaErrorCondition(StanzaError.Type defaultType) {
        this.defaultType = defaultType;
    }

    public StanzaError.Type defaultType() {
        return defaultType;
    }

    public String elementName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static StanzaErrorCondition fromElementName(String name) {
        for (StanzaErrorCondition c : values()) {
            if (c.elementName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
