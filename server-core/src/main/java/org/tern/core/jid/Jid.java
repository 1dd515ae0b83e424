package org.tern.core.jid;

import org.jxmpp.JxmppContext;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.jxmpp.util.cache.LruCache;

import java.util.Objects;

/**
 * An XMPP address, normalised per RFC 7622. Parsing and caching are jxmpp's; this value class
 * keeps the three parts plain so the rest of the server can compare and key by them cheaply.
 */
public final class Jid implements Comparable<Jid> {
    /**
     * Our own jxmpp context (no shared cache): jxmpp's default context is process-wide, and an
     * embedding application (or Smack in the same JVM) may set another stringprep on it.
     */
    private static final JxmppContext CONTEXT = JxmppContext.builder().withXmppStringprep(new PrecisStringprep()).build();
    private static final LruCache<String, Jid> CACHE = new LruCache<>(100_000);

    private final String local;
    private final String domain;
    private final String resource;
    private final String string;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
        StringBuilder sb = new StringBuilder();
        if (local != null) {
            sb.append(local).append('@');
        }
        sb.append(domain);
        if (resource != null) {
            sb.append('/').append(resource);
        }
        this.string = sb.toString();
    }

    /** Parses and normalises; throws {@link JidFormatException} for an invalid address. */
    public static Jid parse(String s) throws JidFormatException {
        if (s == null || s.isEmpty()) {
            throw new JidFormatException("empty address");
        }
        Jid cached = CACHE.lookup(s);
        if (cached != null) {
            return cached;
        }
        try {
            org.jxmpp.jid.Jid j = JidCreate.from(s, CONTEXT);
            var l = j.getLocalpartOrNull();
            var r = j.getResourceOrNull();
            Jid parsed = new Jid(l == null ? null : l.toString(), j.getDomain().toString(),
                    r == null ? null : r.toString());
            CACHE.put(s, parsed);
            return parsed;
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new JidFormatException("invalid address '" + s + "': " + e.getMessage());
        }
    }

    /** Parses or returns null; for attributes where an invalid value is simply ignored. */
    public static Jid parseOrNull(String s) {
        try {
            return s == null ? null : parse(s);
        } catch (JidFormatException e) {
            return null;
        }
    }

    /** Builds a JID from parts, normalising each. */
    public static Jid of(String local, String domain, String resource) throws JidFormatException {
        StringBuilder sb = new StringBuilder();
        if (local != null) {
            sb.append(local).append('@');
        }
        sb.append(domain);
        if (resource != null) {
            sb.append('/').append(resource);
        }
        Jid j = parse(sb.toString());
        if (!Objects.equals(j.local == null, local == null) || !Objects.equals(j.resource == null, resource == null)) {
            throw new JidFormatException("invalid address parts");
        }
        return j;
    }

    /** A domain JID; the domain must already be normalised (the server's own, from configuration). */
    public static Jid domain(String domain) {
        try {
            return parse(domain);
        } catch (JidFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Normalises a localpart alone (UsernameCaseMapped); throws for an invalid one. */
    public static String prepLocal(String local) throws JidFormatException {
        try {
            return new PrecisStringprep().localprep(local);
        } catch (XmppStringprepException e) {
            throw new JidFormatException("invalid username '" + local + "': " + e.getMessage());
        }
    }

    /** Normalises a resourcepart alone (OpaqueString); throws for an invalid one. */
    public static String prepResource(String resource) throws JidFormatException {
        try {
            return new PrecisStringprep().resourceprep(resource);
        } catch (XmppStringprepException e) {
            throw new JidFormatException("invalid resource: " + e.getMessage());
        }
    }

    public String local() {
        return local;
    }

    public String domain() {
        return domain;
    }

    public String resource() {
        return resource;
    }

    public boolean isBare() {
        return resource == null;
    }

    public boolean isFull() {
        return resource != null;
    }

    public boolean isDomain() {
        return local == null && resource == null;
    }

    public boolean hasLocal() {
        return local != null;
    }

    public Jid bare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    public Jid domainJid() {
        return isDomain() ? this : new Jid(null, domain, null);
    }

    /** This bare JID with a resource that has already been normalised. */
    public Jid withResource(String preparedResource) {
        return new Jid(local, domain, preparedResource);
    }

    public boolean sameBare(Jid other) {
        return other != null && Objects.equals(local, other.local) && domain.equals(other.domain);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Jid j && string.equals(j.string));
    }

    @Override
    public int hashCode() {
        return string.hashCode();
    }

    @Override
    public int compareTo(Jid o) {
        return string.compareTo(o.string);
    }

    @Override
    public String toString() {
        return string;
    }
}
