/** Offline message storage (XEP-0160, XEP-0203, XEP-0013): to come with its issue. */
package org.tern.offline;
