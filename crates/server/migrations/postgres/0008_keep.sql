-- How many days of synced contacts a team's phones keep; older ones stay
-- here and are fetched a page at a time (GET /api/v1/sync/records).
ALTER TABLE teams ADD COLUMN keep_days BIGINT NOT NULL DEFAULT 60;
-- Those pages: a device's own records, newest id (UUIDv7: newest made) first.
CREATE INDEX sync_records_by_owner_id ON sync_records (team_id, owner, id);
