package org.tern.core.server;

import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.auth.AccountDirectory;
import org.tern.core.auth.AccountTransfer;
import org.tern.core.auth.Accounts;
import org.tern.core.auth.JdbcUserStore;
import org.tern.core.auth.LoginThrottle;
import org.tern.core.auth.UserStore;
import org.tern.core.builtin.BuiltinHandlers;
import org.tern.core.builtin.DiscoRegistry;
import org.tern.core.carbons.MessageCarbons;
import org.tern.core.c2s.C2sListeners;
import org.tern.core.c2s.C2sServices;
import org.tern.core.c2s.C2sSettings;
import org.tern.core.c2s.C2sStats;
import org.tern.core.c2s.MobileSettings;
import org.tern.core.config.Config;
import org.tern.core.config.Option;
import org.tern.core.jid.Jid;
import org.tern.core.module.AccountDataPort;
import org.tern.core.module.AdminCommand;
import org.tern.core.module.EventBus;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.TernModule;
import org.tern.core.routing.ClientStanzaProcessor;
import org.tern.core.routing.IqDispatcher;
import org.tern.core.routing.LocalRouter;
import org.tern.core.sasl.SaslMechanisms;
import org.tern.core.sasl.StoredCredentials;
import org.tern.core.session.ClientSession;
import org.tern.core.session.SessionManager;
import org.tern.core.storage.JdbcStorage;
import org.tern.core.storage.Storage;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.tls.Certificates;
import org.tern.core.tls.ChannelBinding;
import org.tern.core.tls.TlsContexts;
import org.tern.core.tls.TlsCredentials;
import org.tern.core.tls.TlsOptions;
import org.tern.core.xml.Element;
import org.tern.core.xml.XmlStreamParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The server kernel: storage, accounts, sessions, routing, the modules, and the client
 * listeners, started and stopped in dependency order. {@link #openStorage()} alone gives the
 * admin commands what they need without opening any port.
 */
public final class Kernel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Kernel.class);

    private final Config config;
    private final Jid domain;
    private final List<TernModule> available;
    private final Clock clock = Clock.systemUTC();
    private final EventBus events = new EventBus();
    private final IqDispatcher iqs = new IqDispatcher();
    private final DiscoRegistry disco = new DiscoRegistry();
    private final List<Element> streamFeatures = new CopyOnWriteArrayList<>();
    private final Map<String, ModuleContext.StreamElementHandler> streamElements = new ConcurrentHashMap<>();
    private final Map<String, AdminCommand.Handler> adminHandlers = new ConcurrentHashMap<>();
    private final List<OwnedPort> accountDataPorts = new CopyOnWriteArrayList<>();
    private final List<Started> started = new ArrayList<>();
    private final C2sStats stats = new C2sStats();
    private ScheduledExecutorService scheduler;
    private JdbcStorage storage;
    private UserStore users;
    private AccountDirectory directory;
    private SessionManager sessions;
    private LocalRouter router;
    private Accounts accounts;
    private C2sListeners listeners;
    private List<C2sListeners.Bound> bound = List.of();
    private volatile boolean stopped;

    private record Started(TernModule module, KernelModuleContext context) {
    }

    /** An XEP-0227 port and the module that registered it. */
    record OwnedPort(String owner, AccountDataPort port) {
    }

    public Kernel(Config config, List<TernModule> modules) {
        this.config = config;
        this.domain = Jid.domain(config.get(ServerSettings.DOMAIN));
        this.available = List.copyOf(modules);
    }

    /** The modules on the class path. */
    public static List<TernModule> discoverModules() {
        List<TernModule> out = new ArrayList<>();
        ServiceLoader.load(TernModule.class).forEach(out::add);
        return out;
    }

    public static Option<Boolean> enabledOption(TernModule m) {
        return Option.bool(m.name() + ".enabled", m.enabledByDefault(), "Turns the " + m.name() + " module on or off.");
    }

    /** Every configuration key the kernel and these modules understand. */
    public static List<Option<?>> options(List<TernModule> modules) {
        List<Option<?>> all = new ArrayList<>(ServerSettings.all());
        all.addAll(C2sSettings.all());
        all.addAll(MobileSettings.all());
        for (TernModule m : modules) {
            all.add(enabledOption(m));
            for (Option<?> o : m.options()) {
                if (!o.key().startsWith(m.name() + ".")) {
                    throw new IllegalStateException("module " + m.name() + " declares foreign key " + o.key());
                }
                all.add(o);
            }
        }
        return all;
    }

    /** Opens the database, applies migrations and starts the enabled modules; no network. */
    public synchronized void openStorage() throws Exception {
        if (storage != null) {
            return;
        }
        Path dataDir = config.get(ServerSettings.DATA_DIR);
        Files.createDirectories(dataDir);
        scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tern-timer");
            t.setDaemon(true);
            return t;
        });
        String url = config.get(ServerSettings.STORAGE_URL);
        if (url.isEmpty()) {
            // AUTO_SERVER lets admin commands share the file with a running server; WRITE_DELAY=0
            // makes every commit reach the file before it returns, so kill -9 loses nothing acknowledged.
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("tern") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        }
        storage = new JdbcStorage(url, config.get(ServerSettings.STORAGE_USER), config.get(ServerSettings.STORAGE_PASSWORD),
                config.get(ServerSettings.STORAGE_POOL_SIZE), config.get(ServerSettings.STORAGE_QUEUE));
        storage.migrate("core");
        users = new JdbcUserStore(storage);
        directory = new AccountDirectory(users);
        sessions = new SessionManager(config.get(C2sSettings.RESOURCE_CONFLICT), config.get(C2sSettings.MAX_RESOURCES));
        router = new LocalRouter(domain, sessions, events, iqs, directory, scheduler);
        accounts = new Accounts(domain, users, directory, events, sessions, config.get(ServerSettings.SCRAM_ITERATIONS));

        KernelModuleContext builtin = new KernelModuleContext(this, "kernel");
        BuiltinHandlers.register(builtin, disco, router::components);
        MessageCarbons.register(builtin);
        for (TernModule m : available) {
            if (!config.get(enabledOption(m))) {
                log.info("module {} disabled", m.name());
                continue;
            }
            KernelModuleContext ctx = new KernelModuleContext(this, m.name());
            m.start(ctx);
            started.add(new Started(m, ctx));
        }
    }

    /** Starts everything and opens the listeners. */
    public synchronized void start() throws Exception {
        if (!config.get(ServerSettings.LOAD_TESTING) && (config.get(C2sSettings.STARTTLS) != C2sSettings.StartTls.REQUIRED
                || config.get(C2sSettings.PLAIN_WITHOUT_TLS))) {
            throw new IllegalStateException("c2s.starttls = optional and auth.plain-without-tls need server.load-testing = true");
        }
        openStorage();
        Path dataDir = config.get(ServerSettings.DATA_DIR);
        TlsCredentials credentials = loadCredentials(dataDir);
        SslContext ssl = TlsContexts.server(credentials, new TlsOptions(TlsOptions.defaults().protocols(),
                TlsOptions.defaults().ciphers(), config.get(ServerSettings.TLS_OPENSSL)));
        byte[] secret = secret(dataDir);
        int iterations = config.get(ServerSettings.SCRAM_ITERATIONS);
        SaslMechanisms offered = new SaslMechanisms(domain.domain(),
                u -> CompletableFuture.completedFuture(Optional.<StoredCredentials>empty()), secret, iterations);
        ClientStanzaProcessor processor = new ClientStanzaProcessor(domain, router, events, iqs, sessions);
        XmlStreamParser.Limits limits = new XmlStreamParser.Limits(
                (int) Math.min(Integer.MAX_VALUE, config.get(C2sSettings.MAX_STANZA_SIZE)),
                config.get(C2sSettings.MAX_DEPTH), config.get(C2sSettings.MAX_ATTRIBUTES), 8192);
        LoginThrottle throttle = new LoginThrottle(config.get(ServerSettings.FAILURES_PER_ACCOUNT),
                config.get(ServerSettings.FAILURES_PER_ADDRESS), config.get(ServerSettings.THROTTLE_WINDOW), clock);
        C2sServices svc = new C2sServices(domain, config, ssl, ChannelBinding.tlsServerEndPoint(credentials.certificate()),
                offered, lookup -> new SaslMechanisms(domain.domain(), lookup, secret, iterations), users, throttle,
                sessions, processor, () -> List.copyOf(streamFeatures), streamElements, scheduler, limits, stats, events,
                new ConcurrentHashMap<>());
        int threads = config.get(ServerSettings.IO_THREADS);
        listeners = new C2sListeners(svc, threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        bound = listeners.start();
        StringBuilder sb = new StringBuilder();
        for (C2sListeners.Bound b : bound) {
            sb.append(' ').append(b.kind()).append('=').append(b.address().getAddress().getHostAddress())
                    .append(':').append(b.address().getPort());
        }
        if (config.get(ServerSettings.LOAD_TESTING)) {
            log.warn("LOAD-TESTING CONFIGURATION: c2s.starttls = {}, auth.plain-without-tls = {}; passwords may cross "
                    + "the network in the clear. Never use this in production.", config.get(C2sSettings.STARTTLS),
                    config.get(C2sSettings.PLAIN_WITHOUT_TLS));
        }
        List<String> names = started.stream().map(s -> s.module().name()).toList();
        log.info("Tern {} serving {} | listening:{} | TLS: {} | database: {} | modules: {}", BuiltinHandlers.VERSION,
                domain, sb, TlsContexts.providerName(ssl), storage.describe(), names.isEmpty() ? "none" : names);
    }

    private TlsCredentials loadCredentials(Path dataDir) throws Exception {
        String p12 = config.get(ServerSettings.TLS_PKCS12);
        if (!p12.isEmpty()) {
            return Certificates.loadPkcs12(Path.of(p12), config.get(ServerSettings.TLS_PKCS12_PASSWORD).toCharArray(), null);
        }
        String cert = config.get(ServerSettings.TLS_CERTIFICATE);
        if (!cert.isEmpty()) {
            String pw = config.get(ServerSettings.TLS_KEY_PASSWORD);
            return Certificates.loadPem(Path.of(cert), Path.of(config.get(ServerSettings.TLS_KEY)),
                    pw.isEmpty() ? null : pw.toCharArray());
        }
        return Certificates.selfSigned(dataDir, List.of(domain.domain(), "*." + domain.domain()));
    }

    /** A per-installation secret (for SASL's answers about unknown users), created once under data/. */
    private static byte[] secret(Path dataDir) throws IOException {
        Path f = dataDir.resolve("server-secret");
        if (Files.exists(f)) {
            byte[] b = Files.readAllBytes(f);
            if (b.length >= 32) {
                return b;
            }
        }
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        Files.write(f, b);
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return b;
    }

    /**
     * Graceful stop: no new connections, every session gets system-shutdown (RFC 6120 §4.9.3.22)
     * and ends normally (unavailable presence, module hooks), then modules and storage stop.
     */
    public synchronized void shutdown(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("shutting down");
        if (listeners != null) {
            listeners.stopAccepting();
            listeners.closeAll(StreamErrorCondition.SYSTEM_SHUTDOWN, "Server shutting down");
            for (ClientSession s : sessions.all()) {
                if (s.isHibernated()) {
                    s.close(StreamErrorCondition.SYSTEM_SHUTDOWN, null); // ends it: unacknowledged messages go offline
                }
            }
            long deadline = System.nanoTime() + grace.toNanos();
            while ((sessions.count() > 0 || stats.open.get() > 0) && System.nanoTime() < deadline) {
                sleep(20);
            }
            if (sessions.count() > 0) {
                log.warn("{} sessions still open after {} s", sessions.count(), grace.toSeconds());
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            Started s = started.get(i);
            try {
                s.module().stop();
            } catch (RuntimeException e) {
                log.error("module {} failed to stop", s.module().name(), e);
            }
            s.context().tearDown();
        }
        started.clear();
        if (listeners != null) {
            listeners.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (storage != null) {
            storage.close();
        }
        log.info("stopped");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- accessors for contexts, the admin CLI and tests

    public Config config() {
        return config;
    }

    public Jid domain() {
        return domain;
    }

    public Storage storage() {
        return storage;
    }

    public UserStore users() {
        return users;
    }

    public Accounts accounts() {
        return accounts;
    }

    public SessionManager sessions() {
        return sessions;
    }

    public LocalRouter router() {
        return router;
    }

    public List<C2sListeners.Bound> listeners() {
        return bound;
    }

    public C2sStats stats() {
        return stats;
    }

    public List<String> modules() {
        return started.stream().map(s -> s.module().name()).toList();
    }

    public boolean isRunning() {
        return listeners != null && !stopped;
    }

    Clock clock() {
        return clock;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    EventBus events() {
        return events;
    }

    IqDispatcher iqs() {
        return iqs;
    }

    DiscoRegistry disco() {
        return disco;
    }

    List<Element> streamFeatures() {
        return streamFeatures;
    }

    Map<String, ModuleContext.StreamElementHandler> streamElements() {
        return streamElements;
    }

    /** Admin command handlers of the started modules, by command name. */
    public Map<String, AdminCommand.Handler> adminHandlers() {
        return adminHandlers;
    }

    List<OwnedPort> accountDataPorts() {
        return accountDataPorts;
    }

    /** Export and import of accounts (XEP-0227): credentials and the data of every started module. */
    public AccountTransfer accountTransfer() {
        return new AccountTransfer(storage, domain, accountDataPorts.stream().map(OwnedPort::port).toList());
    }

    /** Admin commands the available (not necessarily enabled) modules declare. */
    public static List<AdminCommand> adminCommands(List<TernModule> modules) {
        List<AdminCommand> out = new ArrayList<>();
        for (TernModule m : modules) {
            out.addAll(m.adminCommands());
        }
        return out;
    }

    /** All bound sessions; for status output. */
    public List<ClientSession> allSessions() {
        return sessions.all();
    }
}
