-- A team is a food bank, a walk-in point or a participation council: the
-- unit that owns records, devices and its own catalog of schemes.
CREATE TABLE teams (
    id         BIGSERIAL   PRIMARY KEY,
    name       TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
