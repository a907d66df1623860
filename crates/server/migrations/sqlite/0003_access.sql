-- Access: coordinators (people who log in with a password), join links
-- (expiring, revocable invitations a coordinator shows as a QR code) and
-- devices (each holds one random token; the server keeps only its hash).
-- Times are milliseconds since the Unix epoch, passed in by the server.
CREATE TABLE coordinators (
    id            INTEGER PRIMARY KEY,
    team_id       INTEGER NOT NULL REFERENCES teams(id),
    login         TEXT    NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 120),
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE join_links (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams(id),
    code_hash  TEXT    NOT NULL UNIQUE,
    role       TEXT    NOT NULL CHECK (role IN ('volunteer', 'coordinator')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    uses       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX join_links_by_team ON join_links (team_id);

CREATE TABLE devices (
    id           TEXT    PRIMARY KEY,
    team_id      INTEGER NOT NULL REFERENCES teams(id),
    role         TEXT    NOT NULL CHECK (role IN ('volunteer', 'coordinator')),
    token_hash   TEXT    NOT NULL UNIQUE,
    label        TEXT    NOT NULL,
    join_link_id INTEGER REFERENCES join_links(id),
    coordinator_id INTEGER REFERENCES coordinators(id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER,
    last_sync_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX devices_by_team ON devices (team_id);

-- The device that created a record: volunteers read and write only theirs.
ALTER TABLE sync_records ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX sync_records_by_owner ON sync_records (team_id, owner, cursor);
