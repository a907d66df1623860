-- When each periodic task (the retention purge) last ran, across every
-- server process that shares this database: one claims a period, the
-- others see the claim and wait for the next.
CREATE TABLE maintenance (
    task TEXT PRIMARY KEY,
    last_at BIGINT NOT NULL
);
