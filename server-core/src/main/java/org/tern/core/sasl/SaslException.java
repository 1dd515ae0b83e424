package org.tern.core.sasl;

/** A failed step, thrown inside this package and turned into a {@link SaslStep.Failure}. */
final class SaslException extends Exception {

    private final SaslFailure condition;

    SaslException(SaslFailure condition, String text) {
        super(text, null, false, false); // hostile input can make many: no stack trace
        this.condition = condition;
    }

    SaslStep.Failure toStep() {
        return new SaslStep.Failure(condition, getMessage());
    }

    /** The one answer for a wrong password, an unknown or invalid user, or a missing credential. */
    static final String AUTHENTICATION_FAILED = "Authentication failed";

    static SaslException authenticationFailed() {
        return new SaslException(SaslFailure.NOT_AUTHORIZED, AUTHENTICATION_FAILED);
    }

    static SaslException malformed(String text) {
        return new SaslException(SaslFailure.MALFORMED_REQUEST, text);
    }
}
