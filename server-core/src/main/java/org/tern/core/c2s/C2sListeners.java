package org.tern.core.c2s;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.tern.core.stanza.StreamErrorCondition;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client listeners: TCP with STARTTLS, direct TLS, WebSocket and secure WebSocket. Each
 * pipeline is: TLS (direct only) → idle detection → flush consolidation → [HTTP + WebSocket] →
 * the connection handler, which parses with limits and paces reading to processing.
 */
public final class C2sListeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(C2sListeners.class);

    /** One bound listener, for the start-up line and for tests that bind port 0. */
    public record Bound(String kind, InetSocketAddress address) {
    }

    private final C2sServices svc;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerSocketChannel> channelClass;
    private final List<Channel> channels = new ArrayList<>();
    private final List<Bound> bound = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("c2s", GlobalEventExecutor.INSTANCE);

    public C2sListeners(C2sServices svc, int workerThreads) {
        this.svc = svc;
        if (Epoll.isAvailable()) {
            boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("tern-accept"));
            workers = new EpollEventLoopGroup(workerThreads, new DefaultThreadFactory("tern-io"));
            channelClass = EpollServerSocketChannel.class;
        } else {
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("tern-accept"));
            workers = new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("tern-io"));
            channelClass = NioServerSocketChannel.class;
        }
    }

    public List<Bound> start() throws InterruptedException {
        String host = svc.config().get(C2sSettings.BIND_ADDRESS);
        int port = svc.config().get(C2sSettings.PORT);
        int tlsPort = svc.config().get(C2sSettings.TLS_PORT);
        int wsPort = svc.config().get(C2sSettings.WEBSOCKET_PORT);
        int wssPort = svc.config().get(C2sSettings.WEBSOCKET_TLS_PORT);
        if (port > 0) {
            bind("c2s", host, port, false, false);
        }
        if (tlsPort > 0 && svc.sslContext() != null) {
            bind("c2s-tls", host, tlsPort, true, false);
        }
        if (wsPort > 0) {
            bind("websocket", host, wsPort, false, true);
        }
        if (wssPort > 0 && svc.sslContext() != null) {
            bind("websocket-tls", host, wssPort, true, true);
        }
        return List.copyOf(bound);
    }

    private void bind(String kind, String host, int port, boolean tls, boolean websocket) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        pipeline(ch.pipeline(), ch, tls, websocket);
                    }
                });
        Channel ch = b.bind(host, port).sync().channel();
        channels.add(ch);
        InetSocketAddress addr = (InetSocketAddress) ch.localAddress();
        bound.add(new Bound(kind, addr));
        log.debug("{} listening on {}", kind, addr);
    }

    private void pipeline(ChannelPipeline p, SocketChannel ch, boolean tls, boolean websocket) {
        if (tls) {
            p.addLast("tls", svc.sslContext().newHandler(ch.alloc()));
        }
        long idle = svc.config().get(C2sSettings.IDLE_TIMEOUT).toMillis();
        if (idle > 0) {
            p.addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
        }
        p.addLast("flush", new FlushConsolidationHandler(64, true));
        if (websocket) {
            int max = (int) Math.min(Integer.MAX_VALUE, svc.config().get(C2sSettings.MAX_STANZA_SIZE));
            p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
            p.addLast("http-aggregator", new HttpObjectAggregator(8192));
            p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(svc.config().get(C2sSettings.WEBSOCKET_PATH))
                    .subprotocols("xmpp")
                    .maxFramePayloadLength(max)
                    .handleCloseFrames(true)
                    .dropPongFrames(true)
                    .build()));
            p.addLast("websocket-aggregator", new WebSocketFrameAggregator(max));
            p.addLast("xmpp", new WebSocketC2sHandler(svc));
        } else {
            p.addLast("xmpp", new TcpC2sHandler(svc, tls));
        }
    }

    public List<Bound> bound() {
        return List.copyOf(bound);
    }

    /** Stops accepting connections; open ones stay until the caller closes their sessions. */
    public void stopAccepting() {
        for (Channel c : channels) {
            c.close().syncUninterruptibly();
        }
        channels.clear();
    }

    /** Ends every open client stream with a stream error, each on its own event loop. */
    public void closeAll(StreamErrorCondition condition, String text) {
        for (Channel ch : connections) {
            if (ch.pipeline().get("xmpp") instanceof Terminable t) {
                ch.eventLoop().execute(() -> t.terminate(condition, text));
            } else {
                ch.close();
            }
        }
    }

    /** A connection handler that can end its stream with a stream error. */
    interface Terminable {
        void terminate(StreamErrorCondition condition, String text);
    }

    @Override
    public void close() {
        stopAccepting();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
