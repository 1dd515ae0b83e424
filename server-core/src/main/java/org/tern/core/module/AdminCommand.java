package org.tern.core.module;

import java.util.List;

/**
 * An admin command a module adds to the {@code tern} CLI (e.g. {@code offline-count JID}). The
 * module declares it in {@link TernModule#adminCommands()} so the CLI can list it without
 * starting anything, and registers its {@link Handler} with
 * {@link ModuleContext#adminCommand(String, Handler)} when it starts. It runs in the server when
 * one runs (through the admin socket), otherwise against the database directly.
 *
 * @param name        the subcommand name, e.g. "offline-count"
 * @param parameters  names of its positional parameters, e.g. ["JID"]
 * @param description one line for the help
 */
public record AdminCommand(String name, List<String> parameters, String description) {
    public AdminCommand {
        parameters = List.copyOf(parameters);
    }

    /** Runs the command; the returned text is printed. Throw {@link Failure} for a user error. */
    @FunctionalInterface
    public interface Handler {
        String run(List<String> arguments) throws Exception;
    }

    /** A refusal with a message for the operator (bad JID, nothing to do), exit status 1. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message);
        }
    }
}
