/** Load generator and comparison with other XMPP servers: to come with its issue. */
package org.tern.bench;
