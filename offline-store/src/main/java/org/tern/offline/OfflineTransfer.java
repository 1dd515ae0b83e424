package org.tern.offline;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.AccountDataPort;
import org.tern.core.module.ImportReport;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;
import org.tern.core.xml.XmlStreamException;

import javax.xml.namespace.QName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The offline module's share of XEP-0227 files (§4.5): {@code <offline-messages/>} with the
 * stored messages, oldest first, each carrying its XEP-0203 delay. On import the delay from this
 * domain gives the storage time (expiry and XEP-0013 headers use it); a message without one gets
 * one stamped with the import time. Quotas are not enforced on import, only reported: the
 * messages were accepted by the old server and are owed to the user.
 */
final class OfflineTransfer implements AccountDataPort {
    static final String ELEMENT = "offline-messages";
    private static final Set<QName> ELEMENTS = Set.of(new QName(PIE_NS, ELEMENT));

    private final Jid domain;
    private final Limits limits;
    private final Clock clock;

    OfflineTransfer(Jid domain, Limits limits, Clock clock) {
        this.domain = domain;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public Set<QName> elements() {
        return ELEMENTS;
    }

    @Override
    public List<Element> exportAccount(Connection c, String username) throws SQLException {
        List<StoredMessage> stored = OfflineStore.after(username, limits.notBefore(clock), 0, Integer.MAX_VALUE).run(c);
        if (stored.isEmpty()) {
            return List.of();
        }
        Element.Builder out = Element.builder(ELEMENT, PIE_NS);
        for (StoredMessage m : stored) {
            try {
                out.child(StanzaCodec.parse(m.text()).element());
            } catch (XmlStreamException | StanzaException e) {
                throw new SQLException("offline message " + m.id() + " of " + username + " is unreadable: " + e.getMessage(), e);
            }
        }
        return List.of(out.build());
    }

    @Override
    public void importAccount(Connection c, String username, Element user, ImportReport report)
            throws SQLException, ImportReport.Rejected {
        Jid owner = report.account();
        Instant now = clock.instant();
        List<StoredMessage> messages = new ArrayList<>();
        long bytes = 0;
        for (Element list : user.children(ELEMENT, PIE_NS)) {
            for (Element e : list.elements()) {
                if (!e.is("message", Namespaces.CLIENT)) {
                    report.note(e, "<" + e.name() + " xmlns='" + e.namespace() + "'> among offline messages ignored");
                    continue;
                }
                StoredMessage m = message(e, owner, now, report);
                if (m != null) {
                    messages.add(m);
                    bytes += StanzaCodec.size(m.text());
                }
            }
        }
        if (messages.size() > limits.maxMessages() || bytes > limits.maxBytes()) {
            report.note(null, messages.size() + " offline messages (" + bytes + " bytes) exceed offline.max-messages ("
                    + limits.maxMessages() + ") or offline.max-bytes (" + limits.maxBytes() + "): all imported; "
                    + "new ones are refused until the user has read enough of them");
        }
        long notBefore = limits.notBefore(clock);
        long expired = messages.stream().filter(m -> m.storedAt() < notBefore).count();
        if (expired > 0) {
            report.note(null, expired + " offline messages are older than offline.max-age: imported, they expire at once");
        }
        OfflineStore.purge(username).run(c);
        OfflineStore.appendAll(username, messages).run(c);
    }

    /** The stored form of one message, or null when it is left out. */
    private StoredMessage message(Element e, Jid owner, Instant now, ImportReport report) throws ImportReport.Rejected {
        String type = e.attr("type");
        if (type != null && !type.equals("chat") && !type.equals("normal")) {
            report.note(e, "offline message of type '" + type + "' left out (XEP-0160 §3 keeps chat and normal)");
            return null;
        }
        Jid from = jid(e, "from");
        Jid to = jid(e, "to");
        if (to != null && !to.bare().equals(owner)) {
            throw new ImportReport.Rejected(e, "offline message addressed to " + to + ", not to " + owner);
        }
        Element stored = to == null ? e.withAttr("to", owner.toString()) : e;
        long storedAt;
        Element delay = ownDelay(stored);
        Instant stamp = delay == null ? null : stamp(delay);
        if (stamp != null) {
            storedAt = stamp.toEpochMilli();
        } else {
            report.note(delay != null ? delay : e, "offline message without a valid delay stamp from " + domain
                    + ": stamped with the import time");
            stored = StoreRules.prepare(Stanza.trusted(stored), domain, now).element();
            storedAt = now.toEpochMilli();
        }
        String text = stored.toXml();
        if (text.length() > Saver.MAX_TEXT) {
            throw new ImportReport.Rejected(e, "offline message of " + text.length() + " characters, more than storage takes ("
                    + Saver.MAX_TEXT + ")");
        }
        return new StoredMessage(0, from == null ? "" : from.toString(), storedAt, text);
    }

    private Element ownDelay(Element message) {
        for (Element d : message.children("delay", Namespaces.DELAY)) {
            if (domain.toString().equals(d.attr("from"))) {
                return d;
            }
        }
        return null;
    }

    /** XEP-0082 DateTime, with or without fractions, 'Z' or an offset; null when unreadable. */
    private static Instant stamp(Element delay) {
        String s = delay.attr("stamp");
        try {
            return s == null ? null : OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Jid jid(Element e, String attr) throws ImportReport.Rejected {
        String v = e.attr(attr);
        if (v == null) {
            return null;
        }
        try {
            return Jid.parse(v);
        } catch (JidFormatException ex) {
            throw new ImportReport.Rejected(e, "offline message: '" + attr + "' is not a valid JID: '" + v + "'");
        }
    }
}
