package org.tern.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** {@link Storage} on HikariCP and Flyway; H2 embedded by default, any JDBC database with portable SQL. */
public final class JdbcStorage implements Storage, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcStorage.class);

    private final HikariDataSource dataSource;
    private final ThreadPoolExecutor executor;
    private final String url;

    public JdbcStorage(String url, String user, String password, int poolSize, int queueCapacity) {
        this.url = url;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null && !user.isEmpty()) {
            hc.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(1);
        hc.setPoolName("tern-db");
        hc.setAutoCommit(false);
        hc.setInitializationFailTimeout(10_000);
        this.dataSource = new HikariDataSource(hc);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "tern-storage-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void migrate(String module) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/tern/" + module)
                .table("tern_schema_" + module.replace('-', '_'))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Override
    public <T> CompletableFuture<T> transaction(SqlWork<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(transactionNow(work));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new StorageBusyException("storage queue full (" + executor.getQueue().size() + " waiting)"));
        }
        return f;
    }

    @Override
    public <T> T transactionNow(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw e;
            }
        }
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String describe() {
        int semi = url.indexOf(';');
        return semi < 0 ? url : url.substring(0, semi);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("storage work still running at shutdown; {} queued tasks abandoned", executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dataSource.close();
    }
}
