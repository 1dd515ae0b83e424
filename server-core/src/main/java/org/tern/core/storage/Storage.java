package org.tern.core.storage;

import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * The storage SPI every module uses: a JDBC data source, per-module schema migrations, and a
 * bounded executor so database work never runs on a network thread.
 */
public interface Storage {
    /**
     * Applies a module's Flyway migrations from {@code classpath:db/tern/<module>}, tracked in a
     * history table of its own ({@code tern_schema_<module>}), so modules evolve independently.
     */
    void migrate(String module);

    /** Runs work in one transaction on a storage thread; fails with {@link StorageBusyException} when the queue is full. */
    <T> CompletableFuture<T> transaction(SqlWork<T> work);

    /** Runs work in one transaction on the calling thread; for the admin CLI and start-up only. */
    <T> T transactionNow(SqlWork<T> work) throws java.sql.SQLException;

    DataSource dataSource();

    /** A short description for the start-up log, without credentials. */
    String describe();
}
