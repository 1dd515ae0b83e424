package org.tern.core.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * Creates Aalto's non-blocking readers, configured for XMPP.
 *
 * <p>One factory serves every parser: creating readers from a configured factory is thread-safe,
 * and readers made by one factory share its table of element and attribute names. That table is
 * filled once, here, with the names XMPP traffic uses most, so a new reader finds them without
 * allocating. Readers are never {@code close()}d: closing merges the names a reader learned into
 * the shared table, which would let peers grow it without bound by sending made-up names.
 */
final class AaltoReaders {
    /** Names seeded into the shared table: an XMPP session's usual vocabulary. */
    private static final String SEED = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns='jabber:client' xmlns:xml='http://www.w3.org/XML/1998/namespace'"
            + " to='' from='' id='' version='' xml:lang=''>"
            + "<stream:features/><stream:error/><open/><close/><starttls/><proceed/><failure/><mechanisms/>"
            + "<mechanism/><auth mechanism=''/><challenge/><response/><success/><abort/><authenticate/>"
            + "<bind/><resource/><jid/><session/><register/><sm/><enable resume='' max=''/><enabled/>"
            + "<resume h='' previd=''/><resumed/><r/><a/><c node='' ver='' hash=''/><ver/><csi/><push/>"
            + "<message type=''/><presence/><iq/><body/><subject/><thread parent=''/><show/><status/>"
            + "<priority/><error code='' by=''/><text/><query node='' queryid=''/><item name=''"
            + " subscription='' ask='' role='' affiliation='' nick=''/><group/><x/><delay stamp=''/>"
            + "<request/><received/><displayed/><markable/><active/><composing/><paused/><inactive/>"
            + "<gone/><ping/><origin-id/><stanza-id/><forwarded/><result/><fin/><set/><first/><last/>"
            + "<count/><before/><after/><max/><field var=''/><value/><identity category=''/><feature/>"
            + "<pubsub/><publish/><publish-options/><items/><retract/><event/><nick/><data/><encrypted/>"
            + "<header/><key rid='' prekey=''/><iv/><payload/><store/><no-store/><sent/><private/>"
            + "<reference begin='' end='' uri=''/><reply/><replace/><blocklist/><block/><unblock/>"
            + "<vCard/><photo/><file-sharing/><file/><size/><media-type/><url/><slot filename=''/>"
            + "</stream:stream>";

    private static final InputFactoryImpl FACTORY = configure();

    private AaltoReaders() {
    }

    static AsyncXMLStreamReader<AsyncByteArrayFeeder> create() {
        return FACTORY.createAsyncForByteArray();
    }

    private static InputFactoryImpl configure() {
        InputFactoryImpl f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        // RFC 6120 §11.1: no DTDs, no entities beyond the predefined ones. Aalto never processes
        // declarations in a DTD; with these settings a DOCTYPE is reported as a DTD event (or,
        // for some internal subsets, a parse error) and an undeclared entity as an
        // ENTITY_REFERENCE event (in text) or a parse error (in an attribute value).
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are not resolved");
        });
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        // Lazy parsing must stay on: with it off, Aalto 1.3.3's async scanner fails with
        // "Internal error" on text that begins with a character reference (<body>&#65;</body>).
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, true);
        // Canonical names come from the reader's own table; String.intern() would put every
        // made-up name a peer sends into the JVM-wide string table.
        f.setProperty(XMLInputFactory2.P_INTERN_NAMES, false);
        f.setProperty(XMLInputFactory2.P_INTERN_NS_URIS, false);
        seed(f);
        return f;
    }

    private static void seed(InputFactoryImpl f) {
        try {
            AsyncXMLStreamReader<AsyncByteArrayFeeder> r = f.createAsyncForByteArray();
            byte[] seed = SEED.getBytes(StandardCharsets.UTF_8);
            r.getInputFeeder().feedInput(seed, 0, seed.length);
            while (r.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                // read the whole seed document; its names land in the reader's table
            }
            r.close(); // merges the seeded names into the factory's shared table
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot seed the XML name table", e);
        }
    }
}
