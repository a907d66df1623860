-- What coordinators write for their team: catalog versions (records keep
-- the version they were made with), consultations with their "you said, we
-- did" report and read-only report link, and the responses devices send.
-- `content_revision` rises with every change devices must receive.
-- Responses carry no device id: they are anonymous.
ALTER TABLE teams ADD COLUMN content_revision INTEGER NOT NULL DEFAULT 0;

CREATE TABLE catalogs (
    team_id    INTEGER NOT NULL REFERENCES teams(id),
    version    INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, version)
);

CREATE TABLE consultations (
    id         TEXT    PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams(id),
    body       TEXT    NOT NULL,
    published  BOOLEAN NOT NULL DEFAULT FALSE,
    report     TEXT    NOT NULL DEFAULT '{}',
    share_code TEXT    UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX consultations_by_team ON consultations (team_id, created_at);

CREATE TABLE responses (
    team_id         INTEGER NOT NULL REFERENCES teams(id),
    id              TEXT    NOT NULL,
    consultation_id TEXT    NOT NULL REFERENCES consultations(id),
    at              INTEGER NOT NULL,
    body            TEXT    NOT NULL,
    received_at     INTEGER NOT NULL,
    PRIMARY KEY (team_id, id)
);
CREATE INDEX responses_by_consultation ON responses (team_id, consultation_id, at);
