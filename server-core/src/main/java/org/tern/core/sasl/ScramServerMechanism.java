package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.sasl.ScramMessages.CbFlag;
import org.tern.core.sasl.ScramMessages.ClientFinal;
import org.tern.core.sasl.ScramMessages.ClientFirst;

/**
 * One SCRAM exchange, server side (RFC 5802 §5), with or without channel binding (§6):
 * client-first → server-first challenge → client-final → success with server-final.
 */
final class ScramServerMechanism implements SaslServerMechanism {

    private static final Logger LOG = LoggerFactory.getLogger(ScramServerMechanism.class);

    private enum State { START, AWAIT_CLIENT_FIRST, LOOKING_UP, AWAIT_CLIENT_FINAL, DONE }

    private final ScramAlgorithm alg;
    private final boolean plus;
    private final ChannelBindingData cb;
    private final MechanismContext ctx;

    private State state = State.START;
    private ClientFirst clientFirst;
    private String username;
    private ScramCredential credential;
    private boolean fake;
    private String nonce;
    private String serverFirst;

    ScramServerMechanism(ScramAlgorithm alg, boolean plus, ChannelBindingData cb, MechanismContext ctx) {
        this.alg = alg;
        this.plus = plus;
        this.cb = cb;
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return plus ? alg.plusMechanismName() : alg.mechanismName();
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] response) {
        try {
            switch (state) {
                case START:
                    if (response == null) {
                        state = State.AWAIT_CLIENT_FIRST;
                        return done(new SaslStep.Challenge(new byte[0]));
                    }
                    return clientFirst(response);
                case AWAIT_CLIENT_FIRST:
                    return clientFirst(required(response));
                case AWAIT_CLIENT_FINAL:
                    return done(clientFinal(required(response)));
                case LOOKING_UP:
                    throw SaslException.malformed("Previous step not complete");
                default:
                    throw SaslException.malformed("Authentication exchange already complete");
            }
        } catch (SaslException e) {
            return fail(e);
        } catch (RuntimeException e) {
            LOG.warn("{} step failed", name(), e);
            return fail(new SaslException(SaslFailure.TEMPORARY_AUTH_FAILURE, "Internal error"));
        }
    }

    private CompletionStage<SaslStep> clientFirst(byte[] response) throws SaslException {
        ClientFirst first = ScramMessages.parseClientFirst(response);
        checkChannelBindingFlag(first);
        String user = ctx.normaliseUsername(first.username());
        ctx.checkAuthzid(first.authzid(), user);
        clientFirst = first;
        username = user;
        state = State.LOOKING_UP;
        CompletionStage<Optional<StoredCredentials>> lookup;
        try {
            lookup = ctx.lookup().lookup(user);
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        return lookup.handle((found, error) -> {
            if (state != State.LOOKING_UP) {
                return failStep(SaslException.malformed("Exchange abandoned"));
            }
            if (error != null || found == null) {
                LOG.warn("Credential lookup failed during {}", name(), error);
                return failStep(new SaslException(SaslFailure.TEMPORARY_AUTH_FAILURE, "Try again later"));
            }
            try {
                return serverFirst(found);
            } catch (RuntimeException e) {
                LOG.warn("{} step failed", name(), e);
                return failStep(new SaslException(SaslFailure.TEMPORARY_AUTH_FAILURE, "Internal error"));
            }
        });
    }

    /** RFC 5802 §6 and RFC 5801 §5: the gs2-cbind-flag must fit the mechanism and the connection. */
    private void checkChannelBindingFlag(ClientFirst first) throws SaslException {
        if (plus) {
            if (first.flag() != CbFlag.P) {
                throw SaslException.malformed(name() + " requires channel binding");
            }
            if (cb.data(first.cbType()) == null) {
                throw new SaslException(SaslFailure.NOT_AUTHORIZED, "Unsupported channel binding type");
            }
        } else if (first.flag() == CbFlag.P) {
            throw new SaslException(SaslFailure.NOT_AUTHORIZED, "Channel binding requires " + alg.plusMechanismName());
        } else if (first.flag() == CbFlag.Y && !cb.isEmpty()) {
            throw new SaslException(SaslFailure.NOT_AUTHORIZED, "Server supports channel binding");
        }
    }

    private SaslStep serverFirst(Optional<StoredCredentials> found) {
        ScramCredential real = found.map(s -> s.credentials().get(alg)).orElse(null);
        if (real == null && found.isPresent()) {
            LOG.debug("Account {} has no {} credential", username, alg.mechanismName());
        }
        fake = real == null;
        credential = fake ? ctx.fakes().forUser(alg, username) : real;
        nonce = clientFirst.clientNonce() + ctx.serverNonces().get();
        serverFirst = "r=" + nonce
                + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
                + ",i=" + credential.iterations();
        state = State.AWAIT_CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(UTF_8));
    }

    private SaslStep clientFinal(byte[] response) throws SaslException {
        state = State.DONE;
        ClientFinal last = ScramMessages.parseClientFinal(response);
        if (!last.nonce().equals(nonce)) {
            throw SaslException.malformed("Wrong nonce");
        }
        if (!MessageDigest.isEqual(last.channelBinding(), expectedChannelBinding())) {
            throw new SaslException(SaslFailure.NOT_AUTHORIZED, "Channel binding mismatch");
        }
        if (last.proof().length != alg.keyLength()) {
            throw SaslException.malformed("Proof has the wrong length");
        }
        byte[] authMessage = (clientFirst.bare() + "," + serverFirst + "," + last.withoutProof()).getBytes(UTF_8);
        boolean ok = Scram.verifyProof(alg, credential.storedKey(), authMessage, last.proof());
        if (!ok || fake) {
            throw SaslException.authenticationFailed();
        }
        byte[] signature = Scram.serverSignature(alg, credential.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(signature);
        return new SaslStep.Success(username, serverFinal.getBytes(UTF_8));
    }

    /** cbind-input = gs2-header [ cbind-data ], the latter only with "p=" (RFC 5802 §7). */
    private byte[] expectedChannelBinding() {
        byte[] header = clientFirst.gs2Header().getBytes(UTF_8);
        if (clientFirst.flag() != CbFlag.P) {
            return header;
        }
        byte[] data = cb.data(clientFirst.cbType());
        byte[] input = new byte[header.length + data.length];
        System.arraycopy(header, 0, input, 0, header.length);
        System.arraycopy(data, 0, input, header.length, data.length);
        return input;
    }

    private byte[] required(byte[] response) throws SaslException {
        if (response == null) {
            throw SaslException.malformed("Missing response");
        }
        return response;
    }

    private SaslStep failStep(SaslException e) {
        state = State.DONE;
        return e.toStep();
    }

    private CompletionStage<SaslStep> fail(SaslException e) {
        return done(failStep(e));
    }

    private static CompletionStage<SaslStep> done(SaslStep step) {
        return CompletableFuture.completedFuture(step);
    }
}
