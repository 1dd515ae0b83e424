package org.tern.core.c2s;

import io.netty.channel.EventLoop;
import org.tern.core.sasl.ChannelBindingData;
import org.tern.core.xml.Element;

import java.net.InetSocketAddress;

/** How a client stream reaches the wire: TCP (RFC 6120 framing) or WebSocket (RFC 7395). */
interface Transport {
    /** Opens our side of the stream: TCP stream header, or the WebSocket {@code <open/>}. */
    void sendOpen(String streamId, String from, String to);

    /** Writes one top-level element (features, stanza, stream error, nonza). */
    void send(Element element);

    /** Writes one element and completes {@code written} with whether it reached the socket. */
    void send(Element element, java.util.concurrent.CompletableFuture<Boolean> written);

    /** Closes our side of the stream ({@code </stream:stream>} or {@code <close/>}) and then the connection. */
    void sendCloseAndDisconnect();

    /** Drops the connection at once. */
    void disconnect();

    boolean secure();

    /** Whether STARTTLS can be offered (plain TCP only). */
    boolean canStartTls();

    /** Sends {@code <proceed/>} and starts the TLS handshake; the stream restarts over TLS. */
    void startTls(Element proceed);

    /** Parses the bytes that follow as a new stream (RFC 6120 §4.3.3). */
    void restartStream();

    ChannelBindingData channelBinding();

    InetSocketAddress remoteAddress();

    String name();

    EventLoop eventLoop();
}
