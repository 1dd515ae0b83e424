package org.tern.offline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.event.PresenceChanging;
import org.tern.core.event.StanzaToUser;
import org.tern.core.jid.Jid;
import org.tern.core.module.Outcome;
import org.tern.core.session.ClientSession;
import org.tern.core.session.SessionKey;
import org.tern.core.session.Sessions;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.Storage;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands stored messages to a resource that becomes available (XEP-0160 §2), in arrival order,
 * deleting each only once {@link ClientSession#deliverConfirmed} reported it delivered.
 *
 * <p>One flush at a time per account: a second resource coming online waits, then finds what the
 * first left (nothing, unless the first dropped). While a flush runs, new chat/normal messages
 * that would go to the flushing resource are appended to the store instead of being delivered
 * directly, so they reach it after the older stored ones. Every store of an account is counted
 * here while it commits: a flush ends only when the store is empty and nothing is being stored,
 * and a message committed when no flush runs but a flushed resource is available (it became
 * available while the message was on its way to storage) starts a flush for that resource.
 */
final class Flusher {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);
    static final int BATCH = 100;
    private static final long MAX_RETRY_MS = 30_000;

    /** Set once a session's messages were flushed for its current availability. */
    static final SessionKey<Boolean> FLUSHED = SessionKey.of("offline.flushed");

    /** Flush state of one account; every field guarded by the object's monitor. */
    private static final class Account {
        final String user;
        final ArrayDeque<ClientSession> waiting = new ArrayDeque<>();
        ClientSession current;
        /** Stores of this account under way (not committed, refused or failed yet). */
        int storing;
        /** Stores of this account finished so far, while this state lived. */
        long commits;
        /** The flush found the store empty and waits for {@code storing} to reach zero. */
        boolean parked;
        boolean retired;

        Account(String user) {
            this.user = user;
        }
    }

    private final Storage storage;
    private final Sessions sessions;
    private final Saver saver;
    private final Limits limits;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    Flusher(Storage storage, Sessions sessions, Saver saver, Limits limits, Clock clock,
            ScheduledExecutorService scheduler) {
        this.storage = storage;
        this.sessions = sessions;
        this.saver = saver;
        this.limits = limits;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * Available presence of non-negative priority: flush once per availability (or per return
     * from a negative priority), unless XEP-0013 is in use.
     */
    CompletionStage<Outcome> onPresence(PresenceChanging event) {
        // Before the session shows as available: a live message can then not reach it directly
        // ahead of the stored ones (it is stored, counted, and flushed after them).
        ClientSession s = event.session();
        int priority = event.presence().priority();
        if (event.initial() || priority < 0) {
            s.set(FLUSHED, null); // messages stored meanwhile come with the next non-negative presence
        }
        if (priority >= 0 && s.get(FLUSHED) == null && !FlexibleRetrieval.inUse(sessions, s.bareJid())) {
            s.set(FLUSHED, true);
            enqueue(s);
        }
        return Outcome.CONTINUE.stage();
    }

    private void enqueue(ClientSession s) {
        Account a;
        for (;;) {
            a = accounts.computeIfAbsent(s.jid().local(), Account::new);
            synchronized (a) {
                if (a.retired) {
                    continue;
                }
                if (a.current != null) {
                    a.waiting.add(s);
                    return;
                }
                a.current = s;
                break;
            }
        }
        round(a, s, 0);
    }

    /**
     * Stores a message for an account without an available resource (see {@link Saver#save}),
     * counted so that a flush starting meanwhile waits for its commit.
     */
    CompletableFuture<Saver.Saved> store(Stanza message) {
        Account a;
        for (;;) {
            a = accounts.computeIfAbsent(message.to().local(), Account::new);
            synchronized (a) {
                if (a.retired) {
                    continue;
                }
                a.storing++;
                break;
            }
        }
        Account counted = a;
        return saver.save(message).whenComplete((saved, error) -> stored(counted, message.to().bare()));
    }

    /** One batch: read the oldest messages, deliver them, delete the delivered ones, go on. */
    private void round(Account a, ClientSession s, long retryMs) {
        if (s.isClosed()) {
            next(a, s, -1);
            return;
        }
        long seen;
        synchronized (a) {
            seen = a.commits;
        }
        storage.transaction(OfflineStore.oldest(a.user, limits.notBefore(clock), BATCH)).whenComplete((batch, error) ->
                guarded(a, s, () -> {
                    if (error != null) {
                        long delay = Math.min(MAX_RETRY_MS, Math.max(1000, retryMs * 2));
                        log.warn("reading offline messages of {} failed; retrying in {} ms: {}", a.user, delay,
                                error.toString());
                        scheduler.schedule(() -> guarded(a, s, () -> round(a, s, delay)), delay, TimeUnit.MILLISECONDS);
                    } else if (batch.isEmpty()) {
                        next(a, s, seen);
                    } else {
                        deliver(a, s, batch);
                    }
                }));
    }

    /**
     * Runs a step of a flush; a bug in it ends the flush (the messages stay stored) instead of
     * leaving the account's flush slot taken for good.
     */
    private void guarded(Account a, ClientSession s, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("offline flush of {} failed", a.user, e);
            next(a, s, -1);
        }
    }

    private void deliver(Account a, ClientSession s, List<StoredMessage> batch) {
        List<CompletableFuture<Boolean>> confirmations = new ArrayList<>(batch.size());
        for (StoredMessage m : batch) {
            Stanza stanza;
            try {
                stanza = StanzaCodec.parse(m.text());
            } catch (Exception e) {
                // Cannot happen for what we wrote; kept, it would block the queue for good.
                log.error("offline message {} of {} is unreadable and is dropped", m.id(), a.user, e);
                confirmations.add(CompletableFuture.completedFuture(true));
                continue;
            }
            confirmations.add(s.deliverConfirmed(stanza).toCompletableFuture().exceptionally(e -> false));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new));
        all.whenComplete((v, e) -> guarded(a, s, () -> {
            List<Long> delivered = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (confirmations.get(i).join()) {
                    delivered.add(batch.get(i).id());
                }
            }
            removeDelivered(a, s, delivered, delivered.size() == batch.size(), 0);
        }));
    }

    /** Delivered messages must go before anything else happens, or they would be delivered again. */
    private void removeDelivered(Account a, ClientSession s, List<Long> ids, boolean all, long retryMs) {
        storage.transaction(OfflineStore.delete(a.user, ids)).whenComplete((n, error) -> guarded(a, s, () -> {
            if (error != null) {
                long delay = Math.min(MAX_RETRY_MS, Math.max(1000, retryMs * 2));
                log.warn("deleting delivered offline messages of {} failed; retrying in {} ms: {}", a.user, delay,
                        error.toString());
                scheduler.schedule(() -> guarded(a, s, () -> removeDelivered(a, s, ids, all, delay)), delay,
                        TimeUnit.MILLISECONDS);
            } else if (all) {
                round(a, s, 0);
            } else {
                next(a, s, -1); // the session ended: the rest stays stored
            }
        }));
    }

    /**
     * The store looked empty after {@code seen} finished stores ({@code -1}: the flush stopped
     * early). It is over only if nothing was stored since and nothing is being stored; then the
     * next waiting resource gets its turn.
     */
    private void next(Account a, ClientSession s, long seen) {
        ClientSession following;
        synchronized (a) {
            if (seen >= 0 && a.storing > 0) {
                a.parked = true;
                return;
            }
            if (seen >= 0 && a.commits != seen) {
                following = s;
            } else {
                following = null;
                ClientSession candidate;
                while ((candidate = a.waiting.poll()) != null) {
                    if (eligible(candidate)) {
                        following = candidate;
                        break;
                    }
                }
                a.current = following;
                retireIfIdle(a);
            }
        }
        if (following != null) {
            round(a, following, 0);
        }
    }

    /** A session queued just before its presence was recorded counts as available with that priority. */
    private boolean eligible(ClientSession s) {
        return !s.isClosed() && (!s.isAvailable() || s.priority() >= 0) && !FlexibleRetrieval.inUse(sessions, s.bareJid());
    }

    private void retireIfIdle(Account a) {
        if (a.current == null && a.storing == 0 && a.waiting.isEmpty()) {
            a.retired = true;
            accounts.remove(a.user, a);
        }
    }

    /**
     * A chat/normal message for an account being flushed, to the flushing resource (its full JID,
     * or the bare JID while it is among the highest-priority resources), is stored so that it
     * does not overtake older stored messages. Other resources of that priority get it directly,
     * as RFC 6121 §8.5.2.1.1 wants. If it cannot be stored, the kernel delivers it as usual.
     */
    CompletionStage<Outcome> intercept(StanzaToUser event) {
        Stanza m = event.stanza();
        if (!m.isMessage() || accounts.isEmpty()) {
            return Outcome.CONTINUE.stage();
        }
        Jid to = m.to();
        Account a = accounts.get(to.local());
        if (a == null || StoreRules.judge(m) != StoreRules.Verdict.STORE) {
            return Outcome.CONTINUE.stage();
        }
        List<ClientSession> copies;
        synchronized (a) {
            ClientSession target = a.current;
            if (a.retired || target == null || !(to.isFull() ? to.equals(target.jid()) : isBest(target))) {
                return Outcome.CONTINUE.stage();
            }
            a.storing++;
            copies = to.isFull() ? List.of() : samePriority(target, a.waiting);
        }
        return saver.save(m).handle((saved, error) -> {
            stored(a, to.bare());
            if (saved == null) {
                if (error != null) {
                    log.warn("could not queue a message behind the offline flush of {}: {}", a.user, error.toString());
                }
                return Outcome.CONTINUE;
            }
            for (ClientSession c : copies) {
                c.deliver(m);
            }
            return Outcome.HANDLED;
        });
    }

    /**
     * A counted store finished (committed, refused or failed). A parked flush resumes; with no
     * flush running, an available resource that was already flushed gets a new flush, because
     * the message may have been committed after its flush looked at the store.
     */
    private void stored(Account a, Jid bare) {
        ClientSession resume = null;
        synchronized (a) {
            a.storing--;
            a.commits++;
            if (a.storing == 0 && a.parked) {
                a.parked = false;
                resume = a.current;
            } else if (a.current == null && a.storing == 0 && a.waiting.isEmpty()) {
                for (ClientSession s : sessions.available(bare)) {
                    if (s.get(FLUSHED) != null && eligible(s) && (resume == null || s.priority() > resume.priority())) {
                        resume = s;
                    }
                }
                a.current = resume;
            }
            retireIfIdle(a);
        }
        if (resume != null) {
            round(a, resume, 0);
        }
    }

    private boolean isBest(ClientSession target) {
        if (!target.isAvailable() || target.priority() < 0) {
            return false;
        }
        for (ClientSession s : sessions.available(target.bareJid())) {
            if (s.priority() > target.priority()) {
                return false;
            }
        }
        return true;
    }

    private List<ClientSession> samePriority(ClientSession target, ArrayDeque<ClientSession> waiting) {
        List<ClientSession> out = new ArrayList<>(1);
        for (ClientSession s : sessions.available(target.bareJid())) {
            if (s != target && s.priority() == target.priority() && !waiting.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
