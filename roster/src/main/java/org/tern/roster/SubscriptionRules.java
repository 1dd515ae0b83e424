package org.tern.roster;

import org.tern.core.stanza.Stanza.PresenceType;

/**
 * The server's processing of subscription stanzas, RFC 6121 Appendix A.2 (outbound: the user sends)
 * and A.3 (inbound: the user receives), with subscription pre-approval (§3.4) folded in. Pure:
 * the caller stores the result and does the routing.
 */
public final class SubscriptionRules {
    /**
     * @param next      the new state
     * @param approved  the pre-approval flag after the stanza (meaningful only without 'from')
     * @param forward   outbound: route the stanza to the contact; inbound: deliver it to the user
     * @param autoReply inbound subscribe: answer 'subscribed' on the user's behalf (already subscribed or pre-approved)
     */
    public record Decision(SubscriptionState next, boolean approved, boolean forward, boolean autoReply) {
    }

    private SubscriptionRules() {
    }

    /** The user sent a subscription stanza of this type to the contact. */
    public static Decision outbound(PresenceType type, SubscriptionState s, boolean approved) {
        Subscription sub = s.subscription();
        return switch (type) {
            // A.2.1: always routed; asks unless the user already has a subscription.
            case SUBSCRIBE -> new Decision(sub.hasTo() ? s : new SubscriptionState(sub, true, s.pendingIn()), approved, true, false);
            // A.2.2: always routed; cancels the subscription and any request.
            case UNSUBSCRIBE -> new Decision(new SubscriptionState(sub.withTo(false), false, s.pendingIn()), approved, true, false);
            case SUBSCRIBED -> {
                if (s.pendingIn()) { // A.2.3: approves the contact's request
                    yield new Decision(new SubscriptionState(sub.withFrom(true), s.pendingOut(), false), false, true, false);
                }
                // Without a request: nothing to route; §3.4 pre-approves unless the contact is already subscribed.
                yield new Decision(s, approved || !sub.hasFrom(), false, false);
            }
            case UNSUBSCRIBED -> {
                if (s.pendingIn()) { // A.2.4: declines the request
                    yield new Decision(new SubscriptionState(sub, s.pendingOut(), false), approved, true, false);
                }
                if (sub.hasFrom()) { // A.2.4: cancels the contact's subscription
                    yield new Decision(new SubscriptionState(sub.withFrom(false), s.pendingOut(), false), false, true, false);
                }
                yield new Decision(s, false, false, false); // §3.4.2: cancels a pre-approval, if any
            }
            default -> throw new IllegalArgumentException("not a subscription stanza: " + type);
        };
    }

    /** The contact sent a subscription stanza of this type to the user. */
    public static Decision inbound(PresenceType type, SubscriptionState s, boolean approved) {
        Subscription sub = s.subscription();
        return switch (type) {
            case SUBSCRIBE -> {
                if (sub.hasFrom()) { // A.3.1: already subscribed; §3.1.3 answers for the user
                    yield new Decision(s, approved, false, true);
                }
                if (s.pendingIn()) { // A.3.1: a duplicate request
                    yield new Decision(s, approved, false, false);
                }
                if (approved) { // §3.4.2: pre-approved, so approved now without asking the user
                    yield new Decision(new SubscriptionState(sub.withFrom(true), s.pendingOut(), false), false, false, true);
                }
                yield new Decision(new SubscriptionState(sub, s.pendingOut(), true), approved, true, false);
            }
            case UNSUBSCRIBE -> {
                if (s.pendingIn()) { // A.3.2: the contact withdraws its request
                    yield new Decision(new SubscriptionState(sub, s.pendingOut(), false), approved, true, false);
                }
                if (sub.hasFrom()) { // A.3.2: the contact ends its subscription
                    yield new Decision(new SubscriptionState(sub.withFrom(false), s.pendingOut(), false), approved, true, false);
                }
                yield new Decision(s, approved, false, false);
            }
            case SUBSCRIBED -> {
                if (s.pendingOut()) { // A.3.3: the contact approves the user's request
                    yield new Decision(new SubscriptionState(sub.withTo(true), false, s.pendingIn()), approved, true, false);
                }
                yield new Decision(s, approved, false, false);
            }
            case UNSUBSCRIBED -> {
                if (s.pendingOut() || sub.hasTo()) { // A.3.4: declined, or the user's subscription cancelled
                    yield new Decision(new SubscriptionState(sub.withTo(false), false, s.pendingIn()), approved, true, false);
                }
                yield new Decision(s, approved, false, false);
            }
            default -> throw new IllegalArgumentException("not a subscription stanza: " + type);
        };
    }
}
