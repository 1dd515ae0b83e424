package org.tern.core.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "does this account exist?" for routing, with the positive answers cached: every
 * stanza to an offline user asks it, and accounts rarely disappear (deletion invalidates).
 */
public final class AccountDirectory {
    private static final int MAX_CACHED = 200_000;
    private static final CompletionStage<Boolean> YES = CompletableFuture.completedFuture(true);

    private final UserStore store;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    public AccountDirectory(UserStore store) {
        this.store = store;
    }

    public CompletionStage<Boolean> exists(String username) {
        if (known.containsKey(username)) {
            return YES;
        }
        return store.exists(username).thenApply(found -> {
            if (found) {
                if (known.size() >= MAX_CACHED) {
                    known.clear();
                }
                known.put(username, Boolean.TRUE);
            }
            return found;
        });
    }

    public void created(String username) {
        known.put(username, Boolean.TRUE);
    }

    public void deleted(String username) {
        known.remove(username);
    }
}
