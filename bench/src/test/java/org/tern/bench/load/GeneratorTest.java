package org.tern.bench.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.bench.client.Connector;
import org.tern.bench.client.ScramClient;
import org.tern.bench.report.Report;
import org.tern.core.c2s.C2sListeners;
import org.tern.core.config.Config;
import org.tern.core.server.Kernel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator against a real Tern server in this JVM, over loopback with STARTTLS and SCRAM
 * (RFC 6120 §5, §6, §7): logins complete, messages arrive, reports carry the counts. Seconds, not load.
 */
class GeneratorTest {
    private Kernel kernel;
    private Path dir;
    private int port;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("tern-bench-test");
        Map<String, String> s = new HashMap<>();
        s.put("server.domain", "localhost");
        s.put("server.data-dir", dir.toString());
        s.put("c2s.bind-address", "127.0.0.1");
        s.put("c2s.port", Integer.toString(freePort()));
        s.put("c2s.tls-port", Integer.toString(freePort()));
        s.put("websocket.port", Integer.toString(freePort()));
        s.put("websocket.tls-port", Integer.toString(freePort()));
        s.put("server.io-threads", "2");
        s.put("stream.max-read-rate", "0");
        kernel = new Kernel(new Config(s), Kernel.discoverModules());
        kernel.start();
        for (C2sListeners.Bound b : kernel.listeners()) {
            if (b.kind().equals("c2s")) {
                port = b.address().getPort();
            }
        }
        for (int i = 0; i < 4; i++) {
            kernel.accounts().create("u" + i, "pw");
        }
    }

    @AfterEach
    void stop() {
        kernel.shutdown(Duration.ofSeconds(5));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Bench bench(Connector c) {
        return new Bench("tern", c, 4, "pw", 0, 1, 4, 0, List.of(dir), dir.resolve("reports"),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void loginStormLogsInWithScramSha1AndSha256OverStartTls() throws Exception {
        for (ScramClient.Algorithm alg : ScramClient.Algorithm.values()) {
            try (Connector c = new Connector("localhost", "127.0.0.1", port, true, alg, 2, 1)) {
                Report r = new LoginStorm(2, 4).run(bench(c));
                assertEquals(0L, r.resultValue("failures"), alg + ": " + r.text());
                assertTrue((Long) r.resultValue("logins") > 0, alg + ": " + r.text());
            }
        }
    }

    @Test
    void wrongPasswordFailsTheLogin() throws Exception {
        try (Connector c = new Connector("localhost", "127.0.0.1", port, true, ScramClient.Algorithm.SHA_1, 1, 1)) {
            Bench b = new Bench("tern", c, 1, "wrong", 0, 1, 1, 0, List.of(), dir, new PrintStream(new ByteArrayOutputStream()));
            Online.Batch batch = b.online().login(1, b::login, new org.tern.bench.client.ClientListener() {
            }, 30);
            assertEquals(1, batch.failures());
            assertTrue(batch.reasons().get(0).contains("not-authorized"), batch.reasons().toString());
        }
    }

    @Test
    void oneToOneDeliversEveryMessageItSends() throws Exception {
        try (Connector c = new Connector("localhost", "127.0.0.1", port, true, ScramClient.Algorithm.SHA_1, 2, 1)) {
            Report r = new OneToOne(2, 50, 2, 1, 1e9).run(bench(c));
            @SuppressWarnings("unchecked")
            Map<String, Object> step = (Map<String, Object>) r.curve().get(0);
            assertTrue((Long) step.get("sent") > 0, r.text());
            assertEquals(0L, step.get("lost"), r.text());
        }
    }
}
