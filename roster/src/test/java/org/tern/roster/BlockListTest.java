package org.tern.roster;

import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0191 §JID Matching. */
class BlockListTest {
    static Jid j(String s) {
        return Jid.domain(s);
    }

    @Test
    void fullJidBlocksOnlyThatResource() {
        BlockList b = BlockList.of(List.of(j("romeo@montague.net/orchard")));
        assertTrue(b.blocks(j("romeo@montague.net/orchard")));
        assertFalse(b.blocks(j("romeo@montague.net/garden")));
        assertFalse(b.blocks(j("romeo@montague.net")));
    }

    @Test
    void bareJidBlocksEveryResource() {
        BlockList b = BlockList.of(List.of(j("romeo@montague.net")));
        assertTrue(b.blocks(j("romeo@montague.net")));
        assertTrue(b.blocks(j("romeo@montague.net/orchard")));
        assertFalse(b.blocks(j("benvolio@montague.net")));
        assertFalse(b.blocks(j("montague.net")));
    }

    @Test
    void domainResourceBlocksOnlyThatAddress() {
        BlockList b = BlockList.of(List.of(j("montague.net/bot")));
        assertTrue(b.blocks(j("montague.net/bot")));
        assertFalse(b.blocks(j("montague.net")));
        assertFalse(b.blocks(j("romeo@montague.net/bot")));
    }

    @Test
    void domainBlocksEverythingAtItAndBelow() {
        BlockList b = BlockList.of(List.of(j("montague.net")));
        assertTrue(b.blocks(j("montague.net")));
        assertTrue(b.blocks(j("romeo@montague.net")));
        assertTrue(b.blocks(j("romeo@montague.net/orchard")));
        assertTrue(b.blocks(j("montague.net/bot")));
        assertTrue(b.blocks(j("chat.montague.net")));
        assertTrue(b.blocks(j("room@chat.montague.net/nick")));
        assertFalse(b.blocks(j("capulet.net")));
        assertFalse(b.blocks(j("notmontague.net")));
    }

    @Test
    void addingAndRemovingKeepsOrderAndIdentityWhenNothingChanges() {
        BlockList b = BlockList.of(List.of(j("a@x"), j("b@x")));
        assertSame(b, b.with(List.of(j("a@x"))));
        assertSame(b, b.without(List.of(j("c@x"))));
        assertEquals(List.of(j("a@x"), j("b@x"), j("c@x")), b.with(List.of(j("c@x"))).entries());
        assertEquals(List.of(j("b@x")), b.without(List.of(j("a@x"))).entries());
        assertTrue(BlockList.EMPTY.isEmpty());
        assertFalse(BlockList.EMPTY.blocks(j("a@x")));
    }
}
