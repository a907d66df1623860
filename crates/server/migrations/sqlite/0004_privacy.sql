-- Retention and accountability: how long free-text notes and follow-up
-- contact details are kept, and a log of who exported, erased, revoked or
-- changed settings, and when. The log holds no personal data: actors are
-- device ids, subjects are record, device or link ids.
ALTER TABLE teams ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90;

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    subject TEXT    NOT NULL
);
CREATE INDEX audit_log_by_team ON audit_log (team_id, id);
