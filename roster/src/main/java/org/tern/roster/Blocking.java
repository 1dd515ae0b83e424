package org.tern.roster;

import org.tern.core.event.StanzaFromClient;
import org.tern.core.event.StanzaToUser;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.IqRequest;
import org.tern.core.module.Outcome;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.Stanza.PresenceType;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** XEP-0191 Blocking Command: the block list, and what it does to stanzas and presence. */
final class Blocking {
    static final String NS = "urn:xmpp:blocking";
    static final String ERRORS_NS = "urn:xmpp:blocking:errors";
    private static final StanzaError BLOCKED = StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE)
            .withType(StanzaError.Type.CANCEL).withApplicationCondition(Element.of("blocked", ERRORS_NS));

    private final RosterRegistry registry;
    private final Sender sender;
    private final Jid domain;
    private final int maxEntries;

    Blocking(RosterRegistry registry, Sender sender, Jid domain, int maxEntries) {
        this.registry = registry;
        this.sender = sender;
        this.domain = domain;
        this.maxEntries = maxEntries;
    }

    /** §3.2: the block list; the resource gets block pushes from now on. */
    CompletionStage<Element> list(IqRequest request) throws StanzaException {
        Jid user = RosterIq.own(request);
        ClientSession session = request.session();
        return registry.submit(user, e -> registry.blocks(e).thenApply(blocks -> {
            if (session != null) {
                session.set(Sender.BLOCKLIST_INTERESTED, Boolean.TRUE);
            }
            return payload("blocklist", blocks.entries());
        }));
    }

    /** §3.3: blocks JIDs; contacts that got the user's presence now get unavailable. */
    CompletionStage<Element> block(IqRequest request) throws StanzaException {
        Jid user = RosterIq.own(request);
        List<Jid> jids = items(request.payload());
        if (jids.isEmpty()) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "nothing to block");
        }
        return registry.submit(user, e -> registry.roster(e).thenCompose(roster -> registry.blocks(e).thenCompose(before -> {
            if (before.with(jids).size() > maxEntries) {
                throw Errors.fail(StanzaErrorCondition.NOT_ACCEPTABLE, "the block list is full (" + maxEntries + " entries)");
            }
            return registry.writeBlocks(e, before, jids, List.of(), after -> sender.pushBlocking(user, payload("block", jids)))
                    .thenApply(after -> presenceOnBlock(user, roster, before, after));
        }))).thenCompose(sender::routeAll).thenApply(v -> null);
    }

    /** §3.4-3.5: unblocks JIDs, or everyone; contacts entitled to the user's presence get it again. */
    CompletionStage<Element> unblock(IqRequest request) throws StanzaException {
        Jid user = RosterIq.own(request);
        List<Jid> jids = items(request.payload());
        return registry.submit(user, e -> registry.roster(e).thenCompose(roster -> registry.blocks(e).thenCompose(before -> {
            List<Jid> remove = jids.isEmpty() ? before.entries() : jids;
            return registry.writeBlocks(e, before, List.of(), remove,
                            after -> sender.pushBlocking(user, payload("unblock", jids)))
                    .thenApply(after -> presenceOnUnblock(user, roster, before, after));
        }))).thenCompose(sender::routeAll).thenApply(v -> null);
    }

    private List<Stanza> presenceOnBlock(Jid user, AccountRoster roster, BlockList before, BlockList after) {
        List<Stanza> out = new ArrayList<>();
        for (RosterItem i : roster.rows()) {
            if (i.subscription().hasFrom() && !before.blocks(i.jid()) && after.blocks(i.jid())) {
                out.addAll(sender.unavailableOf(user, i.jid()));
            }
        }
        for (Jid j : after.entries()) {
            // A blocked resource of a subscriber: the presence sent to the bare JID reached it too.
            RosterItem i = roster.item(j.bare());
            if (j.isFull() && j.hasLocal() && !before.blocks(j) && i != null && i.subscription().hasFrom()
                    && !after.blocks(j.bare())) {
                out.addAll(sender.unavailableOf(user, j));
            }
        }
        for (ClientSession s : sender.sessions().of(user)) {
            Set<Jid> directed = s.get(Sender.DIRECTED);
            if (directed == null) {
                continue;
            }
            for (Jid target : directed) {
                if (after.blocks(target) && directed.remove(target) && s.isAvailable()) {
                    out.add(Stanza.presence(PresenceType.UNAVAILABLE, s.jid(), target));
                }
            }
        }
        return out;
    }

    private List<Stanza> presenceOnUnblock(Jid user, AccountRoster roster, BlockList before, BlockList after) {
        List<Stanza> out = new ArrayList<>();
        for (RosterItem i : roster.rows()) {
            if (!before.blocks(i.jid()) || after.blocks(i.jid()) || sender.isOfflineLocal(i.jid())) {
                continue;
            }
            if (i.subscription().hasFrom()) {
                out.addAll(sender.presenceOf(user, i.jid()));
            }
            if (i.subscription().hasTo()) {
                // Its presence was dropped while blocked: ask for it.
                out.add(Stanza.presence(PresenceType.PROBE, user, i.jid()));
            }
        }
        return out;
    }

    /** §3.3: stanzas from a blocked entity. The user appears offline to it. */
    CompletionStage<Outcome> inbound(StanzaToUser event) {
        Stanza s = event.stanza();
        Jid from = s.from();
        Jid user = s.to().bare();
        if (exempt(from, user)) {
            return Outcome.CONTINUE.stage();
        }
        if (s.isPresence() && !isSubscription(s) && sender.sessions().of(user).isEmpty()) {
            return Outcome.CONTINUE.stage(); // nobody to deliver to anyway; no need to read the list
        }
        BlockList cached = registry.cachedBlocks(user);
        if (cached != null) {
            return refuseInbound(cached, s);
        }
        return registry.readBlocks(user).thenCompose(b -> refuseInbound(b, s));
    }

    private CompletionStage<Outcome> refuseInbound(BlockList blocks, Stanza s) {
        if (!blocks.blocks(s.from())) {
            return Outcome.CONTINUE.stage();
        }
        boolean answer = switch (s.kind()) {
            case MESSAGE -> !s.isError();
            case IQ -> s.iqType() != null && s.iqType().isRequest();
            case PRESENCE -> false; // must not respond, not even with an error
        };
        if (!answer) {
            return Outcome.HANDLED.stage();
        }
        return sender.route(s.errorReply(StanzaErrorCondition.SERVICE_UNAVAILABLE)).thenApply(v -> Outcome.HANDLED);
    }

    /** §3.3: the user's stanzas to a blocked entity are not routed; the user gets not-acceptable + blocked. */
    CompletionStage<Outcome> outbound(StanzaFromClient event) {
        ClientSession session = event.session();
        Stanza s = event.stanza();
        Jid user = session.bareJid();
        if (exempt(s.to(), user)) {
            return Outcome.CONTINUE.stage();
        }
        BlockList cached = registry.cachedBlocks(user);
        if (cached != null) {
            return refuseOutbound(cached, session, s);
        }
        return registry.readBlocks(user).thenCompose(b -> refuseOutbound(b, session, s));
    }

    private CompletionStage<Outcome> refuseOutbound(BlockList blocks, ClientSession session, Stanza s) {
        if (!blocks.blocks(s.to())) {
            return Outcome.CONTINUE.stage();
        }
        boolean response = s.isError() || s.isIq() && s.iqType() == Stanza.IqType.RESULT;
        if (!response) {
            session.deliver(s.errorReply(BLOCKED));
        }
        return Outcome.HANDLED.stage();
    }

    /** The account itself and the server are never blocked: blocking them would cut the user off. */
    private boolean exempt(Jid other, Jid user) {
        return other == null || other.sameBare(user) || other.equals(domain);
    }

    private static boolean isSubscription(Stanza s) {
        PresenceType t = s.presenceType();
        return t != null && t.isSubscription();
    }

    private static List<Jid> items(Element payload) throws StanzaException {
        Set<Jid> out = new LinkedHashSet<>();
        for (Element item : payload.children("item", NS)) {
            String raw = item.attr("jid");
            if (raw == null) {
                throw new StanzaException(StanzaErrorCondition.BAD_REQUEST, "an item has no 'jid'");
            }
            try {
                out.add(Jid.parse(raw));
            } catch (JidFormatException e) {
                throw new StanzaException(StanzaErrorCondition.JID_MALFORMED, "invalid JID: " + raw);
            }
        }
        return new ArrayList<>(out);
    }

    private static Element payload(String name, List<Jid> jids) {
        Element.Builder b = Element.builder(name, NS);
        for (Jid j : jids) {
            b.child(Element.builder("item", NS).attr("jid", j.toString()).build());
        }
        return b.build();
    }
}
