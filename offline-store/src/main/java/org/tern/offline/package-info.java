/**
 * Offline message storage: XEP-0160 (Best Practices for Handling Offline Messages, 1.0.1),
 * XEP-0203 (Delayed Delivery, 2.0) stamps, XEP-0013 (Flexible Offline Message Retrieval, 1.3),
 * and the storage hints of XEP-0334 (Message Processing Hints, 0.3). See docs/OFFLINE.md.
 */
package org.tern.offline;
