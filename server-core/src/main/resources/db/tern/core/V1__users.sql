-- Accounts hold only salted SCRAM keys (RFC 5802): never a password. Base64 text keeps the SQL portable.
CREATE TABLE tern_users (
    username         VARCHAR(1023) NOT NULL PRIMARY KEY,
    sha1_salt        VARCHAR(255),
    sha1_iterations  INTEGER,
    sha1_stored_key  VARCHAR(255),
    sha1_server_key  VARCHAR(255),
    sha256_salt      VARCHAR(255),
    sha256_iterations INTEGER,
    sha256_stored_key VARCHAR(255),
    sha256_server_key VARCHAR(255),
    created_at       TIMESTAMP NOT NULL
);
