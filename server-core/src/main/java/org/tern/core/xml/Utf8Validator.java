package org.tern.core.xml;

/**
 * Strict UTF-8 validation (RFC 3629), incremental across input slices. Aalto's async decoder
 * accepts overlong forms (0xC0 0xBC decodes to '<', 0xE0 0x80 0x8F to a control character) and
 * code points above U+10FFFF; such characters would be relayed to other users' streams and break
 * their parsers, so every byte passes here before Aalto sees it.
 *
 * <p>It also tells where the last complete character ends ({@link #incompleteTail()}): Aalto
 * 1.3.3 corrupts a 4-byte character (an emoji) split across two feeds inside an attribute value,
 * so the parser only ever hands Aalto whole characters.
 */
final class Utf8Validator {
    /** Continuation bytes still expected in the current sequence. */
    private int pending;
    /** Bytes of the current sequence seen so far (0 between characters). */
    private int started;
    /** Allowed range of the next continuation byte (narrower right after E0, ED, F0, F4). */
    private int low = 0x80;
    private int high = 0xBF;

    /** Returns the index of the first byte in [from, to) that makes the input invalid, or -1. */
    int scan(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (pending == 0) {
                while (i < to && bytes[i] >= 0) { // ASCII run
                    i++;
                }
                if (i == to) {
                    return -1;
                }
                int b = bytes[i] & 0xFF;
                if (b >= 0xC2 && b <= 0xDF) {
                    pending = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    pending = 2;
                    low = b == 0xE0 ? 0xA0 : 0x80;
                    high = b == 0xED ? 0x9F : 0xBF;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    pending = 3;
                    low = b == 0xF0 ? 0x90 : 0x80;
                    high = b == 0xF4 ? 0x8F : 0xBF;
                } else {
                    return i; // continuation byte without a lead, C0, C1, F5..FF
                }
                started = 1;
                i++;
            } else {
                int b = bytes[i] & 0xFF;
                if (b < low || b > high) {
                    return i;
                }
                low = 0x80;
                high = 0xBF;
                started = --pending == 0 ? 0 : started + 1;
                i++;
            }
        }
        return -1;
    }

    /**
     * How many bytes at the end of the scanned input (or before the invalid byte scan reported)
     * belong to a character not yet complete.
     */
    int incompleteTail() {
        return started;
    }

    void reset() {
        pending = 0;
        started = 0;
        low = 0x80;
        high = 0xBF;
    }
}
