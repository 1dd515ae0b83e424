package org.tern.core.server;

import org.tern.core.config.Option;

import java.time.Duration;
import java.util.List;

/** Kernel configuration: domain, data, storage, TLS and authentication. */
public final class ServerSettings {
    public static final Option<String> DOMAIN = Option.string("server.domain", "localhost",
            "The XMPP domain this server hosts (the part after @ in user addresses).");
    public static final Option<java.nio.file.Path> DATA_DIR = Option.path("server.data-dir", "data",
            "Directory for the embedded database, the generated certificate and the admin socket.");
    public static final Option<Integer> IO_THREADS = Option.integer("server.io-threads", 0, 0, 1024,
            "Network threads; 0 means one per CPU core.");
    public static final Option<Boolean> VERSION_VISIBLE = Option.bool("server.version-visible", true,
            "Answer XEP-0092 software version queries with name and version (false: not offered at all).");
    public static final Option<Boolean> VERSION_OS = Option.bool("server.version-os", false,
            "Include the operating system in XEP-0092 answers.");

    public static final Option<Boolean> LOAD_TESTING = Option.bool("server.load-testing", false,
            "Allows settings that weaken security so the server can be measured with load tools that do not "
                    + "speak TLS or SCRAM (c2s.starttls = optional, auth.plain-without-tls = true). The server warns "
                    + "at every start while it is on. Never in production.");
    public static final Option<String> STORAGE_URL = Option.string("storage.url", "",
            "JDBC URL of the database; empty means the embedded H2 file database under server.data-dir "
                    + "(in AUTO_SERVER mode, so admin commands can open it while the server runs).");
    public static final Option<String> STORAGE_USER = Option.string("storage.user", "", "Database user.");
    public static final Option<String> STORAGE_PASSWORD = Option.string("storage.password", "", "Database password.");
    public static final Option<Integer> STORAGE_POOL_SIZE = Option.integer("storage.pool-size", 8, 1, 512,
            "Database connections, which is also the number of storage threads.");
    public static final Option<Integer> STORAGE_QUEUE = Option.integer("storage.queue", 10_000, 16, 10_000_000,
            "Storage tasks that may wait for a thread; past it requests get resource-constraint.");

    public static final Option<String> TLS_CERTIFICATE = Option.string("tls.certificate", "",
            "PEM certificate chain (end-entity first, e.g. Let's Encrypt's fullchain.pem); empty: a "
                    + "self-signed certificate is generated under server.data-dir on first start.");
    public static final Option<String> TLS_KEY = Option.string("tls.key", "",
            "PEM private key of tls.certificate (PKCS#8, PKCS#1 RSA or SEC1 EC).");
    public static final Option<String> TLS_KEY_PASSWORD = Option.string("tls.key-password", "",
            "Password of an encrypted tls.key.");
    public static final Option<String> TLS_PKCS12 = Option.string("tls.pkcs12", "",
            "PKCS#12 keystore with key and chain, instead of tls.certificate and tls.key.");
    public static final Option<String> TLS_PKCS12_PASSWORD = Option.string("tls.pkcs12-password", "",
            "Password of tls.pkcs12.");
    public static final Option<Boolean> TLS_OPENSSL = Option.bool("tls.openssl", true,
            "Use OpenSSL (BoringSSL, netty-tcnative) when it is available; false: the JDK's TLS.");

    public static final Option<Integer> SCRAM_ITERATIONS = Option.integer("auth.scram-iterations", 4096, 4096, 10_000_000,
            "PBKDF2 iterations for new SCRAM credentials (existing ones keep theirs until the password changes).");
    public static final Option<Integer> FAILURES_PER_ACCOUNT = Option.integer("auth.failures-per-account", 5, 0, 1_000_000,
            "Failed logins for one account within auth.throttle-window after which its logins are refused; 0: no limit.");
    public static final Option<Integer> FAILURES_PER_ADDRESS = Option.integer("auth.failures-per-address", 20, 0, 1_000_000,
            "Failed logins from one IP address within auth.throttle-window after which it is refused; 0: no limit.");
    public static final Option<Duration> THROTTLE_WINDOW = Option.duration("auth.throttle-window", "5m",
            Duration.ofSeconds(1), Duration.ofDays(1), "Window over which failed logins are counted.");

    private ServerSettings() {
    }

    public static List<Option<?>> all() {
        return List.of(DOMAIN, DATA_DIR, IO_THREADS, LOAD_TESTING, VERSION_VISIBLE, VERSION_OS, STORAGE_URL, STORAGE_USER,
                STORAGE_PASSWORD, STORAGE_POOL_SIZE, STORAGE_QUEUE, TLS_CERTIFICATE, TLS_KEY, TLS_KEY_PASSWORD,
                TLS_PKCS12, TLS_PKCS12_PASSWORD, TLS_OPENSSL, SCRAM_ITERATIONS, FAILURES_PER_ACCOUNT,
                FAILURES_PER_ADDRESS, THROTTLE_WINDOW);
    }
}
