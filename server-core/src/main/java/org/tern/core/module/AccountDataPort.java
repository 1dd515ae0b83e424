package org.tern.core.module;

import org.tern.core.xml.Element;

import javax.xml.namespace.QName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * A module's share of an account in XEP-0227 (Portable Import/Export Format) files: {@code tern
 * export} asks every registered port for the children of the account's {@code <user/>} element,
 * {@code tern import} hands each port the whole element. The kernel contributes the credentials
 * ({@code <scram-credentials/>}, the 'password' attribute). Register a port with
 * {@link ModuleContext#accountData(AccountDataPort)}.
 *
 * <p>Both directions run inside one transaction per account that the kernel opens and commits:
 * use the connection given, never commit or roll back yourself. Import runs only while no server
 * runs on the data, so modules need not update caches.
 */
public interface AccountDataPort {
    /**
     * The XEP-0227 namespace (version 1.1). Files in its old namespace are read as if in this one,
     * and stanzas a file writes without a namespace of their own (message, presence, iq, which
     * then inherit this one) reach ports in jabber:client.
     */
    String PIE_NS = "urn:xmpp:pie:0";

    /**
     * The children of {@code <user/>} this port imports, e.g. {@code {jabber:iq:roster}query}. The
     * kernel reports any child that neither it nor a port claims as ignored (XEP-0227 §4: SHOULD
     * ignore unknown data and SHOULD notify the operator).
     */
    Set<QName> elements();

    /** This module's data of the account as children of its {@code <user/>} element; empty when it has none. */
    List<Element> exportAccount(Connection c, String username) throws SQLException;

    /**
     * Replaces this module's data of the account with what {@code user} holds (called for every
     * imported account, so a replaced account loses data the file does not have). Data left out
     * or changed goes to {@code report}; data that makes the account unusable is refused by
     * throwing {@link ImportReport.Rejected}, and then nothing of the account is written.
     */
    void importAccount(Connection c, String username, Element user, ImportReport report)
            throws SQLException, ImportReport.Rejected;
}
