package org.tern.offline;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.JdbcStorage;
import org.tern.core.storage.SqlWork;
import org.tern.core.storage.Storage;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Group commit of offline messages, against H2: order, quotas and failures inside one group. */
class SaverTest {
    JdbcStorage h2;
    /** Counts transactions; the first one waits for {@link #release}, so that a group builds up behind it. */
    GatedStorage storage;

    @BeforeEach
    void open() {
        h2 = new JdbcStorage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2, 10);
        h2.migrate("offline");
        storage = new GatedStorage(h2);
    }

    @AfterEach
    void close() {
        storage.release.countDown();
        h2.close();
    }

    Saver saver(int maxMessages) throws Exception {
        return new Saver(storage, Jid.parse("localhost"), Clock.systemUTC(),
                new Limits(maxMessages, 1 << 20, Duration.ZERO));
    }

    static Stanza message(String from, String to, String body) throws Exception {
        return StanzaCodec.parse("<message xmlns='jabber:client' type='chat' from='" + from + "' to='" + to
                + "'><body>" + body + "</body></message>");
    }

    List<String> bodies(String user) throws Exception {
        return h2.transactionNow(OfflineStore.oldest(user, 0, 1000)).stream()
                .map(m -> m.text().replaceAll(".*<body>(.*)</body>.*", "$1")).toList();
    }

    @Test
    void messagesWaitingTogetherShareOneCommitAndKeepTheirOrder() throws Exception {
        Saver saver = saver(1000);
        List<CompletableFuture<Saver.Saved>> saved = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            saved.add(saver.save(message("s@localhost/r", "u@localhost", "m" + i)));
        }
        storage.release.countDown();
        for (int i = 0; i < 100; i++) {
            Saver.Saved s = saved.get(i).get(10, TimeUnit.SECONDS);
            assertNotNull(s);
            assertEquals(i + 1, s.count(), "the count includes the messages committed before it in the same group");
        }
        // The first message alone, then the 99 that waited behind it: 64 and 35.
        assertEquals(3, storage.transactions.get());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("m" + i);
        }
        assertEquals(expected, bodies("u"));
    }

    @Test
    void quotaCountsTheMessagesAheadInTheSameGroup() throws Exception {
        Saver saver = saver(3);
        List<CompletableFuture<Saver.Saved>> saved = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            saved.add(saver.save(message("s@localhost/r", "u@localhost", "m" + i)));
        }
        storage.release.countDown();
        for (int i = 0; i < 6; i++) {
            Saver.Saved s = saved.get(i).get(10, TimeUnit.SECONDS);
            if (i < 3) {
                assertNotNull(s, "message " + i);
            } else {
                assertNull(s, "message " + i + " is over the quota of 3");
            }
        }
        assertEquals(List.of("m0", "m1", "m2"), bodies("u"));
    }

    @Test
    void aFailingInsertFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
        h2.transactionNow(c -> c.createStatement().execute(
                "ALTER TABLE offline_message ADD CONSTRAINT test_refuses CHECK (sender <> 'bad@localhost/r')"));
        Saver saver = saver(1000);
        CompletableFuture<Saver.Saved> first = saver.save(message("s@localhost/r", "u@localhost", "first"));
        CompletableFuture<Saver.Saved> before = saver.save(message("s@localhost/r", "u@localhost", "before"));
        CompletableFuture<Saver.Saved> bad = saver.save(message("bad@localhost/r", "u@localhost", "bad"));
        CompletableFuture<Saver.Saved> after = saver.save(message("s@localhost/r", "u@localhost", "after"));
        storage.release.countDown();
        assertNotNull(first.get(10, TimeUnit.SECONDS));
        assertNotNull(before.get(10, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertInstanceOf(SQLException.class, e.getCause());
        assertEquals(3, after.get(10, TimeUnit.SECONDS).count(), "the failed insert left nothing behind");
        assertEquals(List.of("first", "before", "after"), bodies("u"));
    }

    /** A {@link Storage} that counts transactions and holds the first one until released. */
    static final class GatedStorage implements Storage {
        final Storage inner;
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger transactions = new AtomicInteger();

        GatedStorage(Storage inner) {
            this.inner = inner;
        }

        @Override
        public void migrate(String module) {
            inner.migrate(module);
        }

        @Override
        public <T> CompletableFuture<T> transaction(SqlWork<T> work) {
            transactions.incrementAndGet();
            return inner.transaction(c -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return work.run(c);
            });
        }

        @Override
        public <T> T transactionNow(SqlWork<T> work) throws SQLException {
            return inner.transactionNow(work);
        }

        @Override
        public DataSource dataSource() {
            return inner.dataSource();
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }
}
