package org.tern.bench.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.util.concurrent.TimeUnit;

/**
 * One XMPP client connection (RFC 6120): stream, STARTTLS, SASL SCRAM, resource binding, then
 * optionally roster and initial presence (confirmed by a ping round trip); afterwards it answers pings and roster pushes and hands
 * every other stanza to its {@link ClientListener}. Lives on one event loop; everything but
 * {@link #send} and {@link #close} must be called there.
 *
 * <p>Kept small on purpose (a few fields, SCRAM state dropped after auth): a generator holds
 * 50,000 of them.
 */
public final class XmppClient extends ChannelInboundHandlerAdapter {
    private enum Phase { STREAM, STARTTLS, TLS, AUTH, AUTHENTICATED, BIND, SESSION, ROSTER, PRESENCE, ONLINE, CLOSING, DONE }

    private static final String BIND_ID = "bind";
    private static final String SESSION_ID = "sess";
    private static final String ROSTER_ID = "roster";
    private static final String REGISTER_ID = "reg";
    private static final String PRESENCE_PING_ID = "pp";

    private final Connector connector;
    private final Login login;
    private final ClientListener listener;
    private final int index;
    private final byte attempt;
    private Channel channel;
    private Phase phase = Phase.STREAM;
    private ScramClient scram;
    private String jid;
    private long started;
    private boolean sessionRequired;
    private boolean wasOnline;
    private boolean wasRegistered;
    /** Free for the scenario: which user or slot this connection stands for. */
    public Object attachment;

    XmppClient(Connector connector, Login login, ClientListener listener, int index, int attempt) {
        this.attempt = (byte) attempt;
        this.connector = connector;
        this.login = login;
        this.listener = listener;
        this.index = index;
    }

    public int index() {
        return index;
    }

    /** 1 for the first connection of a login, 2 for its first retry... */
    public int attempt() {
        return attempt;
    }

    public Login login() {
        return login;
    }

    /** The bound full JID, once online. */
    public String jid() {
        return jid;
    }

    /** Whether the login completed, even if the connection has closed since. */
    public boolean wasOnline() {
        return wasOnline;
    }

    public boolean wasRegistered() {
        return wasRegistered;
    }

    public boolean isOnline() {
        return phase == Phase.ONLINE;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isWritable() {
        return channel != null && channel.isWritable();
    }

    /** Writes and flushes a stanza; thread-safe (Netty hands it to the event loop). */
    public void send(String xml) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), xml), ch.voidPromise());
        }
    }

    /** Closes the stream politely, and the socket when the server answers (or after 5 s). */
    public void close() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        ch.eventLoop().execute(() -> {
            if (phase == Phase.CLOSING || phase == Phase.DONE || !ch.isActive()) {
                ch.close();
                return;
            }
            phase = Phase.CLOSING;
            ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), "</stream:stream>"));
            ch.eventLoop().schedule(() -> {
                ch.close();
            }, 5, TimeUnit.SECONDS);
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        started = System.nanoTime();
        openStream();
    }

    private void openStream() {
        String header = "<?xml version='1.0'?><stream:stream to='" + connector.domain()
                + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
        channel.pipeline().get(XmlFramer.class).reset();
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), header), channel.voidPromise());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                openStream();
            } else {
                fail("TLS handshake: " + e.cause());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof XmlFramer.Header) {
            return;
        }
        if (msg == XmlFramer.CLOSE) {
            if (phase != Phase.CLOSING && phase != Phase.DONE) {
                fail("server closed the stream");
            }
            phase = Phase.DONE;
            ctx.close();
            return;
        }
        String s = (String) msg;
        try {
            handle(s);
        } catch (Exception e) {
            fail(e.toString());
        }
    }

    private void handle(String s) throws Exception {
        String name = Xml.name(s);
        if (name.equals("error") && s.startsWith("<stream:error")) {
            fail("stream error: " + s);
            return;
        }
        switch (phase) {
            case STREAM, TLS -> {
                if (!name.equals("features")) {
                    fail("expected features, got " + s);
                } else if (phase == Phase.STREAM && connector.tls()) {
                    if (!s.contains("urn:ietf:params:xml:ns:xmpp-tls")) {
                        fail("server offers no STARTTLS");
                        return;
                    }
                    phase = Phase.STARTTLS;
                    send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
                } else if (login.register()) {
                    phase = Phase.AUTHENTICATED;
                    send("<iq type='set' id='" + REGISTER_ID + "'><query xmlns='jabber:iq:register'><username>"
                            + Xml.escape(login.user()) + "</username><password>" + Xml.escape(login.password())
                            + "</password></query></iq>");
                } else {
                    String mech = connector.mechanism().mechanism();
                    if (!s.contains(">" + mech + "<")) {
                        fail("server does not offer " + mech + ": " + s);
                        return;
                    }
                    phase = Phase.AUTH;
                    scram = new ScramClient(connector.mechanism(), login.user(), login.password());
                    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + mech + "'>"
                            + scram.clientFirst() + "</auth>");
                }
            }
            case STARTTLS -> {
                if (!name.equals("proceed")) {
                    fail("STARTTLS refused: " + s);
                    return;
                }
                phase = Phase.TLS;
                SslHandler ssl = connector.sslContext().newHandler(channel.alloc());
                channel.pipeline().addFirst("tls", ssl);
            }
            case AUTH -> {
                switch (name) {
                    case "challenge" -> send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                            + scram.clientFinal(Xml.content(s)) + "</response>");
                    case "success" -> {
                        if (!scram.verifyServerFinal(Xml.content(s))) {
                            fail("server signature does not verify");
                            return;
                        }
                        scram = null;
                        phase = Phase.AUTHENTICATED;
                        openStream();
                    }
                    default -> fail("authentication failed: " + s);
                }
            }
            case AUTHENTICATED -> {
                if (login.register()) {
                    registrationResult(s);
                    return;
                }
                if (!name.equals("features")) {
                    fail("expected features after auth, got " + s);
                    return;
                }
                // RFC 3921 session establishment, only when not marked optional (RFC 6121 Appendix E)
                sessionRequired = s.contains("urn:ietf:params:xml:ns:xmpp-session") && !s.contains("<optional");
                phase = Phase.BIND;
                send("<iq type='set' id='" + BIND_ID + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                        + Xml.escape(login.resource()) + "</resource></bind></iq>");
            }
            case BIND -> {
                if (!isResult(s, name, BIND_ID)) {
                    fail("bind failed: " + s);
                    return;
                }
                jid = Xml.text(s, "jid");
                if (sessionRequired) {
                    phase = Phase.SESSION;
                    send("<iq type='set' id='" + SESSION_ID + "'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
                } else {
                    afterSession();
                }
            }
            case SESSION -> {
                if (!isResult(s, name, SESSION_ID)) {
                    fail("session failed: " + s);
                    return;
                }
                afterSession();
            }
            case ROSTER -> {
                if (name.equals("iq") && ROSTER_ID.equals(Xml.attr(s, "id"))) {
                    listener.roster(this, s);
                    afterRoster();
                } else {
                    stanza(s, name);
                }
            }
            case PRESENCE -> {
                if (name.equals("iq") && PRESENCE_PING_ID.equals(Xml.attr(s, "id"))) {
                    online();
                } else {
                    stanza(s, name);
                }
            }
            case ONLINE, CLOSING -> stanza(s, name);
            default -> {
            }
        }
    }

    private void registrationResult(String s) {
        String type = Xml.attr(s, "type");
        boolean ok = "result".equals(type);
        String detail = ok ? "created" : s.contains("<conflict") ? "conflict" : s;
        wasRegistered = true;
        listener.registered(this, ok, detail);
        phase = Phase.DONE;
        close();
    }

    private static boolean isResult(String s, String name, String id) {
        return name.equals("iq") && id.equals(Xml.attr(s, "id")) && "result".equals(Xml.attr(s, "type"));
    }

    private void afterSession() {
        if (login.fetchRoster()) {
            phase = Phase.ROSTER;
            send("<iq type='get' id='" + ROSTER_ID + "'><query xmlns='jabber:iq:roster'/></iq>");
        } else {
            afterRoster();
        }
    }

    private void afterRoster() {
        if (login.presence() != null) {
            // Not every server reflects initial presence to its sender (RFC 6121 §4.2.2), but all
            // handle a client's stanzas in order: the ping's answer says the presence was processed.
            phase = Phase.PRESENCE;
            send(login.presence() + "<iq type='get' id='" + PRESENCE_PING_ID + "' to='" + connector.domain()
                    + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        } else {
            online();
        }
    }

    private void online() {
        phase = Phase.ONLINE;
        wasOnline = true;
        listener.online(this, System.nanoTime() - started);
    }

    private void stanza(String s, String name) {
        if (name.equals("iq")) {
            String type = Xml.attr(s, "type");
            if ("get".equals(type) || "set".equals(type)) {
                String from = Xml.attr(s, "from");
                String id = Xml.attr(s, "id");
                String to = from == null ? "" : " to='" + from + "'";
                if (s.contains("urn:xmpp:ping") || s.contains("jabber:iq:roster")) {
                    send("<iq type='result' id='" + id + "'" + to + "/>");
                } else {
                    send("<iq type='error' id='" + id + "'" + to + "><error type='cancel'>"
                            + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
                    return;
                }
                if (s.contains("urn:xmpp:ping")) {
                    return;
                }
            }
        }
        listener.stanza(this, s);
    }

    private void fail(String reason) {
        if (phase == Phase.DONE) {
            return;
        }
        boolean wasClosing = phase == Phase.CLOSING;
        phase = Phase.DONE;
        if (!wasClosing) {
            listener.failed(this, reason);
        }
        if (channel != null) {
            channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), "</stream:stream>"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase != Phase.DONE && phase != Phase.CLOSING) {
            phase = Phase.DONE;
            listener.failed(this, "connection closed by the server");
        }
        phase = Phase.DONE;
        listener.closed(this);
    }

    /** Reports a connect failure (no channel became active). */
    void connectFailed(Throwable cause) {
        phase = Phase.DONE;
        listener.failed(this, "connect: " + cause);
        listener.closed(this);
    }
}
