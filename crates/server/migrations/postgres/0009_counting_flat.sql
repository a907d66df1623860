-- A finding's and a barrier's rows carry their contact's time, site,
-- channel and household, so each of the dashboard's counts is one scan of
-- one table, without a join. The rows are rebuilt from the records when
-- the server starts (counting_built is emptied).
DROP TABLE barrier_facts;
DROP TABLE finding_facts;
DELETE FROM contact_facts;
DELETE FROM counting_built;

CREATE TABLE finding_facts (
    team_id    BIGINT NOT NULL REFERENCES teams(id),
    record_id  TEXT    NOT NULL,
    pos        BIGINT NOT NULL,
    scheme     TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    created_at BIGINT NOT NULL,
    site       TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    household  TEXT,
    PRIMARY KEY (team_id, record_id, pos),
    FOREIGN KEY (team_id, record_id) REFERENCES contact_facts (team_id, record_id) ON DELETE CASCADE
);
CREATE INDEX finding_facts_by_time ON finding_facts (team_id, created_at);

CREATE TABLE barrier_facts (
    team_id    BIGINT NOT NULL REFERENCES teams(id),
    record_id  TEXT    NOT NULL,
    pos        BIGINT NOT NULL,
    n          BIGINT NOT NULL,
    scheme     TEXT    NOT NULL,
    barrier    TEXT    NOT NULL,
    created_at BIGINT NOT NULL,
    site       TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    household  TEXT,
    PRIMARY KEY (team_id, record_id, pos, n),
    FOREIGN KEY (team_id, record_id) REFERENCES contact_facts (team_id, record_id) ON DELETE CASCADE
);
CREATE INDEX barrier_facts_by_time ON barrier_facts (team_id, created_at);
