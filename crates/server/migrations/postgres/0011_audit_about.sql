-- What an audit line is about, in words, as it was at the time (JSON of
-- core's AuditAbout): a device's name, a link's role and end, a contact's
-- day and place, a consultation's title. Ids alone told a coordinator
-- nothing. Older lines keep NULL.
ALTER TABLE audit_log ADD COLUMN about TEXT;
