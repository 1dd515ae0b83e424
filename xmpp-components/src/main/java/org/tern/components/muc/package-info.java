/**
 * The multi-user chat service: XEP-0045 Multi-User Chat 1.35, with XEP-0359 stanza ids
 * (muc#stable_id), XEP-0410 MUC Self-Ping, XEP-0421 occupant ids and XEP-0059 paging of the room
 * list. One {@link org.tern.components.muc.MucModule} hosts the service on its subdomain; each
 * room is a serial queue of tasks split by feature (entry, presence, messages, admin and owner
 * iqs, disco) over a shared state.
 */
package org.tern.components.muc;
