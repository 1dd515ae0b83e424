package org.tern.tests.offline;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tern.tests.TestServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.offline.OfflineClients.chat;

/**
 * The packaged server ({@code ./tern run}) keeps offline messages through a {@code kill -9}
 * (XEP-0160 storage is committed before the sender's next stanza is read), and the admin
 * commands {@code offline-count} and {@code offline-purge} work against it and, stopped, on the
 * database.
 */
class OfflineDurabilityIT {
    static final Path ROOT = Path.of(System.getProperty("ternRoot", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path config;
    int port;
    Process server;

    record Result(int exit, String out) {
    }

    Result tern(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("tern").toString(), args[0], "--config", config.toString()));
        cmd.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("TERN_SKIP_BUILD", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tern " + String.join(" ", args) + " hangs");
        return new Result(p.exitValue(), out);
    }

    String ok(String... args) throws Exception {
        Result r = tern(args);
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    void configure() throws IOException {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = a.getLocalPort();
            config = dir.resolve("tern.properties");
            Files.writeString(config, String.join("\n", "server.domain = localhost",
                    "server.data-dir = " + dir.resolve("data"), "c2s.bind-address = 127.0.0.1",
                    "c2s.port = " + port, "c2s.tls-port = " + b.getLocalPort(),
                    "websocket.port = 0", "websocket.tls-port = 0", ""));
        }
    }

    /** {@code ./tern run}; the launcher execs java, so the process is the JVM itself. */
    void startServer(String logName) throws Exception {
        Path log = dir.resolve(logName);
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("tern").toString(), "run", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TERN_SKIP_BUILD", "1");
        server = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(log).contains("serving localhost")) {
            assertTrue(server.isAlive(), "server exited: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "server did not start: " + Files.readString(log));
            Thread.sleep(100);
        }
        String command = server.info().command().orElse("");
        assertTrue(command.endsWith("java"), "not the JVM: " + command);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    XMPPTCPConnection connection(String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost").setHostAddress(InetAddress.getLoopbackAddress()).setPort(port)
                .setUsernameAndPassword(user, "pw-" + user).setResource(resource)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(TestServer.trustManager(dir.resolve("data"))).build());
        c.setUseStreamManagement(false);
        return c;
    }

    @Test
    void acceptedMessagesSurviveKillNineAndArriveOnce() throws Exception {
        configure();
        ok("adduser", "alice", "pw-alice");
        ok("adduser", "bob", "pw-bob");
        startServer("server1.log");

        XMPPTCPConnection bob = connection("bob", "desk");
        bob.connect().login();
        int n = 50;
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(chat(bob, "alice@localhost", "durable " + i));
        }
        // Each store commits before the server reads bob's next stanza: the ping's answer means all are on disk.
        OfflineClients.sendAll(bob, sent);
        assertTrue(ok("offline-count", "alice@localhost").contains("alice@localhost: 50 offline messages"));

        server.destroyForcibly(); // SIGKILL to the JVM: no shutdown hook, no flush
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, server.exitValue(), "not killed by SIGKILL");
        bob.disconnect();

        startServer("server2.log");
        XMPPTCPConnection alice = connection("alice", "phone");
        StanzaCollector in = OfflineClients.messages(alice);
        alice.connect().login();
        for (int i = 0; i < n; i++) {
            Message m = in.nextResult(10_000);
            assertNotNull(m, "message " + i + " lost");
            assertEquals("durable " + i, m.getBody());
            assertEquals(sent.get(i).getStanzaId(), m.getStanzaId());
        }
        in.cancel();
        alice.disconnect();

        // exactly once: the next login starts with what is sent now
        bob = connection("bob", "desk");
        bob.connect().login();
        alice = connection("alice", "phone");
        in = OfflineClients.messages(alice);
        alice.connect().login();
        OfflineClients.sync(alice);
        bob.sendStanza(chat(bob, "alice@localhost", "after restart"));
        Message first = in.nextResult(10_000);
        assertNotNull(first);
        assertEquals("after restart", first.getBody(), "a stored message came twice");
        in.cancel();
        alice.disconnect();

        // offline-purge in the running server, through the admin socket
        OfflineClients.sendAll(bob, List.of(chat(bob, "alice@localhost", "p1"), chat(bob, "alice@localhost", "p2"),
                chat(bob, "alice@localhost", "p3")));
        assertTrue(ok("offline-purge", "alice@localhost").contains("deleted 3 offline messages"));

        // with the server stopped, both work on the database directly (the 2 counted prove the purge above)
        OfflineClients.sendAll(bob, List.of(chat(bob, "alice@localhost", "q1"), chat(bob, "alice@localhost", "q2")));
        bob.disconnect();
        server.destroy();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        assertTrue(ok("offline-count", "alice").contains("alice@localhost: 2 offline messages"));
        assertTrue(ok("offline-purge", "alice").contains("deleted 2 offline messages"));
        assertTrue(ok("offline-count", "alice").contains(": 0 offline messages"));

        Result unknown = tern("offline-count", "nobody@localhost");
        assertEquals(1, unknown.exit(), unknown.out());
        assertTrue(unknown.out().contains("no account nobody@localhost"), unknown.out());
    }
}
