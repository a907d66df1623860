-- Sync: the server's copy of each record, where each device's pushes have
-- reached, the team's change sequence, and the conflict log.
CREATE TABLE sync_counters (
    team_id  INTEGER PRIMARY KEY REFERENCES teams(id),
    last_seq INTEGER NOT NULL
);

CREATE TABLE sync_devices (
    team_id         INTEGER NOT NULL REFERENCES teams(id),
    device          TEXT    NOT NULL,
    applied_through INTEGER NOT NULL,
    PRIMARY KEY (team_id, device)
);

-- `state` is the record with per-field versions (drempel_core::sync::ServerRecord).
CREATE TABLE sync_records (
    team_id INTEGER NOT NULL REFERENCES teams(id),
    id      TEXT    NOT NULL,
    cursor  INTEGER NOT NULL,
    state   TEXT    NOT NULL,
    PRIMARY KEY (team_id, id)
);
CREATE INDEX sync_records_by_cursor ON sync_records (team_id, cursor);

CREATE TABLE sync_conflicts (
    id                  INTEGER PRIMARY KEY,
    team_id             INTEGER NOT NULL REFERENCES teams(id),
    record_id           TEXT    NOT NULL,
    field               TEXT    NOT NULL,
    overwritten         TEXT,
    overwritten_version INTEGER NOT NULL,
    version             INTEGER NOT NULL
);
CREATE INDEX sync_conflicts_by_record ON sync_conflicts (team_id, record_id);
