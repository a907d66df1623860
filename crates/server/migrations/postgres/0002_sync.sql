-- Sync: the server's copy of each record, where each device's pushes have
-- reached, the team's change sequence, and the conflict log.
-- Pushes lock their team's counter row (SELECT … FOR UPDATE), so sequence
-- numbers are handed out in commit order and no reader skips a late commit.
CREATE TABLE sync_counters (
    team_id  BIGINT PRIMARY KEY REFERENCES teams(id),
    last_seq BIGINT NOT NULL
);

CREATE TABLE sync_devices (
    team_id         BIGINT NOT NULL REFERENCES teams(id),
    device          TEXT   NOT NULL,
    applied_through BIGINT NOT NULL,
    PRIMARY KEY (team_id, device)
);

CREATE TABLE sync_records (
    team_id BIGINT NOT NULL REFERENCES teams(id),
    id      TEXT   NOT NULL,
    cursor  BIGINT NOT NULL,
    state   JSONB  NOT NULL,
    PRIMARY KEY (team_id, id)
);
CREATE INDEX sync_records_by_cursor ON sync_records (team_id, cursor);

CREATE TABLE sync_conflicts (
    id                  BIGSERIAL PRIMARY KEY,
    team_id             BIGINT NOT NULL REFERENCES teams(id),
    record_id           TEXT   NOT NULL,
    field               TEXT   NOT NULL,
    overwritten         JSONB,
    overwritten_version BIGINT NOT NULL,
    version             BIGINT NOT NULL
);
CREATE INDEX sync_conflicts_by_record ON sync_conflicts (team_id, record_id);
