-- Signals to the municipality: what a team saw go wrong in the system,
-- with the filter its evidence is counted from (each time it is read, so
-- an erased contact leaves it at once) and a read-only link when shared.
CREATE TABLE signals (
    id         TEXT    PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams(id),
    body       TEXT    NOT NULL,
    share_code TEXT    UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX signals_by_team ON signals (team_id, created_at, id);
