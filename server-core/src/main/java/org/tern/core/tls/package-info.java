/**
 * TLS for the listeners: certificates (PEM, PKCS#12, a self-signed one for first start), Netty
 * server contexts for STARTTLS (RFC 6120 §5) and direct TLS (XEP-0368, ALPN "xmpp-client"), and
 * channel-binding data for SCRAM-*-PLUS: tls-server-end-point (RFC 5929 §4) and tls-exporter
 * (RFC 9266).
 */
package org.tern.core.tls;
