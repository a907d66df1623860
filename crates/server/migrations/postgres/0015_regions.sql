-- Regions: several teams seen together, as counts only. A team belongs
-- to any number of regions; region coordinators sign in to a region, not
-- to a team, and never reach a team's records. Every change to a region's
-- teams is written in the region's log and in the team's own audit log.
CREATE TABLE regions (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    created_at BIGINT NOT NULL
);

CREATE TABLE region_teams (
    region_id BIGINT NOT NULL REFERENCES regions(id),
    team_id   BIGINT NOT NULL REFERENCES teams(id),
    added_at  BIGINT NOT NULL,
    PRIMARY KEY (region_id, team_id)
);
CREATE INDEX region_teams_by_team ON region_teams (team_id);

CREATE TABLE region_coordinators (
    id            BIGSERIAL PRIMARY KEY,
    region_id     BIGINT NOT NULL REFERENCES regions(id),
    login         TEXT    NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 120),
    password_hash TEXT    NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE region_log (
    id        BIGSERIAL PRIMARY KEY,
    region_id BIGINT NOT NULL REFERENCES regions(id),
    at        BIGINT NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    team_id   BIGINT REFERENCES teams(id)
);
CREATE INDEX region_log_by_region ON region_log (region_id, id);

-- A region coordinator's sign-in: a random token, kept hashed. It opens
-- the region's counts and nothing of any team.
CREATE TABLE region_sessions (
    token_hash     TEXT    PRIMARY KEY,
    region_id      BIGINT NOT NULL REFERENCES regions(id),
    coordinator_id BIGINT NOT NULL REFERENCES region_coordinators(id),
    label          TEXT    NOT NULL,
    created_at     BIGINT NOT NULL,
    last_seen_at   BIGINT NOT NULL,
    revoked_at     BIGINT
);
