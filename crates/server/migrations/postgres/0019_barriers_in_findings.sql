-- A finding's barriers move into its own counting row, as one text (core's
-- BarrierList: each id between '|', '%' and '|' inside an id escaped as
-- %25 and %7C). A push of 50 contacts wrote about 100 barrier rows besides
-- its findings; now it writes none. The finding rows also lose the
-- contact's columns they repeated (time, site, channel, household), which
-- nothing reads since counting moved into memory.
ALTER TABLE finding_facts ADD COLUMN barriers TEXT NOT NULL DEFAULT '';
UPDATE finding_facts f SET barriers = b.list
FROM (SELECT team_id, record_id, pos,
             '|' || string_agg(replace(replace(barrier, '%', '%25'), '|', '%7C'), '|' ORDER BY n) || '|' AS list
      FROM barrier_facts GROUP BY team_id, record_id, pos) b
WHERE f.team_id = b.team_id AND f.record_id = b.record_id AND f.pos = b.pos;
DROP TABLE barrier_facts;
ALTER TABLE finding_facts
    DROP COLUMN created_at,
    DROP COLUMN site,
    DROP COLUMN channel,
    DROP COLUMN household;
