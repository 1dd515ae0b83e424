package org.tern.offline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.config.Config;
import org.tern.core.config.Option;
import org.tern.core.event.AccountDeleted;
import org.tern.core.event.MessageUndeliverable;
import org.tern.core.event.PresenceChanging;
import org.tern.core.event.StanzaToUser;
import org.tern.core.module.AdminCommand;
import org.tern.core.module.IqScope;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.module.Phase;
import org.tern.core.module.TernModule;
import org.tern.core.stanza.Stanza;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Offline messages (XEP-0160): stored durably when an account has no available resource, stamped
 * (XEP-0203), delivered exactly once when it comes back, or retrieved with XEP-0013.
 */
public final class OfflineModule implements TernModule {
    private static final Logger log = LoggerFactory.getLogger(OfflineModule.class);

    static final Option<Integer> MAX_MESSAGES = Option.integer("offline.max-messages", 1000, 1, 1_000_000,
            "Most offline messages kept per account; beyond it senders get service-unavailable.");
    static final Option<Long> MAX_BYTES = Option.size("offline.max-bytes", "10m", 1024, 1024L * 1024 * 1024,
            "Most bytes of offline messages (stored XML) kept per account; beyond it senders get service-unavailable.");
    static final Option<Duration> MAX_AGE = Option.duration("offline.max-age", "0", Duration.ZERO,
            Duration.ofDays(3650),
            "Offline messages older than this are deleted undelivered; 0 keeps them until delivered.");

    private ScheduledFuture<?> expiry;

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(MAX_MESSAGES, MAX_BYTES, MAX_AGE);
    }

    @Override
    public List<AdminCommand> adminCommands() {
        return List.of(OfflineAdmin.COUNT, OfflineAdmin.PURGE);
    }

    @Override
    public void start(ModuleContext ctx) {
        ctx.storage().migrate(name());
        Config config = ctx.config();
        Limits limits = new Limits(config.get(MAX_MESSAGES), config.get(MAX_BYTES), config.get(MAX_AGE));
        Saver saver = new Saver(ctx.storage(), ctx.domain(), ctx.clock(), limits);
        Flusher flusher = new Flusher(ctx.storage(), ctx.sessions(), saver, limits, ctx.clock(), ctx.scheduler());
        Intake intake = new Intake(ctx, flusher);
        FlexibleRetrieval flexible = new FlexibleRetrieval(ctx.storage(), limits, ctx.clock());

        ctx.on(MessageUndeliverable.class, Phase.FALLBACK, intake::onUndeliverable);
        ctx.on(StanzaToUser.class, Phase.DEFAULT, flusher::intercept);
        ctx.on(PresenceChanging.class, Phase.DEFAULT, flusher::onPresence);
        ctx.on(AccountDeleted.class, Phase.DEFAULT, e -> ctx.storage()
                .transaction(OfflineStore.purge(e.account().local())).thenApply(n -> Outcome.CONTINUE));

        ctx.serverFeature("msgoffline"); // XEP-0160 §4
        ctx.serverFeature(FlexibleRetrieval.NS); // XEP-0013 §2.1
        ctx.discoNode(IqScope.ACCOUNT, FlexibleRetrieval.NS, flexible);
        ctx.discoNode(IqScope.SERVER, FlexibleRetrieval.NS, flexible);
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.GET, "offline", FlexibleRetrieval.NS, flexible::get);
        ctx.iq(IqScope.ACCOUNT, Stanza.IqType.SET, "offline", FlexibleRetrieval.NS, flexible::set);

        new OfflineAdmin(ctx, limits).register();
        ctx.accountData(new OfflineTransfer(ctx.domain(), limits, ctx.clock()));

        if (!limits.maxAge().isZero()) {
            long every = Math.max(1000, Math.min(limits.maxAge().toMillis() / 4, TimeUnit.MINUTES.toMillis(15)));
            expiry = ctx.scheduler().scheduleWithFixedDelay(() -> ctx.storage()
                    .transaction(OfflineStore.expire(limits.notBefore(ctx.clock())))
                    .whenComplete((n, e) -> {
                        if (e != null) {
                            log.warn("offline expiry failed: {}", e.toString());
                        } else if (n > 0) {
                            log.info("{} offline messages expired", n);
                        }
                    }), every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (expiry != null) {
            expiry.cancel(false);
        }
    }
}
