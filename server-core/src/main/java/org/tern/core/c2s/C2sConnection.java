package org.tern.core.c2s;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.sasl.ChannelBindingData;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamException;
import org.tern.core.xml.XmlStreamParser;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What TCP and WebSocket connections share: bytes go to the stream parser and events to the
 * stream state machine, and reading is paced. A connection reads nothing more while a stanza's
 * processing is pending (a client cannot queue work faster than routing and storage take it),
 * nor while it is over its byte rate.
 */
abstract class C2sConnection extends ChannelInboundHandlerAdapter implements Transport, C2sListeners.Terminable {
    private static final Logger log = LoggerFactory.getLogger(C2sConnection.class);

    protected final C2sServices svc;
    protected ChannelHandlerContext ctx;
    protected XmlStreamParser parser;
    protected C2sStream stream;
    protected boolean closing;
    private boolean paused;
    private boolean shaped;
    private ReadShaper shaper;

    C2sConnection(C2sServices svc) {
        this.svc = svc;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts the XMPP stream on this connection (TCP: when connected; WebSocket: after the upgrade). */
    protected void begin(XmlStreamParser.Mode mode, String description) {
        parser = new XmlStreamParser(svc.limits(), mode);
        stream = new C2sStream(svc, this);
        shaper = new ReadShaper(svc.config().get(C2sSettings.MAX_READ_RATE));
        svc.stats().open.incrementAndGet();
        svc.stats().accepted.increment();
        log.info("c2s {}: connected ({})", remoteAddress(), description);
        stream.connected();
    }

    /** Feeds received bytes and processes what they complete. */
    protected void received(ByteBuffer bytes) {
        if (closing || stream == null) {
            return;
        }
        stream.read();
        int n = bytes.remaining();
        parser.feed(bytes);
        long wait = shaper.consume(n);
        if (wait > 0 && !shaped) {
            shaped = true;
            updateAutoRead();
            ctx.executor().schedule(() -> {
                shaped = false;
                updateAutoRead();
            }, wait, TimeUnit.MILLISECONDS);
        }
        drain();
    }

    /** Lets a transport translate its framing into stream events (WebSocket's open/close). */
    protected StreamEvent adapt(StreamEvent event) {
        return event;
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
                pending = stream.handle(adapt(event));
            } catch (RuntimeException e) {
                log.error("c2s {}: failed handling input", remoteAddress(), e);
                stream.close(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
                return;
            }
            if (pending == null) {
                continue;
            }
            var f = pending.toCompletableFuture();
            if (!f.isDone()) {
                paused = true;
                updateAutoRead();
                f.whenComplete((r, e) -> {
                    if (e != null) {
                        log.error("c2s {}: stanza processing failed", remoteAddress(), e);
                    }
                    ctx.executor().execute(this::resume);
                });
            } else if (f.isCompletedExceptionally()) {
                f.whenComplete((r, e) -> log.error("c2s {}: stanza processing failed", remoteAddress(), e));
            }
        }
    }

    private void resume() {
        paused = false;
        updateAutoRead();
        drain();
    }

    private void updateAutoRead() {
        if (!closing) {
            ctx.channel().config().setAutoRead(!paused && !shaped);
        }
    }

    /** The connection is gone: end the stream's session. */
    protected void ended() {
        closing = true;
        if (stream != null) {
            svc.stats().open.decrementAndGet();
            log.info("c2s {}: disconnected{}", remoteAddress(),
                    stream.session() != null ? " (" + stream.session().jid() + ")" : "");
            stream.disconnected();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("c2s {}: {}", remoteAddress(), cause.toString());
        closing = true;
        ctx.close();
    }

    @Override
    public void terminate(StreamErrorCondition condition, String text) {
        if (stream != null) {
            stream.close(condition, text);
        } else {
            disconnect();
        }
    }

    /** Drops a client that does not read while its queue grows past the limit. */
    protected void checkOutboundBuffer() {
        ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
        if (ob != null && ob.totalPendingWriteBytes() > svc.config().get(C2sSettings.MAX_OUTBOUND_BUFFER)) {
            log.warn("c2s {}: client does not read; {} bytes queued, dropping the connection", remoteAddress(),
                    ob.totalPendingWriteBytes());
            disconnect();
        }
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
    public ChannelBindingData channelBinding() {
        return svc.channelBinding(ctx.pipeline().get(SslHandler.class));
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return ctx == null ? null : (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }
}
