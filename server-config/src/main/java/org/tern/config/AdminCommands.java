package org.tern.config;

import org.tern.core.auth.Accounts;
import org.tern.core.module.AdminCommand;
import org.tern.core.server.Kernel;
import org.tern.core.session.ClientSession;

import java.util.List;

/** The admin commands, executed against a kernel: in the running server (admin channel) or in the CLI. */
final class AdminCommands implements AdminChannel.Executor {
    private final Kernel kernel;

    AdminCommands(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public AdminChannel.Reply execute(List<String> words) {
        if (words.isEmpty()) {
            return new AdminChannel.Reply(false, "no command");
        }
        String cmd = words.get(0);
        List<String> args = words.subList(1, words.size());
        try {
            Accounts accounts = kernel.accounts();
            switch (cmd) {
                case "adduser" -> {
                    need(args, 2, "adduser JID PASSWORD");
                    accounts.create(args.get(0), args.get(1));
                    return ok("created " + accounts.username(args.get(0)) + "@" + kernel.domain());
                }
                case "passwd" -> {
                    need(args, 2, "passwd JID PASSWORD");
                    accounts.changePassword(args.get(0), args.get(1));
                    return ok("password changed for " + accounts.username(args.get(0)) + "@" + kernel.domain());
                }
                case "deluser" -> {
                    need(args, 1, "deluser JID");
                    accounts.delete(args.get(0));
                    return ok("deleted " + accounts.username(args.get(0)) + "@" + kernel.domain());
                }
                case "list-users" -> {
                    StringBuilder sb = new StringBuilder();
                    int offset = 0;
                    List<String> page;
                    do {
                        page = accounts.store().list(offset, 1000);
                        for (String u : page) {
                            sb.append(u).append('@').append(kernel.domain()).append('\n');
                        }
                        offset += page.size();
                    } while (page.size() == 1000);
                    return new AdminChannel.Reply(true, sb.toString());
                }
                case "status" -> {
                    StringBuilder sb = new StringBuilder();
                    sb.append("domain: ").append(kernel.domain()).append('\n');
                    sb.append("running: ").append(kernel.isRunning()).append('\n');
                    sb.append("modules: ").append(kernel.modules()).append('\n');
                    sb.append("accounts: ").append(accounts.store().count()).append('\n');
                    sb.append("connections: ").append(kernel.stats().open.get()).append('\n');
                    sb.append("sessions: ").append(kernel.sessions().count()).append('\n');
                    for (ClientSession s : kernel.allSessions()) {
                        sb.append("  ").append(s.jid()).append(" (").append(s.transport())
                                .append(s.isAvailable() ? ", available" : "").append(")\n");
                    }
                    return new AdminChannel.Reply(true, sb.toString());
                }
                default -> {
                    AdminCommand.Handler h = kernel.adminHandlers().get(cmd);
                    if (h == null) {
                        return new AdminChannel.Reply(false, "unknown command " + cmd
                                + " (is the module that provides it enabled?)");
                    }
                    String text = h.run(args);
                    return new AdminChannel.Reply(true, text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
                }
            }
        } catch (Accounts.AccountException | AdminCommand.Failure e) {
            return new AdminChannel.Reply(false, e.getMessage());
        } catch (Exception e) {
            return new AdminChannel.Reply(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void need(List<String> args, int n, String usage) throws Accounts.AccountException {
        if (args.size() != n) {
            throw new Accounts.AccountException("usage: " + usage);
        }
    }

    private static AdminChannel.Reply ok(String text) {
        return new AdminChannel.Reply(true, text + "\n");
    }
}
