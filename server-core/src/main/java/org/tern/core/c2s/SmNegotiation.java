package org.tern.core.c2s;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StreamErrorCondition;
import org.tern.core.xml.Element;

import java.util.concurrent.CompletionStage;

/**
 * The XEP-0198 elements of one stream: enable, ack requests and acks, and resumption of a
 * hibernated session in place of resource binding. The queue and counters themselves live in the
 * session ({@link StreamManagement}), which outlives the stream. Used on the stream's event loop.
 */
final class SmNegotiation {
    private static final Logger log = LoggerFactory.getLogger(SmNegotiation.class);

    /** What the stream does for the protocol. */
    interface Owner {
        void close(StreamErrorCondition condition, String text);

        /** A resumption succeeded: the stream now carries this session. */
        void adopt(C2sSession session);

        boolean active();
    }

    private final C2sServices svc;
    private final Transport transport;
    private final Owner owner;

    SmNegotiation(C2sServices svc, Transport transport, Owner owner) {
        this.svc = svc;
        this.transport = transport;
        this.owner = owner;
    }

    /** An element of the SM namespace on a bound stream. */
    void element(Element e, C2sSession session) {
        StreamManagement m = session.sm();
        switch (e.name()) {
            case "enable" -> {
                if (!svc.config().get(MobileSettings.SM_ENABLED)) {
                    failed(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED);
                } else if (m != null) {
                    failed(StanzaErrorCondition.UNEXPECTED_REQUEST);
                } else {
                    boolean resume = "true".equals(e.attr("resume")) || "1".equals(e.attr("resume"));
                    StreamManagement enabled = session.enableSm(resume, parseUnsigned(e.attr("max"), 0));
                    Element.Builder b = Element.builder("enabled", StreamManagement.NS);
                    if (enabled.resumable()) {
                        b.attr("id", enabled.id()).attr("resume", "true")
                                .attr("max", Long.toString(session.resumeTimeoutSeconds()));
                    }
                    transport.send(b.build());
                }
            }
            case "r" -> {
                if (m != null) {
                    transport.send(Element.builder("a", StreamManagement.NS)
                            .attr("h", Integer.toUnsignedString(m.handled())).build());
                }
            }
            case "a" -> {
                long h = parseUnsigned(e.attr("h"), -1);
                if (h < 0) {
                    owner.close(StreamErrorCondition.BAD_FORMAT, "'h' must be an unsigned 32-bit integer");
                } else if (m != null) {
                    session.acked((int) h);
                }
            }
            case "resume" -> failed(StanzaErrorCondition.UNEXPECTED_REQUEST);
            default -> owner.close(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unknown element " + e.name());
        }
    }

    /** {@code <enable/>} before binding (XEP-0198 §3: after binding only). */
    void tooEarly() {
        failed(StanzaErrorCondition.UNEXPECTED_REQUEST);
    }

    /** XEP-0198 §5: resume a hibernated session of this user on this stream, instead of binding. */
    CompletionStage<?> resume(Element e, String username, C2sStream stream) {
        long h = parseUnsigned(e.attr("h"), -1);
        String previd = e.attr("previd");
        if (h < 0 || previd == null) {
            failed(StanzaErrorCondition.BAD_REQUEST);
            return null;
        }
        if (!(svc.resumable().get(previd) instanceof C2sSession target) || !target.jid().local().equals(username)) {
            failed(StanzaErrorCondition.ITEM_NOT_FOUND);
            return null;
        }
        return target.resume(stream, (int) h).thenAcceptAsync(r -> resumed(target, previd, r), transport.eventLoop());
    }

    private void resumed(C2sSession target, String previd, C2sSession.Resumption r) {
        if (!owner.active()) {
            return;
        }
        if (r instanceof C2sSession.Resumption.Resumed ok) {
            owner.adopt(target);
            transport.send(Element.builder("resumed", StreamManagement.NS).attr("previd", previd)
                    .attr("h", Integer.toUnsignedString(ok.sm().handled())).build());
            log.info("c2s {}: resumed {}, resending {} stanzas", transport.remoteAddress(), target.jid(), ok.resend().size());
            target.resent(ok.resend());
        } else if (r instanceof C2sSession.Resumption.TooHigh th) {
            transport.send(Element.builder("failed", StreamManagement.NS)
                    .child(Element.of(StanzaErrorCondition.UNEXPECTED_REQUEST.elementName(), Namespaces.STANZA_ERRORS))
                    .child(tooHigh(th.h(), th.sent())).build());
        } else {
            failed(StanzaErrorCondition.ITEM_NOT_FOUND);
        }
    }

    /** The {@code <handled-count-too-high/>} detail of XEP-0198 §4. */
    static Element tooHigh(long h, long sent) {
        return Element.builder("handled-count-too-high", StreamManagement.NS)
                .attr("h", Long.toString(h)).attr("send-count", Long.toString(sent)).build();
    }

    private void failed(StanzaErrorCondition condition) {
        transport.send(Element.builder("failed", StreamManagement.NS)
                .child(Element.of(condition.elementName(), Namespaces.STANZA_ERRORS)).build());
    }

    /** An unsigned 32-bit attribute; fallback when absent, -1 when invalid. */
    static long parseUnsigned(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(s.trim());
            return v >= 0 && v <= 0xFFFF_FFFFL ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
