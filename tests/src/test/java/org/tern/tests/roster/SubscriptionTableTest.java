package org.tern.tests.roster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tern.tests.RawClient;
import org.tern.tests.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.tests.roster.Wire.jid;

/**
 * RFC 6121 Appendix A over the wire: two local users U and C are brought into each of the nine
 * states (by the subscription stanzas that lead there), then U sends each of the four subscription
 * stanzas. U's server applies A.2 (outbound), C's server A.3 (inbound); afterwards U's item must
 * be in the state the table gives, C's item must mirror it, and C's client must have been handed
 * the stanza exactly when the tables route and deliver it.
 */
class SubscriptionTableTest {
    static TestServer server;

    /** How to reach each state from None: who sends what, in order. */
    private static final Map<String, List<String>> SETUP = Map.of(
            "None", List.of(),
            "None + Pending Out", List.of("U subscribe"),
            "None + Pending In", List.of("C subscribe"),
            "None + Pending Out/In", List.of("U subscribe", "C subscribe"),
            "To", List.of("U subscribe", "C subscribed"),
            "To + Pending In", List.of("U subscribe", "C subscribed", "C subscribe"),
            "From", List.of("C subscribe", "U subscribed"),
            "From + Pending Out", List.of("C subscribe", "U subscribed", "U subscribe"),
            "Both", List.of("U subscribe", "C subscribed", "C subscribe", "U subscribed"));

    private static final List<String> STATES = List.of("None", "None + Pending Out", "None + Pending In",
            "None + Pending Out/In", "To", "To + Pending In", "From", "From + Pending Out", "Both");

    /**
     * Appendix A.2 (U's new state, "=" for no change) for the nine states in order, and whether C's
     * client gets the stanza (routed by A.2 and delivered by A.3 for C's mirrored state).
     */
    private static final Map<String, String> OUTBOUND = Map.of(
            "subscribe", "None+PO:y =:n None+POI:y =:n =:n =:n From+PO:y =:n =:n",
            "unsubscribe", "=:n None:y =:n None+PI:y None:y None+PI:y =:n From:y From:y",
            "subscribed", "=:n =:n From:y From+PO:y =:n Both:y =:n =:n =:n",
            "unsubscribed", "=:n =:n None:y None+PO:y =:n To:y None:y None+PO:y To:y");

    @BeforeAll
    static void start() throws Exception {
        // In-memory H2: this class is about the state machine, not durability (RosterRestartTest is).
        server = TestServer.start("storage.url", "jdbc:h2:mem:subscription-table;DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String type : List.of("subscribe", "unsubscribe", "subscribed", "unsubscribed")) {
            String[] cells = OUTBOUND.get(type).split(" ");
            for (int i = 0; i < STATES.size(); i++) {
                String[] cell = cells[i].split(":");
                String next = cell[0].equals("=") ? STATES.get(i) : expand(cell[0]);
                out.add(Arguments.of(STATES.get(i), type, next, cell[1].equals("y")));
            }
        }
        return out.stream();
    }

    private static String expand(String shorthand) {
        return shorthand.replace("+POI", " + Pending Out/In").replace("+PO", " + Pending Out").replace("+PI", " + Pending In");
    }

    /** The same relationship from the contact's side. */
    static String mirror(String state) {
        String base = state.split(" ")[0];
        String mirroredBase = switch (base) {
            case "To" -> "From";
            case "From" -> "To";
            default -> base;
        };
        boolean out = state.contains("Pending Out");
        boolean in = state.contains("Pending In") || state.contains("Out/In");
        if (state.contains("Out/In")) {
            return mirroredBase + " + Pending Out/In";
        }
        if (out) {
            return mirroredBase + " + Pending In";
        }
        return in ? mirroredBase + " + Pending Out" : mirroredBase;
    }

    @ParameterizedTest(name = "U in \"{0}\" sends {1}: U becomes \"{2}\", C's client gets it: {3}")
    @MethodSource("cases")
    void appendixA(String state, String type, String expected, boolean delivered) throws Exception {
        String u = Wire.newUser(server, "u");
        String c = Wire.newUser(server, "c");
        try (RawClient uc = Wire.online(server, u, "r"); RawClient cc = Wire.online(server, c, "r")) {
            for (String step : SETUP.get(state)) {
                String[] parts = step.split(" ");
                boolean fromU = parts[0].equals("U");
                RawClient sender = fromU ? uc : cc;
                Wire.send(sender, "<presence to='" + jid(fromU ? c : u) + "' type='" + parts[1] + "'/>");
            }
            Wire.sync(uc);
            Wire.sync(cc);
            assertEquals(state, RosterRows.state(server, u, jid(c)), "setup, U's side");
            assertEquals(mirror(state), RosterRows.state(server, c, jid(u)), "setup, C's side");

            Wire.send(uc, "<presence to='" + jid(c) + "/r' type='" + type + "'/>");
            String atC = Wire.sync(cc);

            assertEquals(expected, RosterRows.state(server, u, jid(c)), "U's new state (A.2)");
            assertEquals(mirror(expected), RosterRows.state(server, c, jid(u)), "C's new state (A.3)");
            boolean got = atC.contains("type=\"" + type + "\"");
            assertEquals(delivered, got, "C's client got the " + type + ": " + atC);
            if (got) {
                // §3.1.2 and friends: stamped with U's bare JID, whatever U's client put.
                assertTrue(atC.contains("from=\"" + jid(u) + "\""), atC);
            }
            boolean fromGained = !state.startsWith("From") && !state.equals("Both")
                    && (expected.startsWith("From") || expected.equals("Both"));
            boolean fromLost = (state.startsWith("From") || state.equals("Both"))
                    && !(expected.startsWith("From") || expected.equals("Both"));
            if (fromGained) { // §3.1.5: the approved contact gets U's presence
                assertTrue(atC.contains("<presence from=\"" + jid(u) + "/r\""), atC);
            }
            if (fromLost) { // §3.2.2: the cancelled contact sees U go
                assertTrue(atC.contains("from=\"" + jid(u) + "/r\"") && atC.contains("type=\"unavailable\""), atC);
            }
            if (type.equals("subscribed") && !delivered && !state.startsWith("From") && !state.equals("Both")) {
                // §3.4: approval without a request is a pre-approval, kept for later.
                assertTrue(RosterRows.row(server, u, jid(c)).approved(), "pre-approved");
            }
            assertFalse(uc.isClosedByServer());
        }
    }
}
