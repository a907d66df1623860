-- The counting rows are a projection of sync_records (which keeps its
-- reference to teams), written only by the server in their record's
-- transaction. Their reference checks cost a lookup per row on every push
-- (a 50-record push writes about 200 counting rows); the server deletes a
-- record's rows in every table itself.
ALTER TABLE contact_facts DROP CONSTRAINT contact_facts_team_id_fkey;
ALTER TABLE finding_facts DROP CONSTRAINT finding_facts_team_id_fkey;
ALTER TABLE finding_facts DROP CONSTRAINT finding_facts_team_id_record_id_fkey;
ALTER TABLE barrier_facts DROP CONSTRAINT barrier_facts_team_id_fkey;
ALTER TABLE barrier_facts DROP CONSTRAINT barrier_facts_team_id_record_id_fkey;
ALTER TABLE outcome_facts DROP CONSTRAINT outcome_facts_team_id_fkey;
ALTER TABLE outcome_facts DROP CONSTRAINT outcome_facts_team_id_record_id_fkey;
