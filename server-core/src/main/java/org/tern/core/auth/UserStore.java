package org.tern.core.auth;

import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.core.sasl.StoredCredentials;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Accounts of the server's domain and their SCRAM credentials. Usernames are normalised localparts. */
public interface UserStore {
    CompletableFuture<Optional<StoredCredentials>> credentials(String username);

    CompletableFuture<Boolean> exists(String username);

    /** Creates an account; false when it already exists. Blocking: call off the network threads. */
    boolean create(String username, Map<ScramAlgorithm, ScramCredential> credentials) throws SQLException;

    /** Replaces an account's credentials; false when there is no such account. Blocking. */
    boolean updateCredentials(String username, Map<ScramAlgorithm, ScramCredential> credentials) throws SQLException;

    /** Adds credentials for algorithms the account has none for (keeps the existing ones). */
    CompletableFuture<Void> addMissingCredentials(String username, Map<ScramAlgorithm, ScramCredential> credentials);

    /** Deletes an account; false when there was none. Blocking. */
    boolean delete(String username) throws SQLException;

    /** Account names in order, for listing and export. Blocking. */
    List<String> list(int offset, int limit) throws SQLException;

    long count() throws SQLException;
}
