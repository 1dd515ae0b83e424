package org.tern.tests.example;

import org.tern.core.config.Option;
import org.tern.core.event.MessageUndeliverable;
import org.tern.core.module.IqScope;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.module.Phase;
import org.tern.core.module.TernModule;
import org.tern.core.stanza.Stanza;
import org.tern.core.xml.Element;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** The minimal module of docs/MODULES.md, compiled and tested so the document stays true. */
public final class UptimeModule implements TernModule {
    static final String NS = "urn:example:uptime";
    static final Option<Boolean> SHOW_UNDELIVERED = Option.bool("uptime.show-undelivered", true,
            "Include the count of undeliverable messages in the answer.");

    private final Instant started = Instant.now();
    private final AtomicLong undelivered = new AtomicLong();

    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(SHOW_UNDELIVERED);
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public void start(ModuleContext ctx) {
        boolean show = ctx.config().get(SHOW_UNDELIVERED);
        ctx.serverFeature(NS);
        ctx.iq(IqScope.SERVER, Stanza.IqType.GET, "uptime", NS, request -> {
            Element.Builder answer = Element.builder("uptime", NS)
                    .attr("seconds", Long.toString(Duration.between(started, Instant.now()).toSeconds()));
            if (show) {
                answer.attr("undelivered", Long.toString(undelivered.get()));
            }
            return CompletableFuture.completedFuture(answer.build());
        });
        // Count, and let the kernel's fallback bounce the message as usual.
        ctx.on(MessageUndeliverable.class, Phase.BEFORE, event -> {
            undelivered.incrementAndGet();
            return Outcome.CONTINUE.stage();
        });
    }
}
