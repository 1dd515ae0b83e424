package org.tern.core.auth;

import org.tern.core.jid.Jid;
import org.tern.core.module.AccountDataPort;
import org.tern.core.module.ImportReport;
import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.core.sasl.StoredCredentials;
import org.tern.core.storage.Storage;
import org.tern.core.xml.Element;

import javax.xml.namespace.QName;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One account to or from XEP-0227 data: its credentials (the kernel's part) and what every
 * module's {@link AccountDataPort} holds, read or written in one transaction, so an import either
 * writes the whole account or nothing of it. Blocking: for the admin CLI.
 */
public final class AccountTransfer {
    /** What happened to an imported account. */
    public enum Result { IMPORTED, REPLACED, SKIPPED }

    /** Data XEP-0227 defines that Tern does not keep, for a clearer note than "unknown". */
    private static final Map<String, String> NOT_KEPT = Map.of(
            "vcard-temp", "vCards (XEP-0054) are not kept by Tern",
            "jabber:iq:private", "private XML storage (XEP-0049) is not kept by Tern",
            "http://jabber.org/protocol/pubsub", "PEP items (XEP-0163) are not imported",
            "http://jabber.org/protocol/pubsub#owner", "PEP node configurations (XEP-0163) are not imported",
            AccountDataPort.PIE_NS + "#mam", "message archives (XEP-0313) are not imported");

    private final Storage storage;
    private final Jid domain;
    private final List<AccountDataPort> ports;
    private final Set<QName> claimed = new HashSet<>();

    public AccountTransfer(Storage storage, Jid domain, List<AccountDataPort> ports) {
        this.storage = storage;
        this.domain = domain;
        this.ports = List.copyOf(ports);
        claimed.add(new QName(PieCredentials.SCRAM_NS, PieCredentials.ELEMENT));
        for (AccountDataPort p : this.ports) {
            claimed.addAll(p.elements());
        }
    }

    public Jid domain() {
        return domain;
    }

    public boolean exists(String username) throws SQLException {
        return storage.transactionNow(c -> JdbcUserStore.exists(c, username));
    }

    /** The account's {@code <user/>} element, or empty when there is no such account (any more). */
    public Optional<Element> export(String username) throws SQLException {
        return storage.transactionNow(c -> {
            Optional<StoredCredentials> credentials = JdbcUserStore.load(c, username);
            if (credentials.isEmpty()) {
                return Optional.empty();
            }
            Element.Builder user = Element.builder("user", AccountDataPort.PIE_NS).attr("name", username);
            user.children(PieCredentials.export(credentials.get()));
            for (AccountDataPort p : ports) {
                user.children(p.exportAccount(c, username));
            }
            return Optional.of(user.build());
        });
    }

    /**
     * Imports an account: created, or with {@code replace} an existing one replaced (credentials and
     * every module's data), otherwise an existing one left alone. Children of {@code user} that
     * nothing here imports are noted.
     *
     * @param credentials from {@link PieCredentials#parse}
     */
    public Result importAccount(String username, Map<ScramAlgorithm, ScramCredential> credentials, Element user,
                                boolean replace, ImportReport report) throws SQLException, ImportReport.Rejected {
        try {
            return storage.transactionNow(c -> {
                boolean exists = JdbcUserStore.exists(c, username);
                if (exists && !replace) {
                    return Result.SKIPPED;
                }
                noteUnclaimed(user, report);
                if (exists) {
                    JdbcUserStore.update(c, username, credentials);
                } else {
                    JdbcUserStore.create(c, username, credentials);
                }
                for (AccountDataPort p : ports) {
                    try {
                        p.importAccount(c, username, user, report);
                    } catch (ImportReport.Rejected r) {
                        throw new RejectedInTransaction(r);
                    }
                }
                return exists ? Result.REPLACED : Result.IMPORTED;
            });
        } catch (RejectedInTransaction r) {
            throw r.rejected;
        }
    }

    private void noteUnclaimed(Element user, ImportReport report) {
        for (Element child : user.elements()) {
            if (claimed.contains(new QName(child.namespace(), child.name()))) {
                continue;
            }
            String why = NOT_KEPT.getOrDefault(child.namespace(), "nothing imports it (is the module for it enabled?)");
            report.note(child, "<" + child.name() + " xmlns='" + child.namespace() + "'> ignored: " + why);
        }
    }

    /** Carries a refusal out of the transaction, which rolls back on it. */
    private static final class RejectedInTransaction extends SQLException {
        final transient ImportReport.Rejected rejected;

        RejectedInTransaction(ImportReport.Rejected rejected) {
            super(rejected.getMessage());
            this.rejected = rejected;
        }
    }
}
