package org.tern.offline;

/**
 * One stored message.
 *
 * @param id       arrival order; also the XEP-0013 node
 * @param sender   the 'from' of the message (the XEP-0013 header name)
 * @param storedAt epoch milliseconds
 * @param text     the stanza's XML, or null when only the header was read
 */
record StoredMessage(long id, String sender, long storedAt, String text) {
}
