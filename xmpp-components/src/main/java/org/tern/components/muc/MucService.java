package org.tern.components.muc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.module.Component;
import org.tern.core.session.ClientSession;
import org.tern.core.stanza.Stanza;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The MUC service on its subdomain: answers for the service itself and hands each stanza for a
 * room to that room's queue, loading the room on first use. Knows which rooms each session is in,
 * so a session that ends leaves them all.
 */
final class MucService implements Component, MucContext.Host {
    private static final Logger log = LoggerFactory.getLogger(MucService.class);

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Full JID of a session to the rooms it is in. */
    private final Map<Jid, Set<Room>> occupancy = new ConcurrentHashMap<>();
    private MucContext ctx;
    private ServiceDisco disco;

    void init(MucContext context) {
        this.ctx = context;
        this.disco = new ServiceDisco(context, () -> List.copyOf(rooms.values()));
    }

    @Override
    public CompletionStage<Void> receive(Stanza stanza) {
        Jid to = stanza.to();
        if (stanza.from() == null) {
            return Room.DONE;
        }
        if (!to.hasLocal()) {
            return disco.handle(stanza);
        }
        return room(to.bare()).receive(stanza);
    }

    @Override
    public String discoName() {
        return ctx.settings().name();
    }

    /** The room of a bare room JID, loading it if it is not in memory. */
    private Room room(Jid roomJid) {
        String name = roomJid.local();
        while (true) {
            Room r = rooms.get(name);
            if (r != null) {
                return r;
            }
            // The load is queued before the room is published, so it is the room's first task.
            Room fresh = new Room(name, roomJid, ctx);
            fresh.load();
            if (rooms.putIfAbsent(name, fresh) == null) {
                return fresh;
            }
        }
    }

    @Override
    public void entered(Room room, Jid fullJid) {
        occupancy.computeIfAbsent(fullJid, k -> ConcurrentHashMap.newKeySet()).add(room);
    }

    @Override
    public void left(Room room, Jid fullJid) {
        occupancy.computeIfPresent(fullJid, (k, set) -> {
            set.remove(room);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void released(Room room) {
        rooms.remove(room.name, room);
    }

    @Override
    public CompletionStage<Void> redeliver(Stanza stanza) {
        return receive(stanza);
    }

    /** A session closed or went unavailable: it leaves every room it is in (their occupants see it go). */
    void sessionGone(ClientSession session) {
        Set<Room> in = occupancy.get(session.jid());
        if (in == null) {
            return;
        }
        for (Room r : List.copyOf(in)) {
            r.run(() -> r.presences.sessionGone(session));
        }
    }

    /** Lets every queued task finish and the history reach the database, for a clean stop. */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            CompletableFuture<?>[] all = rooms.values().stream().map(r -> r.run(() -> Room.DONE))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            ctx.history().barrier().get(left, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("MUC rooms still busy at shutdown: {}", e.toString());
        }
    }

    /** Rooms in memory, for the service's disco#items and tests. */
    int loadedRooms() {
        return rooms.size();
    }
}
