package org.tern.components.muc;

import org.junit.jupiter.api.Test;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** XEP-0045 §7.2.15: which history a joining client gets. */
class HistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Element message(String body) {
        return Element.builder("message", Namespaces.CLIENT).attr("type", "groupchat")
                .child(Element.builder("body", Namespaces.CLIENT).text(body).build()).build();
    }

    private static History filled(int capacity, int n) {
        History h = new History(capacity);
        for (int i = 1; i <= n; i++) {
            h.append(message("m" + i), T0.plusSeconds(i * 60L));
        }
        return h;
    }

    private static List<String> bodies(List<History.Entry> entries) {
        return entries.stream().map(e -> e.message().childText("body")).toList();
    }

    @Test
    void keepsTheNewestUpToCapacityAndNumbersThem() {
        History h = filled(3, 5);
        assertEquals(3, h.size());
        List<History.Entry> all = h.select(History.Request.DEFAULT, 100);
        assertEquals(List.of("m3", "m4", "m5"), bodies(all));
        assertEquals(List.of(3L, 4L, 5L), all.stream().map(History.Entry::seq).toList());
    }

    @Test
    void roomLimitCapsEveryRequest() {
        History h = filled(50, 30);
        assertEquals(20, h.select(History.Request.DEFAULT, 20).size());
        assertEquals(20, h.select(new History.Request(null, 25, null), 20).size());
        assertEquals(List.of("m29", "m30"), bodies(h.select(new History.Request(null, 2, null), 20)));
    }

    @Test
    void maxcharsCountsWholeStanzas() {
        History h = filled(10, 3);
        int one = h.select(new History.Request(null, 1, null), 10).get(0).length();
        assertEquals(0, h.select(new History.Request(0, null, null), 10).size());
        assertEquals(List.of("m3"), bodies(h.select(new History.Request(one, null, null), 10)));
        assertEquals(List.of("m2", "m3"), bodies(h.select(new History.Request(2 * one + 1, null, null), 10)));
    }

    @Test
    void sinceIsInclusiveAndCombinesWithOtherLimits() {
        History h = filled(10, 5);
        Instant third = T0.plusSeconds(180);
        assertEquals(List.of("m3", "m4", "m5"), bodies(h.select(new History.Request(null, null, third), 10)));
        assertEquals(List.of("m5"), bodies(h.select(new History.Request(null, 1, third), 10)));
        assertEquals(List.of(), bodies(h.select(new History.Request(null, null, T0.plusSeconds(3600)), 10)));
    }

    @Test
    void restoredHistoryContinuesTheSequence() {
        History stored = filled(10, 2);
        History h = new History(10);
        h.restore(stored.select(History.Request.DEFAULT, 10), 2);
        assertEquals(3L, h.append(message("m3"), T0.plusSeconds(999)).seq());
        assertEquals(List.of("m1", "m2", "m3"), bodies(h.select(History.Request.DEFAULT, 10)));
    }
}
