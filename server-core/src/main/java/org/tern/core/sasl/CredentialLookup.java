package org.tern.core.sasl;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Looks up an account's credentials asynchronously (the database is not on the network thread).
 * The stage completes empty when there is no such user, exceptionally when the store failed.
 */
@FunctionalInterface
public interface CredentialLookup {

    /** @param username already normalised (PRECIS UsernameCaseMapped) */
    CompletionStage<Optional<StoredCredentials>> lookup(String username);
}
