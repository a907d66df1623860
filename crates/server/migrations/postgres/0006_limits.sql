-- Limits an outside attack showed were missing.
-- The conflict log is read a page at a time, newest first.
CREATE INDEX sync_conflicts_by_team ON sync_conflicts (team_id, id);
-- A join link may be limited to a number of uses (NULL: no limit).
ALTER TABLE join_links ADD COLUMN max_uses BIGINT;
-- Responses handed in per device, consultation and hour of answering: a
-- kiosk collects one person at a time, so more is refused. Responses
-- themselves stay anonymous; results and exports never read this table.
CREATE TABLE response_counts (
    team_id         BIGINT  NOT NULL REFERENCES teams(id),
    consultation_id TEXT    NOT NULL,
    device          TEXT    NOT NULL,
    hour            BIGINT  NOT NULL,
    count           BIGINT  NOT NULL,
    PRIMARY KEY (team_id, consultation_id, device, hour)
);
