-- A finding's barriers move into its own counting row, as one text (core's
-- BarrierList: each id between '|', '%' and '|' inside an id escaped as
-- %25 and %7C). A push of 50 contacts wrote about 100 barrier rows besides
-- its findings; now it writes none. The finding rows also lose the
-- contact's columns they repeated (time, site, channel, household), which
-- nothing reads since counting moved into memory.
ALTER TABLE finding_facts ADD COLUMN barriers TEXT NOT NULL DEFAULT '';
UPDATE finding_facts SET barriers = COALESCE((
    SELECT '|' || group_concat(escaped, '|') || '|'
    FROM (SELECT replace(replace(b.barrier, '%', '%25'), '|', '%7C') AS escaped
          FROM barrier_facts b
          WHERE b.team_id = finding_facts.team_id AND b.record_id = finding_facts.record_id
            AND b.pos = finding_facts.pos
          ORDER BY b.n)
), '');
DROP TABLE barrier_facts;
ALTER TABLE finding_facts DROP COLUMN created_at;
ALTER TABLE finding_facts DROP COLUMN site;
ALTER TABLE finding_facts DROP COLUMN channel;
ALTER TABLE finding_facts DROP COLUMN household;
