package org.tern.core.jid;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7622 examples and the PRECIS profiles behind them. */
class JidTest {
    @Test
    void partsAndNormalisation() throws Exception {
        Jid j = Jid.parse("Juliet@Example.COM/Balcony");
        assertEquals("juliet", j.local());
        assertEquals("example.com", j.domain());
        assertEquals("Balcony", j.resource(), "resources keep their case (OpaqueString)");
        assertEquals("juliet@example.com", j.bare().toString());
        assertTrue(Jid.parse("example.com").isDomain());
        assertNull(Jid.parse("example.com/r").local());
        assertEquals("foo@bar/baz@qux/quux", Jid.parse("foo@bar/baz@qux/quux").toString(), "'/' and '@' allowed in resources");
    }

    @Test
    void rfc7622Section32Examples() throws Exception {
        assertEquals("ρωμέος@example.com", Jid.parse("ρωμέος@example.com").toString());
        assertEquals("π@example.com", Jid.parse("π@example.com").toString());
        assertEquals("juliet@example.com/foo bar", Jid.parse("juliet@example.com/foo bar").toString());
        assertEquals("example.com", Jid.parse("example.com.").toString(), "trailing dot is dropped");
    }

    @Test
    void invalidAddresses() {
        for (String bad : new String[] {"a@b@c", "\"juliet\"@example.com", "foo bar@example.com", "@example.com",
                "juliet@", "juliet@example.com/", "juliet@ex ample.com", "", "a".repeat(1024) + "@example.com",
                "user@<domain>", "x@example.com/\u0007"}) {
            assertThrows(JidFormatException.class, () -> Jid.parse(bad), bad);
        }
    }

    @Test
    void localpartHelpers() throws Exception {
        assertEquals("alice", Jid.prepLocal("ALICE"));
        assertThrows(JidFormatException.class, () -> Jid.prepLocal("al@ice"));
        assertEquals("Phone", Jid.prepResource("Phone"));
    }
}
