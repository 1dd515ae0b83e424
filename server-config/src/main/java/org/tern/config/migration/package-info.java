/**
 * XEP-0227 (Portable Import/Export Format for XMPP-IM Servers, version 1.1): {@code tern export}
 * and {@code tern import}. The files and the CLI are here; the kernel's part (credentials, one
 * transaction per account) is {@link org.tern.core.auth.AccountTransfer}, each module's part an
 * {@link org.tern.core.module.AccountDataPort}. See docs/MIGRATION.md.
 */
package org.tern.config.migration;
