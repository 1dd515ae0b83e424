package org.tern.roster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.JdbcStorage;
import org.tern.core.xml.Element;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roster tables on H2 through the real storage and migrations. */
class RosterStoreTest {
    static final Jid A = Jid.domain("a@x");
    JdbcStorage storage;
    final RosterStore store = new RosterStore();

    @BeforeEach
    void open() {
        storage = new JdbcStorage("jdbc:h2:mem:roster" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "", "", 2, 10);
        storage.migrate("roster");
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private AccountRoster load(String owner) throws Exception {
        return new AccountRoster(storage.transactionNow(c -> store.load(c, owner)));
    }

    private void write(String owner, AccountRoster r, Jid contact, RosterItem after) throws Exception {
        AccountRoster.Change change = r.plan(contact, after);
        storage.transactionNow(c -> {
            store.write(c, owner, change);
            return null;
        });
        r.apply(change);
    }

    @Test
    void itemsGroupsVersionsAndRequestsSurviveALoad() throws Exception {
        AccountRoster r = load("alice");
        Element request = Stanza.presence(Stanza.PresenceType.SUBSCRIBE, A, Jid.domain("alice@x")).element()
                .withChild(Element.builder("status", "jabber:client").text("hi <there> & you").build());
        RosterItem item = RosterItem.listed(A).withNameAndGroups("Ay", List.of("b-group", "a-group"))
                .withState(new SubscriptionState(Subscription.TO, false, true), false).withRequest(request);
        write("alice", r, A, item);
        AccountRoster again = load("alice");
        RosterItem back = again.item(A);
        assertEquals("Ay", back.name());
        assertEquals(List.of("b-group", "a-group"), back.groups());
        assertEquals(new SubscriptionState(Subscription.TO, false, true), back.state());
        assertEquals(request, back.request());
        assertEquals(r.version(), again.version());
        assertEquals(1, again.listedCount());
        assertTrue(load("bob").rows().isEmpty(), "another owner sees nothing");
    }

    @Test
    void removalLeavesATombstoneAndOwnersAreFoundByContact() throws Exception {
        AccountRoster r = load("alice");
        write("alice", r, A, RosterItem.listed(A));
        String before = r.version();
        AccountRoster bob = load("bob");
        write("bob", bob, A, RosterItem.listed(A));
        assertEquals(List.of("alice", "bob"), storage.transactionNow(c -> store.ownersWith(c, A)).stream().sorted().toList());
        write("alice", r, A, null);
        AccountRoster again = load("alice");
        assertNull(again.item(A));
        List<AccountRoster.Update> changes = again.changesSince(before);
        assertEquals(1, changes.size());
        assertNull(changes.get(0).item());
        storage.transactionNow(c -> {
            store.deleteAccount(c, "bob");
            return null;
        });
        assertTrue(storage.transactionNow(c -> store.ownersWith(c, A)).isEmpty());
    }

    @Test
    void blocksAddAndRemove() throws Exception {
        storage.transactionNow(c -> {
            store.addBlocks(c, "alice", List.of(A, Jid.domain("evil.example")));
            return null;
        });
        assertEquals(2, storage.transactionNow(c -> store.loadBlocks(c, "alice")).size());
        storage.transactionNow(c -> {
            store.removeBlocks(c, "alice", List.of(A));
            return null;
        });
        BlockList b = storage.transactionNow(c -> store.loadBlocks(c, "alice"));
        assertEquals(List.of(Jid.domain("evil.example")), b.entries());
        assertTrue(storage.transactionNow(c -> store.loadBlocks(c, "bob")).isEmpty());
    }
}
