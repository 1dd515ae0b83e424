package org.tern.offline;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.core.storage.JdbcStorage;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline_message table's units of work against H2, as the server runs them. */
class OfflineStoreTest {
    JdbcStorage storage;

    @BeforeEach
    void open() {
        storage = new JdbcStorage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2, 10);
        storage.migrate("offline");
    }

    @AfterEach
    void close() {
        storage.close();
    }

    OfflineStore.Insert insert(String user, long at, String text, int max, long maxBytes) throws Exception {
        return storage.transactionNow(OfflineStore.insert(user, "s@x/r", at, text, StanzaCodec.size(text), max, maxBytes));
    }

    @Test
    void insertsInOrderWithinQuota() throws Exception {
        OfflineStore.Insert a = insert("u", 1, "<a/>", 2, 1000);
        OfflineStore.Insert b = insert("u", 2, "<b/>", 2, 1000);
        assertTrue(a.stored() && b.stored());
        assertEquals(1, a.count());
        assertEquals(2, b.count());
        assertTrue(b.id() > a.id());
        assertFalse(insert("u", 3, "<c/>", 2, 1000).stored(), "message quota");
        assertTrue(insert("other", 3, "<c/>", 2, 1000).stored(), "quotas are per account");
        assertFalse(insert("other", 3, "<c/>", 10, 7).stored(), "byte quota: 4 + 4 > 7");
        List<StoredMessage> all = storage.transactionNow(OfflineStore.oldest("u", 0, 10));
        assertEquals(List.of("<a/>", "<b/>"), all.stream().map(StoredMessage::text).toList());
        assertEquals("s@x/r", all.get(0).sender());
    }

    @Test
    void readsDeletesAndExpires() throws Exception {
        long first = insert("u", 100, "<a/>", 10, 1000).id();
        long second = insert("u", 200, "<b/>", 10, 1000).id();
        long third = insert("u", 300, "<c/>", 10, 1000).id();
        assertEquals(1, storage.transactionNow(OfflineStore.oldest("u", 0, 1)).size());
        assertEquals(List.of(second, third), storage.transactionNow(OfflineStore.after("u", 0, first, 10))
                .stream().map(StoredMessage::id).toList());
        assertEquals(2L, storage.transactionNow(OfflineStore.count("u", 200)), "older than notBefore are not served");
        assertEquals(3, storage.transactionNow(OfflineStore.headers("u", 0)).size());
        assertEquals(List.of(first, third), storage.transactionNow(OfflineStore.byIds("u", 0, List.of(third, first, 999L)))
                .stream().map(StoredMessage::id).toList());
        assertEquals(0, storage.transactionNow(OfflineStore.byIds("other", 0, List.of(first))).size(), "ids are per account");

        assertFalse(storage.transactionNow(OfflineStore.deleteAllOf("u", 0, List.of(first, 999L))));
        assertEquals(3L, storage.transactionNow(OfflineStore.count("u", 0)), "all or nothing");
        assertTrue(storage.transactionNow(OfflineStore.deleteAllOf("u", 0, List.of(first))));
        assertEquals(1, storage.transactionNow(OfflineStore.expire(250)));
        assertEquals(List.of(third), storage.transactionNow(OfflineStore.oldest("u", 0, 10))
                .stream().map(StoredMessage::id).toList());
        assertEquals(1, storage.transactionNow(OfflineStore.purge("u")));
        assertEquals(0L, storage.transactionNow(OfflineStore.count("u", 0)));
    }
}
