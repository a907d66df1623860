-- Retention and accountability: how long free-text notes and follow-up
-- contact details are kept, and a log of who exported, erased, revoked or
-- changed settings, and when. The log holds no personal data: actors are
-- device ids, subjects are record, device or link ids.
ALTER TABLE teams ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 90;

CREATE TABLE audit_log (
    id      BIGSERIAL PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams(id),
    at      BIGINT NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    subject TEXT    NOT NULL
);
CREATE INDEX audit_log_by_team ON audit_log (team_id, id);
