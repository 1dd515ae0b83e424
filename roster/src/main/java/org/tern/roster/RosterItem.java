package org.tern.roster;

import org.tern.core.jid.Jid;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.Objects;

/**
 * One row of an account's roster. An item the user never added (a contact's subscription request
 * alone) is kept unlisted: RFC 6121 Appendix A.1 says such an item is not shown or pushed until
 * the user approves.
 *
 * @param jid      the contact's bare JID
 * @param name     the handle the user gave, or null
 * @param groups   group names, in the order the user gave them, no duplicates
 * @param state    subscription, pending out (ask), pending in
 * @param approved pre-approval (RFC 6121 §3.4) of a subscription request not yet received
 * @param listed   part of the roster the user sees
 * @param version  the roster version of the item's last visible change
 * @param request  the contact's stored subscription request while pending in, or null
 */
public record RosterItem(Jid jid, String name, List<String> groups, SubscriptionState state, boolean approved,
                         boolean listed, long version, Element request) {
    public RosterItem {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(state, "state");
        groups = List.copyOf(groups);
        if (!state.pendingIn()) {
            request = null;
        }
        if (state.subscription().hasFrom()) {
            approved = false;
        }
    }

    /** A fresh item the user adds. */
    public static RosterItem listed(Jid jid) {
        return new RosterItem(jid, null, List.of(), SubscriptionState.NONE, false, true, 0, null);
    }

    /** A row that exists only to hold a contact's request. */
    public static RosterItem unlisted(Jid jid) {
        return new RosterItem(jid, null, List.of(), SubscriptionState.NONE, false, false, 0, null);
    }

    public Subscription subscription() {
        return state.subscription();
    }

    /** Nothing left worth a row: unlisted, no subscription, no request, no pre-approval. */
    public boolean isEmpty() {
        return !listed && !approved && state.equals(SubscriptionState.NONE);
    }

    /** Same as the user sees it (what a roster push conveys), ignoring pending-in and version. */
    public boolean sameView(RosterItem o) {
        return o != null && listed == o.listed && jid.equals(o.jid) && Objects.equals(name, o.name)
                && groups.equals(o.groups) && state.subscription() == o.state.subscription()
                && state.pendingOut() == o.state.pendingOut() && approved == o.approved;
    }

    public RosterItem withState(SubscriptionState s, boolean newApproved) {
        return new RosterItem(jid, name, groups, s, newApproved, listed, version, request);
    }

    public RosterItem withRequest(Element r) {
        return new RosterItem(jid, name, groups, state, approved, listed, version, r);
    }

    public RosterItem withListed() {
        return new RosterItem(jid, name, groups, state, approved, true, version, request);
    }

    public RosterItem withNameAndGroups(String newName, List<String> newGroups) {
        return new RosterItem(jid, newName, newGroups, state, approved, true, version, request);
    }

    public RosterItem withVersion(long v) {
        return new RosterItem(jid, name, groups, state, approved, listed, v, request);
    }
}
