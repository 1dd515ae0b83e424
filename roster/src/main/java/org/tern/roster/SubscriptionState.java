package org.tern.roster;

/**
 * One of the nine subscription states of RFC 6121 Appendix A.1, seen from the roster owner ("the
 * user"): the subscription, whether the user asked the contact for a subscription (pending out,
 * shown as ask='subscribe'), and whether the contact asked the user (pending in, never shown).
 */
public record SubscriptionState(Subscription subscription, boolean pendingOut, boolean pendingIn) {
    public static final SubscriptionState NONE = new SubscriptionState(Subscription.NONE, false, false);

    public SubscriptionState {
        // A pending request for a direction already granted cannot exist (Appendix A.1 lists no such state).
        if (pendingOut && subscription.hasTo() || pendingIn && subscription.hasFrom()) {
            throw new IllegalArgumentException("impossible state " + subscription + " out=" + pendingOut + " in=" + pendingIn);
        }
    }

    /** The nine states in the order of RFC 6121 Appendix A.1. */
    public static SubscriptionState[] all() {
        return new SubscriptionState[]{
                NONE,
                new SubscriptionState(Subscription.NONE, true, false),
                new SubscriptionState(Subscription.NONE, false, true),
                new SubscriptionState(Subscription.NONE, true, true),
                new SubscriptionState(Subscription.TO, false, false),
                new SubscriptionState(Subscription.TO, false, true),
                new SubscriptionState(Subscription.FROM, false, false),
                new SubscriptionState(Subscription.FROM, true, false),
                new SubscriptionState(Subscription.BOTH, false, false),
        };
    }

    /** The name RFC 6121 Appendix A uses, e.g. "None + Pending Out/In". */
    public String rfcName() {
        String base = switch (subscription) {
            case NONE -> "None";
            case TO -> "To";
            case FROM -> "From";
            case BOTH -> "Both";
        };
        if (pendingOut && pendingIn) {
            return base + " + Pending Out/In";
        }
        if (pendingOut) {
            return base + " + Pending Out";
        }
        return pendingIn ? base + " + Pending In" : base;
    }

    /** The same relationship seen from the contact's side. */
    public SubscriptionState mirror() {
        return new SubscriptionState(Subscription.of(subscription.hasFrom(), subscription.hasTo()), pendingIn, pendingOut);
    }

    @Override
    public String toString() {
        return rfcName();
    }
}
