-- Counting on the server: what each live contact contributes to the
-- dashboard's figures (drempel_core::stats::Facts), kept in step with every
-- change of its record, so a dashboard is answered by GROUP BY queries and
-- never by reading the records. Rows belong to the record: rewritten on
-- every save (one delete that cascades, three inserts), removed with a
-- delete or an erasure.
CREATE TABLE contact_facts (
    team_id    INTEGER NOT NULL REFERENCES teams(id),
    record_id  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    site       TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    household  TEXT,
    catalog_version INTEGER NOT NULL,
    -- A quote the resident agreed to share, for the quote wall; NULL when
    -- there is none or the retention purge cleared it.
    quote      TEXT,
    PRIMARY KEY (team_id, record_id)
);
CREATE INDEX contact_facts_by_time ON contact_facts (team_id, created_at);

CREATE TABLE finding_facts (
    team_id   INTEGER NOT NULL REFERENCES teams(id),
    record_id TEXT    NOT NULL,
    pos       INTEGER NOT NULL,
    scheme    TEXT    NOT NULL,
    status    TEXT    NOT NULL,
    PRIMARY KEY (team_id, record_id, pos),
    FOREIGN KEY (team_id, record_id) REFERENCES contact_facts (team_id, record_id) ON DELETE CASCADE
);

CREATE TABLE barrier_facts (
    team_id   INTEGER NOT NULL REFERENCES teams(id),
    record_id TEXT    NOT NULL,
    pos       INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    scheme    TEXT    NOT NULL,
    barrier   TEXT    NOT NULL,
    PRIMARY KEY (team_id, record_id, pos, n),
    FOREIGN KEY (team_id, record_id) REFERENCES contact_facts (team_id, record_id) ON DELETE CASCADE
);

CREATE INDEX contact_facts_quotes ON contact_facts (team_id, created_at, record_id) WHERE quote IS NOT NULL;

-- Set once the rows above were built from the records stored before them.
CREATE TABLE counting_built (
    version INTEGER NOT NULL
);
