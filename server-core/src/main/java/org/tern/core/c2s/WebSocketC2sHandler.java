package org.tern.core.c2s;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.CharsetUtil;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.Element;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamParser;
import org.tern.core.xml.XmlWriter;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection over WebSocket (RFC 7395): each text message is one element; {@code <open/>}
 * and {@code <close/>} stand for the stream header and its end.
 */
final class WebSocketC2sHandler extends C2sConnection {
    WebSocketC2sHandler(C2sServices svc) {
        super(svc);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
            if (!"xmpp".equals(hc.selectedSubprotocol())) {
                // RFC 7395 §3.1: the client must ask for the "xmpp" subprotocol.
                closing = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(1002, "subprotocol xmpp required"))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            begin(XmlStreamParser.Mode.FRAMED, secure() ? "WebSocket over TLS" : "WebSocket");
        } else if (evt instanceof IdleStateEvent && stream != null) {
            stream.idle();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req) {
            try {
                var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                        Unpooled.copiedBuffer("XMPP over WebSocket is served at "
                                + svc.config().get(C2sSettings.WEBSOCKET_PATH) + "\n", CharsetUtil.UTF_8));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            } finally {
                req.release();
            }
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) msg;
        try {
            if (stream != null && !closing && !(frame instanceof TextWebSocketFrame)) {
                stream.close(StreamErrorCondition.BAD_FORMAT, "XMPP frames are text");
                return;
            }
            received(frame.content().nioBuffer());
        } finally {
            frame.release();
        }
    }

    @Override
    protected StreamEvent adapt(StreamEvent event) {
        if (event instanceof StreamEvent.Stanza s && Namespaces.FRAMING.equals(s.element().namespace())) {
            Element e = s.element();
            if (e.name().equals("open")) {
                return new StreamEvent.Open("open", Namespaces.FRAMING, e.attributes(), Map.of());
            }
            if (e.name().equals("close")) {
                return new StreamEvent.Close();
            }
        }
        return event;
    }

    @Override
    public void sendOpen(String streamId, String from, String to) {
        send(Element.builder("open", Namespaces.FRAMING).attr("from", from).attr("to", to)
                .attr("id", streamId).attr("version", "1.0").attr("xml:lang", "en").build());
    }

    @Override
    public void send(Element element) {
        if (closing) {
            return;
        }
        ctx.writeAndFlush(new TextWebSocketFrame(XmlWriter.toString(element, null)), ctx.voidPromise());
        checkOutboundBuffer();
    }

    @Override
    public void send(Element element, CompletableFuture<Boolean> written) {
        if (closing) {
            written.complete(false);
            return;
        }
        ctx.writeAndFlush(new TextWebSocketFrame(XmlWriter.toString(element, null)))
                .addListener(f -> written.complete(f.isSuccess()));
        checkOutboundBuffer();
    }

    @Override
    public void sendCloseAndDisconnect() {
        if (closing) {
            return;
        }
        send(Element.of("close", Namespaces.FRAMING));
        closing = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, null)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public void startTls(Element proceed) {
        throw new UnsupportedOperationException("no STARTTLS over WebSocket");
    }

    @Override
    public void restartStream() {
        // Each WebSocket message is a document of its own: nothing to reset.
    }

    @Override
    public String name() {
        return "websocket";
    }
}
