package org.tern.roster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.module.Outcome;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.Stanza.PresenceType;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Presence subscriptions (RFC 6121 §3): the user's outbound subscription stanzas, the inbound ones
 * addressed to the user, removal of a contact (§2.5.3) and the other side of a deleted account.
 * The state change is stored in the owner's queue; routing to the contact happens after it, so two
 * accounts subscribing to each other never wait on each other's queue.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final RosterRegistry registry;
    private final Sender sender;
    private final int maxItems;

    /** A stored transition and what it decided. */
    private record Result(AccountRoster.Change change, SubscriptionRules.Decision decision) {
        boolean fromGained() {
            return !hasFrom(change.before()) && hasFrom(change.after());
        }

        boolean fromLost() {
            return hasFrom(change.before()) && !hasFrom(change.after());
        }

        private static boolean hasFrom(RosterItem i) {
            return i != null && i.subscription().hasFrom();
        }
    }

    Subscriptions(RosterRegistry registry, Sender sender, int maxItems) {
        this.registry = registry;
        this.sender = sender;
        this.maxItems = maxItems;
    }

    /** The user sent subscribe, subscribed, unsubscribe or unsubscribed (Appendix A.2). */
    CompletionStage<Outcome> outbound(ClientSession session, Stanza stanza) {
        Jid user = session.bareJid();
        Jid contact = stanza.to().bare();
        PresenceType type = stanza.presenceType();
        if (contact.equals(user)) {
            return Outcome.HANDLED.stage(); // a subscription to oneself means nothing
        }
        // §3.1.2: the server stamps the user's bare JID; the relationship is between bare JIDs.
        Stanza routed = stanza.withFrom(user).withTo(contact);
        return registry.submit(user, e -> registry.roster(e).thenCompose(roster -> {
            RosterItem before = roster.item(contact);
            RosterItem base = before != null ? before : RosterItem.unlisted(contact);
            SubscriptionRules.Decision d = SubscriptionRules.outbound(type, base.state(), base.approved());
            RosterItem after = base.withState(d.next(), d.approved());
            // §3.1.2, §3.1.5 and §3.4.1: asking, approving and pre-approving put the contact in the roster.
            boolean adds = type == PresenceType.SUBSCRIBE
                    || type == PresenceType.SUBSCRIBED && (d.forward() || d.approved());
            if (adds && !base.listed()) {
                if (roster.listedCount() >= maxItems) {
                    throw Errors.fail(StanzaErrorCondition.NOT_ACCEPTABLE, "the roster is full (" + maxItems + " items)");
                }
                after = after.withListed();
            }
            return registry.write(e, roster, roster.plan(contact, after)).thenApply(c -> new Result(c, d));
        })).thenCompose(r -> {
            List<Stanza> out = new ArrayList<>();
            if (r.decision().forward()) {
                out.add(routed);
            }
            out.addAll(presenceOwed(r, user, contact));
            return sender.routeInOrder(out);
        }).handle((v, err) -> {
            if (err != null) {
                session.deliver(stanza.errorReply(error(err, type + " from " + user + " to " + contact)));
            }
            return Outcome.HANDLED;
        });
    }

    /** A contact sent the user subscribe, subscribed, unsubscribe or unsubscribed (Appendix A.3). */
    CompletionStage<Outcome> inbound(Stanza stanza) {
        if (stanza.from() == null) {
            return Outcome.HANDLED.stage();
        }
        Jid user = stanza.to().bare();
        Jid contact = stanza.from().bare();
        PresenceType type = stanza.presenceType();
        if (contact.equals(user)) {
            return Outcome.HANDLED.stage();
        }
        Stanza delivered = stanza.withFrom(contact).withTo(user);
        return registry.submit(user, e -> registry.roster(e).thenCompose(roster -> {
            RosterItem before = roster.item(contact);
            RosterItem base = before != null ? before : RosterItem.unlisted(contact);
            SubscriptionRules.Decision d = SubscriptionRules.inbound(type, base.state(), base.approved());
            RosterItem after = base.withState(d.next(), d.approved());
            if (type == PresenceType.SUBSCRIBE && d.forward()) {
                // Requests from strangers are bounded like the roster itself.
                if (before == null && roster.unlistedCount() >= maxItems) {
                    throw Errors.fail(StanzaErrorCondition.NOT_ACCEPTABLE, "too many pending subscription requests");
                }
                after = after.withRequest(delivered.element()); // §3.1.3: kept until the user answers
            }
            Runnable deliver = d.forward() ? () -> sender.deliverToAvailable(user, delivered) : null;
            return registry.write(e, roster, roster.plan(contact, after), deliver).thenApply(c -> new Result(c, d));
        })).thenCompose(r -> {
            List<Stanza> out = new ArrayList<>();
            if (r.decision().autoReply()) {
                out.add(Stanza.presence(PresenceType.SUBSCRIBED, user, contact));
            }
            out.addAll(presenceOwed(r, user, contact));
            return sender.routeInOrder(out);
        }).handle((v, err) -> {
            if (err != null) {
                StanzaError error = error(err, "inbound " + type + " from " + contact + " to " + user);
                if (type == PresenceType.SUBSCRIBE) {
                    sender.route(stanza.errorReply(error));
                }
            }
            return Outcome.HANDLED;
        });
    }

    /**
     * The presence a transition owes the contact: the user's current presence when it may now see
     * it (§3.1.5; also with an automatic 'subscribed', §3.1.3, §3.4), unavailable when it may no
     * longer (§3.2.2, §3.3.3).
     */
    private List<Stanza> presenceOwed(Result r, Jid user, Jid contact) {
        if (r.fromGained() || r.decision().autoReply()) {
            return sender.presenceOf(user, contact);
        }
        return r.fromLost() ? sender.unavailableOf(user, contact) : List.of();
    }

    /** The error to answer a failure with; a failure that is no protocol error is logged. */
    private static StanzaError error(Throwable failure, String what) {
        StanzaError error = Errors.of(failure);
        if (error == null) {
            log.error("{} failed", what, failure);
        }
        return Errors.orInternal(error);
    }

    /**
     * A roster set with subscription='remove' (RFC 6121 §2.5.3): the item goes, and every
     * subscription and request between the two is cancelled.
     */
    CompletionStage<Void> remove(Jid user, Jid contact) {
        return registry.submit(user, e -> registry.roster(e).thenCompose(roster -> {
            RosterItem before = roster.listedItem(contact);
            if (before == null) {
                throw Errors.fail(StanzaErrorCondition.ITEM_NOT_FOUND, "no such item in the roster");
            }
            return registry.write(e, roster, roster.plan(contact, null)).thenApply(c -> before);
        })).thenCompose(before -> {
            SubscriptionState s = before.state();
            List<Stanza> out = new ArrayList<>();
            if (s.subscription().hasTo() || s.pendingOut()) {
                out.add(Stanza.presence(PresenceType.UNSUBSCRIBE, user, contact));
            }
            if (s.subscription().hasFrom() || s.pendingIn()) {
                out.add(Stanza.presence(PresenceType.UNSUBSCRIBED, user, contact));
            }
            if (s.subscription().hasFrom()) {
                out.addAll(sender.unavailableOf(user, contact));
            }
            return sender.routeInOrder(out);
        });
    }

    /**
     * A local account ({@code gone}) was deleted: the user's item for it changes as if it had sent
     * unsubscribe and unsubscribed (Appendix A.3.2, A.3.4), and a pre-approval for it lapses.
     */
    CompletionStage<Void> forget(Jid user, Jid gone) {
        return registry.submit(user, e -> registry.roster(e).thenCompose(roster -> {
            RosterItem before = roster.item(gone);
            if (before == null) {
                return CompletableFuture.completedFuture(null);
            }
            SubscriptionRules.Decision first = SubscriptionRules.inbound(PresenceType.UNSUBSCRIBE, before.state(), false);
            SubscriptionRules.Decision second = SubscriptionRules.inbound(PresenceType.UNSUBSCRIBED, first.next(), false);
            RosterItem after = before.withState(second.next(), false);
            return registry.write(e, roster, roster.plan(gone, after), () -> {
                if (first.forward()) {
                    sender.deliverToAvailable(user, Stanza.presence(PresenceType.UNSUBSCRIBE, gone, user));
                }
                if (second.forward()) {
                    sender.deliverToAvailable(user, Stanza.presence(PresenceType.UNSUBSCRIBED, gone, user));
                }
            }).thenApply(c -> null);
        }));
    }
}
