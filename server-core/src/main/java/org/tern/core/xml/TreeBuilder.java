package org.tern.core.xml;

import java.util.ArrayList;

/**
 * Assembles the element being parsed: a stack of open builders and the pending character data of
 * the innermost one, so adjacent text runs (split by input boundaries, CDATA sections or
 * references) become a single {@link Text}.
 */
final class TreeBuilder {
    /** A text buffer grown beyond this by one large stanza is given back once the stanza ends. */
    private static final int RETAIN_TEXT_CAPACITY = 4 * 1024;

    private final ArrayList<Element.Builder> open = new ArrayList<>();
    private StringBuilder text = new StringBuilder(64);

    boolean isEmpty() {
        return open.isEmpty();
    }

    int depth() {
        return open.size();
    }

    void push(Element.Builder element) {
        flushText();
        open.add(element);
    }

    void text(char[] chars, int start, int length) {
        text.append(chars, start, length);
    }

    /** Closes the innermost element, attaches it to its parent, and returns it. */
    Element pop() {
        flushText();
        Element done = open.remove(open.size() - 1).build();
        if (open.isEmpty()) {
            trim();
        } else {
            open.get(open.size() - 1).child(done);
        }
        return done;
    }

    void clear() {
        open.clear();
        text.setLength(0);
        trim();
    }

    private void flushText() {
        if (text.length() > 0) {
            open.get(open.size() - 1).text(text.toString());
            text.setLength(0);
        }
    }

    private void trim() {
        if (text.capacity() > RETAIN_TEXT_CAPACITY) {
            text = new StringBuilder(64);
        }
    }
}
