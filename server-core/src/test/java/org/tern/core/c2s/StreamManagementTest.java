package org.tern.core.c2s;

import org.junit.jupiter.api.Test;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;
import org.tern.core.stanza.Stanza;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0198 §4 counting: 'h' is an unsigned 32-bit value that wraps to 0 after 2^32 - 1. */
class StreamManagementTest {
    private static Stanza msg(int i) {
        return Stanza.trusted(Element.builder("message", Namespaces.CLIENT).attr("id", "s" + i).build());
    }

    @Test
    void acksReleaseInOrderAndCompleteConfirmations() throws Exception {
        StreamManagement sm = new StreamManagement("id", true);
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        sm.sent(msg(1), first);
        sm.sent(msg(2), null);
        sm.sent(msg(3), null);
        assertEquals(3, sm.pending());
        assertEquals(1, sm.ack(1).size());
        assertTrue(first.join());
        assertEquals(2, sm.pending());
        assertEquals(0, sm.ack(1).size(), "a repeated ack releases nothing");
        assertEquals(2, sm.ack(3).size());
        assertEquals(0, sm.pending());
    }

    @Test
    void ackBeyondWhatWasSentIsRefused() {
        StreamManagement sm = new StreamManagement(null, false);
        sm.sent(msg(1), null);
        StreamManagement.TooHighException e = assertThrows(StreamManagement.TooHighException.class, () -> sm.ack(2));
        assertEquals(2, e.h);
        assertEquals(1, e.sent);
    }

    @Test
    void countersWrapPastTwoToTheThirtyTwo() throws Exception {
        StreamManagement sm = new StreamManagement("id", true);
        sm.startAt(-3, -2); // 4294967293 sent and acked so far; 4294967294 handled
        for (int i = 0; i < 5; i++) {
            sm.sent(msg(i), null);
        }
        assertEquals(2, Integer.toUnsignedLong(sm.sentCount()), "4294967293 + 5 wraps to 2");
        assertEquals(3, sm.ack(0).size(), "h=0 acknowledges up to 2^32");
        assertEquals(2, sm.ack(2).size(), "h=2 acknowledges the two past the wrap");
        assertEquals(0, sm.pending());
        sm.handledOne();
        sm.handledOne();
        assertEquals(0, Integer.toUnsignedLong(sm.handled()), "inbound count wraps too");
        sm.handledOne();
        assertEquals(1, Integer.toUnsignedLong(sm.handled()));
    }

    @Test
    void drainTakesEverythingUnacknowledged() throws Exception {
        StreamManagement sm = new StreamManagement("id", true);
        sm.sent(msg(1), null);
        sm.sent(msg(2), null);
        sm.ack(1);
        assertEquals("s2", sm.drain().get(0).stanza().id());
        assertEquals(0, sm.pending());
        assertFalse(sm.unacked().iterator().hasNext());
    }
}
