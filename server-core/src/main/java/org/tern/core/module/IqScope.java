package org.tern.core.module;

/** Where an iq request is addressed, which decides who answers it (RFC 6120 §10.3, RFC 6121 §8.5.4). */
public enum IqScope {
    /** To the server's domain JID. */
    SERVER,
    /** To the bare JID of a local account (or without 'to', on behalf of the sender's own account). */
    ACCOUNT
}
