package org.tern.core.storage;

/** The storage queue is full: the caller answers with resource-constraint instead of waiting. */
public final class StorageBusyException extends RuntimeException {
    public StorageBusyException(String message) {
        super(message, null, false, false);
    }
}
