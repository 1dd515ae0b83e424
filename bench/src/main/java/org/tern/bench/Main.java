package org.tern.bench;

import org.tern.bench.client.Connector;
import org.tern.bench.client.ScramClient;
import org.tern.bench.load.Bench;
import org.tern.bench.load.Idle;
import org.tern.bench.load.LoginStorm;
import org.tern.bench.load.MucFanout;
import org.tern.bench.load.OfflineDrain;
import org.tern.bench.load.RosterLogin;
import org.tern.bench.load.OneToOne;
import org.tern.bench.load.Scenario;
import org.tern.bench.provision.InBandRegistration;
import org.tern.bench.provision.TernAccounts;
import org.tern.bench.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Command line of the load generator: {@code run} scenarios, provision accounts, or run the JMH benchmarks. */
@Command(name = "tern-bench", mixinStandardHelpOptions = true,
        subcommands = {Main.Run.class, InBandRegistration.class, TernAccounts.class, Main.Jmh.class},
        description = "Load generator and benchmarks for XMPP servers.")
public final class Main implements Callable<Integer> {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH's own options (-prof gc, -f 1, ...) go to it untouched
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // tern-accounts runs the server's code: keep its logging to warnings, like the servers under test
        System.setProperty("ternLogLevel", System.getProperty("ternLogLevel", "WARN"));
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /** Where the server is and how to reach it; shared by the subcommands that connect. */
    public static class Target {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address (default ${DEFAULT-VALUE}).")
        public String host;
        @Option(names = "--port", defaultValue = "5222", description = "c2s port, STARTTLS (default ${DEFAULT-VALUE}).")
        public int port;
        @Option(names = "--domain", defaultValue = "localhost", description = "XMPP domain (default ${DEFAULT-VALUE}).")
        public String domain;
        @Option(names = "--no-tls", description = "Plain TCP, no STARTTLS (the server must allow it).")
        public boolean noTls;
        @Option(names = "--mechanism", defaultValue = "SCRAM-SHA-1", description = "SCRAM-SHA-1 or SCRAM-SHA-256 (default ${DEFAULT-VALUE}).")
        public String mechanism;
        @Option(names = "--sources", defaultValue = "16", description = "Loopback source addresses 127.0.0.1..N (default ${DEFAULT-VALUE}).")
        public int sources;
        @Option(names = "--threads", defaultValue = "2", description = "Event loop threads (default ${DEFAULT-VALUE}).")
        public int threads;
        @Option(names = "--password", defaultValue = "bench-secret", description = "Password of every bench account.")
        public String password;

        public Connector connector() throws Exception {
            ScramClient.Algorithm alg = switch (mechanism.toUpperCase(java.util.Locale.ROOT)) {
                case "SCRAM-SHA-1" -> ScramClient.Algorithm.SHA_1;
                case "SCRAM-SHA-256" -> ScramClient.Algorithm.SHA_256;
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown mechanism " + mechanism);
            };
            return new Connector(domain, host, port, !noTls, alg, sources, threads);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run scenarios against a running server.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;
        @Option(names = "--server", required = true, description = "Name of the server under test, for the reports.")
        String server;
        @Option(names = "--scenarios", split = ",", defaultValue = "login,one-to-one,idle",
                description = "Any of login, one-to-one, idle, muc, offline, roster (default ${DEFAULT-VALUE}).")
        List<String> scenarios;
        @Option(names = "--users", defaultValue = "50000", description = "Accounts u0..u(N-1) exist (default ${DEFAULT-VALUE}).")
        int users;
        @Option(names = "--warmup", defaultValue = "10", description = "Warm-up seconds per measured phase (default ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--duration", defaultValue = "30", description = "Measured seconds per phase (default ${DEFAULT-VALUE}).")
        int duration;
        @Option(names = "--concurrency", defaultValue = "100", description = "Logins in flight when bringing clients online (default ${DEFAULT-VALUE}).")
        int concurrency;
        @Option(names = "--server-pid", defaultValue = "0", description = "Server process id, for memory figures.")
        long serverPid;
        @Option(names = "--data", split = ",", description = "Server storage paths, for disk sizes.")
        List<Path> data = new ArrayList<>();
        @Option(names = "--out", defaultValue = "bench-results", description = "Report directory (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--login-slots", defaultValue = "50", description = "Login storm: logins in flight (default ${DEFAULT-VALUE}).")
        int loginSlots;
        @Option(names = "--login-accounts", defaultValue = "2000", description = "Login storm: accounts cycled through (default ${DEFAULT-VALUE}).")
        int loginAccounts;
        @Option(names = "--pairs", defaultValue = "500", description = "One-to-one: client pairs (default ${DEFAULT-VALUE}).")
        int pairs;
        @Option(names = "--rate-start", defaultValue = "250", description = "One-to-one: first rate, messages/s (default ${DEFAULT-VALUE}).")
        double rateStart;
        @Option(names = "--rate-factor", defaultValue = "1.5", description = "Rate ramps: factor between steps (default ${DEFAULT-VALUE}).")
        double rateFactor;
        @Option(names = "--rate-steps", defaultValue = "12", description = "Rate ramps: most steps (default ${DEFAULT-VALUE}).")
        int rateSteps;
        @Option(names = "--bound-ms", defaultValue = "50", description = "One-to-one: p99 latency bound (default ${DEFAULT-VALUE}).")
        double boundMs;
        @Option(names = "--idle-steps", split = ",", defaultValue = "10000,50000", description = "Idle: connection counts (default ${DEFAULT-VALUE}).")
        int[] idleSteps;
        @Option(names = "--settle", defaultValue = "15", description = "Idle: seconds to wait before reading memory (default ${DEFAULT-VALUE}).")
        int settle;

        @Option(names = "--muc-occupants", defaultValue = "1000", description = "MUC: occupants, one per connection (default ${DEFAULT-VALUE}).")
        int mucOccupants;
        @Option(names = "--muc-service", defaultValue = "conference.localhost", description = "MUC: service address (default ${DEFAULT-VALUE}).")
        String mucService;
        @Option(names = "--muc-rate-start", defaultValue = "2", description = "MUC: first rate, room messages/s (default ${DEFAULT-VALUE}).")
        double mucRateStart;
        @Option(names = "--muc-bound-ms", defaultValue = "200", description = "MUC: p99 bound, send to last receipt (default ${DEFAULT-VALUE}).")
        double mucBoundMs;
        @Option(names = "--offline-users", defaultValue = "1000", description = "Offline: recipients (default ${DEFAULT-VALUE}).")
        int offlineUsers;
        @Option(names = "--offline-messages", defaultValue = "100000", description = "Offline: messages stored (default ${DEFAULT-VALUE}).")
        int offlineMessages;
        @Option(names = "--roster-size", defaultValue = "1000", description = "Roster: contacts of r0, accounts r1..rN (default ${DEFAULT-VALUE}).")
        int rosterSize;

        @Override
        public Integer call() throws Exception {
            int failures = 0;
            try (Connector connector = target.connector()) {
                Bench b = new Bench(server, connector, users, target.password, warmup, duration, concurrency,
                        serverPid, data, out, System.out);
                for (String name : scenarios) {
                    Scenario s = scenario(name.trim());
                    try {
                        String loadBefore = loadAverage();
                        Report r = s.run(b);
                        // the machine is shared: say how busy it was around the measurement
                        r.param("loadavg_before", loadBefore).param("loadavg_after", loadAverage());
                        r.write(out);
                        System.out.print(r.text());
                    } catch (Exception e) {
                        failures++;
                        Report r = new Report(s.name(), server).result("error", e.toString());
                        r.write(out);
                        System.out.println("scenario " + s.name() + " on " + server + " failed: " + e);
                        e.printStackTrace(System.out);
                    }
                }
            }
            return failures == 0 ? 0 : 1;
        }

        private static String loadAverage() {
            try {
                String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (java.io.IOException e) {
                return "?";
            }
        }

        private Scenario scenario(String name) {
            return switch (name) {
                case "login" -> new LoginStorm(loginSlots, loginAccounts);
                case "one-to-one" -> new OneToOne(pairs, rateStart, rateFactor, rateSteps, boundMs);
                case "idle" -> new Idle(idleSteps, settle);
                case "muc" -> new MucFanout(mucOccupants, mucService, mucRateStart, 2, rateSteps, mucBoundMs);
                case "offline" -> new OfflineDrain(offlineUsers, offlineMessages);
                case "roster" -> new RosterLogin(rosterSize);
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario " + name);
            };
        }
    }

    /** Listed for help only: main() hands "jmh ..." to JMH before picocli sees it. */
    @Command(name = "jmh", description = "Run the JMH microbenchmarks; the arguments go to JMH (e.g. -prof gc, -h).")
    static final class Jmh implements Callable<Integer> {
        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(args.toArray(new String[0]));
            return 0;
        }
    }
}
