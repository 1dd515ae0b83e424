/**
 * Server side of SASL for XMPP (RFC 6120 §6), at the byte level: the caller does the XML and
 * base64 framing.
 *
 * <p>Mechanisms: SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), their -PLUS variants with
 * channel binding (RFC 5802 §6, RFC 5929, RFC 9266), and PLAIN (RFC 4616), the latter only over
 * TLS. Passwords are never stored, only SCRAM keys ({@link org.tern.core.sasl.ScramCredential}).
 * Usernames are normalised with PRECIS UsernameCaseMapped (RFC 8265), passwords prepared with
 * PRECIS OpaqueString.
 *
 * <p>Entry point: {@link org.tern.core.sasl.SaslMechanisms}.
 */
package org.tern.core.sasl;
