package org.tern.bench.provision;

import org.tern.bench.Main;
import org.tern.bench.client.ClientListener;
import org.tern.bench.client.Connector;
import org.tern.bench.client.Login;
import org.tern.bench.load.Online;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * Creates accounts over XMPP with XEP-0077 in-band registration (after STARTTLS), the one way
 * every server that allows it shares; existing accounts (conflict) count as done.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register accounts PREFIX0..PREFIX(N-1) with XEP-0077 in-band registration.")
public final class InBandRegistration implements Callable<Integer> {
    @CommandLine.Mixin
    Main.Target target;
    @Option(names = "--prefix", defaultValue = "u", description = "Account name prefix (default ${DEFAULT-VALUE}).")
    String prefix;
    @Option(names = "--from", defaultValue = "0", description = "First index (default ${DEFAULT-VALUE}).")
    int from;
    @Option(names = "--count", required = true, description = "How many accounts.")
    int count;
    @Option(names = "--concurrency", defaultValue = "50", description = "Registrations in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        try (Connector connector = target.connector()) {
            Online.Batch b = new Online(connector, concurrency).login(count,
                    i -> Login.of(prefix + (from + i), target.password).registration(), new ClientListener() {
                    }, 7200);
            System.out.printf("register: %d of %d done (created or existing), %d failed, %.1f s%s%n",
                    count - b.failures(), count, b.failures(), (System.nanoTime() - t0) / 1e9,
                    b.failures() > 0 ? "; first failures: " + b.reasons() : "");
            return b.failures() == 0 ? 0 : 1;
        }
    }
}
