/** The kernel's events: plain records fired through the module context, handled in phases. */
package org.tern.core.event;
