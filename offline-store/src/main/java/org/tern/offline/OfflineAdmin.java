package org.tern.offline;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.AdminCommand;
import org.tern.core.module.ModuleContext;

import java.util.List;

/** {@code tern offline-count JID} and {@code tern offline-purge JID}: run in the server or on the database. */
final class OfflineAdmin {
    static final AdminCommand COUNT = new AdminCommand("offline-count", List.of("JID"),
            "Print how many offline messages an account has stored.");
    static final AdminCommand PURGE = new AdminCommand("offline-purge", List.of("JID"),
            "Delete every offline message stored for an account.");

    private final ModuleContext ctx;
    private final Limits limits;

    OfflineAdmin(ModuleContext ctx, Limits limits) {
        this.ctx = ctx;
        this.limits = limits;
    }

    void register() {
        ctx.adminCommand(COUNT.name(), args -> {
            Jid account = account(args, COUNT);
            long n = ctx.storage().transactionNow(OfflineStore.count(account.local(), limits.notBefore(ctx.clock())));
            return account + ": " + n + " offline message" + (n == 1 ? "" : "s");
        });
        ctx.adminCommand(PURGE.name(), args -> {
            Jid account = account(args, PURGE);
            int n = ctx.storage().transactionNow(OfflineStore.purge(account.local()));
            return account + ": deleted " + n + " offline message" + (n == 1 ? "" : "s");
        });
    }

    /** The bare JID of an existing account of this domain ("user" alone is taken as user@domain). */
    private Jid account(List<String> args, AdminCommand command) throws Exception {
        if (args.size() != 1) {
            throw new AdminCommand.Failure("usage: tern " + command.name() + " JID");
        }
        String s = args.get(0).trim();
        Jid jid;
        try {
            jid = s.contains("@") ? Jid.parse(s) : Jid.of(s, ctx.domain().domain(), null);
        } catch (JidFormatException e) {
            throw new AdminCommand.Failure("'" + s + "' is not a JID: " + e.getMessage());
        }
        if (!jid.hasLocal() || jid.isFull() || !jid.domain().equals(ctx.domain().domain())) {
            throw new AdminCommand.Failure("'" + s + "' is not an account of " + ctx.domain());
        }
        if (!ctx.users().exists(jid.local()).join()) {
            throw new AdminCommand.Failure("no account " + jid);
        }
        return jid;
    }
}
