-- The counting rows are a projection of sync_records (which keeps its
-- reference to teams), written only by the server in their record's
-- transaction. Their reference checks cost a lookup per row on every push
-- (a 50-record push writes about 200 counting rows); the server deletes a
-- record's rows in every table itself. SQLite drops a reference only by
-- making the table again.
CREATE TABLE contact_facts_new (
    team_id    INTEGER NOT NULL,
    record_id  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    site       TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    household  TEXT,
    catalog_version INTEGER NOT NULL,
    -- A quote the resident agreed to share, for the quote wall; NULL when
    -- there is none or the retention purge cleared it.
    quote      TEXT,
    work       TEXT,
    PRIMARY KEY (team_id, record_id)
);
INSERT INTO contact_facts_new (team_id, record_id, created_at, site, channel, household, catalog_version, quote, work)
    SELECT team_id, record_id, created_at, site, channel, household, catalog_version, quote, work FROM contact_facts;

CREATE TABLE finding_facts_new (
    team_id    INTEGER NOT NULL,
    record_id  TEXT    NOT NULL,
    pos        INTEGER NOT NULL,
    scheme     TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    site       TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    household  TEXT,
    PRIMARY KEY (team_id, record_id, pos)
);
INSERT INTO finding_facts_new SELECT team_id, record_id, pos, scheme, status, created_at, site, channel, household FROM finding_facts;

CREATE TABLE barrier_facts_new (
    team_id    INTEGER NOT NULL,
    record_id  TEXT    NOT NULL,
    pos        INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    scheme     TEXT    NOT NULL,
    barrier    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    site       TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    household  TEXT,
    PRIMARY KEY (team_id, record_id, pos, n)
);
INSERT INTO barrier_facts_new SELECT team_id, record_id, pos, n, scheme, barrier, created_at, site, channel, household FROM barrier_facts;

CREATE TABLE outcome_facts_new (
    team_id      INTEGER NOT NULL,
    record_id    TEXT    NOT NULL,
    scheme       TEXT    NOT NULL,
    decision     TEXT    NOT NULL,
    yearly_euros INTEGER,
    PRIMARY KEY (team_id, record_id, scheme)
);
INSERT INTO outcome_facts_new SELECT team_id, record_id, scheme, decision, yearly_euros FROM outcome_facts;

DROP TABLE outcome_facts;
DROP TABLE barrier_facts;
DROP TABLE finding_facts;
DROP TABLE contact_facts;
ALTER TABLE contact_facts_new RENAME TO contact_facts;
ALTER TABLE finding_facts_new RENAME TO finding_facts;
ALTER TABLE barrier_facts_new RENAME TO barrier_facts;
ALTER TABLE outcome_facts_new RENAME TO outcome_facts;
CREATE INDEX contact_facts_quotes ON contact_facts (team_id, created_at, record_id) WHERE quote IS NOT NULL;
