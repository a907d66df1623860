-- Each change to a team's counting rows raises its counting revision, in
-- the same transaction. A server keeps a team's rows in memory for its
-- dashboard and reads them again when the revision moved on without it
-- (another process wrote).
ALTER TABLE teams ADD COLUMN counting_rev INTEGER NOT NULL DEFAULT 0;
