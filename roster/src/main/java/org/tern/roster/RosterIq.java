package org.tern.roster;

import org.tern.core.jid.Jid;
import org.tern.core.module.IqRequest;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Roster get and set (RFC 6121 §2.2-2.5) with versioning (§2.6, XEP-0237). */
final class RosterIq {
    private final RosterRegistry registry;
    private final Subscriptions subscriptions;
    private final int maxItems;

    RosterIq(RosterRegistry registry, Subscriptions subscriptions, int maxItems) {
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.maxItems = maxItems;
    }

    /** The account whose roster it is; only its own resources may touch it (RFC 6121 §2.3.3). */
    static Jid own(IqRequest request) throws StanzaException {
        if (!request.fromOwnAccount()) {
            throw new StanzaException(StanzaErrorCondition.FORBIDDEN, "not your roster");
        }
        return request.target().bare();
    }

    /**
     * Roster get. With a 'ver' the client still holds, the answer is an empty result and the
     * changes since then follow as pushes (RFC 6121 §2.6.3); with an unknown or forgotten one, the
     * whole roster. The resource becomes interested in pushes.
     */
    CompletionStage<Element> get(IqRequest request) throws StanzaException {
        Jid user = own(request);
        ClientSession session = request.session();
        String clientVersion = request.payload().attr("ver");
        // In the queue: no change slips between the answer and the pushes that follow it.
        return registry.submit(user, e -> registry.roster(e).thenApply(roster -> {
            if (session != null) {
                session.set(Sender.ROSTER_INTERESTED, Boolean.TRUE);
            }
            if (clientVersion != null) {
                List<AccountRoster.Update> changes = roster.changesSince(clientVersion);
                if (changes != null) {
                    if (!changes.isEmpty() && session != null) {
                        List<Stanza> pushes = pushes(user, session, changes);
                        // The pushes follow the empty result on the wire, before the answer to the
                        // client's next stanza; this account's next task (a change, with its own
                        // push) waits until they are handed over.
                        CompletableFuture<Void> delivered = new CompletableFuture<>();
                        request.afterReply(() -> {
                            pushes.forEach(session::deliver);
                            delivered.complete(null);
                        });
                        registry.submit(user, next -> delivered);
                    }
                    return null;
                }
            }
            List<Element> items = new ArrayList<>();
            for (RosterItem i : roster.listedItems()) {
                items.add(RosterCodec.item(i));
            }
            return RosterCodec.query(clientVersion == null ? null : roster.version(), items);
        }));
    }

    private static List<Stanza> pushes(Jid user, ClientSession session, List<AccountRoster.Update> changes) {
        List<Stanza> out = new ArrayList<>(changes.size());
        for (AccountRoster.Update u : changes) {
            Element item = u.item() == null ? RosterCodec.removed(u.contact()) : RosterCodec.item(u.item());
            out.add(Stanza.iq(Stanza.IqType.SET, user, session.jid(), "push-" + Stanza.newId(),
                    RosterCodec.query(u.version(), List.of(item))));
        }
        return out;
    }

    /** Roster set: add or update an item, or remove it (RFC 6121 §2.3-2.5). */
    CompletionStage<Element> set(IqRequest request) throws StanzaException {
        Jid user = own(request);
        RosterCodec.SetRequest r = RosterCodec.parseSet(request.payload());
        if (r.jid().equals(user)) {
            throw new StanzaException(StanzaErrorCondition.NOT_ALLOWED, "the account itself cannot be a contact");
        }
        if (r.remove()) {
            return subscriptions.remove(user, r.jid()).thenApply(v -> null);
        }
        return registry.submit(user, e -> registry.roster(e).thenCompose(roster -> {
            RosterItem before = roster.item(r.jid());
            if ((before == null || !before.listed()) && roster.listedCount() >= maxItems) {
                throw Errors.fail(StanzaErrorCondition.NOT_ACCEPTABLE, "the roster is full (" + maxItems + " items)");
            }
            RosterItem base = before != null ? before : RosterItem.listed(r.jid());
            return registry.write(e, roster, roster.plan(r.jid(), base.withNameAndGroups(r.name(), r.groups())));
        })).thenApply(c -> null);
    }
}
