package org.tern.roster;

import org.tern.core.config.Option;
import org.tern.core.event.AccountDeleted;
import org.tern.core.event.PresenceBroadcast;
import org.tern.core.event.SessionBound;
import org.tern.core.event.SessionClosed;
import org.tern.core.event.StanzaFromClient;
import org.tern.core.event.StanzaToUser;
import org.tern.core.module.IqScope;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.module.Phase;
import org.tern.core.module.TernModule;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.Stanza.PresenceType;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Rosters, presence subscriptions and presence between contacts (RFC 6121), roster versioning
 * (XEP-0237), subscription pre-approval (RFC 6121 §3.4) and blocking (XEP-0191). See docs/ROSTER.md.
 */
public final class RosterModule implements TernModule {
    static final Option<Integer> MAX_ITEMS = Option.integer("roster.max-items", 5000, 1, 1_000_000,
            "Most items in one roster; a roster set or subscription that would add more gets not-acceptable. "
                    + "Pending subscription requests from contacts not in the roster are bounded by the same number.");
    static final Option<Integer> MAX_BLOCKED = Option.integer("roster.max-blocked", 5000, 1, 1_000_000,
            "Most entries in one block list (XEP-0191); a block command that would add more gets not-acceptable.");

    static final String ROSTER_VERSIONING = "urn:xmpp:features:rosterver";
    static final String PRE_APPROVAL = "urn:xmpp:features:pre-approval";

    @Override
    public String name() {
        return "roster";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(MAX_ITEMS, MAX_BLOCKED);
    }

    @Override
    public void start(ModuleContext ctx) {
        ctx.storage().migrate(name());
        int maxItems = ctx.config().get(MAX_ITEMS);
        Sender sender = new Sender(ctx.router(), ctx.sessions());
        RosterStore store = new RosterStore();
        RosterRegistry registry = new RosterRegistry(ctx.storage(), store, sender);
        Subscriptions subscriptions = new Subscriptions(registry, sender, maxItems);
        RosterIq roster = new RosterIq(registry, subscriptions, maxItems);
        PresenceRelay presence = new PresenceRelay(registry, sender);
        Blocking blocking = new Blocking(registry, sender, ctx.domain(), ctx.config().get(MAX_BLOCKED));
        AccountRemoval removal = new AccountRemoval(registry, subscriptions, sender, ctx.domain());

        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "query", RosterCodec.NS, roster::get);
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.SET, "query", RosterCodec.NS, roster::set);
        ctx.streamFeature(Element.of("ver", ROSTER_VERSIONING));
        ctx.streamFeature(Element.of("sub", PRE_APPROVAL));

        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "blocklist", Blocking.NS, blocking::list);
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.SET, "block", Blocking.NS, blocking::block);
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.SET, "unblock", Blocking.NS, blocking::unblock);
        // XEP-0191 §3.1 has clients ask the server; clients that ask their account find it too.
        ctx.serverFeature(Blocking.NS);
        ctx.accountFeature(Blocking.NS);

        ctx.on(SessionBound.class, Phase.DEFAULT, e -> {
            registry.load(e.session().bareJid()); // warm, so presence and blocking read memory
            return Outcome.CONTINUE.stage();
        });
        ctx.on(StanzaFromClient.class, Phase.BEFORE, blocking::outbound);
        ctx.on(StanzaToUser.class, Phase.BEFORE, blocking::inbound);
        ctx.on(StanzaFromClient.class, Phase.DEFAULT, e -> {
            Stanza s = e.stanza();
            if (!s.isPresence() || s.presenceType() == null) {
                return Outcome.CONTINUE.stage();
            }
            PresenceType type = s.presenceType();
            if (type.isSubscription()) {
                return subscriptions.outbound(e.session(), s);
            }
            if (type == PresenceType.AVAILABLE || type == PresenceType.UNAVAILABLE) {
                return presence.directed(e.session(), s);
            }
            return Outcome.CONTINUE.stage();
        });
        ctx.on(StanzaToUser.class, Phase.DEFAULT, e -> inbound(e.stanza(), subscriptions, presence));
        ctx.on(PresenceBroadcast.class, Phase.DEFAULT, presence::broadcast);
        ctx.on(SessionClosed.class, Phase.DEFAULT, presence::closed);
        ctx.on(AccountDeleted.class, Phase.DEFAULT, removal::deleted);
        ctx.accountData(new RosterTransfer(store, ctx.domain(), maxItems, ctx.config().get(MAX_BLOCKED)));
    }

    private static CompletionStage<Outcome> inbound(Stanza s, Subscriptions subscriptions, PresenceRelay presence) {
        if (!s.isPresence() || s.presenceType() == null) {
            return Outcome.CONTINUE.stage();
        }
        PresenceType type = s.presenceType();
        if (type.isSubscription()) {
            return subscriptions.inbound(s);
        }
        return type == PresenceType.PROBE ? presence.probe(s) : Outcome.CONTINUE.stage();
    }
}
