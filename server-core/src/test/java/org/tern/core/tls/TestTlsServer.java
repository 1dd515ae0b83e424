package org.tern.core.tls;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.LoggerFactory;

/**
 * A Netty server on 127.0.0.1 using a given SslContext: direct TLS, or a line-based STARTTLS
 * imitation (client sends "STARTTLS", server answers "PROCEED" and then adds the SslHandler, as
 * the XMPP listener does with {@code <proceed/>}). After the handshake it echoes lines.
 */
final class TestTlsServer implements AutoCloseable {
    enum Mode { DIRECT, STARTTLS }

    /** What the server saw of one connection's handshake, captured on the event loop. */
    record Handshake(Throwable failure, SSLEngine engine, String protocol, String cipherSuite,
                     String applicationProtocol, byte[] tlsExporter) {
        boolean succeeded() {
            return failure == null;
        }
    }

    static {
        // keep Netty's debug chatter out of the test output
        org.slf4j.Logger netty = LoggerFactory.getLogger("io.netty");
        if (netty instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final Channel server;
    private final BlockingQueue<CompletableFuture<Handshake>> handshakes = new LinkedBlockingQueue<>();

    TestTlsServer(SslContext context, Mode mode) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        CompletableFuture<Handshake> handshake = new CompletableFuture<>();
                        handshakes.add(handshake);
                        if (mode == Mode.DIRECT) {
                            ch.pipeline().addLast("tls", context.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("lines", new LineBasedFrameDecoder(1024));
                        ch.pipeline().addLast("app", new App(context, mode, handshake));
                    }
                });
        server = bootstrap.bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** The handshake of the next accepted connection, in accept order. */
    Handshake nextHandshake() throws Exception {
        CompletableFuture<Handshake> f = handshakes.poll(10, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no connection accepted");
        }
        return f.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class App extends ChannelInboundHandlerAdapter {
        private final SslContext context;
        private final CompletableFuture<Handshake> handshake;
        private boolean tls;

        App(SslContext context, Mode mode, CompletableFuture<Handshake> handshake) {
            this.context = context;
            this.handshake = handshake;
            this.tls = mode == Mode.DIRECT;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf line = (ByteBuf) msg;
            String text = line.toString(StandardCharsets.UTF_8);
            line.release();
            if (!tls) {
                if (text.equals("STARTTLS")) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer("PROCEED\n", StandardCharsets.US_ASCII));
                    ctx.pipeline().addFirst("tls", context.newHandler(ctx.alloc()));
                    tls = true;
                } else {
                    ctx.writeAndFlush(Unpooled.copiedBuffer("PLAINTEXT " + text + "\n", StandardCharsets.UTF_8));
                }
                return;
            }
            ctx.writeAndFlush(Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                SSLEngine engine = ssl.engine();
                if (done.isSuccess()) {
                    handshake.complete(new Handshake(null, engine, engine.getSession().getProtocol(),
                            engine.getSession().getCipherSuite(), ssl.applicationProtocol(),
                            ChannelBinding.tlsExporter(engine)));
                } else {
                    handshake.complete(new Handshake(done.cause(), engine, null, null, null, null));
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.complete(new Handshake(cause, null, null, null, null, null));
            ctx.close();
        }
    }
}
