package org.tern.roster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tern.core.stanza.Stanza.PresenceType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6121 Appendix A.2 and A.3, transcribed row by row: for each of the nine states and each
 * subscription stanza, whether the server routes (outbound) or delivers (inbound) it, and the new state.
 */
class SubscriptionRulesTest {
    /** State codes in the order of Appendix A.1: N, N+O, N+I, N+OI, T, T+I, F, F+O, B. */
    private static final String[] STATES = {"N", "N+O", "N+I", "N+OI", "T", "T+I", "F", "F+O", "B"};

    // Each row: for the nine states in order, "forward:new state" (new state "=" for no change).
    private static final String OUT_SUBSCRIBE = "y:N+O y:= y:N+OI y:= y:= y:= y:F+O y:= y:=";            // A.2.1
    private static final String OUT_UNSUBSCRIBE = "y:= y:N y:= y:N+I y:N y:N+I y:= y:F y:F";             // A.2.2
    private static final String OUT_SUBSCRIBED = "n:= n:= y:F y:F+O n:= y:B n:= n:= n:=";                // A.2.3
    private static final String OUT_UNSUBSCRIBED = "n:= n:= y:N y:N+O n:= y:T y:N y:N+O y:T";           // A.2.4
    private static final String IN_SUBSCRIBE = "y:N+I y:N+OI n:= n:= y:T+I n:= n:= n:= n:=";            // A.3.1
    private static final String IN_UNSUBSCRIBE = "n:= n:= y:N y:N+O n:= y:T y:N y:N+O y:T";              // A.3.2
    private static final String IN_SUBSCRIBED = "n:= y:T n:= y:T+I n:= n:= n:= y:B n:=";                // A.3.3
    private static final String IN_UNSUBSCRIBED = "n:= y:N n:= y:N+I y:N y:N+I n:= y:F y:F";            // A.3.4

    static SubscriptionState state(String code) {
        int plus = code.indexOf('+');
        String base = plus < 0 ? code : code.substring(0, plus);
        String pending = plus < 0 ? "" : code.substring(plus + 1);
        Subscription sub = switch (base) {
            case "N" -> Subscription.NONE;
            case "T" -> Subscription.TO;
            case "F" -> Subscription.FROM;
            case "B" -> Subscription.BOTH;
            default -> throw new IllegalArgumentException(code);
        };
        return new SubscriptionState(sub, pending.contains("O"), pending.contains("I"));
    }

    static Stream<Arguments> table() {
        List<Arguments> out = new ArrayList<>();
        add(out, true, PresenceType.SUBSCRIBE, OUT_SUBSCRIBE);
        add(out, true, PresenceType.UNSUBSCRIBE, OUT_UNSUBSCRIBE);
        add(out, true, PresenceType.SUBSCRIBED, OUT_SUBSCRIBED);
        add(out, true, PresenceType.UNSUBSCRIBED, OUT_UNSUBSCRIBED);
        add(out, false, PresenceType.SUBSCRIBE, IN_SUBSCRIBE);
        add(out, false, PresenceType.UNSUBSCRIBE, IN_UNSUBSCRIBE);
        add(out, false, PresenceType.SUBSCRIBED, IN_SUBSCRIBED);
        add(out, false, PresenceType.UNSUBSCRIBED, IN_UNSUBSCRIBED);
        return out.stream();
    }

    private static void add(List<Arguments> out, boolean outbound, PresenceType type, String row) {
        String[] cells = row.trim().split("\\s+");
        assertEquals(9, cells.length, row);
        for (int i = 0; i < 9; i++) {
            String[] parts = cells[i].split(":");
            SubscriptionState from = state(STATES[i]);
            SubscriptionState to = parts[1].equals("=") ? from : state(parts[1]);
            out.add(Arguments.of(outbound ? "outbound" : "inbound", type, from, parts[0].equals("y"), to));
        }
    }

    @ParameterizedTest(name = "{0} {1} in {2}: forward={3}, then {4}")
    @MethodSource("table")
    void appendixA(String direction, PresenceType type, SubscriptionState from, boolean forward, SubscriptionState to) {
        SubscriptionRules.Decision d = direction.equals("outbound")
                ? SubscriptionRules.outbound(type, from, false)
                : SubscriptionRules.inbound(type, from, false);
        assertEquals(forward, d.forward(), "forward");
        assertEquals(to, d.next(), "new state");
    }

    @Test
    void inboundSubscribeFromASubscriberIsAnsweredForTheUser() {
        // §3.1.3: the contact's server auto-replies 'subscribed' when the user already has 'from'.
        for (String code : new String[]{"F", "F+O", "B"}) {
            SubscriptionRules.Decision d = SubscriptionRules.inbound(PresenceType.SUBSCRIBE, state(code), false);
            assertTrue(d.autoReply(), code);
            assertFalse(d.forward(), code);
        }
        assertFalse(SubscriptionRules.inbound(PresenceType.SUBSCRIBE, state("N"), false).autoReply());
    }

    @Test
    void preApprovalIsRecordedWithoutRoutingAndUsedByTheNextRequest() {
        // §3.4: 'subscribed' without a pending request pre-approves (None, None + Pending Out, To)...
        for (String code : new String[]{"N", "N+O", "T"}) {
            SubscriptionRules.Decision pre = SubscriptionRules.outbound(PresenceType.SUBSCRIBED, state(code), false);
            assertTrue(pre.approved(), code);
            assertFalse(pre.forward(), code);
            assertEquals(state(code), pre.next());
            // ...and the contact's later request is approved at once, not delivered.
            SubscriptionRules.Decision in = SubscriptionRules.inbound(PresenceType.SUBSCRIBE, pre.next(), true);
            assertTrue(in.autoReply(), code);
            assertFalse(in.forward(), code);
            assertTrue(in.next().subscription().hasFrom(), code);
            assertFalse(in.approved(), code);
        }
        // 'unsubscribed' cancels a pre-approval.
        SubscriptionRules.Decision cancel = SubscriptionRules.outbound(PresenceType.UNSUBSCRIBED, state("N"), true);
        assertFalse(cancel.approved());
        assertFalse(cancel.forward());
    }

    @Test
    void mirrorIsTheContactsView() {
        assertEquals(state("N+I"), state("N+O").mirror());
        assertEquals(state("F+O"), state("T+I").mirror());
        assertEquals(state("B"), state("B").mirror());
        for (SubscriptionState s : SubscriptionState.all()) {
            assertEquals(s, s.mirror().mirror());
        }
    }
}
