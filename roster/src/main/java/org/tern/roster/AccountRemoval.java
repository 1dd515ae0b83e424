package org.tern.roster;

import org.tern.core.event.AccountDeleted;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.Outcome;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An account is deleted: its roster and block list go, and every other local account's item for
 * it changes as if it had unsubscribed and cancelled (RFC 6121 Appendix A.3), with pushes.
 */
final class AccountRemoval {
    private final RosterRegistry registry;
    private final Subscriptions subscriptions;
    private final Sender sender;
    private final Jid domain;

    /** What the deleted account's queue task leaves for the routing after it. */
    private record Deleted(List<String> owners, List<Stanza> unavailable) {
    }

    AccountRemoval(RosterRegistry registry, Subscriptions subscriptions, Sender sender, Jid domain) {
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.domain = domain;
    }

    CompletionStage<Outcome> deleted(AccountDeleted event) {
        Jid gone = event.account().bare();
        return registry.submit(gone, e -> registry.roster(e).thenCompose(roster -> {
            // Its contacts stop seeing it online, whatever its closing sessions still manage to send.
            List<Stanza> unavailable = new ArrayList<>();
            for (RosterItem i : roster.rows()) {
                if (i.subscription().hasFrom()) {
                    for (ClientSession s : sender.sessions().of(gone)) {
                        unavailable.add(Stanza.presence(Stanza.PresenceType.UNAVAILABLE, s.jid(), i.jid()));
                    }
                }
            }
            return registry.storage().transaction(c -> {
                List<String> owners = registry.store().ownersWith(c, gone);
                registry.store().deleteAccount(c, gone.local());
                return owners;
            }).thenApply(owners -> {
                e.roster = new AccountRoster(AccountRoster.Stored.empty());
                e.blocks = BlockList.EMPTY;
                return new Deleted(owners, unavailable);
            });
        })).thenCompose(deleted -> {
            List<CompletableFuture<?>> all = new ArrayList<>();
            all.add(sender.routeAll(deleted.unavailable()).toCompletableFuture());
            for (String owner : deleted.owners()) {
                Jid user = account(owner);
                if (user != null && !user.equals(gone)) {
                    all.add(subscriptions.forget(user, gone).toCompletableFuture());
                }
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        }).thenApply(v -> Outcome.CONTINUE);
    }

    private Jid account(String owner) {
        try {
            return Jid.of(owner, domain.domain(), null);
        } catch (JidFormatException e) {
            return null;
        }
    }
}
