-- A region's own signals to the municipality: the team signal's JSON,
-- its evidence counted over the region's teams each time it is read.
CREATE TABLE region_signals (
    id         TEXT    PRIMARY KEY,
    region_id  INTEGER  NOT NULL REFERENCES regions(id),
    body       TEXT    NOT NULL,
    created_at INTEGER  NOT NULL,
    updated_at INTEGER  NOT NULL
);
CREATE INDEX region_signals_by_region ON region_signals (region_id, created_at, id);

-- Quotes a team's coordinator marked for the team's regions. Only a hash
-- of the quote as it was marked is kept: the region sees the quote while
-- the contact still holds that very text (an erased or changed quote
-- leaves the region at once), and no copy of it outlives the contact.
CREATE TABLE region_quotes (
    team_id    INTEGER  NOT NULL REFERENCES teams(id),
    record_id  TEXT    NOT NULL,
    quote_hash TEXT    NOT NULL,
    marked_at  INTEGER  NOT NULL,
    PRIMARY KEY (team_id, record_id)
);
