-- The work situation of a contact, and per scheme the outcome of its
-- follow-up (decision, and a grant's yearly euros when known), for the
-- dashboard's filters and its money unlocked. Both are new fields: no
-- record held them before, so nothing needs to be rebuilt.
ALTER TABLE contact_facts ADD COLUMN work TEXT;

CREATE TABLE outcome_facts (
    team_id      BIGINT NOT NULL REFERENCES teams(id),
    record_id    TEXT    NOT NULL,
    scheme       TEXT    NOT NULL,
    decision     TEXT    NOT NULL,
    yearly_euros BIGINT,
    PRIMARY KEY (team_id, record_id, scheme),
    FOREIGN KEY (team_id, record_id) REFERENCES contact_facts (team_id, record_id) ON DELETE CASCADE
);
