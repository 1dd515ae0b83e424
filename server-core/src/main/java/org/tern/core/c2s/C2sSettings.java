package org.tern.core.c2s;

import org.tern.core.config.Option;
import org.tern.core.session.SessionManager;

import java.time.Duration;
import java.util.List;

/** Configuration of client connections: listeners, limits, timeouts, sessions. */
public final class C2sSettings {
    public static final Option<String> BIND_ADDRESS = Option.string("c2s.bind-address", "0.0.0.0",
            "Address the client listeners (TCP and WebSocket) bind to; 127.0.0.1 keeps them local.");
    public static final Option<Integer> PORT = Option.integer("c2s.port", 5222, 0, 65535,
            "Client-to-server TCP port with STARTTLS (RFC 6120); 0 turns the listener off.");
    public static final Option<Integer> TLS_PORT = Option.integer("c2s.tls-port", 5223, 0, 65535,
            "Client-to-server port with direct TLS (XEP-0368); 0 turns it off.");
    public static final Option<Integer> WEBSOCKET_PORT = Option.integer("websocket.port", 5280, 0, 65535,
            "XMPP over WebSocket (RFC 7395) without TLS, for a TLS-terminating proxy in front; 0 turns it off. "
                    + "PLAIN is never offered on it.");
    public static final Option<Integer> WEBSOCKET_TLS_PORT = Option.integer("websocket.tls-port", 5281, 0, 65535,
            "XMPP over secure WebSocket (wss://); 0 turns it off.");
    public static final Option<String> WEBSOCKET_PATH = Option.string("websocket.path", "/xmpp-websocket",
            "HTTP path of the WebSocket endpoint.");

    /** Whether clients must negotiate TLS before anything else on the STARTTLS port. */
    public enum StartTls { REQUIRED, OPTIONAL }

    public static final Option<StartTls> STARTTLS = Option.choice("c2s.starttls", StartTls.class, StartTls.REQUIRED,
            "required: clients must negotiate TLS before authenticating (RFC 6120 §5). optional: they may "
                    + "authenticate without TLS, for load tools only: refused unless server.load-testing = true.");
    public static final Option<Boolean> PLAIN_WITHOUT_TLS = Option.bool("auth.plain-without-tls", false,
            "Offer SASL PLAIN on unencrypted connections (it sends the password in the clear), for load tools "
                    + "such as tsung only: refused unless server.load-testing = true.");
    public static final Option<Long> MAX_STANZA_SIZE = Option.size("stream.max-stanza-size", "256k", 1024,
            64L * 1024 * 1024, "Largest stanza a client may send; larger ones close the stream with policy-violation.");
    public static final Option<Integer> MAX_DEPTH = Option.integer("stream.max-depth", 64, 4, 10_000,
            "Deepest element nesting inside a stanza.");
    public static final Option<Integer> MAX_ATTRIBUTES = Option.integer("stream.max-attributes", 64, 4, 10_000,
            "Most attributes on one element.");
    public static final Option<Duration> NEGOTIATION_TIMEOUT = Option.duration("stream.negotiation-timeout", "30s",
            Duration.ofSeconds(1), Duration.ofMinutes(10),
            "Time a new connection has to finish TLS, authentication and resource binding.");
    public static final Option<Duration> IDLE_TIMEOUT = Option.duration("stream.idle-timeout", "10m",
            Duration.ZERO, Duration.ofDays(1),
            "After this long without data from a client the server pings it (XEP-0199) and closes the "
                    + "connection if nothing arrives within stream.ping-timeout; 0 turns this off.");
    public static final Option<Duration> PING_TIMEOUT = Option.duration("stream.ping-timeout", "60s",
            Duration.ofSeconds(1), Duration.ofHours(1), "How long an idle client has to answer the server's ping.");
    public static final Option<Long> MAX_OUTBOUND_BUFFER = Option.size("stream.max-outbound-buffer", "4m", 64 * 1024,
            1024L * 1024 * 1024, "Bytes queued for a client that does not read before the server drops its connection.");
    public static final Option<Long> MAX_READ_RATE = Option.size("stream.max-read-rate", "1m", 0, 1024L * 1024 * 1024,
            "Bytes per second one connection may send (bursts of twice that are fine); above it the server "
                    + "reads more slowly, so floods are slowed down, never dropped. 0: no limit.");
    public static final Option<Integer> MAX_AUTH_ATTEMPTS = Option.integer("auth.max-attempts", 3, 1, 10,
            "Failed SASL attempts allowed on one connection before it is closed with policy-violation.");

    public static final Option<SessionManager.ConflictPolicy> RESOURCE_CONFLICT = Option.choice(
            "session.resource-conflict", SessionManager.ConflictPolicy.class, SessionManager.ConflictPolicy.REPLACE,
            "When a client binds a resource already in use: replace (the old session gets a conflict stream error) "
                    + "or reject (the new bind gets a conflict error).");
    public static final Option<Integer> MAX_RESOURCES = Option.integer("session.max-resources", 20, 0, 10_000,
            "Most resources one account may bind at once; the next bind gets resource-constraint. 0: no limit.");

    private C2sSettings() {
    }

    public static List<Option<?>> all() {
        return List.of(STARTTLS, PLAIN_WITHOUT_TLS, BIND_ADDRESS, PORT, TLS_PORT, WEBSOCKET_PORT, WEBSOCKET_TLS_PORT, WEBSOCKET_PATH,
                MAX_STANZA_SIZE, MAX_DEPTH, MAX_ATTRIBUTES, NEGOTIATION_TIMEOUT, IDLE_TIMEOUT, PING_TIMEOUT,
                MAX_OUTBOUND_BUFFER, MAX_READ_RATE, MAX_AUTH_ATTEMPTS, RESOURCE_CONFLICT, MAX_RESOURCES);
    }
}
