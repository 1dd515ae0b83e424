package org.tern.components.muc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tern.core.jid.Jid;
import org.tern.core.routing.Router;
import org.tern.core.session.ClientSession;
import org.tern.core.session.Sessions;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.JdbcStorage;
import org.tern.core.storage.SqlWork;
import org.tern.core.storage.Storage;
import org.tern.core.xml.Element;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out cost of a groupchat message, observed at the router: one stanza per occupant whose
 * payload elements are the same shared instances (serialised once, not once per recipient), and
 * one database write for the history whatever the number of occupants.
 */
class RoomFanoutTest {
    private static final int OCCUPANTS = 300;
    private static final Jid SERVICE = Jid.domain("conference.example.org");

    private final List<Stanza> routed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger transactions = new AtomicInteger();
    private ExecutorService pool;
    private java.util.concurrent.ScheduledExecutorService scheduler;
    private JdbcStorage storage;
    private MucService service;
    private HistoryWriter writer;

    @BeforeEach
    void start() throws Exception {
        pool = Executors.newFixedThreadPool(2);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        storage = new JdbcStorage("jdbc:h2:mem:fanout-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2, 100);
        storage.migrate("muc");
        Storage counting = new Storage() {
            public void migrate(String module) {
                storage.migrate(module);
            }

            public <T> CompletableFuture<T> transaction(SqlWork<T> work) {
                transactions.incrementAndGet();
                return storage.transaction(work);
            }

            public <T> T transactionNow(SqlWork<T> work) throws java.sql.SQLException {
                return storage.transactionNow(work);
            }

            public DataSource dataSource() {
                return storage.dataSource();
            }

            public String describe() {
                return "counting";
            }
        };
        MucStore store = new MucStore(counting);
        writer = new HistoryWriter(counting, store, scheduler);
        Router router = new Router() {
            public CompletionStage<Void> route(Stanza stanza) {
                routed.add(stanza);
                return CompletableFuture.completedFuture(null);
            }

            public CompletableFuture<Stanza> request(Stanza iq, Duration timeout) {
                throw new UnsupportedOperationException();
            }

            public boolean isLocalDomain(Jid jid) {
                return false;
            }
        };
        Sessions sessions = new Sessions() {
            public List<ClientSession> of(Jid bareJid) {
                return List.of();
            }

            public List<ClientSession> available(Jid bareJid) {
                return List.of();
            }

            public ClientSession get(Jid fullJid) {
                return null;
            }

            public int count() {
                return 0;
            }
        };
        MucSettings settings = new MucSettings("conference", "Chatrooms", MucSettings.RoomCreation.ANYONE, Set.of(),
                5000, 50, 20, false, true, 2);
        service = new MucService();
        service.init(new MucContext(SERVICE, settings, router, sessions, store, writer,
                new OccupantIds(new byte[32]), Clock.systemUTC(), pool, service));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
        storage.close();
    }

    private void send(String xml) throws Exception {
        Element e = org.tern.components.muc.MucStore.parse(xml);
        service.receive(Stanza.of(e)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void oneSharedPayloadAndOneHistoryWritePerMessage() throws Exception {
        String room = "big@" + SERVICE;
        send("<presence xmlns='jabber:client' from='u0@example.org/r' to='" + room + "/u0'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        send("<iq xmlns='jabber:client' type='set' id='c1' from='u0@example.org/r' to='" + room + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='muc#roomconfig_persistentroom'><value>1</value></field></x></query></iq>");
        for (int i = 1; i < OCCUPANTS; i++) {
            send("<presence xmlns='jabber:client' from='u" + i + "@example.org/r' to='" + room + "/u" + i + "'/>");
        }
        writer.barrier().get(10, TimeUnit.SECONDS);
        routed.clear();
        int before = transactions.get();

        send("<message xmlns='jabber:client' type='groupchat' id='m1' from='u7@example.org/r' to='" + room + "'>"
                + "<body>to everyone &amp; all</body></message>");
        writer.barrier().get(10, TimeUnit.SECONDS);

        assertEquals(OCCUPANTS, routed.size(), "one stanza per occupant");
        IdentityHashMap<Element, Boolean> bodies = new IdentityHashMap<>();
        Set<String> recipients = new java.util.HashSet<>();
        for (Stanza s : routed) {
            Element body = s.element().child("body", Namespaces.CLIENT);
            assertTrue(body.isShared(), "marked for serialising once");
            bodies.put(body, true);
            recipients.add(s.to().toString());
            assertEquals(room + "/u7", s.from().toString());
        }
        assertEquals(1, bodies.size(), "every copy carries the same payload instance");
        assertEquals(OCCUPANTS, recipients.size());
        assertEquals(1, transactions.get() - before, "one history write, none per recipient");
    }
}
