package org.tern.core.xml;

/** A node of the immutable XML tree: an element or a run of character data. */
public sealed interface Node permits Element, Text {
}
