package org.tern.roster;

import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roster versions (XEP-0237) and what a versioned client is told. */
class AccountRosterTest {
    static final Jid A = Jid.domain("a@x");
    static final Jid B = Jid.domain("b@x");

    private static AccountRoster.Change apply(AccountRoster r, Jid contact, RosterItem after) {
        AccountRoster.Change c = r.plan(contact, after);
        r.apply(c);
        return c;
    }

    @Test
    void anUntouchedRosterIsVersionZeroAndCurrent() {
        AccountRoster r = new AccountRoster(AccountRoster.Stored.empty());
        assertEquals("0", r.version());
        assertEquals(List.of(), r.changesSince("0"));
        assertNull(r.changesSince("bogus"));
    }

    @Test
    void visibleChangesMoveTheVersionAndAreReplayedInOrder() {
        AccountRoster r = new AccountRoster(AccountRoster.Stored.empty());
        apply(r, A, RosterItem.listed(A));
        String v1 = r.version();
        apply(r, B, RosterItem.listed(B).withNameAndGroups("Bee", List.of("friends")));
        apply(r, A, null);
        String v3 = r.version();
        assertNotEquals(v1, v3);
        assertEquals(List.of(), r.changesSince(v3));
        List<AccountRoster.Update> since1 = r.changesSince(v1);
        assertEquals(2, since1.size());
        assertEquals(B, since1.get(0).contact());
        assertEquals("Bee", since1.get(0).item().name());
        assertEquals(A, since1.get(1).contact());
        assertNull(since1.get(1).item(), "a removal");
        assertEquals(v3, since1.get(1).version());
        assertNull(r.changesSince("0"), "from scratch: the whole roster");
        assertNull(r.changesSince("other-1"), "another epoch: the whole roster");
    }

    @Test
    void pendingInAloneIsInvisibleAndDoesNotMoveTheVersion() {
        AccountRoster r = new AccountRoster(AccountRoster.Stored.empty());
        RosterItem request = RosterItem.unlisted(A).withState(new SubscriptionState(Subscription.NONE, false, true), false);
        AccountRoster.Change c = apply(r, A, request);
        assertFalse(c.visible());
        assertEquals("0", r.version());
        assertEquals(0, r.listedCount());
        assertEquals(1, r.unlistedCount());
        // Declining it leaves nothing: the row goes.
        AccountRoster.Change gone = apply(r, A, request.withState(SubscriptionState.NONE, false));
        assertNull(gone.after());
        assertNull(r.item(A));
    }

    @Test
    void forgottenRemovalsSendOldClientsTheWholeRoster() {
        AccountRoster r = new AccountRoster(AccountRoster.Stored.empty());
        apply(r, A, RosterItem.listed(A));
        String old = r.version();
        for (int i = 0; i <= AccountRoster.TOMBSTONES; i++) {
            Jid c = Jid.domain("c" + i + "@x");
            apply(r, c, RosterItem.listed(c));
            apply(r, c, null);
        }
        assertNull(r.changesSince(old));
        assertTrue(r.changesSince(r.version()).isEmpty());
    }
}
