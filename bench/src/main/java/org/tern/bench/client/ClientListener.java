package org.tern.bench.client;

/**
 * What a scenario hears from its clients. Called on the client's event loop: keep it short and
 * non-blocking. Every method has a no-op default.
 */
public interface ClientListener {
    /** Login finished: bound, roster fetched and initial presence processed (a ping answered after it), as asked. */
    default void online(XmppClient c, long loginNanos) {
    }

    /** A stanza for the scenario: messages, presences from others, requests and pushes. */
    default void stanza(XmppClient c, String stanza) {
    }

    /** The roster result of the login (when the login asked for it). */
    default void roster(XmppClient c, String iq) {
    }

    /** In-band registration done: ok, or the error it got ("conflict" for an existing account). */
    default void registered(XmppClient c, boolean ok, String detail) {
    }

    /** The login or the stream failed; the connection is being closed. */
    default void failed(XmppClient c, String reason) {
    }

    /** The TCP connection is closed (after any of the above). */
    default void closed(XmppClient c) {
    }
}
