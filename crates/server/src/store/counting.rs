//! Counting on the server. Each live contact's projection rows
//! (`drempel_core::stats::Facts`) are rewritten in the same transaction as
//! its record, by every push, erasure and purge; a dashboard is then seven
//! GROUP BY queries over those rows, turned into core's `Summary` by
//! `Grouped::summary`. The SQL is the same for both databases, so macros
//! write it once for each store.

use drempel_core::stats::{Facts, Filter, Period, Summary};

use super::{StoreError, TeamId};

#[async_trait::async_trait]
pub trait Counting {
    /// The team's counts over the contacts `filter` passes, cut in
    /// `period`s of local time `offset_minutes` from UTC.
    async fn summary(
        &self,
        team: TeamId,
        filter: &Filter,
        period: Period,
        offset_minutes: i32,
    ) -> Result<Summary, StoreError>;

    /// A page of the quote wall, newest first: quotes of contacts `filter`
    /// passes that discussed `scheme` (with `barrier` named for it, when
    /// given), made before `before` (time and id of the last one shown).
    async fn quotes(
        &self,
        team: TeamId,
        page: &QuotesQuery,
    ) -> Result<Vec<drempel_core::wire::QuoteInfo>, StoreError>;
}

/// What [`Counting::quotes`] is asked.
#[derive(Debug, Clone, Default)]
pub struct QuotesQuery {
    pub filter: Filter,
    pub scheme: Option<String>,
    pub barrier: Option<String>,
    pub before: Option<(i64, String)>,
    pub limit: usize,
}

/// The rows that pass the dashboard's filter: `$1` team, `$2` from, `$3`
/// until, `$4` site, `$5` channel, `$6` household (each NULL for no limit).
macro_rules! filtered {
    () => {
        " WHERE c.team_id = $1 \
          AND ($2 IS NULL OR c.created_at >= $2) AND ($3 IS NULL OR c.created_at < $3) \
          AND ($4 IS NULL OR c.site = $4) AND ($5 IS NULL OR c.channel = $5) \
          AND ($6 IS NULL OR c.household = $6)"
    };
}
pub(super) use filtered;

/// The local day of `c.created_at`, `$7` the offset in milliseconds:
/// floor division, as core's `div_euclid`, for times before 1970 too.
macro_rules! local_day {
    () => {
        "(CASE WHEN c.created_at + $7 >= 0 THEN (c.created_at + $7) / 86400000 \
          ELSE -((86400000 - 1 - (c.created_at + $7)) / 86400000) END)"
    };
}
pub(super) use local_day;

macro_rules! impl_counting {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::counting::Counting for $store {
            async fn summary(
                &self,
                team: TeamId,
                filter: &drempel_core::stats::Filter,
                period: drempel_core::stats::Period,
                offset_minutes: i32,
            ) -> Result<drempel_core::stats::Summary, StoreError> {
                use $crate::store::counting::{filtered, local_day};
                let offset = i64::from(offset_minutes) * 60_000;
                let channel = filter.channel.map(|c| c.code());
                let household = filter.household.map(|h| h.code());
                macro_rules! grouped {
                    ($sql:expr, $row:ty) => {
                        sqlx::query_as::<_, $row>($sql)
                            .bind(team)
                            .bind(filter.from)
                            .bind(filter.until)
                            .bind(filter.site.as_deref())
                            .bind(channel)
                            .bind(household)
                            .bind(offset)
                            .fetch_all(&self.pool)
                            .await?
                    };
                }
                // Three scans, one table each, run at once; each count of
                // the dashboard is a sum over one of them.
                let (contacts, findings, barriers) = tokio::try_join!(
                    async {
                        Ok::<_, StoreError>(grouped!(
                            concat!("SELECT ", local_day!(), ", c.site, c.channel, COUNT(*) \
                                FROM contact_facts c", filtered!(), " GROUP BY 1, 2, 3"),
                            (i64, String, String, i64)
                        ))
                    },
                    async {
                        Ok::<_, StoreError>(grouped!(
                            concat!("SELECT ", local_day!(), ", c.scheme, c.status, COUNT(*) \
                                FROM finding_facts c", filtered!(), " GROUP BY 1, 2, 3"),
                            (i64, String, String, i64)
                        ))
                    },
                    async {
                        Ok::<_, StoreError>(grouped!(
                            concat!("SELECT c.site, c.scheme, c.barrier, COUNT(*) \
                                FROM barrier_facts c", filtered!(), " AND $7 = $7 GROUP BY 1, 2, 3"),
                            (String, String, String, i64)
                        ))
                    },
                )?;
                Ok(drempel_core::stats::Grouped::of_scans(contacts, findings, barriers)
                .summary(period))
            }

            async fn quotes(
                &self,
                team: TeamId,
                page: &$crate::store::counting::QuotesQuery,
            ) -> Result<Vec<drempel_core::wire::QuoteInfo>, StoreError> {
                use $crate::store::counting::filtered;
                let filter = &page.filter;
                let rows: Vec<(String, i64, i64, String, Option<String>, Option<String>)> =
                    sqlx::query_as(concat!(
                        "WITH page AS (SELECT c.record_id, c.created_at, c.catalog_version, c.quote \
                         FROM contact_facts c",
                        filtered!(),
                        " AND c.quote IS NOT NULL AND $7 = $7 \
                          AND (($9 IS NULL AND EXISTS (SELECT 1 FROM finding_facts f \
                                WHERE f.team_id = c.team_id AND f.record_id = c.record_id \
                                AND ($8 IS NULL OR f.scheme = $8))) \
                            OR ($9 IS NOT NULL AND EXISTS (SELECT 1 FROM barrier_facts b \
                                WHERE b.team_id = c.team_id AND b.record_id = c.record_id \
                                AND b.barrier = $9 AND ($8 IS NULL OR b.scheme = $8)))) \
                          AND ($10 IS NULL OR c.created_at < $10 \
                            OR (c.created_at = $10 AND c.record_id < $11)) \
                         ORDER BY c.created_at DESC, c.record_id DESC LIMIT $12) \
                         SELECT p.record_id, p.created_at, p.catalog_version, p.quote, f.scheme, f.status \
                         FROM page p LEFT JOIN finding_facts f \
                           ON f.team_id = $1 AND f.record_id = p.record_id \
                         ORDER BY p.created_at DESC, p.record_id DESC, f.pos"
                    ))
                    .bind(team)
                    .bind(filter.from)
                    .bind(filter.until)
                    .bind(filter.site.as_deref())
                    .bind(filter.channel.map(|c| c.code()))
                    .bind(filter.household.map(|h| h.code()))
                    .bind(0i64)
                    .bind(page.scheme.as_deref())
                    .bind(page.barrier.as_deref())
                    .bind(page.before.as_ref().map(|(at, _)| *at))
                    .bind(page.before.as_ref().map(|(_, id)| id.as_str()))
                    .bind(page.limit as i64)
                    .fetch_all(&self.pool)
                    .await?;
                let mut quotes: Vec<drempel_core::wire::QuoteInfo> = Vec::new();
                for (id, created_at, version, text, scheme, status) in rows {
                    if quotes.last().is_none_or(|q| q.id != id) {
                        quotes.push(drempel_core::wire::QuoteInfo {
                            id,
                            created_at,
                            catalog_version: u32::try_from(version).unwrap_or(0),
                            text,
                            findings: Vec::new(),
                        });
                    }
                    if let (Some(scheme), Some(status)) = (scheme, status)
                        && let Some(status) = drempel_core::contact::Status::from_code(&status)
                        && let Some(quote) = quotes.last_mut()
                    {
                        quote.findings.push(drempel_core::wire::QuoteFinding { scheme, status });
                    }
                }
                Ok(quotes)
            }
        }
    };
}
pub(super) use impl_counting;

/// The records a transaction saved, with their facts (none for a
/// tombstone), written together just before it commits.
pub(super) type PendingFacts = std::collections::BTreeMap<(TeamId, String), Option<Facts>>;

/// Rows per multi-row statement (the databases bound the number of
/// parameters: SQLite to 32,766).
pub(super) const ROWS_PER_STATEMENT: usize = 1_000;

/// The write steps of counting, as inherent methods of each store's `Tx`: a
/// saved record's facts wait in the transaction, and before it commits its
/// records' rows are replaced in a few multi-row statements, however many
/// records it saved.
macro_rules! facts_tx_steps {
    () => {
        impl Tx {
            fn write_facts_in(&mut self, team: TeamId, id: &str, record: &ServerRecord) {
                let facts = drempel_core::stats::Facts::of_record(id, record);
                self.pending_facts().insert((team, id.to_string()), facts);
            }

            async fn flush_facts(&mut self) -> Result<(), StoreError> {
                use $crate::store::counting::ROWS_PER_STATEMENT;
                let pending = std::mem::take(self.pending_facts());
                let records: Vec<(&(TeamId, String), &Option<drempel_core::stats::Facts>)> =
                    pending.iter().collect();
                for chunk in records.chunks(ROWS_PER_STATEMENT) {
                    // The finding and barrier rows go with them (ON DELETE CASCADE).
                    let mut delete = sqlx::QueryBuilder::new(
                        "DELETE FROM contact_facts WHERE (team_id, record_id) IN ",
                    );
                    delete.push_tuples(chunk, |mut row, ((team, id), _)| {
                        row.push_bind(*team).push_bind(id.as_str());
                    });
                    delete.build().execute(&mut *self.0).await?;
                }
                let live: Vec<(TeamId, &str, &drempel_core::stats::Facts)> = records
                    .iter()
                    .filter_map(|((team, id), facts)| {
                        facts.as_ref().map(|f| (*team, id.as_str(), f))
                    })
                    .collect();
                for chunk in live.chunks(ROWS_PER_STATEMENT) {
                    let mut insert = sqlx::QueryBuilder::new(
                        "INSERT INTO contact_facts (team_id, record_id, created_at, site, \
                         channel, household, catalog_version, quote) ",
                    );
                    insert.push_values(chunk, |mut row, (team, id, f)| {
                        row.push_bind(*team)
                            .push_bind(*id)
                            .push_bind(f.created_at)
                            .push_bind(f.site.as_str())
                            .push_bind(f.channel)
                            .push_bind(f.household)
                            .push_bind(i64::from(f.catalog_version))
                            .push_bind(f.quote.as_deref());
                    });
                    insert.build().execute(&mut *self.0).await?;
                }
                let findings: Vec<(TeamId, &str, i64, &str, &str, &drempel_core::stats::Facts)> =
                    live.iter()
                        .flat_map(|(team, id, f)| {
                            f.findings
                                .iter()
                                .enumerate()
                                .map(move |(pos, (scheme, status, _))| {
                                    (*team, *id, pos as i64, scheme.as_str(), *status, *f)
                                })
                        })
                        .collect();
                for chunk in findings.chunks(ROWS_PER_STATEMENT) {
                    let mut insert = sqlx::QueryBuilder::new(
                        "INSERT INTO finding_facts (team_id, record_id, pos, scheme, status, \
                         created_at, site, channel, household) ",
                    );
                    insert.push_values(chunk, |mut row, (team, id, pos, scheme, status, f)| {
                        row.push_bind(*team)
                            .push_bind(*id)
                            .push_bind(*pos)
                            .push_bind(*scheme)
                            .push_bind(*status)
                            .push_bind(f.created_at)
                            .push_bind(f.site.as_str())
                            .push_bind(f.channel)
                            .push_bind(f.household);
                    });
                    insert.build().execute(&mut *self.0).await?;
                }
                type BarrierRow<'a> = (
                    TeamId,
                    &'a str,
                    i64,
                    i64,
                    &'a str,
                    &'a str,
                    &'a drempel_core::stats::Facts,
                );
                let barriers: Vec<BarrierRow> =
                    live.iter()
                        .flat_map(|(team, id, f)| {
                            f.findings.iter().enumerate().flat_map(
                                move |(pos, (scheme, _, named))| {
                                    named.iter().enumerate().map(move |(n, barrier)| {
                                        (
                                            *team,
                                            *id,
                                            pos as i64,
                                            n as i64,
                                            scheme.as_str(),
                                            barrier.as_str(),
                                            *f,
                                        )
                                    })
                                },
                            )
                        })
                        .collect();
                for chunk in barriers.chunks(ROWS_PER_STATEMENT) {
                    let mut insert = sqlx::QueryBuilder::new(
                        "INSERT INTO barrier_facts (team_id, record_id, pos, n, scheme, barrier, \
                         created_at, site, channel, household) ",
                    );
                    insert.push_values(chunk, |mut row, (team, id, pos, n, scheme, barrier, f)| {
                        row.push_bind(*team)
                            .push_bind(*id)
                            .push_bind(*pos)
                            .push_bind(*n)
                            .push_bind(*scheme)
                            .push_bind(*barrier)
                            .push_bind(f.created_at)
                            .push_bind(f.site.as_str())
                            .push_bind(f.channel)
                            .push_bind(f.household);
                    });
                    insert.build().execute(&mut *self.0).await?;
                }
                Ok(())
            }
        }
    };
}
pub(super) use facts_tx_steps;

/// Builds the rows of every record stored before counting existed (once,
/// when the server starts on an older database), team by team, 500
/// records per transaction.
pub(super) async fn build_once<S, T, F, Fut>(store: &S, write_tx: F) -> Result<(), StoreError>
where
    S: super::Store + ?Sized,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, StoreError>>,
    T: FactsTx,
{
    let mut probe = write_tx().await?;
    if probe.built().await? {
        return Ok(());
    }
    let teams = probe.teams().await?;
    drop(probe);
    for team in teams {
        let (sink, mut records) = tokio::sync::mpsc::channel(512);
        let reading = store.export(team, sink);
        let writing = async {
            let mut batch = Vec::with_capacity(500);
            loop {
                let next = records.recv().await;
                let done = next.is_none();
                if let Some(record) = next {
                    batch.push(record);
                }
                if batch.len() == 500 || (done && !batch.is_empty()) {
                    let mut tx = write_tx().await?;
                    for (id, record) in batch.drain(..) {
                        tx.write_facts(team, &id, &record).await?;
                    }
                    tx.finish(false).await?;
                }
                if done {
                    return Ok::<(), StoreError>(());
                }
            }
        };
        let (read, written) = tokio::join!(reading, writing);
        read?;
        written?;
    }
    write_tx().await?.finish(true).await
}

/// What [`build_once`] needs of a store's write transaction.
#[async_trait::async_trait]
pub(super) trait FactsTx: Send {
    async fn built(&mut self) -> Result<bool, StoreError>;
    async fn teams(&mut self) -> Result<Vec<TeamId>, StoreError>;
    async fn write_facts(
        &mut self,
        team: TeamId,
        id: &str,
        record: &drempel_core::sync::ServerRecord,
    ) -> Result<(), StoreError>;
    /// Commits; `built` marks the rows complete.
    async fn finish(self, built: bool) -> Result<(), StoreError>;
}

macro_rules! impl_facts_tx {
    () => {
        #[async_trait::async_trait]
        impl $crate::store::counting::FactsTx for Tx {
            async fn built(&mut self) -> Result<bool, StoreError> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM counting_built")
                    .fetch_one(&mut *self.0)
                    .await?;
                Ok(n > 0)
            }

            async fn teams(&mut self) -> Result<Vec<TeamId>, StoreError> {
                Ok(sqlx::query_scalar("SELECT id FROM teams ORDER BY id")
                    .fetch_all(&mut *self.0)
                    .await?)
            }

            async fn write_facts(
                &mut self,
                team: TeamId,
                id: &str,
                record: &ServerRecord,
            ) -> Result<(), StoreError> {
                self.write_facts_in(team, id, record);
                Ok(())
            }

            async fn finish(mut self, built: bool) -> Result<(), StoreError> {
                self.flush_facts().await?;
                if built {
                    sqlx::query("INSERT INTO counting_built (version) VALUES (1)")
                        .execute(&mut *self.0)
                        .await?;
                }
                self.0.commit().await?;
                Ok(())
            }
        }
    };
}
pub(super) use impl_facts_tx;
