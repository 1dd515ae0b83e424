package org.tern.components.muc;

import org.tern.core.config.Option;
import org.tern.core.event.PresenceBroadcast;
import org.tern.core.event.SessionClosed;
import org.tern.core.jid.Jid;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.module.Phase;
import org.tern.core.module.TernModule;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * XEP-0045 multi-user chat as a component on its own subdomain (conference.&lt;domain&gt; by
 * default), with persistent rooms in the database. Occupants whose session ends or goes
 * unavailable leave their rooms.
 */
public final class MucModule implements TernModule {
    private ExecutorService executor;
    private MucService service;

    @Override
    public String name() {
        return "muc";
    }

    @Override
    public List<Option<?>> options() {
        return MucSettings.options();
    }

    @Override
    public void start(ModuleContext ctx) throws Exception {
        MucSettings settings = MucSettings.from(ctx.config());
        ctx.storage().migrate(name());
        MucStore store = new MucStore(ctx.storage());
        OccupantIds ids = new OccupantIds(store.secret());
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "tern-muc-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Jid serviceJid = Jid.domain(settings.subdomain() + "." + ctx.domain().domain());
        service = new MucService();
        service.init(new MucContext(serviceJid, settings, ctx.router(), ctx.sessions(), store,
                new HistoryWriter(ctx.storage(), store, ctx.scheduler()), ids, ctx.clock(), executor, service));
        ctx.component(settings.subdomain(), service);
        ctx.on(SessionClosed.class, Phase.DEFAULT, e -> {
            service.sessionGone(e.session());
            return Outcome.CONTINUE.stage();
        });
        ctx.on(PresenceBroadcast.class, Phase.DEFAULT, e -> {
            if (e.unavailable()) {
                service.sessionGone(e.session());
            }
            return Outcome.CONTINUE.stage();
        });
    }

    @Override
    public void stop() {
        if (service != null) {
            service.drain(Duration.ofSeconds(10));
        }
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
