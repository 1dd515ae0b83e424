package org.tern.core.sasl;

/** Result of one step of an exchange. */
public sealed interface SaslStep {

    /** Data for a {@code <challenge/>}; empty for an empty challenge. */
    record Challenge(byte[] data) implements SaslStep {}

    /**
     * Authenticated. {@code username} is the normalised localpart (PRECIS UsernameCaseMapped).
     * {@code additionalData} is null (PLAIN) or the SCRAM server-final message, for
     * {@code <success/>}.
     */
    record Success(String username, byte[] additionalData, java.util.Map<ScramAlgorithm, ScramCredential> upgrades)
            implements SaslStep {
        public Success(String username, byte[] additionalData) {
            this(username, additionalData, java.util.Map.of());
        }
    }

    /**
     * The exchange failed and is over. {@code text} is a short English description that may be
     * sent to the client: it never tells a wrong password from an unknown account.
     */
    record Failure(SaslFailure condition, String text) implements SaslStep {}
}
