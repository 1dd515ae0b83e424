/** Component hosting helpers shared by components: per-entity serial queues, XEP-0004 data forms. */
package org.tern.components;
