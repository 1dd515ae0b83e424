package org.tern.components.muc;

import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Stanzas to the service's own domain (XEP-0045 §6.1-6.3): its identity and features, the list of
 * public rooms (persistent ones from the database, temporary ones from memory, pageable with
 * XEP-0059), and ping; anything else is refused.
 */
final class ServiceDisco {
    private final MucContext ctx;
    private final Supplier<Collection<Room>> loaded;

    ServiceDisco(MucContext ctx, Supplier<Collection<Room>> loaded) {
        this.ctx = ctx;
        this.loaded = loaded;
    }

    CompletionStage<Void> handle(Stanza s) {
        if (!s.isIq()) {
            if (s.isMessage()) {
                bounce(s, StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE));
            }
            return Room.DONE;
        }
        Stanza.IqType type = s.iqType();
        if (type == null || s.id() == null) {
            bounce(s, StanzaError.of(StanzaErrorCondition.BAD_REQUEST));
            return Room.DONE;
        }
        if (!type.isRequest()) {
            return Room.DONE;
        }
        Element q = s.payload();
        if (type == Stanza.IqType.GET && q != null && q.attr("node") == null) {
            if (q.is("query", Namespaces.DISCO_INFO)) {
                return reply(s, info());
            }
            if (q.is("query", Namespaces.DISCO_ITEMS)) {
                return items(s, q);
            }
            if (q.is("ping", Namespaces.PING)) {
                return reply(s, null);
            }
        }
        bounce(s, StanzaError.of(q != null && q.attr("node") != null
                ? StanzaErrorCondition.ITEM_NOT_FOUND : StanzaErrorCondition.SERVICE_UNAVAILABLE));
        return Room.DONE;
    }

    private Element info() {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO)
                .child(Element.builder("identity", Namespaces.DISCO_INFO).attr("category", "conference")
                        .attr("type", "text").attr("name", ctx.settings().name()).build());
        for (String f : List.of(Muc.NS, Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Muc.STABLE_ID, Muc.SID,
                Muc.OCCUPANT_ID, Muc.SELF_PING, Namespaces.PING, Muc.RSM)) {
            q.child(Element.builder("feature", Namespaces.DISCO_INFO).attr("var", f).build());
        }
        return q.build();
    }

    /** Public rooms by name; a XEP-0059 'max' and 'after' page through them. */
    private CompletionStage<Void> items(Stanza s, Element q) {
        return ctx.store().publicRooms().handle((stored, error) -> {
            if (error != null) {
                bounce(s, StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT));
                return null;
            }
            Map<String, String> listed = new TreeMap<>();
            stored.forEach(r -> listed.put(r.name(), r.title()));
            for (Room r : loaded.get()) {
                RoomConfig c = r.config;
                Room.State state = r.state;
                if (state == Room.State.OPEN && c.publicRoom()) {
                    listed.put(r.name, c.title());
                } else if (state == Room.State.OPEN) {
                    listed.remove(r.name);
                }
            }
            Element set = q.child("set", Muc.RSM);
            Integer max = set == null ? null : number(set.childText("max"));
            String after = set == null ? null : set.childText("after");
            List<Map.Entry<String, String>> page = new ArrayList<>();
            for (Map.Entry<String, String> e : listed.entrySet()) {
                if (after != null && e.getKey().compareTo(after) <= 0) {
                    continue;
                }
                if (max != null && page.size() >= max) {
                    break;
                }
                page.add(e);
            }
            Element.Builder result = Element.builder("query", Namespaces.DISCO_ITEMS);
            for (Map.Entry<String, String> e : page) {
                String title = e.getValue() == null || e.getValue().isEmpty() ? e.getKey() : e.getValue();
                result.child(Element.builder("item", Namespaces.DISCO_ITEMS)
                        .attr("jid", e.getKey() + "@" + ctx.service()).attr("name", title).build());
            }
            if (set != null) {
                Element.Builder rsm = Element.builder("set", Muc.RSM);
                if (!page.isEmpty()) {
                    rsm.child(Element.builder("first", Muc.RSM).text(page.get(0).getKey()).build());
                    rsm.child(Element.builder("last", Muc.RSM).text(page.get(page.size() - 1).getKey()).build());
                }
                rsm.child(Element.builder("count", Muc.RSM).text(Integer.toString(listed.size())).build());
                result.child(rsm.build());
            }
            ctx.router().route(s.resultReply(result.build()));
            return null;
        });
    }

    private CompletionStage<Void> reply(Stanza s, Element payload) {
        return ctx.router().route(s.resultReply(payload));
    }

    private void bounce(Stanza s, StanzaError e) {
        if (!s.isError()) {
            ctx.router().route(s.errorReply(e));
        }
    }

    private static Integer number(String s) {
        try {
            return s == null ? null : Math.max(0, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
