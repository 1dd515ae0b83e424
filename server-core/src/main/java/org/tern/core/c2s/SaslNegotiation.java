package org.tern.core.c2s;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.sasl.CredentialLookup;
import org.tern.core.sasl.SaslFailure;
import org.tern.core.sasl.SaslServerMechanism;
import org.tern.core.sasl.SaslStep;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;

import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The SASL exchange of one stream (RFC 6120 §6): the mechanism the client picked, its challenges
 * and responses, failed-login throttling per account and address, and the bound on attempts.
 * Used only on its stream's event loop.
 */
final class SaslNegotiation {
    private static final Logger log = LoggerFactory.getLogger(SaslNegotiation.class);

    /** What the stream does with the outcome. */
    interface Owner {
        /** The client proved who it is; the stream restarts. */
        void authenticated(String username, String mechanism);

        /** The attempt failed (the client may try again); tooMany: that was the last one allowed. */
        void failed(boolean tooMany);

        /** False once the stream is closed: late results are then dropped. */
        boolean active();
    }

    private final C2sServices svc;
    private final Transport transport;
    private final Owner owner;
    private SaslServerMechanism mechanism;
    private String attemptedUser;
    private int failures;

    SaslNegotiation(C2sServices svc, Transport transport, Owner owner) {
        this.svc = svc;
        this.transport = transport;
        this.owner = owner;
    }

    boolean inProgress() {
        return mechanism != null;
    }

    boolean tlsRequired() {
        return svc.config().get(C2sSettings.STARTTLS) == C2sSettings.StartTls.REQUIRED;
    }

    /** PLAIN needs TLS, unless a load-testing configuration allows it in the clear. */
    boolean plainAllowed() {
        return transport.secure() || svc.config().get(C2sSettings.PLAIN_WITHOUT_TLS);
    }

    /** {@code <auth/>}: returns a stage while the first step runs, null when answered at once. */
    CompletionStage<?> start(Element auth) {
        if (!transport.secure() && transport.canStartTls() && tlsRequired()) {
            sendFailure(SaslFailure.ENCRYPTION_REQUIRED);
            return null;
        }
        String ip = ip();
        if (!svc.throttle().allowed(null, ip)) {
            svc.stats().authFailures.increment();
            sendFailure(SaslFailure.TEMPORARY_AUTH_FAILURE);
            return null;
        }
        String name = auth.attr("mechanism");
        CredentialLookup lookup = user -> {
            attemptedUser = user;
            if (!svc.throttle().allowed(user, ip)) {
                log.info("c2s {}: login for {} throttled", transport.remoteAddress(), user);
                return CompletableFuture.failedFuture(new IllegalStateException("throttled"));
            }
            return svc.users().credentials(user);
        };
        Optional<SaslServerMechanism> m = name == null ? Optional.empty()
                : svc.saslFactory().apply(lookup).start(name, plainAllowed(), transport.channelBinding());
        if (m.isEmpty()) {
            sendFailure("PLAIN".equals(name) && !plainAllowed() ? SaslFailure.ENCRYPTION_REQUIRED : SaslFailure.INVALID_MECHANISM);
            return null;
        }
        String text = auth.text().trim();
        byte[] initial = null;
        if (!text.isEmpty()) {
            initial = decode(text);
            if (initial == null) {
                sendFailure(SaslFailure.INCORRECT_ENCODING);
                return null;
            }
        }
        mechanism = m.get();
        attemptedUser = null;
        return step(initial);
    }

    /** {@code <response/>} to a challenge. */
    CompletionStage<?> response(Element response) {
        byte[] data = decode(response.text());
        if (data == null) {
            failed(SaslFailure.INCORRECT_ENCODING);
            return null;
        }
        return step(data);
    }

    /** {@code <abort/>} (RFC 6120 §6.4.4): not counted as a failed login. */
    void abort() {
        mechanism = null;
        sendFailure(SaslFailure.ABORTED);
        owner.failed(false);
    }

    private CompletionStage<?> step(byte[] data) {
        CompletionStage<SaslStep> result;
        try {
            result = mechanism.evaluate(data);
        } catch (RuntimeException e) {
            log.error("SASL mechanism failed", e);
            result = CompletableFuture.completedFuture(new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, null));
        }
        return result.thenAcceptAsync(this::onStep, transport.eventLoop());
    }

    private void onStep(SaslStep step) {
        if (mechanism == null || !owner.active()) {
            return;
        }
        if (step instanceof SaslStep.Challenge c) {
            transport.send(Element.builder("challenge", Namespaces.SASL).text(encode(c.data())).build());
        } else if (step instanceof SaslStep.Success s) {
            svc.throttle().succeeded(s.username());
            if (!s.upgrades().isEmpty()) {
                log.info("c2s {}: adding {} keys for {}", transport.remoteAddress(), s.upgrades().keySet(), s.username());
                svc.users().addMissingCredentials(s.username(), s.upgrades()).exceptionally(e -> {
                    log.warn("could not add SCRAM keys for {}: {}", s.username(), e.toString());
                    return null;
                });
            }
            String used = mechanism.name();
            mechanism = null;
            transport.send(Element.builder("success", Namespaces.SASL)
                    .text(s.additionalData() == null ? null : encode(s.additionalData())).build());
            owner.authenticated(s.username(), used);
        } else if (step instanceof SaslStep.Failure f) {
            failed(f.condition());
        }
    }

    private void failed(SaslFailure condition) {
        mechanism = null;
        svc.stats().authFailures.increment();
        svc.throttle().failed(attemptedUser, ip());
        log.info("c2s {}: authentication failed ({})", transport.remoteAddress(), condition.elementName());
        sendFailure(condition);
        owner.failed(++failures >= svc.config().get(C2sSettings.MAX_AUTH_ATTEMPTS));
    }

    private void sendFailure(SaslFailure condition) {
        transport.send(Element.builder("failure", Namespaces.SASL).child(condition.elementName(), Namespaces.SASL).build());
    }

    private String ip() {
        var a = transport.remoteAddress();
        return a == null || a.getAddress() == null ? null : a.getAddress().getHostAddress();
    }

    private static byte[] decode(String text) {
        String t = text.trim();
        if (t.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(byte[] data) {
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }
}
