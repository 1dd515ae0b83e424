-- XEP-0045 persistent rooms: configuration, affiliations, subject and recent history.
-- Temporary rooms live in memory only.

CREATE TABLE muc_room (
    name         VARCHAR(1023) NOT NULL,
    created_at   BIGINT NOT NULL,
    subject      VARCHAR(65536),
    subject_nick VARCHAR(1023),
    subject_at   BIGINT,
    PRIMARY KEY (name)
);

-- One row per configuration field, so fields can be added without a migration.
CREATE TABLE muc_room_config (
    room         VARCHAR(1023) NOT NULL,
    config_key   VARCHAR(64) NOT NULL,
    config_value VARCHAR(65536) NOT NULL,
    PRIMARY KEY (room, config_key)
);

CREATE TABLE muc_affiliation (
    room        VARCHAR(1023) NOT NULL,
    jid         VARCHAR(3071) NOT NULL,
    affiliation VARCHAR(16) NOT NULL,
    nick        VARCHAR(1023),
    reason      VARCHAR(4096),
    PRIMARY KEY (room, jid)
);

-- The last muc.history-size messages of each persistent room, as broadcast (without 'to').
CREATE TABLE muc_history (
    room    VARCHAR(1023) NOT NULL,
    seq     BIGINT NOT NULL,
    stamp   BIGINT NOT NULL,
    sender  VARCHAR(3071) NOT NULL,
    stanza  VARCHAR(1048576) NOT NULL,
    PRIMARY KEY (room, seq)
);

-- Service-wide values, e.g. the secret behind XEP-0421 occupant ids.
CREATE TABLE muc_service (
    setting_key   VARCHAR(64) NOT NULL,
    setting_value VARCHAR(1024) NOT NULL,
    PRIMARY KEY (setting_key)
);
