package org.tern.components.muc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.storage.JdbcStorage;
import org.tern.core.xml.Element;
import org.tern.core.xml.XmlWriter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The MUC store against the embedded database, as the server runs it (migrations included). */
class MucStoreTest {
    private static final RoomConfig DEFAULTS = RoomConfig.defaults(20);
    private JdbcStorage storage;
    private MucStore store;

    @BeforeEach
    void open() {
        storage = new JdbcStorage("jdbc:h2:mem:muc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2, 100);
        storage.migrate("muc");
        store = new MucStore(storage);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static Affiliations.Entry entry(String jid, Affiliation a, String nick) {
        return new Affiliations.Entry(Jid.domain(jid), a, nick, null);
    }

    @Test
    void roomRoundTripsWithConfigAffiliationsAndSubject() throws Exception {
        RoomConfig config = RoomConfig.fromMap(Map.of("title", "Cave", "members-only", "true", "persistent", "true",
                "presence-broadcast", "moderator"), DEFAULTS);
        Subject subject = new Subject("Spells", "Alice", Instant.ofEpochMilli(1234));
        store.create("cave", 99, config, List.of(entry("alice@example.org", Affiliation.OWNER, null),
                entry("bob@example.org", Affiliation.MEMBER, "Bobby")), subject).get();
        MucStore.StoredRoom r = store.load("cave", DEFAULTS, 10).get();
        assertEquals(99, r.createdAt());
        assertEquals(config, r.config());
        assertEquals(subject, r.subject());
        assertEquals(2, r.affiliations().size());
        assertNull(store.load("elsewhere", DEFAULTS, 10).get());

        store.saveAffiliations("cave", List.of(entry("bob@example.org", Affiliation.NONE, null),
                entry("evil.example", Affiliation.OUTCAST, null))).get();
        assertEquals(List.of("alice@example.org owner", "evil.example outcast"), store.load("cave", DEFAULTS, 10).get()
                .affiliations().stream().map(e -> e.jid() + " " + e.affiliation().value()).sorted().toList());
        store.saveConfig("cave", DEFAULTS.withPersistent(true)).get();
        assertEquals(DEFAULTS.withPersistent(true), store.load("cave", DEFAULTS, 10).get().config());
        store.saveSubject("cave", null).get();
        assertNull(store.load("cave", DEFAULTS, 10).get().subject());
    }

    @Test
    void historyIsTrimmedToTheNewestAndParsedBack() throws Exception {
        store.create("talk", 1, DEFAULTS.withPersistent(true), List.of(), null).get();
        for (int i = 1; i <= 5; i++) {
            Element m = Element.builder("message", Namespaces.CLIENT).attr("from", "talk@muc.example.org/Al")
                    .attr("type", "groupchat").child(Element.builder("body", Namespaces.CLIENT).text("n" + i + " <&>").build())
                    .build();
            MucStore.HistoryRow row = new MucStore.HistoryRow("talk", i, Instant.ofEpochMilli(i * 1000L),
                    Jid.domain("al@example.org"), XmlWriter.toString(m, null), 3);
            storage.transaction(c -> {
                store.writeHistory(c, List.of(row));
                return null;
            }).get();
        }
        MucStore.StoredRoom r = store.load("talk", DEFAULTS, 10).get();
        assertEquals(5, r.lastSeq());
        assertEquals(List.of("n3 <&>", "n4 <&>", "n5 <&>"), r.history().stream().map(e -> e.message().childText("body")).toList());
        assertEquals(Instant.ofEpochMilli(3000), r.history().get(0).stamp());
        store.delete("talk").get();
        assertNull(store.load("talk", DEFAULTS, 10).get());
        store.create("talk", 2, DEFAULTS.withPersistent(true), List.of(), null).get();
        assertEquals(List.of(), store.load("talk", DEFAULTS, 10).get().history(), "a new room of the same name starts empty");
    }

    @Test
    void publicRoomsAreListedWithTheirTitles() throws Exception {
        store.create("a", 1, RoomConfig.fromMap(Map.of("title", "Room A"), DEFAULTS), List.of(), null).get();
        store.create("b", 1, RoomConfig.fromMap(Map.of("public", "false"), DEFAULTS), List.of(), null).get();
        assertEquals(List.of(new MucStore.Listed("a", "Room A")), store.publicRooms().get());
    }

    @Test
    void theOccupantIdSecretIsCreatedOnceAndKept() throws Exception {
        byte[] first = store.secret();
        assertEquals(32, first.length);
        assertArrayEquals(first, store.secret());
    }
}
