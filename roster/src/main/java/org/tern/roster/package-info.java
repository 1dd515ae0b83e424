/** Roster and presence (RFC 6121, XEP-0237, XEP-0191): to come with its issue. */
package org.tern.roster;
