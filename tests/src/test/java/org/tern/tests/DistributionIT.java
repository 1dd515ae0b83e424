package org.tern.tests;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real distribution as an admin runs it: {@code ./tern run} in its own process,
 * {@code ./tern adduser} against it, a Smack login, SIGTERM and a graceful stop.
 */
class DistributionIT {
    static final Path ROOT = Path.of(System.getProperty("ternRoot", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int exit, String out) {
    }

    Result tern(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ROOT.resolve("tern").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("TERN_SKIP_BUILD", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tern " + String.join(" ", args) + " hangs");
        return new Result(p.exitValue(), out);
    }

    Path config(int port, int tlsPort) throws IOException {
        Path cfg = dir.resolve("tern.properties");
        Files.writeString(cfg, String.join("\n",
                "server.domain = localhost",
                "server.data-dir = " + dir.resolve("data"),
                "c2s.bind-address = 127.0.0.1",
                "c2s.port = " + port,
                "c2s.tls-port = " + tlsPort,
                "websocket.port = 0",
                "websocket.tls-port = 0",
                ""));
        return cfg;
    }

    @Test
    void runAddUserLoginAndStopWithSigterm() throws Exception {
        int port = TestServer.freePort();
        Path cfg = config(port, TestServer.freePort());
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("tern").toString(), "run", "--config", cfg.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TERN_SKIP_BUILD", "1");
        Process server = pb.start();
        try {
            waitForLog(log, "serving localhost", server);

            Result add = tern("adduser", "--config", cfg.toString(), "zoe@localhost", "z-secret");
            assertEquals(0, add.exit(), add.out());
            assertTrue(add.out().contains("created zoe@localhost"), add.out());
            Result dup = tern("adduser", "--config", cfg.toString(), "zoe", "other");
            assertEquals(1, dup.exit(), dup.out());
            assertTrue(dup.out().contains("already exists"), dup.out());

            XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain("localhost").setHostAddress(InetAddress.getLoopbackAddress()).setPort(port)
                    .setUsernameAndPassword("zoe", "z-secret").setResource("it")
                    .setSecurityMode(SecurityMode.required)
                    .setCustomX509TrustManager(TestServer.trustManager(dir.resolve("data"))).build());
            c.setUseStreamManagement(false);
            CompletableFuture<Exception> closedWith = new CompletableFuture<>();
            c.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closedWith.complete(e);
                }

                @Override
                public void connectionClosed() {
                    closedWith.complete(null);
                }
            });
            c.connect().login();
            assertEquals("zoe@localhost/it", c.getUser().toString());

            Result status = tern("status", "--config", cfg.toString());
            assertEquals(0, status.exit(), status.out());
            assertTrue(status.out().contains("zoe@localhost/it"), status.out());

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server did not stop on SIGTERM");
            Exception e = closedWith.get(30, TimeUnit.SECONDS);
            assertTrue(e instanceof StreamErrorException, String.valueOf(e));
            assertEquals(StreamError.Condition.system_shutdown, ((StreamErrorException) e).getStreamError().getCondition());
            String text = Files.readString(log);
            assertTrue(text.contains("stopped"), text);
            assertTrue(!text.contains("z-secret"), "the password reached the log");
            assertTrue(!Files.exists(dir.resolve("data").resolve("admin.sock")), "admin socket left behind");
        } finally {
            server.destroyForcibly();
        }

        // admin commands also work with the server stopped, straight on the database
        Result del = tern("deluser", "--config", cfg.toString(), "zoe");
        assertEquals(0, del.exit(), del.out());
        Result list = tern("list-users", "--config", cfg.toString());
        assertTrue(!list.out().contains("zoe"), list.out());
    }

    @Test
    void checkConfigNamesKeyFileAndLine() throws Exception {
        Path cfg = dir.resolve("bad.properties");
        Files.writeString(cfg, "server.domain = localhost\nc2s.port = 70000\nc2s.prot = 5222\n");
        Result r = tern("check-config", "--config", cfg.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains(cfg + ":2: c2s.port: 70000 is out of range"), r.out());
        assertTrue(r.out().contains(cfg + ":3: c2s.prot: unknown key (did you mean c2s.port?)"), r.out());

        Result ok = tern("check-config", "--config", ROOT.resolve("etc/tern.properties").toString());
        assertEquals(0, ok.exit(), ok.out());
    }

    @Test
    void deletedUserCannotLogIn() throws Exception {
        int port = TestServer.freePort();
        Path cfg = config(port, TestServer.freePort());
        assertEquals(0, tern("adduser", "--config", cfg.toString(), "yan", "y-secret").exit());
        assertEquals(0, tern("passwd", "--config", cfg.toString(), "yan", "new-secret").exit());
        Path log = dir.resolve("server2.log");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("tern").toString(), "run", "--config", cfg.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TERN_SKIP_BUILD", "1");
        Process server = pb.start();
        try {
            waitForLog(log, "serving localhost", server);
            XMPPTCPConnectionConfiguration conf = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain("localhost").setHostAddress(InetAddress.getLoopbackAddress()).setPort(port)
                    .setUsernameAndPassword("yan", "new-secret").setSecurityMode(SecurityMode.required)
                    .setCustomX509TrustManager(TestServer.trustManager(dir.resolve("data"))).build();
            XMPPTCPConnection c = new XMPPTCPConnection(conf);
            c.setUseStreamManagement(false);
            c.connect().login();
            CompletableFuture<Exception> closed = new CompletableFuture<>();
            c.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closed.complete(e);
                }
            });
            assertEquals(0, tern("deluser", "--config", cfg.toString(), "yan").exit());
            assertTrue(closed.get(30, TimeUnit.SECONDS) instanceof StreamErrorException, "session not closed on deletion");
            XMPPTCPConnection again = new XMPPTCPConnection(conf);
            again.setUseStreamManagement(false);
            again.connect();
            assertThrows(SASLErrorException.class, again::login);
            again.disconnect();
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    /** Bulk provisioning: thousands of accounts from one file, bad lines reported with their numbers. */
    @Test
    void bulkAddUsersFromFile() throws Exception {
        int port = TestServer.freePort();
        Path cfg = config(port, TestServer.freePort());
        StringBuilder sb = new StringBuilder("# accounts for a load test\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append("load").append(i).append(":pw-").append(i).append('\n');
        }
        sb.append("not a valid line\n").append("load7:duplicate\n").append("bad/name:x\n");
        Path file = dir.resolve("accounts.txt");
        Files.writeString(file, sb);
        Result r = tern("adduser", "--config", cfg.toString(), "--from", file.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("created 10000, skipped 0 existing, rejected 3"), r.out());
        assertTrue(r.out().contains("line 10002: expected user:password"), r.out());
        assertTrue(r.out().contains("line 10003: load7 appears more than once"), r.out());
        assertTrue(r.out().contains("line 10004: "), r.out());
        Result again = tern("adduser", "--config", cfg.toString(), "--from", file.toString());
        assertTrue(again.out().contains("created 0, skipped 10000 existing"), again.out());

        Path log = dir.resolve("bulk-server.log");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("tern").toString(), "run", "--config", cfg.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TERN_SKIP_BUILD", "1");
        Process server = pb.start();
        try {
            waitForLog(log, "serving localhost", server);
            XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain("localhost").setHostAddress(InetAddress.getLoopbackAddress()).setPort(port)
                    .setUsernameAndPassword("load9999", "pw-9999").setSecurityMode(SecurityMode.required)
                    .setCustomX509TrustManager(TestServer.trustManager(dir.resolve("data"))).build());
            c.setUseStreamManagement(false);
            c.connect().login();
            assertEquals("load9999@localhost", c.getUser().asBareJid().toString());
            c.disconnect();
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    static void waitForLog(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start: " + (Files.exists(log) ? Files.readString(log) : ""));
    }

}
