package org.tern.core.sasl;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PLAIN exchange (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, checked against the
 * account's SCRAM-SHA-256 credential, else its SCRAM-SHA-1 one. Offered only over TLS.
 */
final class PlainServerMechanism implements SaslServerMechanism {

    static final String NAME = "PLAIN";

    private static final Logger LOG = LoggerFactory.getLogger(PlainServerMechanism.class);

    private enum State { START, AWAIT_RESPONSE, CHECKING, DONE }

    private final MechanismContext ctx;
    private State state = State.START;

    PlainServerMechanism(MechanismContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] response) {
        try {
            switch (state) {
                case START:
                    if (response == null) {
                        state = State.AWAIT_RESPONSE;
                        return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
                    }
                    return check(response);
                case AWAIT_RESPONSE:
                    if (response == null) {
                        throw SaslException.malformed("Missing response");
                    }
                    return check(response);
                case CHECKING:
                    throw SaslException.malformed("Previous step not complete");
                default:
                    throw SaslException.malformed("Authentication exchange already complete");
            }
        } catch (SaslException e) {
            state = State.DONE;
            return CompletableFuture.completedFuture(e.toStep());
        }
    }

    private CompletionStage<SaslStep> check(byte[] response) throws SaslException {
        state = State.CHECKING;
        String message = ScramMessages.decodeUtf8(response);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (second < 0 || message.indexOf('\0', second + 1) >= 0) {
            throw SaslException.malformed("Expected authzid NUL authcid NUL passwd");
        }
        String authzid = message.substring(0, first);
        String authcid = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        if (authcid.isEmpty() || password.isEmpty()) {
            throw SaslException.malformed("Empty authcid or password");
        }
        String username = ctx.normaliseUsername(localpart(authcid));
        ctx.checkAuthzid(authzid.isEmpty() ? null : authzid, username);

        CompletionStage<Optional<StoredCredentials>> lookup;
        try {
            lookup = ctx.lookup().lookup(username);
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        return lookup.handleAsync((found, error) -> {
            SaslStep step;
            if (state != State.CHECKING) {
                step = SaslException.malformed("Exchange abandoned").toStep();
            } else if (error != null || found == null) {
                LOG.warn("Credential lookup failed during PLAIN", error);
                step = new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "Try again later");
            } else {
                step = verify(username, found, password);
            }
            state = State.DONE;
            return step;
        }, ctx.verifyExecutor()).exceptionally(e -> {
            LOG.warn("PLAIN check could not run", e);
            state = State.DONE;
            return new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "Try again later");
        });
    }

    /** Always costs one password derivation, whether the account exists or not. */
    private SaslStep verify(String username, Optional<StoredCredentials> found, String password) {
        ScramCredential credential = found.map(PlainServerMechanism::strongest).orElse(null);
        boolean fake = credential == null;
        if (fake) {
            credential = ctx.fakes().forUser(ScramAlgorithm.SHA_256, username);
        }
        try {
            if (Scram.verify(credential, password) && !fake) {
                return new SaslStep.Success(username, null, missing(found.get(), password, credential.iterations()));
            }
        } catch (RuntimeException e) {
            LOG.warn("PLAIN check failed", e);
            return new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "Internal error");
        }
        return SaslException.authenticationFailed().toStep();
    }

    /**
     * Keys for the algorithms an account lacks (an import from a server that kept only SCRAM-SHA-1):
     * PLAIN is the one moment the password is at hand, so the caller can store them and
     * SCRAM-SHA-256 starts to work for the account.
     */
    private static java.util.Map<ScramAlgorithm, ScramCredential> missing(StoredCredentials stored, String password,
                                                                        int iterations) {
        java.util.Map<ScramAlgorithm, ScramCredential> out = new java.util.EnumMap<>(ScramAlgorithm.class);
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            if (!stored.credentials().containsKey(a)) {
                out.put(a, Scram.derive(a, password, Math.max(iterations, Scram.MIN_ITERATIONS)));
            }
        }
        return out;
    }

    private static ScramCredential strongest(StoredCredentials stored) {
        ScramCredential c = stored.credentials().get(ScramAlgorithm.SHA_256);
        return c != null ? c : stored.credentials().get(ScramAlgorithm.SHA_1);
    }

    /** The authcid is a localpart, or {@code localpart@ourdomain}. */
    private String localpart(String authcid) throws SaslException {
        int at = authcid.indexOf('@');
        if (at < 0) {
            return authcid;
        }
        if (!Usernames.normaliseDomain(authcid.substring(at + 1)).equals(ctx.domain())) {
            throw SaslException.authenticationFailed();
        }
        return authcid.substring(0, at);
    }
}
