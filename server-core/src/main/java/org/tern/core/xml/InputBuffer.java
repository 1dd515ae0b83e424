package org.tern.core.xml;

import java.nio.ByteBuffer;

/**
 * The bytes of one connection that the parser still needs, addressed by absolute stream position
 * (a long counting every byte fed since the parser was created).
 *
 * <p>The retained region runs from {@link #start()} (the end of the last event the parser has
 * consumed) to {@link #end()} (the last byte fed). Appending compacts or grows the array; while
 * a reader still holds unread bytes of the current array ({@code pinned}), those bytes are never
 * moved: the array is replaced instead, and the reader keeps reading the old one.
 */
final class InputBuffer {
    private static final byte[] EMPTY = new byte[0];
    /** Smallest array allocated. */
    static final int MIN_CAPACITY = 1024;
    /** An empty array larger than this is released rather than kept for the next feed. */
    static final int RETAIN_CAPACITY = 8 * 1024;
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private byte[] data = EMPTY;
    private long base;
    private long start;
    private long end;

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    boolean isEmpty() {
        return start == end;
    }

    byte[] array() {
        return data;
    }

    /** The array index of a retained position. */
    int index(long position) {
        return (int) (position - base);
    }

    /** The byte at a retained position, 0..255. */
    int byteAt(long position) {
        return data[(int) (position - base)] & 0xFF;
    }

    int capacity() {
        return data.length;
    }

    void append(byte[] src, int offset, int length, boolean pinned) {
        int at = reserve(length, pinned);
        System.arraycopy(src, offset, data, at, length);
        end += length;
    }

    void append(ByteBuffer src, boolean pinned) {
        int length = src.remaining();
        int at = reserve(length, pinned);
        src.get(data, at, length);
        end += length;
    }

    /** Forgets the bytes before this position (the parser has consumed them). */
    void consumeTo(long position) {
        if (position < start || position > end) {
            throw new IllegalArgumentException("position " + position + " outside [" + start + ", " + end + "]");
        }
        start = position;
    }

    /**
     * Releases a large array once nothing is retained; the caller guarantees no reader has unread
     * bytes in it. Returns true when the array was released.
     */
    boolean releaseIfEmpty() {
        if (start == end && data.length > RETAIN_CAPACITY) {
            data = EMPTY;
            base = start;
            return true;
        }
        return false;
    }

    /** Forgets everything and releases the array. */
    void clear() {
        start = end;
        data = EMPTY;
        base = end;
    }

    /** True when {@code pattern} occurs entirely inside [from, to). Diagnostics only. */
    boolean contains(byte[] pattern, long from, long to) {
        int first = index(Math.max(from, start));
        int last = index(Math.min(to, end)) - pattern.length;
        outer:
        for (int i = first; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private int reserve(int length, boolean pinned) {
        int tail = (int) (end - base);
        if (data.length - tail >= length) {
            return tail;
        }
        long kept = end - start;
        long needed = kept + length;
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("input buffer would exceed " + MAX_CAPACITY + " bytes");
        }
        int from = (int) (start - base);
        if (!pinned && needed <= data.length) {
            System.arraycopy(data, from, data, 0, (int) kept);
        } else {
            byte[] grown = new byte[capacityFor((int) needed, data.length)];
            System.arraycopy(data, from, grown, 0, (int) kept);
            data = grown;
        }
        base = start;
        return (int) kept;
    }

    /** Room for growth, but never more than half again what is needed: memory stays near the limits. */
    private static int capacityFor(int needed, int current) {
        long doubled = Math.max((long) current * 2, MIN_CAPACITY);
        long generous = needed + (long) (needed >> 1);
        return (int) Math.min(MAX_CAPACITY, Math.max(needed, Math.min(doubled, generous)));
    }
}
