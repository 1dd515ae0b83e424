package org.tern.core.sasl;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every exchange of one {@link SaslMechanisms} shares.
 *
 * @param domain our domain, normalised by {@link Usernames#normaliseDomain}
 * @param verifyExecutor runs PLAIN's password check (the PBKDF2 cost)
 * @param serverNonces the server's part of the SCRAM nonce (printable, no ',')
 */
record MechanismContext(String domain, CredentialLookup lookup, FakeCredentials fakes,
                        Executor verifyExecutor, Supplier<String> serverNonces) {

    /** The authzid rule shared by all mechanisms: absent, or exactly the account itself. */
    void checkAuthzid(String authzid, String username) throws SaslException {
        if (authzid != null && !Usernames.authzidMatches(authzid, username, domain)) {
            throw new SaslException(SaslFailure.INVALID_AUTHZID, "Authorization identity not allowed");
        }
    }

    /** PRECIS UsernameCaseMapped; an invalid name cannot belong to an account. */
    String normaliseUsername(String username) throws SaslException {
        return Usernames.normalise(username).orElseThrow(SaslException::authenticationFailed);
    }
}
