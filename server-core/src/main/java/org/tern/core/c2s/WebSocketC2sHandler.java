package org.tern.core.c2s;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.CharsetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.sasl.ChannelBindingData;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.Element;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamException;
import org.tern.core.xml.XmlStreamParser;
import org.tern.core.xml.XmlWriter;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A client connection over WebSocket (RFC 7395): each text message is one element; {@code <open/>}
 * and {@code <close/>} stand for the stream header and its end.
 */
final class WebSocketC2sHandler extends ChannelInboundHandlerAdapter implements Transport, C2sListeners.Terminable {
    private static final Logger log = LoggerFactory.getLogger(WebSocketC2sHandler.class);

    private final C2sServices svc;
    private XmlStreamParser parser;
    private C2sStream stream;
    private ChannelHandlerContext ctx;
    private boolean paused;
    private boolean closing;

    WebSocketC2sHandler(C2sServices svc) {
        this.svc = svc;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
            if (!"xmpp".equals(hc.selectedSubprotocol())) {
                // RFC 7395 §3.1: the client must ask for the "xmpp" subprotocol.
                ctx.writeAndFlush(new CloseWebSocketFrame(1002, "subprotocol xmpp required"))
                        .addListener(ChannelFutureListener.CLOSE);
                closing = true;
                return;
            }
            parser = new XmlStreamParser(svc.limits(), XmlStreamParser.Mode.FRAMED);
            stream = new C2sStream(svc, this);
            svc.stats().open.incrementAndGet();
            svc.stats().accepted.increment();
            log.info("c2s {}: connected (WebSocket{})", remoteAddress(), secure() ? " over TLS" : "");
            stream.connected();
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
                        Unpooled.copiedBuffer("XMPP over WebSocket is served at " + svc.config().get(C2sSettings.WEBSOCKET_PATH) + "\n",
                                CharsetUtil.UTF_8));
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
            if (closing || stream == null) {
                return;
            }
            if (!(frame instanceof TextWebSocketFrame)) {
                stream.close(StreamErrorCondition.BAD_FORMAT, "XMPP frames are text");
                return;
            }
            stream.read();
            ByteBuf content = frame.content();
            parser.feed(content.nioBuffer());
        } finally {
            frame.release();
        }
        drain();
    }

    private void drain() {
        while (!paused && !closing) {
            StreamEvent event;
            try {
                event = parser.next();
            } catch (XmlStreamException e) {
                stream.xmlError(e);
                return;
            }
            if (event == null) {
                return;
            }
            if (event instanceof StreamEvent.Stanza s && Namespaces.FRAMING.equals(s.element().namespace())) {
                Element e = s.element();
                if (e.name().equals("open")) {
                    event = new StreamEvent.Open("open", Namespaces.FRAMING, e.attributes(), Map.of());
                } else if (e.name().equals("close")) {
                    event = new StreamEvent.Close();
                }
            }
            CompletionStage<?> pending;
            try {
                pending = stream.handle(event);
            } catch (RuntimeException e) {
                log.error("c2s {}: failed handling input", remoteAddress(), e);
                stream.close(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
                return;
            }
            if (pending != null && !pending.toCompletableFuture().isDone()) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
                pending.whenComplete((r, e) -> ctx.executor().execute(this::resume));
            }
        }
    }

    private void resume() {
        paused = false;
        if (!closing) {
            ctx.channel().config().setAutoRead(true);
            drain();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (stream != null) {
            svc.stats().open.decrementAndGet();
            log.info("c2s {}: disconnected{}", remoteAddress(),
                    stream.session() != null ? " (" + stream.session().jid() + ")" : "");
            stream.disconnected(true);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("c2s {}: {}", remoteAddress(), cause.toString());
        closing = true;
        ctx.close();
    }

    @Override
    public void terminate(org.tern.core.stanza.StreamErrorCondition condition, String text) {
        if (stream != null) {
            stream.close(condition, text);
        } else {
            disconnect();
        }
    }

    // ---- Transport

    @Override
    public void sendOpen(String streamId, String from, String to) {
        Element open = Element.builder("open", Namespaces.FRAMING).attr("from", from).attr("to", to)
                .attr("id", streamId).attr("version", "1.0").attr("xml:lang", "en").build();
        send(open);
    }

    @Override
    public void send(Element element) {
        if (closing) {
            return;
        }
        ctx.writeAndFlush(new TextWebSocketFrame(XmlWriter.toString(element, null)), ctx.voidPromise());
        ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
        if (ob != null && ob.totalPendingWriteBytes() > svc.config().get(C2sSettings.MAX_OUTBOUND_BUFFER)) {
            log.warn("c2s {}: client does not read; dropping the connection", remoteAddress());
            disconnect();
        }
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
    public void disconnect() {
        closing = true;
        ctx.close();
    }

    @Override
    public boolean secure() {
        return ctx.pipeline().get(SslHandler.class) != null;
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
    public ChannelBindingData channelBinding() {
        return svc.channelBinding(ctx.pipeline().get(SslHandler.class));
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return ctx == null ? null : (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }
}
