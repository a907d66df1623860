-- Each change to a team's counting rows raises its counting revision, in
-- the same transaction. A server keeps a team's rows in memory for its
-- dashboard and reads them again when the revision moved on without it
-- (another process wrote).
ALTER TABLE teams ADD COLUMN counting_rev BIGINT NOT NULL DEFAULT 0;

-- Nothing counts by time in SQL any more (the quote wall has its own
-- index). Left in place, these slowed every push, and with stale planner
-- statistics PostgreSQL chose one of them to find a push's earlier rows,
-- reading the team's whole projection on every push.
DROP INDEX contact_facts_by_time;
DROP INDEX finding_facts_by_time;
DROP INDEX barrier_facts_by_time;
