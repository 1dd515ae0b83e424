package org.tern.core.c2s;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.sasl.ChannelBindingData;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamException;
import org.tern.core.xml.XmlStreamParser;
import org.tern.core.xml.XmlWriter;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * A client connection over TCP: bytes to the stream parser, events to the stream state machine,
 * with reading paused while a stanza's processing is pending (that is the backpressure: a client
 * cannot queue work faster than storage and routing take it).
 */
final class TcpC2sHandler extends ChannelInboundHandlerAdapter implements Transport, C2sListeners.Terminable {
    private static final Logger log = LoggerFactory.getLogger(TcpC2sHandler.class);

    private final C2sServices svc;
    private final boolean directTls;
    private XmlStreamParser parser;
    private C2sStream stream;
    private ChannelHandlerContext ctx;
    private boolean paused;
    private boolean closing;

    TcpC2sHandler(C2sServices svc, boolean directTls) {
        this.svc = svc;
        this.directTls = directTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.parser = new XmlStreamParser(svc.limits(), XmlStreamParser.Mode.STREAM);
        this.stream = new C2sStream(svc, this);
        svc.stats().open.incrementAndGet();
        svc.stats().accepted.increment();
        log.info("c2s {}: connected ({})", remoteAddress(), directTls ? "direct TLS" : "TCP");
        stream.connected();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (closing) {
                return;
            }
            stream.read();
            parser.feed(buf.nioBuffer());
        } finally {
            buf.release();
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
            CompletionStage<?> pending;
            try {
                pending = stream.handle(event);
            } catch (RuntimeException e) {
                log.error("c2s {}: failed handling input", remoteAddress(), e);
                stream.close(org.tern.core.stanza.StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
                return;
            }
            if (pending != null && !pending.toCompletableFuture().isDone()) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
                pending.whenComplete((r, e) -> ctx.executor().execute(this::resume));
            } else if (pending != null && pending.toCompletableFuture().isCompletedExceptionally()) {
                logFailure(pending);
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

    private void logFailure(CompletionStage<?> stage) {
        stage.whenComplete((r, e) -> {
            if (e != null) {
                log.error("c2s {}: stanza processing failed", remoteAddress(), e);
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            stream.idle();
        } else if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (!hs.isSuccess()) {
                log.info("c2s {}: TLS handshake failed: {}", remoteAddress(), hs.cause().getMessage());
                closing = true;
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        svc.stats().open.decrementAndGet();
        log.info("c2s {}: disconnected{}", remoteAddress(),
                stream.session() != null ? " (" + stream.session().jid() + ")" : "");
        stream.disconnected(true);
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
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.CLIENT)
                .append("' xmlns:stream='").append(Namespaces.STREAMS).append("' id='").append(streamId)
                .append("' from='");
        XmlWriter.escapeAttr(from, sb);
        sb.append('\'');
        if (to != null) {
            sb.append(" to='");
            XmlWriter.escapeAttr(to, sb);
            sb.append('\'');
        }
        sb.append(" version='1.0' xml:lang='en'>");
        write(sb);
    }

    @Override
    public void send(Element element) {
        StringBuilder sb = new StringBuilder(256);
        XmlWriter.write(element, Namespaces.CLIENT, true, sb);
        write(sb);
    }

    private void write(CharSequence text) {
        if (closing) {
            return;
        }
        ByteBuf out = ByteBufUtil.writeUtf8(ctx.alloc(), text);
        ctx.writeAndFlush(out, ctx.voidPromise());
        ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
        if (ob != null && ob.totalPendingWriteBytes() > svc.config().get(C2sSettings.MAX_OUTBOUND_BUFFER)) {
            log.warn("c2s {}: client does not read; {} bytes queued, dropping the connection", remoteAddress(),
                    ob.totalPendingWriteBytes());
            disconnect();
        }
    }

    @Override
    public void sendCloseAndDisconnect() {
        if (closing) {
            return;
        }
        ByteBuf out = ByteBufUtil.writeUtf8(ctx.alloc(), "</stream:stream>");
        closing = true;
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
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
        return !directTls && svc.sslContext() != null;
    }

    @Override
    public void startTls(Element proceed) {
        // startTls=true: the handler lets the first write (our <proceed/>) pass in the clear.
        SslHandler ssl = new SslHandler(svc.sslContext().newEngine(ctx.alloc()), true);
        ctx.pipeline().addFirst("tls", ssl);
        send(proceed);
        parser = new XmlStreamParser(svc.limits(), XmlStreamParser.Mode.STREAM);
    }

    @Override
    public void restartStream() {
        parser.restart();
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
        return "tcp";
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }
}
