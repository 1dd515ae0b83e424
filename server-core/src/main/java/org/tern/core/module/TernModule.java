package org.tern.core.module;

import org.tern.core.config.Option;

import java.util.List;

/**
 * A feature plugged into the kernel: found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.tern.core.module.TernModule}) and switched on or off with the key
 * {@code <name>.enabled}. Everything a module registers goes through its {@link ModuleContext};
 * the kernel tracks it, so stopping a module needs no unhooking code.
 */
public interface TernModule {
    /** The module's name: its configuration namespace and its schema name (lower-case, '-' allowed). */
    String name();

    /** The module's configuration keys, all beginning with {@code name() + "."}. */
    default List<Option<?>> options() {
        return List.of();
    }

    default boolean enabledByDefault() {
        return true;
    }

    /** Admin commands this module adds to the CLI; their handlers are registered in {@link #start}. */
    default List<AdminCommand> adminCommands() {
        return List.of();
    }

    /** Registers hooks, handlers and components and runs the module's migrations. */
    void start(ModuleContext context) throws Exception;

    /** Releases what the module holds beyond its registrations (threads, clients). */
    default void stop() {
    }
}
