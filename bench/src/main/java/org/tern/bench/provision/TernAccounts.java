package org.tern.bench.provision;

import org.tern.config.ConfigLoader;
import org.tern.core.auth.Accounts;
import org.tern.core.module.TernModule;
import org.tern.core.server.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Creates bench accounts in Tern's database directly, with the server stopped: the same Accounts
 * code as {@code ./tern adduser}, in one JVM and in parallel instead of one JVM per account.
 * Accounts that exist are left as they are.
 */
@Command(name = "tern-accounts", mixinStandardHelpOptions = true,
        description = "Create accounts PREFIX0..PREFIX(N-1) in a stopped Tern server's database.")
public final class TernAccounts implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The server's configuration file.")
    Path config;
    @Option(names = "--prefix", defaultValue = "u", description = "Account name prefix (default ${DEFAULT-VALUE}).")
    String prefix;
    @Option(names = "--from", defaultValue = "0", description = "First index (default ${DEFAULT-VALUE}).")
    int from;
    @Option(names = "--count", required = true, description = "How many accounts.")
    int count;
    @Option(names = "--password", defaultValue = "bench-secret", description = "Password of every account.")
    String password;

    @Override
    public Integer call() throws Exception {
        List<TernModule> modules = Kernel.discoverModules();
        var c = new ConfigLoader(Kernel.options(modules)).load(config, System.getenv(), System.getProperties());
        AtomicInteger created = new AtomicInteger();
        AtomicInteger existed = new AtomicInteger();
        long t0 = System.nanoTime();
        try (Kernel kernel = new Kernel(c, modules)) {
            kernel.openStorage();
            Accounts accounts = kernel.accounts();
            IntStream.range(from, from + count).parallel().forEach(i -> {
                String user = prefix + i;
                try {
                    if (accounts.exists(user)) {
                        existed.incrementAndGet();
                    } else {
                        accounts.create(user, password);
                        created.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(user + ": " + e.getMessage(), e);
                }
            });
        }
        System.out.printf("tern-accounts: %d created, %d existed, %.1f s%n", created.get(), existed.get(),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
