package org.tern.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per account and per client IP in a sliding window. When either count
 * reaches its limit, further attempts are refused without checking the password until old
 * failures leave the window, which makes online password guessing slow for one attacker and
 * for a botnet aiming at one account alike.
 */
public final class LoginThrottle {
    private static final int MAX_TRACKED = 100_000;

    private final int perAccount;
    private final int perAddress;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Deque<Long>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> addresses = new ConcurrentHashMap<>();

    public LoginThrottle(int perAccount, int perAddress, Duration window, Clock clock) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** True when a login for this account from this address may be tried now. */
    public boolean allowed(String username, String address) {
        long now = clock.millis();
        return (perAccount <= 0 || username == null || count(accounts, username, now) < perAccount)
                && (perAddress <= 0 || address == null || count(addresses, address, now) < perAddress);
    }

    public void failed(String username, String address) {
        long now = clock.millis();
        if (username != null) {
            record(accounts, username, now);
        }
        if (address != null) {
            record(addresses, address, now);
        }
    }

    /** A success clears the account's failures (not the address's: one good password must not reset a sweep). */
    public void succeeded(String username) {
        accounts.remove(username);
    }

    private int count(Map<String, Deque<Long>> map, String key, long now) {
        Deque<Long> d = map.get(key);
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            prune(d, now);
            return d.size();
        }
    }

    private void record(Map<String, Deque<Long>> map, String key, long now) {
        if (map.size() > MAX_TRACKED) {
            sweep(map, now);
        }
        Deque<Long> d = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d, now);
            d.addLast(now);
        }
    }

    private void prune(Deque<Long> d, long now) {
        while (!d.isEmpty() && d.peekFirst() <= now - windowMillis) {
            d.pollFirst();
        }
    }

    private void sweep(Map<String, Deque<Long>> map, long now) {
        for (Iterator<Map.Entry<String, Deque<Long>>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Deque<Long> d = it.next().getValue();
            synchronized (d) {
                prune(d, now);
                if (d.isEmpty()) {
                    it.remove();
                }
            }
        }
    }
}
