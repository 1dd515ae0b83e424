-- Roster items, subscription states and groups (RFC 6121), roster versions (XEP-0237),
-- block lists (XEP-0191). Owners are local usernames; contacts and blocked JIDs are normalised JIDs.

CREATE TABLE roster_version (
    owner       VARCHAR(1023) NOT NULL PRIMARY KEY,
    epoch       VARCHAR(32)   NOT NULL,
    version     BIGINT        NOT NULL,
    min_version BIGINT        NOT NULL
);

CREATE TABLE roster_item (
    owner        VARCHAR(1023) NOT NULL,
    contact      VARCHAR(3071) NOT NULL,
    name         VARCHAR(1023),
    subscription VARCHAR(4)    NOT NULL,
    ask_out      BOOLEAN       NOT NULL,
    pending_in   BOOLEAN       NOT NULL,
    approved     BOOLEAN       NOT NULL,
    listed       BOOLEAN       NOT NULL,
    version      BIGINT        NOT NULL,
    request      VARCHAR(16384),
    PRIMARY KEY (owner, contact)
);

-- Who has an item for a JID: account deletion updates the other side of every relationship.
CREATE INDEX roster_item_contact ON roster_item (contact);

CREATE TABLE roster_group (
    owner    VARCHAR(1023) NOT NULL,
    contact  VARCHAR(3071) NOT NULL,
    position INT           NOT NULL,
    name     VARCHAR(1023) NOT NULL,
    PRIMARY KEY (owner, contact, position),
    FOREIGN KEY (owner, contact) REFERENCES roster_item (owner, contact) ON DELETE CASCADE
);

-- Removed items, kept for a while so a client with an older roster version gets pushes instead
-- of the whole roster.
CREATE TABLE roster_tombstone (
    owner   VARCHAR(1023) NOT NULL,
    contact VARCHAR(3071) NOT NULL,
    version BIGINT        NOT NULL,
    PRIMARY KEY (owner, contact)
);

CREATE TABLE roster_block (
    owner VARCHAR(1023) NOT NULL,
    jid   VARCHAR(3071) NOT NULL,
    PRIMARY KEY (owner, jid)
);
