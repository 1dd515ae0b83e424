package org.tern.core.jid;

/** An address that is not a valid JID (RFC 7622). */
public final class JidFormatException extends Exception {
    public JidFormatException(String message) {
        super(message);
    }
}
