package org.tern.core.c2s;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;
import org.tern.core.xml.XmlStreamParser;
import org.tern.core.xml.XmlWriter;

/** A client connection over TCP (RFC 6120 framing), with STARTTLS or direct TLS. */
final class TcpC2sHandler extends C2sConnection {
    private static final Logger log = LoggerFactory.getLogger(TcpC2sHandler.class);

    private final boolean directTls;

    TcpC2sHandler(C2sServices svc, boolean directTls) {
        super(svc);
        this.directTls = directTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin(XmlStreamParser.Mode.STREAM, directTls ? "direct TLS" : "TCP");
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            received(buf.nioBuffer());
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            stream.idle();
        } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
            log.info("c2s {}: TLS handshake failed: {}", remoteAddress(), hs.cause().getMessage());
            disconnect();
        }
        ctx.fireUserEventTriggered(evt);
    }

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

    @Override
    public void send(Element element, CompletableFuture<Boolean> written) {
        if (closing) {
            written.complete(false);
            return;
        }
        StringBuilder sb = new StringBuilder(256);
        XmlWriter.write(element, Namespaces.CLIENT, true, sb);
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), sb)).addListener(f -> written.complete(f.isSuccess()));
        checkOutboundBuffer();
    }

    private void write(CharSequence text) {
        if (closing) {
            return;
        }
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), text), ctx.voidPromise());
        checkOutboundBuffer();
    }

    @Override
    public void sendCloseAndDisconnect() {
        if (closing) {
            return;
        }
        closing = true;
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), "</stream:stream>")).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean canStartTls() {
        return !directTls && svc.sslContext() != null;
    }

    @Override
    public void startTls(Element proceed) {
        // startTls=true: the handler lets the first write (our <proceed/>) pass in the clear.
        ctx.pipeline().addFirst("tls", new SslHandler(svc.sslContext().newEngine(ctx.alloc()), true));
        send(proceed);
        // Bytes after <starttls/> were sent before <proceed/> arrived: not part of the TLS stream.
        parser = new XmlStreamParser(svc.limits(), XmlStreamParser.Mode.STREAM);
    }

    @Override
    public void restartStream() {
        parser.restart();
    }

    @Override
    public String name() {
        return "tcp";
    }
}
