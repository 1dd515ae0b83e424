/**
 * The immutable XML element model, its serialiser, and the non-blocking stream parser
 * (RFC 6120 §11: no DTDs, comments, processing instructions or undeclared entities).
 */
package org.tern.core.xml;
