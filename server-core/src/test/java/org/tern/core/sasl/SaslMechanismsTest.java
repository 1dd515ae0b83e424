package org.tern.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tern.core.sasl.SaslTestSupport.TLS_SERVER_END_POINT;
import static org.tern.core.sasl.SaslTestSupport.mechanisms;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tern.core.sasl.SaslTestSupport.MemoryLookup;

/** What is offered on which connection, and what can be started. */
class SaslMechanismsTest {

    private final SaslMechanisms mechanisms = mechanisms(new MemoryLookup());

    @Test
    void offeredInPreferenceOrder() {
        assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"),
                mechanisms.offered(true, TLS_SERVER_END_POINT));
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"),
                mechanisms.offered(true, ChannelBindingData.none()));
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1"),
                mechanisms.offered(false, ChannelBindingData.none()));
    }

    @Test
    void startsExactlyWhatIsOffered() {
        ChannelBindingData[] cbs = {TLS_SERVER_END_POINT, ChannelBindingData.none()};
        List<String> all = List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
        for (boolean tls : new boolean[] {true, false}) {
            for (ChannelBindingData cb : cbs) {
                List<String> offered = mechanisms.offered(tls, cb);
                for (String name : all) {
                    var started = mechanisms.start(name, tls, cb);
                    assertEquals(offered.contains(name), started.isPresent(), name + " tls=" + tls + " cb=" + cb);
                    started.ifPresent(m -> assertEquals(name, m.name()));
                }
            }
        }
    }

    @Test
    void unknownNamesAreNotStarted() {
        for (String name : new String[] {"DIGEST-MD5", "scram-sha-1", "SCRAM-SHA-512", "", "PLAIN-PLUS", "X-OAUTH2"}) {
            assertTrue(mechanisms.start(name, true, TLS_SERVER_END_POINT).isEmpty(), name);
        }
    }

    @Test
    void constructorRefusesWeakSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> new SaslMechanisms("example.org", new MemoryLookup(), new byte[8], 4096));
        assertThrows(IllegalArgumentException.class,
                () -> new SaslMechanisms("example.org", new MemoryLookup(), new byte[32], 1000));
    }

    @Test
    void channelBindingDataIsCopied() {
        byte[] data = {1, 2, 3};
        ChannelBindingData cb = new ChannelBindingData(java.util.Map.of("tls-exporter", data));
        data[0] = 9;
        cb.types().get("tls-exporter")[1] = 9;
        assertEquals(1, cb.data("tls-exporter")[0]);
        assertEquals(2, cb.data("tls-exporter")[1]);
        assertTrue(ChannelBindingData.none().isEmpty());
    }
}
