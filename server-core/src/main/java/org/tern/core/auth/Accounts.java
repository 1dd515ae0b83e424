package org.tern.core.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.event.AccountDeleted;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.EventBus;
import org.tern.core.sasl.Scram;
import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.core.session.SessionManager;
import org.tern.core.stanza.StreamErrorCondition;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Account administration: create, delete, change password. Passwords are turned into SCRAM
 * credentials here and never kept. Blocking: for the admin CLI and admin channel, not for network threads.
 */
public final class Accounts {
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    /** A rejected admin request, with a message for the operator. */
    public static final class AccountException extends Exception {
        public AccountException(String message) {
            super(message);
        }
    }

    private final Jid domain;
    private final UserStore store;
    private final AccountDirectory directory;
    private final EventBus events;
    private final SessionManager sessions;
    private final int iterations;

    public Accounts(Jid domain, UserStore store, AccountDirectory directory, EventBus events,
                    SessionManager sessions, int iterations) {
        this.domain = domain;
        this.store = store;
        this.directory = directory;
        this.events = events;
        this.sessions = sessions;
        this.iterations = iterations;
    }

    /** The normalised username of "user" or "user@domain"; the domain must be ours. */
    public String username(String jidOrLocal) throws AccountException {
        String s = jidOrLocal.trim();
        try {
            if (s.contains("@")) {
                Jid j = Jid.parse(s);
                if (!j.hasLocal() || j.isFull() || !j.domain().equals(domain.domain())) {
                    throw new AccountException("'" + s + "' is not an account of " + domain);
                }
                return j.local();
            }
            return Jid.prepLocal(s);
        } catch (JidFormatException e) {
            throw new AccountException(e.getMessage());
        }
    }

    public static Map<ScramAlgorithm, ScramCredential> derive(String password, int iterations) throws AccountException {
        String prepared;
        try {
            prepared = Scram.preparePassword(password);
        } catch (IllegalArgumentException e) {
            throw new AccountException("password not acceptable: " + e.getMessage());
        }
        Map<ScramAlgorithm, ScramCredential> m = new EnumMap<>(ScramAlgorithm.class);
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            m.put(a, Scram.derive(a, prepared, iterations));
        }
        return m;
    }

    public Map<ScramAlgorithm, ScramCredential> derive(String password) throws AccountException {
        return derive(password, iterations);
    }

    public void create(String jidOrLocal, String password) throws AccountException, SQLException {
        String user = username(jidOrLocal);
        if (!store.create(user, derive(password))) {
            throw new AccountException("account " + user + "@" + domain + " already exists");
        }
        directory.created(user);
        log.info("account {}@{} created", user, domain);
    }

    public void changePassword(String jidOrLocal, String password) throws AccountException, SQLException {
        String user = username(jidOrLocal);
        if (!store.updateCredentials(user, derive(password))) {
            throw new AccountException("no account " + user + "@" + domain);
        }
        log.info("password of {}@{} changed", user, domain);
    }

    /** Deletes an account: its sessions are closed, modules delete their data, then the account. */
    public void delete(String jidOrLocal) throws AccountException, SQLException {
        String user = username(jidOrLocal);
        if (!store.exists(user).join()) {
            throw new AccountException("no account " + user + "@" + domain);
        }
        Jid bare;
        try {
            bare = Jid.of(user, domain.domain(), null);
        } catch (JidFormatException e) {
            throw new AccountException(e.getMessage());
        }
        sessions.closeAccount(bare, StreamErrorCondition.NOT_AUTHORIZED, "Account deleted");
        try {
            events.fire(new AccountDeleted(bare)).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new SQLException("module cleanup failed: " + e.getCause().getMessage(), e.getCause());
        }
        directory.deleted(user);
        store.delete(user);
        log.info("account {} deleted", bare);
    }

    public boolean exists(String jidOrLocal) throws AccountException {
        return store.exists(username(jidOrLocal)).join();
    }

    public UserStore store() {
        return store;
    }

    AccountDirectory directory() {
        return directory;
    }
}
