/**
 * Roster and presence: RFC 6121 rosters, subscriptions (Appendix A) and presence between contacts,
 * XEP-0237 roster versioning, RFC 6121 §3.4 subscription pre-approval, XEP-0191 blocking (1.3).
 * {@link org.tern.roster.RosterModule} plugs it into the kernel; docs/ROSTER.md explains the design.
 */
package org.tern.roster;
