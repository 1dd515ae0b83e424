package org.tern.components.muc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.components.SerialQueue;
import org.tern.core.jid.Jid;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaError;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.storage.StorageBusyException;
import org.tern.core.xml.Element;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One chat room: its state and the serial queue that owns it. Every stanza for the room and every
 * change to it runs as a task on that queue, one at a time, so the state below needs no locks.
 * The protocol lives in the feature classes (presence, messages, admin and owner iqs, disco); this
 * class loads the room, routes stanzas to them, and unloads or drops the room when it empties.
 */
final class Room {
    private static final Logger log = LoggerFactory.getLogger(Room.class);
    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    enum State {
        /** Reading the database. */
        LOADING,
        /** No such room (yet): a join may create it. */
        ABSENT,
        /** Created, waiting for its owner's configuration (XEP-0045 §10.1): only owners may enter. */
        LOCKED,
        OPEN,
        /** The database could not be read; stanzas get resource-constraint and the room is retried later. */
        FAILED,
        /** Destroyed or unloaded: stanzas still queued here go back to the service. */
        GONE
    }

    final String name;
    final Jid jid;
    final MucContext ctx;
    final SerialQueue queue;
    final Occupants occupants = new Occupants();
    final Affiliations affiliations;
    final History history;
    final Outbox outbox;
    final Broadcaster out;
    final Moderation moderation;
    final Presences presences;
    private final Messages messages;
    private final AdminIq admin;
    private final OwnerIq owner;
    private final RoomDisco disco;
    private final OccupantIq occupantIq;

    /** Written by the room's tasks only; volatile so the service can list rooms without asking each. */
    volatile State state = State.LOADING;
    volatile RoomConfig config;
    Subject subject;
    /** True while the database has rows for this room (it is persistent and was written). */
    boolean stored;
    Instant createdAt;

    Room(String name, Jid jid, MucContext ctx) {
        this.name = name;
        this.jid = jid;
        this.ctx = ctx;
        this.queue = new SerialQueue(ctx.executor());
        this.affiliations = new Affiliations(ctx.settings().admins());
        this.history = new History(ctx.settings().historySize());
        this.outbox = new Outbox(ctx.router());
        this.out = new Broadcaster(this);
        this.moderation = new Moderation(this);
        this.presences = new Presences(this);
        this.messages = new Messages(this);
        this.admin = new AdminIq(this);
        this.owner = new OwnerIq(this);
        this.disco = new RoomDisco(this);
        this.occupantIq = new OccupantIq(this);
        this.config = RoomConfig.defaults(ctx.settings().historyDefault());
    }

    /** Queues the first task: reading the room from the database. */
    void load() {
        queue.submit(() -> ctx.store().load(name, RoomConfig.defaults(ctx.settings().historyDefault()),
                ctx.settings().historySize()).handle((stored, error) -> {
                    if (error != null) {
                        log.error("could not load room {}", jid, error);
                        state = State.FAILED;
                        return null;
                    }
                    if (stored == null) {
                        state = State.ABSENT;
                        return null;
                    }
                    this.stored = true;
                    createdAt = Instant.ofEpochMilli(stored.createdAt());
                    config = stored.config().withPersistent(true);
                    stored.affiliations().forEach(affiliations::put);
                    subject = stored.subject();
                    history.restore(stored.history(), stored.lastSeq());
                    state = State.OPEN;
                    return null;
                }));
    }

    /** Takes a stanza addressed to the room or one of its occupants; completes when it was handled. */
    CompletableFuture<Void> receive(Stanza stanza) {
        return queue.submit(() -> {
            if (state == State.GONE) {
                return ctx.host().redeliver(stanza);
            }
            CompletionStage<Void> handled;
            try {
                handled = dispatch(stanza);
            } catch (StanzaException e) {
                reply(stanza, e.error());
                handled = DONE;
            } catch (RuntimeException e) {
                log.error("room {} failed on a {}", jid, stanza.kind(), e);
                reply(stanza, StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR));
                handled = DONE;
            }
            return handled.handle((v, error) -> {
                if (error != null) {
                    reply(stanza, errorFor(error));
                }
                return null;
            }).thenCompose(v -> settle());
        });
    }

    /** Runs work on the room's queue (session ends, service commands). */
    CompletableFuture<Void> run(java.util.function.Supplier<CompletionStage<Void>> work) {
        return queue.submit(() -> state == State.GONE ? DONE : work.get().thenCompose(v -> settle()));
    }

    private CompletionStage<Void> dispatch(Stanza s) throws StanzaException {
        if (state == State.FAILED) {
            throw new StanzaException(StanzaErrorCondition.RESOURCE_CONSTRAINT, "the room could not be loaded, try again");
        }
        return switch (s.kind()) {
            case PRESENCE -> presences.handle(s);
            case MESSAGE -> messages.handle(s);
            case IQ -> s.to().isFull() ? occupantIq.handle(s) : iq(s);
        };
    }

    private CompletionStage<Void> iq(Stanza s) throws StanzaException {
        Stanza.IqType type = s.iqType();
        if (type == null || s.id() == null) {
            throw new StanzaException(StanzaErrorCondition.BAD_REQUEST);
        }
        if (!type.isRequest()) {
            return DONE; // nothing the room asked for
        }
        Element payload = s.payload();
        String ns = payload == null ? "" : payload.namespace();
        if (!exists(s.from())) {
            throw new StanzaException(StanzaErrorCondition.ITEM_NOT_FOUND);
        }
        return switch (ns) {
            case Muc.ADMIN -> admin.handle(s);
            case Muc.OWNER -> owner.handle(s);
            case Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS -> disco.handle(s);
            case Namespaces.PING -> {
                if (type != Stanza.IqType.GET) {
                    throw new StanzaException(StanzaErrorCondition.BAD_REQUEST);
                }
                send(s.resultReply(null));
                yield DONE;
            }
            default -> throw new StanzaException(StanzaErrorCondition.SERVICE_UNAVAILABLE);
        };
    }

    /** Whether the room exists for this requester: locked rooms exist only for their owners. */
    boolean exists(Jid requester) {
        return state == State.OPEN || (state == State.LOCKED && requester != null
                && affiliations.of(requester).atLeast(Affiliation.OWNER));
    }

    /**
     * After each task: a room nobody is in goes away. Temporary rooms are destroyed (XEP-0045
     * §10.1); persistent ones are unloaded once their history is written, and read again when
     * next addressed.
     */
    private CompletionStage<Void> settle() {
        outbox.prune();
        if (!occupants.isEmpty() || state == State.GONE) {
            return DONE;
        }
        if (state == State.OPEN && stored) {
            return ctx.history().barrier().thenRun(() -> {
                if (occupants.isEmpty() && state == State.OPEN) {
                    release();
                }
            });
        }
        if (state == State.OPEN && config.persistent()) {
            return DONE; // being written; unloaded by a later task
        }
        release();
        return DONE;
    }

    void release() {
        state = State.GONE;
        ctx.host().released(this);
    }

    // ---- helpers for the feature classes

    Jid occupantJid(String nick) {
        return jid.withResource(nick);
    }

    /** The role someone acts with: the occupant's, or for a non-occupant its affiliation's default. */
    Role roleOf(Jid fullJid) {
        Occupant o = occupants.bySession(fullJid);
        if (o != null) {
            return o.role();
        }
        Affiliation a = affiliations.of(fullJid);
        return a.atLeast(Affiliation.ADMIN) ? Role.MODERATOR : Role.NONE;
    }

    Instant now() {
        return ctx.clock().instant();
    }

    void send(Stanza s) {
        outbox.send(s);
    }

    /**
     * Sends the error reply to a stanza (never to an error). A message's error carries the original
     * payload, as XEP-0045's examples show, so the sender can tell which of its messages failed.
     */
    void reply(Stanza s, StanzaError error) {
        if (s.isError() || s.from() == null || (s.isIq() && !(s.iqType() != null && s.iqType().isRequest()))) {
            return;
        }
        Stanza reply = s.errorReply(error);
        if (s.isMessage()) {
            Element.Builder b = Element.builder("message", Namespaces.CLIENT);
            reply.element().attributes().forEach(b::attr);
            for (Element e : s.element().elements()) {
                b.child(e);
            }
            reply = Stanza.trusted(b.child(error.toElement()).build());
        }
        send(reply);
    }

    void reply(Stanza s, StanzaErrorCondition condition) {
        reply(s, StanzaError.of(condition));
    }

    private static StanzaError errorFor(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StanzaException se) {
            return se.error();
        }
        if (cause instanceof StorageBusyException) {
            return StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT);
        }
        log.error("room task failed", cause);
        return StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR);
    }

    /** Persists the room's whole state when it becomes persistent, or deletes it when it stops being. */
    CompletionStage<Void> persistence() {
        if (config.persistent() && !stored) {
            return ctx.store().create(name, createdAt.toEpochMilli(), config, affiliations.all(), subject)
                    .thenRun(() -> stored = true);
        }
        if (!config.persistent() && stored) {
            return ctx.history().barrier().thenCompose(v -> ctx.store().delete(name)).thenRun(() -> stored = false);
        }
        return stored ? ctx.store().saveConfig(name, config) : DONE;
    }

    int maxUsers() {
        int limit = ctx.settings().maxOccupants();
        return config.maxUsers() > 0 ? Math.min(config.maxUsers(), limit) : limit;
    }
}
