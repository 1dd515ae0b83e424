package org.tern.roster;

import org.tern.core.event.PresenceBroadcast;
import org.tern.core.event.SessionClosed;
import org.tern.core.jid.Jid;
import org.tern.core.module.Outcome;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.Stanza.PresenceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence between contacts (RFC 6121 §4): broadcast to subscribers, probes on initial presence
 * and their answers, directed presence and its unavailable at the end. Reads the in-memory roster
 * and block list of online accounts only: no database query per contact. Presence for a local
 * contact without any session is not sent at all (it would reach nobody, and this server keeps no
 * last-unavailable presence to answer probes with).
 */
final class PresenceRelay {
    private final RosterRegistry registry;
    private final Sender sender;

    PresenceRelay(RosterRegistry registry, Sender sender) {
        this.registry = registry;
        this.sender = sender;
    }

    /** A resource's broadcast presence: initial (§4.2), update (§4.4) or unavailable (§4.5). */
    CompletionStage<Outcome> broadcast(PresenceBroadcast event) {
        ClientSession session = event.session();
        Jid user = session.bareJid();
        Stanza presence = event.presence().withFrom(session.jid());
        return registry.readRoster(user).thenCompose(roster -> registry.readBlocks(user).thenCompose(blocks -> {
            List<Stanza> out = new ArrayList<>();
            if (event.initial()) {
                // §3.1.3: requests received while the user was away, again at every login until answered.
                for (RosterItem i : roster.rows()) {
                    if (i.state().pendingIn() && !blocks.blocks(i.jid())) {
                        session.deliver(i.request() != null ? Stanza.trusted(i.request())
                                : Stanza.presence(PresenceType.SUBSCRIBE, i.jid(), user));
                    }
                }
            }
            for (RosterItem i : roster.rows()) {
                Jid contact = i.jid();
                Subscription sub = i.subscription();
                if (sub == Subscription.NONE || blocks.blocks(contact) || sender.isOfflineLocal(contact)) {
                    continue;
                }
                if (sub.hasFrom()) {
                    out.add(presence.withTo(contact));
                }
                if (event.initial() && sub.hasTo()) {
                    // §4.3.1: probes come from the bare JID; the answers reach every available resource.
                    out.add(Stanza.presence(PresenceType.PROBE, user, contact));
                }
            }
            if (event.unavailable()) {
                Set<Jid> directed = session.get(Sender.DIRECTED);
                if (directed != null) {
                    for (Jid target : directed) {
                        RosterItem i = roster.item(target.bare());
                        if ((i == null || !i.subscription().hasFrom()) && !blocks.blocks(target)) {
                            out.add(presence.withTo(target)); // §4.6.3: those got presence outside the roster
                        }
                    }
                    directed.clear();
                }
            }
            return sender.routeAll(out);
        })).thenApply(v -> Outcome.CONTINUE);
    }

    /**
     * A probe to the user (§4.3.2): a subscriber gets the presence of each available resource; an
     * entity without a subscription learns nothing and gets 'unsubscribed', which lets its server
     * correct a subscription it wrongly believes in (unless it has a request pending).
     */
    CompletionStage<Outcome> probe(Stanza probe) {
        Jid prober = probe.from();
        Jid user = probe.to().bare();
        if (prober == null || sender.sessions().of(user).isEmpty()) {
            return Outcome.HANDLED.stage();
        }
        return registry.readRoster(user).thenCompose(roster -> {
            RosterItem item = roster.item(prober.bare());
            List<Stanza> out;
            if (prober.sameBare(user) || item != null && item.subscription().hasFrom()) {
                out = sender.presenceOf(user, prober);
            } else if (item != null && item.state().pendingIn()) {
                out = List.of();
            } else {
                out = List.of(Stanza.presence(PresenceType.UNSUBSCRIBED, user, prober.bare()));
            }
            return sender.routeAll(out);
        }).thenApply(v -> Outcome.HANDLED);
    }

    /** Directed presence the user sends (§4.6): remember who got available presence outside the roster. */
    CompletionStage<Outcome> directed(ClientSession session, Stanza presence) {
        Jid target = presence.to();
        if (target.sameBare(session.bareJid())) {
            return Outcome.CONTINUE.stage();
        }
        if (presence.presenceType() == PresenceType.UNAVAILABLE) {
            Set<Jid> directed = session.get(Sender.DIRECTED);
            if (directed != null) {
                directed.remove(target);
            }
            return Outcome.CONTINUE.stage();
        }
        AccountRoster roster = registry.cachedRoster(session.bareJid());
        RosterItem i = roster == null ? null : roster.item(target.bare());
        if (i == null || !i.subscription().hasFrom()) {
            session.computeIfAbsent(Sender.DIRECTED, ConcurrentHashMap::newKeySet).add(target);
        }
        return Outcome.CONTINUE.stage();
    }

    /**
     * A session ended. Directed presence sent while never available still gets its unavailable
     * (when it was available, the broadcast of its unavailable presence did it already).
     */
    CompletionStage<Outcome> closed(SessionClosed event) {
        ClientSession session = event.session();
        Set<Jid> directed = session.get(Sender.DIRECTED);
        CompletionStage<Void> sent = null;
        if (directed != null && !directed.isEmpty()) {
            List<Stanza> out = new ArrayList<>();
            for (Jid target : directed) {
                out.add(Stanza.presence(PresenceType.UNAVAILABLE, session.jid(), target));
            }
            directed.clear();
            sent = sender.routeAll(out);
        }
        registry.release(session.bareJid());
        return sent == null ? Outcome.CONTINUE.stage() : sent.thenApply(v -> Outcome.CONTINUE);
    }
}
