package org.tern.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens client connections to one server: shared event loops (epoll when available), one TLS
 * client context (OpenSSL when available), and a round-robin over several loopback source
 * addresses so that more connections than one address's ephemeral ports can be held.
 *
 * <p>The server's certificate is not checked: benchmarks run against self-signed certificates on
 * loopback only.
 */
public final class Connector implements AutoCloseable {
    private final String domain;
    private final InetSocketAddress server;
    private final boolean tls;
    private final ScramClient.Algorithm mechanism;
    private final List<InetAddress> sources;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext sslContext;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    public Connector(String domain, String host, int port, boolean tls, ScramClient.Algorithm mechanism,
                     int sourceAddresses, int threads) throws SSLException, UnknownHostException {
        this.domain = domain;
        this.server = new InetSocketAddress(host, port);
        this.tls = tls;
        this.mechanism = mechanism;
        this.sources = new ArrayList<>();
        boolean loopback = server.getAddress().isLoopbackAddress() && server.getAddress().getAddress().length == 4;
        for (int i = 0; loopback && i < sourceAddresses; i++) {
            sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i)}));
        }
        boolean epoll = Epoll.isAvailable();
        this.group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        this.sslContext = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .build();
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        if (epoll) {
            // the port is chosen at connect, per destination: many more than 28k per source address
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    public String domain() {
        return domain;
    }

    public boolean tls() {
        return tls;
    }

    public ScramClient.Algorithm mechanism() {
        return mechanism;
    }

    SslContext sslContext() {
        return sslContext;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Starts a connection; the listener hears how it goes. */
    public XmppClient connect(Login login, ClientListener listener) {
        return connect(login, listener, 1);
    }

    /** As {@link #connect(Login, ClientListener)}, saying which attempt of this login it is. */
    public XmppClient connect(Login login, ClientListener listener, int attempt) {
        XmppClient client = new XmppClient(this, login, listener, ids.getAndIncrement(), attempt);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("framer", new XmlFramer(1 << 20)).addLast("client", client);
            }
        });
        ChannelFuture f = sources.isEmpty() ? b.connect(server)
                : b.connect(server, new InetSocketAddress(sources.get(Math.floorMod(next.getAndIncrement(), sources.size())), 0));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                client.connectFailed(done.cause());
            }
        });
        return client;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
