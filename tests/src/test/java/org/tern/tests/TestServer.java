package org.tern.tests;

import org.tern.core.c2s.C2sListeners;
import org.tern.core.config.Config;
import org.tern.core.module.TernModule;
import org.tern.core.server.Kernel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A real Tern server in this JVM: fresh data directory (H2 file database, generated certificate),
 * listeners on free loopback ports. Clients reach it only over sockets.
 */
public final class TestServer implements AutoCloseable {
    public static final String DOMAIN = "localhost";

    private final Path dataDir;
    private final Map<String, String> settings;
    private final List<TernModule> extraModules;
    private Kernel kernel;

    private TestServer(Path dataDir, Map<String, String> settings, List<TernModule> extraModules) {
        this.dataDir = dataDir;
        this.settings = settings;
        this.extraModules = extraModules;
    }

    /** Starts a server with test defaults overridden by {@code overrides} (key, value, key, value...). */
    public static TestServer start(String... overrides) throws Exception {
        return start(List.of(), overrides);
    }

    /** As {@link #start(String...)}, with modules beyond those on the class path. */
    public static TestServer start(List<TernModule> extraModules, String... overrides) throws Exception {
        Path dir = Files.createTempDirectory("tern-test-");
        Map<String, String> s = new HashMap<>();
        s.put("server.domain", DOMAIN);
        s.put("server.data-dir", dir.toString());
        s.put("c2s.bind-address", "127.0.0.1");
        s.put("c2s.port", Integer.toString(freePort()));
        s.put("c2s.tls-port", Integer.toString(freePort()));
        s.put("websocket.port", Integer.toString(freePort()));
        s.put("websocket.tls-port", Integer.toString(freePort()));
        s.put("server.io-threads", "2");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            s.put(overrides[i], overrides[i + 1]);
        }
        TestServer t = new TestServer(dir, s, extraModules);
        for (int attempt = 1; ; attempt++) {
            try {
                t.boot();
                return t;
            } catch (Exception e) {
                // A free port found a moment ago may have been taken since (parallel builds): pick again.
                if (attempt == 3 || !isBindFailure(e)) {
                    throw e;
                }
                t.kernel.shutdown(Duration.ofSeconds(5));
                for (String key : List.of("c2s.port", "c2s.tls-port", "websocket.port", "websocket.tls-port")) {
                    if (!List.of(overrides).contains(key)) {
                        s.put(key, Integer.toString(freePort()));
                    }
                }
            }
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.BindException
                    || (c.getMessage() != null && c.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private void boot() throws Exception {
        List<TernModule> modules = new ArrayList<>(Kernel.discoverModules());
        modules.addAll(extraModules);
        kernel = new Kernel(new Config(settings), modules);
        kernel.start();
    }

    /** Stops and starts the server again on the same data and ports (persistence tests). */
    public void restart() throws Exception {
        kernel.shutdown(Duration.ofSeconds(10));
        boot();
    }

    public Kernel kernel() {
        return kernel;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port(String kind) {
        for (C2sListeners.Bound b : kernel.listeners()) {
            if (b.kind().equals(kind)) {
                return b.address().getPort();
            }
        }
        throw new IllegalArgumentException("no listener " + kind);
    }

    public int c2sPort() {
        return port("c2s");
    }

    public InetSocketAddress c2sAddress() {
        return new InetSocketAddress("127.0.0.1", c2sPort());
    }

    public void addUser(String user, String password) throws Exception {
        kernel.accounts().create(user, password);
    }

    /** An SSL context that trusts exactly the server's generated certificate. */
    /** Messages stored offline for a local account, straight from the database. */
    public long offlineCount(String user) throws Exception {
        return kernel().storage().transactionNow(c -> {
            try (PreparedStatement q =
                         c.prepareStatement("SELECT COUNT(*) FROM offline_message WHERE username = ?")) {
                q.setString(1, user);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    public SSLContext trustingSslContext() throws Exception {
        return trusting(effectiveDataDir());
    }

    /** A trust manager that trusts exactly the certificate a server generated in this data directory. */
    public static X509TrustManager trustManager(Path dataDir) throws Exception {
        return (X509TrustManager) trustManagerFactory(dataDir).getTrustManagers()[0];
    }

    public X509TrustManager trustManager() throws Exception {
        return trustManager(effectiveDataDir());
    }

    /** The data directory the server uses: the temporary one, unless a test set server.data-dir. */
    private Path effectiveDataDir() {
        return Path.of(settings.get("server.data-dir"));
    }

    /** An SSL context that trusts the certificate a server generated in this data directory. */
    public static SSLContext trusting(Path dataDir) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagerFactory(dataDir).getTrustManagers(), null);
        return ctx;
    }

    private static TrustManagerFactory trustManagerFactory(Path dataDir) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(dataDir.resolve("tern-selfsigned.pem"))) {
            cert = (X509Certificate) cf.generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("tern", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        if (kernel != null) {
            kernel.shutdown(Duration.ofSeconds(10));
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
