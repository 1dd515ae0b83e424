package org.tern.roster;

import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;
import org.tern.core.module.ImportReport;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The block list as a XEP-0016 privacy list in XEP-0227 files (§4.8), both ways. */
class PrivacyBlocksTest {
    static final class Notes implements ImportReport {
        final List<String> notes = new ArrayList<>();

        @Override
        public Jid account() {
            return Jid.parseOrNull("juliet@capulet.com");
        }

        @Override
        public void note(Element where, String message) {
            notes.add(message);
        }
    }

    static Element item(String type, String value, String action, int order, String... kinds) {
        Element.Builder b = Element.builder("item", PrivacyBlocks.NS).attr("type", type).attr("value", value)
                .attr("action", action).attr("order", Integer.toString(order));
        for (String k : kinds) {
            b.child(k, PrivacyBlocks.NS);
        }
        return b.build();
    }

    @Test
    void exportReadsBack() throws Exception {
        List<Jid> blocked = List.of(Jid.parse("tybalt@example.com"), Jid.parse("example.net"), Jid.parse("a@b/c"));
        Notes n = new Notes();
        assertEquals(blocked, PrivacyBlocks.parse(List.of(PrivacyBlocks.export(blocked)), n));
        assertEquals(List.of(), n.notes);
    }

    /** The XEP-0227 §4.8 example: only the default list's outright blocks are a block list. */
    @Test
    void onlyPlainDenialsOfTheDefaultListAreImported() throws Exception {
        Element query = Element.builder("query", PrivacyBlocks.NS)
                .child(Element.builder("default", PrivacyBlocks.NS).attr("name", "public").build())
                .child(Element.builder("list", PrivacyBlocks.NS).attr("name", "public")
                        .child(item("jid", "tybalt@example.com", "deny", 1))
                        .child(Element.builder("item", PrivacyBlocks.NS).attr("action", "allow").attr("order", "2").build())
                        .child(item("jid", "nurse@example.com", "deny", 0, "message", "iq", "presence-in", "presence-out"))
                        .child(item("jid", "paris@example.com", "deny", 3, "message"))
                        .child(item("group", "Enemies", "deny", 4)).build())
                .child(Element.builder("list", PrivacyBlocks.NS).attr("name", "private")
                        .child(item("subscription", "both", "allow", 10)).build())
                .build();
        Notes n = new Notes();
        assertEquals(List.of(Jid.parse("nurse@example.com"), Jid.parse("tybalt@example.com")),
                PrivacyBlocks.parse(List.of(query), n));
        assertEquals(4, n.notes.size(), n.notes.toString());
        assertTrue(n.notes.get(n.notes.size() - 1).contains("'private' is not the default list"), n.notes.toString());
    }

    @Test
    void invalidBlockedJidRejectsTheAccount() {
        Element query = Element.builder("query", PrivacyBlocks.NS)
                .child(Element.builder("default", PrivacyBlocks.NS).attr("name", "l").build())
                .child(Element.builder("list", PrivacyBlocks.NS).attr("name", "l").child(item("jid", "a@@b", "deny", 1)).build())
                .build();
        assertThrows(ImportReport.Rejected.class, () -> PrivacyBlocks.parse(List.of(query), new Notes()));
    }
}
