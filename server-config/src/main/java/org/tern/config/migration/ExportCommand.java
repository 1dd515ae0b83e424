package org.tern.config.migration;

import org.tern.config.Main;
import org.tern.core.config.Config;
import org.tern.core.module.TernModule;
import org.tern.core.server.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tern export DIR}: every account in XEP-0227 files; reads only, so the server may run. */
@Command(name = "export", description = {
        "Write every account of the domain to DIR in XEP-0227 format (version 1.1, urn:xmpp:pie:0): SCRAM "
                + "credentials, roster, pending subscription requests, block list (as a privacy list), offline messages.",
        "DIR must be new or empty; it gets server-data.xml, DOMAIN.xml and DOMAIN/USER.xml, readable by the owner "
                + "only. Reads only: the server may keep running."})
public final class ExportCommand extends Main.Common implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty directory.")
    Path dir;

    @Override
    public Integer call() {
        Main.quietLogs();
        List<TernModule> modules = Kernel.discoverModules();
        Config config = loadConfig(modules);
        if (config == null) {
            return Main.EXIT_CONFIG;
        }
        long start = System.nanoTime();
        PieExport.Result result;
        try (Kernel kernel = new Kernel(config, modules)) {
            kernel.openStorage();
            result = new PieExport(dir, kernel.domain().domain()).run(kernel.accountTransfer(), kernel.users());
            double seconds = (System.nanoTime() - start) / 1e9;
            for (String e : result.errors()) {
                err().println("tern: " + e);
            }
            out().printf(Locale.ROOT, "exported %d accounts of %s to %s (%.1f s)%n", result.accounts(), kernel.domain(),
                    dir.resolve(PieExport.MAIN), seconds);
        } catch (Exception e) {
            err().println("tern: export failed: " + e.getMessage());
            err().flush();
            return Main.EXIT_FAILED;
        }
        out().flush();
        err().flush();
        return result.errors().isEmpty() ? 0 : Main.EXIT_FAILED;
    }
}
