package org.tern.tests.migration;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.tern.tests.TestServer;

import java.io.IOException;
import java.io.OutputStream;
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

/**
 * A migration as an admin runs it, with the packaged distribution: accounts provisioned from CSV
 * on standard input, {@code ./tern export} while the server runs, {@code ./tern import} refused
 * while it runs, then imported into a second installation that serves the same accounts.
 */
class MigrationIT {
    static final Path ROOT = Path.of(System.getProperty("ternRoot", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int exit, String out) {
    }

    Result tern(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("tern").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("TERN_SKIP_BUILD", "1");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "tern " + String.join(" ", args) + " hangs");
        return new Result(p.exitValue(), out);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    record Install(Path config, Path data, int port) {
    }

    Install install(String name) throws Exception {
        Path data = dir.resolve(name + "-data");
        int port = freePort();
        Path cfg = dir.resolve(name + ".properties");
        Files.writeString(cfg, String.join("\n", "server.domain = localhost", "server.data-dir = " + data,
                "c2s.bind-address = 127.0.0.1", "c2s.port = " + port, "c2s.tls-port = " + freePort(),
                "websocket.port = 0", "websocket.tls-port = 0", ""));
        return new Install(cfg, data, port);
    }

    Process run(Install i, String log) throws Exception {
        Path logFile = dir.resolve(log);
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("tern").toString(), "run", "--config", i.config().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().put("TERN_SKIP_BUILD", "1");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!(Files.exists(logFile) && Files.readString(logFile).contains("serving localhost"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("server did not start: " + Files.readString(logFile));
            }
            Thread.sleep(100);
        }
        return p;
    }

    static void stop(Process p) throws Exception {
        p.destroy(); // SIGTERM: graceful
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "server did not stop");
    }

    static XMPPTCPConnection client(Install i, String user, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost").setHostAddress(InetAddress.getLoopbackAddress()).setPort(i.port())
                .setUsernameAndPassword(user, password).setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(TestServer.trustManager(i.data())).build());
        c.setUseStreamManagement(false);
        Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.manual);
        return c;
    }

    @Test
    void provisionExportWhileRunningImportElsewhere() throws Exception {
        Install old = install("old");
        // bulk provisioning from standard input, CSV with RFC 4180 quoting and a header
        Result add = tern("username,password\namy,\"pw, with \"\"quotes\"\"\"\nbea,bea-pw\n",
                "adduser", "--config", old.config().toString(), "--from", "-", "--format", "csv");
        assertEquals(0, add.exit(), add.out());
        assertTrue(add.out().contains("created 2, skipped 0 existing, rejected 0"), add.out());

        Process server = run(old, "old.log");
        Path export = dir.resolve("export");
        try {
            XMPPTCPConnection amy = client(old, "amy", "pw, with \"quotes\"");
            amy.connect().login();
            Roster.getInstanceFor(amy).createItem(JidCreate.bareFrom("bea@localhost"), "Bea", new String[] {"Team"});
            amy.sendStanza(MessageBuilder.buildMessage("hello-1").ofType(Message.Type.chat)
                    .to(JidCreate.from("bea@localhost")).setBody("hello from the old server").build());
            PingManager.getInstanceFor(amy).pingMyServer();
            amy.disconnect();

            Result out = tern("", "export", "--config", old.config().toString(), export.toString());
            assertEquals(0, out.exit(), out.out());
            assertTrue(out.out().contains("exported 2 accounts of localhost"), out.out());

            Result refused = tern("", "import", "--config", old.config().toString(), export.toString());
            assertEquals(1, refused.exit(), refused.out());
            assertTrue(refused.out().contains("stop the server first"), refused.out());
        } finally {
            stop(server);
        }

        Install fresh = install("new");
        Result in = tern("", "import", "--config", fresh.config().toString(), export.toString());
        assertEquals(0, in.exit(), in.out());
        assertTrue(in.out().contains("imported 2 (0 replaced), skipped 0 existing, rejected 0"), in.out());

        Process moved = run(fresh, "new.log");
        try {
            XMPPTCPConnection bea = client(fresh, "bea", "bea-pw");
            bea.connect();
            StanzaCollector messages = bea.createStanzaCollector(StanzaCollector.newConfiguration()
                    .setStanzaFilter(StanzaTypeFilter.MESSAGE));
            bea.login();
            Message m = messages.nextResult(20_000);
            assertNotNull(m, "the stored message came along");
            assertEquals("hello from the old server", m.getBody());
            assertNotNull(DelayInformation.from(m), "XEP-0203 stamp kept");
            bea.disconnect();

            XMPPTCPConnection amy = client(fresh, "amy", "pw, with \"quotes\"");
            amy.connect().login();
            Roster roster = Roster.getInstanceFor(amy);
            roster.reloadAndWait();
            assertEquals("Bea", roster.getEntry(JidCreate.bareFrom("bea@localhost")).getName());
            amy.disconnect();
        } finally {
            stop(moved);
        }
    }
}
