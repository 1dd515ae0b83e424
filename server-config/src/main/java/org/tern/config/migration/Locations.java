package org.tern.config.migration;

import org.tern.core.xml.Element;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each element of one {@code <user/>} was read ("file:line"), by identity: elements are
 * immutable and modules pass back the very instances they were given, so a report can name the
 * place of whatever a module complains about.
 */
final class Locations {
    private final Map<Element, String> places = new IdentityHashMap<>();

    void put(Element e, String place) {
        places.put(e, place);
    }

    /** The element's place, or {@code fallback} for an element that was not read from a file. */
    String of(Element e, String fallback) {
        String p = e == null ? null : places.get(e);
        return p != null ? p : fallback;
    }
}
