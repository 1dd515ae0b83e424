package org.tern.roster;

import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.module.AccountDataPort;
import org.tern.core.module.ImportReport;
import org.tern.core.stanza.Namespaces;
import org.tern.core.xml.Element;

import javax.xml.namespace.QName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roster module's share of XEP-0227 files: the roster (§4.4, RFC 6121 items with groups,
 * subscription, ask and approved), pending incoming subscription requests (§4.9, presence
 * 'subscribe' children of {@code <user/>}) and the block list (as a privacy list, see
 * {@link PrivacyBlocks}). An imported roster gets a new version epoch, so a client's cached
 * roster of an older account by the same name is never taken for it (XEP-0237).
 */
final class RosterTransfer implements AccountDataPort {
    private static final Set<QName> ELEMENTS = Set.of(new QName(RosterCodec.NS, "query"),
            new QName(Namespaces.CLIENT, "presence"), new QName(PrivacyBlocks.NS, "query"));

    private final RosterStore store;
    private final Jid domain;
    private final int maxItems;
    private final int maxBlocked;

    RosterTransfer(RosterStore store, Jid domain, int maxItems, int maxBlocked) {
        this.store = store;
        this.domain = domain;
        this.maxItems = maxItems;
        this.maxBlocked = maxBlocked;
    }

    @Override
    public Set<QName> elements() {
        return ELEMENTS;
    }

    @Override
    public List<Element> exportAccount(Connection c, String username) throws SQLException {
        Jid owner = owner(username);
        List<RosterItem> rows = new ArrayList<>(store.load(c, username).items());
        rows.sort(Comparator.comparing(i -> i.jid().toString()));
        List<Element> items = new ArrayList<>();
        List<Element> out = new ArrayList<>();
        for (RosterItem i : rows) {
            if (i.listed()) {
                items.add(RosterCodec.item(i));
            }
        }
        out.add(RosterCodec.query(null, items));
        for (RosterItem i : rows) {
            if (i.state().pendingIn()) {
                out.add(i.request() != null ? i.request() : Element.builder("presence", Namespaces.CLIENT)
                        .attr("from", i.jid().toString()).attr("to", owner.toString()).attr("type", "subscribe").build());
            }
        }
        List<Jid> blocked = store.loadBlocks(c, username).entries();
        if (!blocked.isEmpty()) {
            out.add(PrivacyBlocks.export(blocked));
        }
        return out;
    }

    @Override
    public void importAccount(Connection c, String username, Element user, ImportReport report)
            throws SQLException, ImportReport.Rejected {
        Jid owner = report.account();
        Map<Jid, RosterItem> rows = new LinkedHashMap<>();
        for (Element query : user.children("query", RosterCodec.NS)) {
            for (Element e : query.elements()) {
                if (!e.is("item", RosterCodec.NS)) {
                    report.note(e, "<" + e.name() + "/> in the roster ignored");
                    continue;
                }
                RosterItem item = item(e, owner, report);
                if (item != null && rows.putIfAbsent(item.jid(), item) != null) {
                    throw new ImportReport.Rejected(e, "a second roster item for " + item.jid());
                }
            }
        }
        for (Element p : user.children("presence", Namespaces.CLIENT)) {
            pendingIn(p, owner, rows, report);
        }
        List<Jid> blocked = PrivacyBlocks.parse(user.children("query", PrivacyBlocks.NS), report);

        long listed = rows.values().stream().filter(RosterItem::listed).count();
        if (listed > maxItems) {
            report.note(null, listed + " roster items, more than roster.max-items (" + maxItems
                    + "): all imported; the user can add none until below it");
        }
        if (blocked.size() > maxBlocked) {
            report.note(null, blocked.size() + " blocked JIDs, more than roster.max-blocked (" + maxBlocked
                    + "): all imported; the user can block none until below it");
        }
        List<RosterItem> versioned = new ArrayList<>(rows.size());
        long version = 0;
        for (RosterItem i : rows.values()) {
            versioned.add(i.listed() ? i.withVersion(++version) : i);
        }
        store.deleteAccount(c, username);
        store.insertRoster(c, username, version > 0 ? RosterVersion.newEpoch() : null, version, versioned);
        store.addBlocks(c, username, BlockList.of(blocked).entries());
    }

    /** One roster item (RFC 6121 §2.1.2), or null when it is left out. */
    private static RosterItem item(Element e, Jid owner, ImportReport report) throws ImportReport.Rejected {
        Jid jid = jid(e, e.attr("jid"), "roster item");
        if (jid.isFull()) {
            throw new ImportReport.Rejected(e, "roster item '" + jid + "' is a full JID; roster items are bare JIDs");
        }
        if (jid.equals(owner)) {
            report.note(e, "roster item for the account itself left out (RFC 6121 has no such contact)");
            return null;
        }
        String sub = e.attr("subscription");
        Subscription subscription = sub == null ? Subscription.NONE : Subscription.parse(sub);
        if (subscription == null) {
            throw new ImportReport.Rejected(e, "roster item " + jid + ": invalid subscription '" + sub + "'");
        }
        boolean pendingOut = "subscribe".equals(e.attr("ask"));
        if (e.attr("ask") != null && !pendingOut) {
            report.note(e, "roster item " + jid + ": ask='" + e.attr("ask") + "' ignored (RFC 6121 knows only 'subscribe')");
        }
        if (pendingOut && subscription.hasTo()) {
            report.note(e, "roster item " + jid + ": ask='subscribe' with subscription '" + sub
                    + "' is no RFC 6121 state: the request is dropped");
            pendingOut = false;
        }
        String name = e.attr("name");
        if (name != null && name.isEmpty()) {
            name = null;
        }
        if (name != null && name.length() > RosterCodec.MAX_NAME) {
            throw new ImportReport.Rejected(e, "roster item " + jid + ": name longer than " + RosterCodec.MAX_NAME + " characters");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (Element g : e.elements()) {
            if (!g.is("group", RosterCodec.NS)) {
                report.note(g, "roster item " + jid + ": <" + g.name() + "/> ignored");
            } else if (g.text().isEmpty()) {
                report.note(g, "roster item " + jid + ": empty group name left out");
            } else if (g.text().length() > RosterCodec.MAX_GROUP) {
                throw new ImportReport.Rejected(g, "roster item " + jid + ": group name longer than "
                        + RosterCodec.MAX_GROUP + " characters");
            } else {
                groups.add(g.text());
            }
        }
        if (groups.size() > RosterCodec.MAX_GROUPS) {
            throw new ImportReport.Rejected(e, "roster item " + jid + ": more than " + RosterCodec.MAX_GROUPS + " groups");
        }
        boolean approved = "true".equals(e.attr("approved")) || "1".equals(e.attr("approved"));
        return new RosterItem(jid, name, new ArrayList<>(groups), new SubscriptionState(subscription, pendingOut, false),
                approved, true, 0, null);
    }

    /** A presence 'subscribe' child of {@code <user/>}: a request the user has not answered (§4.9). */
    private static void pendingIn(Element p, Jid owner, Map<Jid, RosterItem> rows, ImportReport report)
            throws ImportReport.Rejected {
        if (!"subscribe".equals(p.attr("type"))) {
            report.note(p, "presence of type '" + p.attr("type") + "' ignored (only pending 'subscribe' requests are kept)");
            return;
        }
        Jid contact = jid(p, p.attr("from"), "subscription request").bare();
        if (contact.equals(owner)) {
            report.note(p, "subscription request from the account itself left out");
            return;
        }
        RosterItem before = rows.get(contact);
        if (before != null && before.state().pendingIn()) {
            return; // the same request twice
        }
        if (before != null && before.subscription().hasFrom()) {
            report.note(p, "subscription request from " + contact + ", who is already subscribed: ignored");
            return;
        }
        RosterItem base = before != null ? before : RosterItem.unlisted(contact);
        SubscriptionState s = base.state();
        // Kept as it came (id, status, nick...), addressed from bare JID to bare JID as when it was received.
        Element request = p.withAttr("from", contact.toString()).withAttr("to", owner.toString());
        rows.put(contact, base.withState(new SubscriptionState(s.subscription(), s.pendingOut(), true), base.approved())
                .withRequest(request));
    }

    private static Jid jid(Element e, String value, String what) throws ImportReport.Rejected {
        if (value == null || value.isEmpty()) {
            throw new ImportReport.Rejected(e, what + " without a JID");
        }
        try {
            return Jid.parse(value);
        } catch (JidFormatException ex) {
            throw new ImportReport.Rejected(e, what + ": '" + value + "' is not a valid JID (RFC 7622): " + ex.getMessage());
        }
    }

    private Jid owner(String username) {
        try {
            return Jid.of(username, domain.domain(), null);
        } catch (JidFormatException e) {
            throw new IllegalStateException("stored username " + username + " is no valid localpart", e);
        }
    }
}
