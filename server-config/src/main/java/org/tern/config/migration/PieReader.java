package org.tern.config.migration;

import org.tern.core.module.AccountDataPort;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads XEP-0227 files (version 1.1, namespace urn:xmpp:pie:0, and the old
 * 'http://www.xmpp.org/extensions/xep-0227.html#ns' that early exporters wrote) one
 * {@code <user/>} at a time, so a large export never sits in memory whole.
 *
 * <p>XInclude (§5): an {@code <include/>} with a relative 'href' and neither 'parse' (other than
 * xml) nor 'xpointer' is followed where the structure allows one (in {@code <server-data/>}, in
 * {@code <host/>}, as a direct child of {@code <user/>}); deeper ones are user data and left
 * alone, as §5 asks. Anything else is refused with its place: URLs (nothing is ever fetched),
 * absolute paths, files outside the directory of the import, cycles. DOCTYPEs are refused.
 */
final class PieReader {
    static final String OLD_NS = "http://www.xmpp.org/extensions/xep-0227.html#ns";
    static final String XI_NS = "http://www.w3.org/2001/XInclude";
    private static final String PIE = AccountDataPort.PIE_NS;
    private static final Set<String> STANZAS = Set.of("message", "presence", "iq");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);
    private static final int MAX_INCLUDES = 16;
    private static final int MAX_DEPTH = 256;

    /** A {@code <user/>} as read: its host's 'jid' as written (null when absent), the tree, and where its elements are. */
    record User(String host, String hostPlace, Element user, Locations where) {
    }

    /** Receives what is read, in document order. */
    interface Sink {
        void user(User user) throws InterruptedException;

        /** Something outside any account left out, e.g. an extension element of the host. */
        void note(String place, String message);
    }

    /** The input cannot be read on: malformed XML, a refused include, a wrong root. */
    static final class PieException extends Exception {
        PieException(String place, String message) {
            super(place + ": " + message, null, false, false);
        }
    }

    private enum Context { SERVER_DATA, HOST }

    private final Path base;
    private final XMLInputFactory factory;
    private final Deque<Path> open = new ArrayDeque<>();
    private final Set<Path> included = new HashSet<>();

    /** @param base includes must stay inside this directory */
    PieReader(Path base) throws IOException {
        this.base = base.toRealPath();
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** Every file an include reached so far (real paths). */
    Set<Path> included() {
        return included;
    }

    /** The root element's local name, or null when the file is no XML (for finding main files in a directory). */
    String rootName(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT) {
                        return r.getLocalName();
                    }
                }
            } finally {
                r.close();
            }
        } catch (IOException | XMLStreamException e) {
            return null;
        }
        return null;
    }

    /** Reads a main file: its root must be {@code <server-data/>}. */
    void read(Path file, Sink sink) throws PieException, IOException, InterruptedException {
        document(file, r -> root(r, file, null, null, null, sink));
    }

    /** Work on a document's root element; the reader is on its start tag. */
    @FunctionalInterface
    private interface RootWork<T> {
        T run(XMLStreamReader r) throws XMLStreamException, PieException, IOException, InterruptedException;
    }

    /**
     * Opens a document (refusing include cycles and DOCTYPEs), runs {@code work} on its root
     * element, then reads the rest of it, so that what follows the root is checked too.
     */
    private <T> T document(Path file, RootWork<T> work) throws PieException, IOException, InterruptedException {
        Path real = file.toRealPath();
        if (open.contains(real)) {
            throw new PieException(file.toString(), "included from itself (include cycle)");
        }
        open.push(real);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            try {
                while (r.next() != XMLStreamConstants.START_ELEMENT) {
                    refuseDtd(r, file);
                }
                T result = work.run(r);
                while (r.hasNext()) {
                    r.next();
                    refuseDtd(r, file);
                }
                return result;
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw malformed(file, e);
        } finally {
            open.pop();
        }
    }

    private static void refuseDtd(XMLStreamReader r, Path file) throws PieException {
        if (r.getEventType() == XMLStreamConstants.DTD) {
            throw new PieException(place(file, r), "DOCTYPE is not allowed");
        }
    }

    /**
     * The root of a document. {@code context} null: a main file; otherwise the structure the
     * include that names it stands in, with the host's 'jid' for users.
     */
    private Void root(XMLStreamReader r, Path file, Context context, String host, String hostPlace, Sink sink)
            throws XMLStreamException, PieException, IOException, InterruptedException {
        String name = r.getLocalName();
        String ns = ns(r);
        if (context == null) {
            if (!name.equals("server-data") || !ns.equals(PIE)) {
                throw new PieException(place(file, r), "the root element is <" + name + " xmlns='" + r.getNamespaceURI()
                        + "'>, not XEP-0227's <server-data xmlns='" + PIE + "'>");
            }
            structure(r, file, Context.SERVER_DATA, null, null, sink);
        } else if (context == Context.SERVER_DATA && name.equals("host") && ns.equals(PIE)) {
            structure(r, file, Context.HOST, r.getAttributeValue(null, "jid"), place(file, r), sink);
        } else if (context == Context.HOST && name.equals("user") && ns.equals(PIE)) {
            sink.user(user(r, file, host, hostPlace));
        } else {
            throw new PieException(place(file, r), "an included <" + name + "/> cannot stand in "
                    + (context == Context.SERVER_DATA ? "<server-data/> (expected <host/>)" : "<host/> (expected <user/>)"));
        }
        return null;
    }

    /** The children of {@code <server-data/>} or {@code <host/>}; the reader is on the start tag. */
    private void structure(XMLStreamReader r, Path file, Context context, String host, String hostPlace, Sink sink)
            throws XMLStreamException, PieException, IOException, InterruptedException {
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = r.getLocalName();
            String ns = ns(r);
            if (ns.equals(XI_NS) && name.equals("include")) {
                Path target = include(r, file);
                skip(r);
                document(target, rr -> root(rr, target, context, host, hostPlace, sink));
            } else if (context == Context.SERVER_DATA && ns.equals(PIE) && name.equals("host")) {
                structure(r, file, Context.HOST, r.getAttributeValue(null, "jid"), place(file, r), sink);
            } else if (context == Context.HOST && ns.equals(PIE) && name.equals("user")) {
                sink.user(user(r, file, host, hostPlace));
            } else {
                sink.note(place(file, r), "<" + name + " xmlns='" + r.getNamespaceURI() + "'> in <"
                        + (context == Context.SERVER_DATA ? "server-data" : "host") + "/> ignored");
                skip(r);
            }
        }
    }

    private User user(XMLStreamReader r, Path file, String host, String hostPlace)
            throws XMLStreamException, PieException, IOException, InterruptedException {
        Locations where = new Locations();
        Element user = element(r, file, where, false, 0, true);
        return new User(host, hostPlace, user, where);
    }

    /**
     * Builds the element the reader is on, with its subtree. Stanzas that inherit XEP-0227's
     * namespace are put in jabber:client, as they would be in a stream.
     */
    private Element element(XMLStreamReader r, Path file, Locations where, boolean inStanza, int depth, boolean user)
            throws XMLStreamException, PieException, IOException, InterruptedException {
        if (depth > MAX_DEPTH) {
            throw new PieException(place(file, r), "elements nested deeper than " + MAX_DEPTH);
        }
        String place = place(file, r);
        String name = r.getLocalName();
        String ns = ns(r);
        boolean stanza = inStanza || STANZAS.contains(name) && (ns.equals(PIE) || ns.equals(Namespaces.CLIENT));
        if (stanza && ns.equals(PIE)) {
            ns = Namespaces.CLIENT;
        }
        Element.Builder b = Element.builder(name, ns);
        for (int i = 0; i < r.getAttributeCount(); i++) {
            b.attr(attributeKey(r.getAttributeNamespace(i), r.getAttributeLocalName(i)), r.getAttributeValue(i));
        }
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                if (user && ns(r).equals(XI_NS) && r.getLocalName().equals("include")) {
                    Path target = include(r, file);
                    skip(r);
                    b.child(document(target, rr -> element(rr, target, where, false, 1, false)));
                } else {
                    b.child(element(r, file, where, stanza, depth + 1, false));
                }
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                b.text(r.getText());
            }
        }
        Element e = b.build();
        where.put(e, place);
        return e;
    }

    /** The file an {@code <include/>} names, checked against §5's rules and this import's directory. */
    private Path include(XMLStreamReader r, Path from) throws PieException, IOException {
        String place = place(from, r);
        if (open.size() > MAX_INCLUDES) {
            throw new PieException(place, "includes nested deeper than " + MAX_INCLUDES);
        }
        String href = r.getAttributeValue(null, "href");
        String parse = r.getAttributeValue(null, "parse");
        if (r.getAttributeValue(null, "xpointer") != null || r.getAttributeValue(null, "fragid") != null) {
            throw new PieException(place, "xi:include with 'xpointer' or 'fragid' is not supported "
                    + "(XEP-0227 §5 asks for a relative 'href' alone)");
        }
        if (parse != null && !parse.equals("xml")) {
            throw new PieException(place, "xi:include with parse='" + parse + "' is not supported (only XML is included)");
        }
        if (href == null || href.isEmpty()) {
            throw new PieException(place, "xi:include without 'href'");
        }
        if (SCHEME.matcher(href).matches() || href.startsWith("/") || href.startsWith("\\")
                || href.contains("?") || href.contains("#")) {
            throw new PieException(place, "xi:include href='" + href
                    + "' refused: only relative references to files are followed, never URLs or absolute paths");
        }
        String path = percentDecode(href, place);
        Path target = from.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.isRegularFile(target)) {
            throw new PieException(place, "included file " + target + " does not exist");
        }
        Path real = target.toRealPath();
        if (!real.startsWith(base)) {
            throw new PieException(place, "xi:include href='" + href + "' leaves " + base + ": refused");
        }
        included.add(real);
        return target;
    }

    private static String percentDecode(String href, String place) throws PieException {
        if (href.indexOf('%') < 0) {
            return href;
        }
        byte[] out = new byte[href.length() * 4];
        int n = 0;
        for (int i = 0; i < href.length(); i++) {
            char c = href.charAt(i);
            if (c == '%') {
                if (i + 2 >= href.length()) {
                    throw new PieException(place, "malformed %-escape in href '" + href + "'");
                }
                try {
                    out[n++] = (byte) Integer.parseInt(href.substring(i + 1, i + 3), 16);
                } catch (NumberFormatException e) {
                    throw new PieException(place, "malformed %-escape in href '" + href + "'");
                }
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(b, 0, out, n, b.length);
                n += b.length;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Skips the element the reader is on, with its subtree. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** The element's namespace, the old XEP-0227 one read as the current one. */
    private static String ns(XMLStreamReader r) {
        String ns = r.getNamespaceURI();
        if (ns == null) {
            return "";
        }
        return ns.equals(OLD_NS) ? PIE : ns;
    }

    /** Keys as {@link Element} has them: local name, "xml:" + name, or "{uri}name". */
    private static String attributeKey(String ns, String local) {
        if (ns == null || ns.isEmpty()) {
            return local;
        }
        return "http://www.w3.org/XML/1998/namespace".equals(ns) ? "xml:" + local : "{" + ns + "}" + local;
    }

    /** "file:line:column" (exporters often write a whole file on one line). */
    private static String place(Path file, XMLStreamReader r) {
        return file + ":" + r.getLocation().getLineNumber() + ":" + r.getLocation().getColumnNumber();
    }

    private static PieException malformed(Path file, XMLStreamException e) {
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
        int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNumber();
        String message = e.getMessage();
        int at = message == null ? -1 : message.indexOf("Message: ");
        if (at >= 0) {
            message = message.substring(at + "Message: ".length());
        }
        if (message != null && message.contains("must start and end within the same entity")) {
            message = "the file ends before its elements are closed (cut short?)";
        }
        return new PieException(line > 0 ? file + ":" + line + ":" + column : file.toString(), "malformed XML: " + message);
    }
}
