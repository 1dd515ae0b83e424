package org.tern.components.muc;

/** Namespaces and feature names of XEP-0045 and the extensions the MUC service speaks. */
final class Muc {
    static final String NS = "http://jabber.org/protocol/muc";
    static final String USER = NS + "#user";
    static final String ADMIN = NS + "#admin";
    static final String OWNER = NS + "#owner";
    static final String REQUEST = NS + "#request";
    static final String ROOMCONFIG = NS + "#roomconfig";
    static final String ROOMINFO = NS + "#roominfo";
    /** XEP-0045 §17.1 / XEP-0359: the room keeps stanza ids and adds its own stanza-id. */
    static final String STABLE_ID = NS + "#stable_id";
    /** XEP-0410 §3.3: the room answers self-pings itself. */
    static final String SELF_PING = NS + "#self-ping-optimization";
    /** XEP-0359 stanza ids. */
    static final String SID = "urn:xmpp:sid:0";
    /** XEP-0421 occupant ids (element and feature). */
    static final String OCCUPANT_ID = "urn:xmpp:occupant-id:0";
    /** XEP-0249 direct invitations (client to client; the room never sees them). */
    static final String DIRECT_INVITE = "jabber:x:conference";
    /** XEP-0045 §7.12: disco node for the reserved nickname. */
    static final String RESERVED_NICK_NODE = "x-roomuser-item";
    /** XEP-0059 result set management, for long room lists. */
    static final String RSM = "http://jabber.org/protocol/rsm";

    private Muc() {
    }
}
