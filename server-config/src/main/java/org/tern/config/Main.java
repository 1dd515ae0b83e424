package org.tern.config;

import org.tern.config.migration.ExportCommand;
import org.tern.config.migration.ImportCommand;
import org.tern.core.config.Config;
import org.tern.core.module.AdminCommand;
import org.tern.core.module.TernModule;
import org.tern.core.server.Kernel;
import org.tern.core.server.ServerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code tern} command: run the server and administer it. */
@Command(name = "tern", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tern XMPP server.",
        subcommands = {Main.Run.class, Main.CheckConfig.class, Main.AddUser.class, Main.DelUser.class,
                Main.Passwd.class, Main.ListUsers.class, Main.Status.class, Main.Reference.class,
                ExportCommand.class, ImportCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_FAILED = 1;

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            quietLogs(); // before anything creates a logger: admin commands print results, not logs
        }
        System.exit(commandLine().execute(args));
    }

    /** The CLI with the kernel's commands and those the modules on the class path declare. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        for (AdminCommand ac : Kernel.adminCommands(Kernel.discoverModules())) {
            CommandLine sub = new CommandLine(new ModuleCommand(ac.name()));
            sub.getCommandSpec().usageMessage().description(ac.description());
            sub.getCommandSpec().usageMessage().customSynopsis("tern " + ac.name() + " [--config FILE] "
                    + String.join(" ", ac.parameters()));
            cl.addSubcommand(ac.name(), sub);
        }
        return cl;
    }

    /** A module's admin command: its words go to the module's handler in the server or in the CLI. */
    @Command(name = "module-command")
    static final class ModuleCommand extends Common implements Callable<Integer> {
        private final String name;

        @Parameters(arity = "0..*", paramLabel = "ARGS")
        List<String> arguments = List.of();

        ModuleCommand(String name) {
            this.name = name;
        }

        @Override
        public Integer call() {
            List<String> words = new java.util.ArrayList<>();
            words.add(name);
            words.addAll(arguments);
            return admin(words);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Tern " + org.tern.core.builtin.BuiltinHandlers.VERSION};
        }
    }

    /** Options every command takes. */
    public static class Common {
        @CommandLine.Option(names = "--config", defaultValue = "etc/tern.properties", paramLabel = "FILE",
                description = "Configuration file (default: ${DEFAULT-VALUE}).")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        public PrintWriter out() {
            return spec.commandLine().getOut();
        }

        public PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** The validated configuration, or null after printing every problem. */
        public Config loadConfig(List<TernModule> modules) {
            try {
                return new ConfigLoader(Kernel.options(modules)).load(config, System.getenv(), System.getProperties());
            } catch (ConfigLoader.ConfigException e) {
                for (String p : e.problems()) {
                    err().println(p);
                }
                err().flush();
                return null;
            } catch (IOException e) {
                err().println(config + ": " + e.getMessage());
                err().flush();
                return null;
            }
        }

        /** Runs an admin command in the running server, or directly on the database when none runs. */
        int admin(List<String> words) {
            quietLogs();
            List<TernModule> modules = Kernel.discoverModules();
            Config c = loadConfig(modules);
            if (c == null) {
                return EXIT_CONFIG;
            }
            Path dataDir = c.get(ServerSettings.DATA_DIR);
            AdminChannel.Reply reply;
            try {
                Optional<AdminChannel.Reply> remote = AdminChannel.send(dataDir, words);
                if (remote.isPresent()) {
                    reply = remote.get();
                } else {
                    try (Kernel kernel = new Kernel(c, modules)) {
                        kernel.openStorage();
                        reply = new AdminCommands(kernel).execute(words);
                    }
                }
            } catch (Exception e) {
                err().println("tern: " + e.getMessage());
                err().flush();
                return EXIT_FAILED;
            }
            (reply.ok() ? out() : err()).print(reply.text());
            out().flush();
            err().flush();
            return reply.ok() ? 0 : EXIT_FAILED;
        }
    }

    public static void quietLogs() {
        if (System.getProperty("ternLogLevel") == null) {
            System.setProperty("ternLogLevel", "WARN");
        }
    }

    @Command(name = "run", description = "Start the server in the foreground; SIGTERM stops it gracefully.")
    static final class Run extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            List<TernModule> modules = Kernel.discoverModules();
            Config c = loadConfig(modules);
            if (c == null) {
                return EXIT_CONFIG;
            }
            Kernel kernel = new Kernel(c, modules);
            AdminChannel admin;
            try {
                kernel.start();
                admin = AdminChannel.open(c.get(ServerSettings.DATA_DIR), new AdminCommands(kernel));
            } catch (Exception e) {
                err().println("tern: cannot start: " + e.getMessage());
                err().flush();
                kernel.shutdown(Duration.ofSeconds(5));
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                admin.close();
                kernel.shutdown(Duration.ofSeconds(20));
                stopped.countDown();
            }, "tern-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "check-config", description = "Validate the configuration; exits non-zero listing each error with its key, file and line.")
    static final class CheckConfig extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            quietLogs();
            Config c = loadConfig(Kernel.discoverModules());
            if (c == null) {
                return EXIT_CONFIG;
            }
            out().println(config + ": OK");
            out().flush();
            return 0;
        }
    }

    /** A command on one account with a password, prompted for when not given. */
    abstract static class WithPassword extends Common implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "JID", description = "user or user@domain")
        String jid;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PASSWORD")
        String password;

        abstract String command();

        @Override
        public Integer call() throws IOException {
            if (jid == null) {
                err().println("tern: " + command() + " needs a JID");
                err().flush();
                return EXIT_FAILED;
            }
            String pw = password != null ? password : readPassword(true);
            if (pw == null) {
                err().println("tern: no password given");
                err().flush();
                return EXIT_FAILED;
            }
            return admin(List.of(command(), jid, pw));
        }
    }

    @Command(name = "adduser", description = {"Create an account. Prompts for the password when it is not given.",
            "With --from, creates every account of a file (user:password lines, or CSV username,password) or of "
                    + "standard input (--from -); existing accounts are skipped."})
    static final class AddUser extends WithPassword {
        @CommandLine.Option(names = "--from", paramLabel = "FILE", description = "Accounts to create, '-' for standard input.")
        Path from;

        @CommandLine.Option(names = "--format", paramLabel = "colon|csv",
                description = "Format of --from (default: csv for *.csv files, else colon).")
        AccountFile.Format format;

        @Override
        String command() {
            return "adduser";
        }

        @Override
        public Integer call() throws IOException {
            if (from == null) {
                if (jid == null) {
                    err().println("tern: adduser needs a JID, or --from FILE");
                    err().flush();
                    return EXIT_FAILED;
                }
                return super.call();
            }
            return bulk();
        }

        private int bulk() throws IOException {
            quietLogs();
            List<TernModule> modules = Kernel.discoverModules();
            Config c = loadConfig(modules);
            if (c == null) {
                return EXIT_CONFIG;
            }
            AccountFile.Format f = format != null ? format
                    : from.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? AccountFile.Format.CSV
                    : AccountFile.Format.COLON;
            List<String> rejected = new java.util.ArrayList<>();
            List<org.tern.core.auth.BulkAccounts.Request> requests;
            try (BufferedReader in = "-".equals(from.toString())
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : java.nio.file.Files.newBufferedReader(from, StandardCharsets.UTF_8)) {
                requests = AccountFile.read(in, f, rejected);
            }
            long start = System.nanoTime();
            org.tern.core.auth.BulkAccounts.Report report;
            try (Kernel kernel = new Kernel(c, modules)) {
                kernel.openStorage();
                report = new org.tern.core.auth.BulkAccounts(kernel.accounts(), kernel.storage(),
                        c.get(ServerSettings.SCRAM_ITERATIONS)).create(requests);
            } catch (Exception e) {
                err().println("tern: " + e.getMessage());
                err().flush();
                return EXIT_FAILED;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rejected.addAll(report.rejected());
            for (String r : rejected) {
                err().println(from + ": " + r);
            }
            out().printf("created %d, skipped %d existing, rejected %d (%.1f s, %.0f accounts/s)%n", report.created(),
                    report.skipped(), rejected.size(), seconds, report.created() / Math.max(seconds, 1e-9));
            out().flush();
            err().flush();
            return rejected.isEmpty() ? 0 : EXIT_FAILED;
        }
    }

    @Command(name = "passwd", description = "Change an account's password. Prompts for it when it is not given.")
    static final class Passwd extends WithPassword {
        @Override
        String command() {
            return "passwd";
        }
    }

    @Command(name = "deluser", description = "Delete an account and its data; its sessions are closed.")
    static final class DelUser extends Common implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JID")
        String jid;

        @Override
        public Integer call() {
            return admin(List.of("deluser", jid));
        }
    }

    @Command(name = "list-users", description = "List the accounts.")
    static final class ListUsers extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            return admin(List.of("list-users"));
        }
    }

    @Command(name = "status", description = "Show whether the server runs, its modules, accounts and sessions.")
    static final class Status extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            return admin(List.of("status"));
        }
    }

    @Command(name = "config-reference", description = "Print every configuration key with its description and default.")
    static final class Reference implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            quietLogs();
            spec.commandLine().getOut().print(ConfigReference.render(Kernel.options(Kernel.discoverModules())));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Reads a password from the terminal (twice, to confirm) or one line of standard input. */
    static String readPassword(boolean confirm) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] a = console.readPassword("Password: ");
            if (a == null) {
                return null;
            }
            if (confirm) {
                char[] b = console.readPassword("Again: ");
                if (b == null || !new String(a).equals(new String(b))) {
                    console.printf("Passwords differ.%n");
                    return null;
                }
            }
            return new String(a);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null || line.isEmpty() ? null : line;
    }

}
