package org.tern.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately simple XMPP client over a raw socket, for what Smack will not send: malformed
 * XML, DTDs, spoofed addresses, oversize stanzas. It reads text until an expected fragment
 * appears, so tests assert on exactly what the server wrote.
 */
public final class RawClient implements AutoCloseable {
    private final TestServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private int consumed;
    private String lastFeatures;

    private RawClient(TestServer server, Socket socket) throws IOException {
        this.server = server;
        use(socket);
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        s.setSoTimeout(200);
        this.in = s.getInputStream();
        this.out = s.getOutputStream();
    }

    public static RawClient connect(TestServer server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.c2sPort()), 5000);
        return new RawClient(server, s);
    }

    /** Connects and negotiates STARTTLS; the post-TLS features have been read. */
    public static RawClient secured(TestServer server) throws Exception {
        RawClient c = connect(server);
        c.openStream();
        c.expect("<starttls");
        c.startTls();
        c.openStream();
        c.expect("</stream:features>");
        return c;
    }

    /** Connects, negotiates STARTTLS and authenticates with PLAIN; returns the features offered after. */
    public static RawClient authenticated(TestServer server, String user, String password) throws Exception {
        RawClient c = secured(server);
        String auth = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + auth + "</auth>");
        c.expect("<success");
        c.openStream();
        c.lastFeatures = c.expect("</stream:features>");
        return c;
    }

    /** The stream features read by {@link #authenticated}. */
    public String lastFeatures() {
        return lastFeatures;
    }

    /** Connects, negotiates STARTTLS and authenticates with PLAIN, and binds a resource. */
    public static RawClient loggedIn(TestServer server, String user, String password, String resource) throws Exception {
        RawClient c = authenticated(server, user, password);
        c.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + (resource == null ? "" : "<resource>" + resource + "</resource>") + "</bind></iq>");
        c.expect("</iq>");
        return c;
    }

    public void openStream() throws IOException {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                + "to='" + TestServer.DOMAIN + "' version='1.0'>");
    }

    /** Sends {@code <starttls/>}, waits for proceed and upgrades the socket. */
    public void startTls() throws Exception {
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        expect("<proceed");
        SSLContext ctx = server.trustingSslContext();
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.startHandshake();
        use(tls);
    }

    public void send(String xml) throws IOException {
        send(xml.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Waits until the text received since the last expectation contains {@code fragment}; returns
     * that text. Fails after 10 seconds.
     */
    public String expect(String fragment) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            int at = received.indexOf(fragment, consumed);
            if (at >= 0) {
                int end = at + fragment.length();
                String seen = received.substring(consumed, end);
                consumed = end;
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected '" + fragment + "' but received: " + received.substring(consumed));
            }
            if (readSome() < 0) {
                throw new AssertionError("connection closed while expecting '" + fragment + "'; received: "
                        + received.substring(consumed));
            }
        }
    }

    /** Waits for the server to close the connection; returns everything not yet consumed. */
    public String expectClosed() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (readSome() < 0) {
                String rest = received.substring(consumed);
                consumed = received.length();
                return rest;
            }
        }
        throw new AssertionError("connection still open; received: " + received.substring(consumed));
    }

    /** Reads for a while and returns what arrived (possibly nothing). */
    public String drain(Duration d) throws IOException {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            if (readSome() < 0) {
                break;
            }
        }
        String rest = received.substring(consumed);
        consumed = received.length();
        return rest;
    }

    private int readSome() throws IOException {
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            if (n > 0) {
                received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            return -1; // reset by peer counts as closed
        }
    }

    public boolean isClosedByServer() throws IOException {
        return readSome() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
