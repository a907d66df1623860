//! Counting on the server. Each live contact's projection rows
//! (`drempel_core::stats::Facts`) are rewritten in the same transaction as
//! its record, by every push, erasure and purge, which also raises the
//! team's counting revision. A dashboard counts the team's rows held in
//! memory (`tallies.rs`), read from the database once and then kept in step
//! by the changes each commit hands over; core's `Grouped::summary` makes
//! the `Summary`. The quote wall is paged from the rows in SQL. The SQL is
//! the same for both databases, so macros write it once for each store.

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
/// until, `$4` site, `$5` channel, `$6` household, `$7` work situation
/// (each NULL for no limit).
macro_rules! filtered {
    () => {
        " WHERE c.team_id = $1 \
          AND ($2 IS NULL OR c.created_at >= $2) AND ($3 IS NULL OR c.created_at < $3) \
          AND ($4 IS NULL OR c.site = $4) AND ($5 IS NULL OR c.channel = $5) \
          AND ($6 IS NULL OR c.household = $6) AND ($7 IS NULL OR c.work = $7)"
    };
}
pub(super) use filtered;

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
                let rev: Option<i64> =
                    sqlx::query_scalar("SELECT counting_rev FROM teams WHERE id = $1")
                        .bind(team)
                        .fetch_optional(&self.pool)
                        .await?;
                let Some(rev) = rev else {
                    return Ok(drempel_core::stats::Summary::default());
                };
                let slot = self.tallies.slot(team);
                let mut held = slot.lock().await;
                if held.as_ref().is_none_or(|h| h.rev < rev) {
                    *held = Some(self.read_tally(team).await?);
                    slot.catch_up(&mut held);
                    self.tallies.bound(team);
                }
                let filter = filter.clone();
                // A million contacts take tens of milliseconds: off the
                // threads that serve requests.
                let grouped = tokio::task::spawn_blocking(move || {
                    held.as_ref()
                        .map(|h| h.tally.grouped(&filter, offset_minutes))
                        .unwrap_or_default()
                })
                .await
                .map_err(|err| StoreError::BadValue(format!("counting stopped: {err}")))?;
                Ok(grouped.summary(period))
            }

            async fn quotes(
                &self,
                team: TeamId,
                page: &$crate::store::counting::QuotesQuery,
            ) -> Result<Vec<drempel_core::wire::QuoteInfo>, StoreError> {
                use $crate::store::counting::filtered;
                let filter = &page.filter;
                type Row = (
                    String,
                    i64,
                    i64,
                    String,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                );
                let rows: Vec<Row> =
                    sqlx::query_as(concat!(
                        "WITH page AS (SELECT c.record_id, c.created_at, c.catalog_version, c.quote, \
                           (SELECT q.quote_hash FROM region_quotes q WHERE q.team_id = c.team_id \
                            AND q.record_id = c.record_id) AS marked \
                         FROM contact_facts c",
                        filtered!(),
                        " AND c.quote IS NOT NULL \
                          AND EXISTS (SELECT 1 FROM finding_facts f \
                                WHERE f.team_id = c.team_id AND f.record_id = c.record_id \
                                AND ($8 IS NULL OR f.scheme = $8) \
                                AND ($9 IS NULL OR replace(f.barriers, $9, '') <> f.barriers)) \
                          AND ($10 IS NULL OR c.created_at < $10 \
                            OR (c.created_at = $10 AND c.record_id < $11)) \
                         ORDER BY c.created_at DESC, c.record_id DESC LIMIT $12) \
                         SELECT p.record_id, p.created_at, p.catalog_version, p.quote, f.scheme, f.status, p.marked \
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
                    .bind(filter.work.map(|w| w.code()))
                    .bind(page.scheme.as_deref())
                    // "The finding names the barrier": its list holds the
                    // barrier's needle (`replace` finds a plain substring
                    // the same way in both databases).
                    .bind(page.barrier.as_deref().map(drempel_core::stats::BarrierList::needle))
                    .bind(page.before.as_ref().map(|(at, _)| *at))
                    .bind(page.before.as_ref().map(|(_, id)| id.as_str()))
                    .bind(page.limit as i64)
                    .fetch_all(&self.pool)
                    .await?;
                let mut quotes: Vec<drempel_core::wire::QuoteInfo> = Vec::new();
                for (id, created_at, version, text, scheme, status, marked) in rows {
                    if quotes.last().is_none_or(|q| q.id != id) {
                        // Marked as it reads now: a changed quote is not.
                        let regional = marked
                            .is_some_and(|hash| hash == $crate::store::regions::quote_hash(&text));
                        quotes.push(drempel_core::wire::QuoteInfo {
                            id,
                            created_at,
                            catalog_version: u32::try_from(version).unwrap_or(0),
                            text,
                            findings: Vec::new(),
                            regional,
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

        impl $store {
            /// The team's rows, read from one snapshot with the revision
            /// they are at: each table in one pass, in the order it is
            /// stored, names borrowed from the rows.
            async fn read_tally(
                &self,
                team: TeamId,
            ) -> Result<$crate::store::tallies::Held, StoreError> {
                use sqlx::Row;
                use tokio_stream::StreamExt;
                let mut tx = self.snapshot().await?;
                let rev: i64 = sqlx::query_scalar("SELECT counting_rev FROM teams WHERE id = $1")
                    .bind(team)
                    .fetch_one(&mut *tx)
                    .await?;
                let mut tally = drempel_core::stats::Tally::default();
                macro_rules! each_row {
                    ($sql:expr, |$row:ident| $add:expr) => {{
                        let mut rows = sqlx::query($sql).bind(team).fetch(&mut *tx);
                        while let Some($row) = rows.next().await {
                            let $row = $row?;
                            $add;
                        }
                    }};
                }
                each_row!(
                    "SELECT record_id, created_at, site, channel, household, work \
                     FROM contact_facts WHERE team_id = $1",
                    |row| tally.add_contact(
                        row.try_get(0)?,
                        row.try_get(1)?,
                        row.try_get(2)?,
                        row.try_get(3)?,
                        row.try_get(4)?,
                        row.try_get(5)?,
                    )
                );
                each_row!(
                    "SELECT record_id, scheme, decision, yearly_euros FROM outcome_facts \
                     WHERE team_id = $1",
                    |row| {
                        let yearly: Option<i64> = row.try_get(3)?;
                        tally.add_outcome(
                            row.try_get(0)?,
                            row.try_get(1)?,
                            row.try_get(2)?,
                            yearly.and_then(|y| u32::try_from(y).ok()),
                        )
                    }
                );
                each_row!(
                    "SELECT record_id, scheme, status, barriers FROM finding_facts \
                     WHERE team_id = $1",
                    |row| {
                        let (id, scheme): (&str, &str) = (row.try_get(0)?, row.try_get(1)?);
                        tally.add_finding(id, scheme, row.try_get(2)?);
                        let barriers: &str = row.try_get(3)?;
                        for barrier in drempel_core::stats::BarrierList::ids(barriers) {
                            tally.add_barrier(id, scheme, &barrier);
                        }
                    }
                );
                tx.rollback().await?;
                Ok($crate::store::tallies::Held { rev, tally })
            }
        }
    };
}
pub(super) use impl_counting;

/// The records a transaction saved, with their facts (none for a
/// tombstone) and whether they were stored before it (only those can have
/// rows to replace), written together just before it commits.
pub(super) type PendingFacts = std::collections::BTreeMap<(TeamId, String), (Option<Facts>, bool)>;

/// What a write transaction carries for counting: the facts waiting to be
/// written, and once written, each team's changes and new revision, handed
/// to the tallies after the commit.
pub(super) struct FactsState {
    pub pending: PendingFacts,
    pub written: Vec<(TeamId, i64, super::tallies::Changed)>,
    pub tallies: std::sync::Arc<super::tallies::Tallies>,
}

impl FactsState {
    pub fn new(tallies: std::sync::Arc<super::tallies::Tallies>) -> FactsState {
        FactsState {
            pending: PendingFacts::new(),
            written: Vec::new(),
            tallies,
        }
    }
}

/// The row counts of multi-row statements, largest first. Rows are
/// written in statements of these sizes only, so that whatever a batch
/// holds, each statement's text is one of a few the connection keeps
/// prepared: a statement with a new number of rows is parsed and planned
/// again, which for hundreds of rows costs more than running it. (The
/// databases also bound a statement's parameters: SQLite to 32,766.)
pub(super) const STATEMENT_ROWS: [usize; 4] = [512, 64, 8, 1];

/// `rows` cut into statements of [`STATEMENT_ROWS`] sizes, largest first.
pub(super) fn statement_chunks<T>(rows: &[T]) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    std::iter::from_fn(move || {
        let size = STATEMENT_ROWS
            .into_iter()
            .find(|&size| size <= rest.len())?;
        let (chunk, tail) = rest.split_at(size);
        rest = tail;
        Some(chunk)
    })
}

/// The facts of saved records, worked out while `insert` (the statements
/// that write those records) runs in the database, which works on its own
/// thread or process meanwhile.
pub(super) async fn facts_while<E>(
    rows: &[super::Saved<'_>],
    insert: impl std::future::Future<Output = Result<(), E>>,
) -> Result<Vec<Option<Facts>>, E> {
    let facts = async {
        // `insert` is polled first and sends its statement.
        tokio::task::yield_now().await;
        rows.iter()
            .map(|row| Facts::of_record(row.id, row.record))
            .collect::<Vec<_>>()
    };
    let (inserted, facts) = tokio::join!(insert, facts);
    inserted.map(|()| facts)
}

/// The write steps of counting, as inherent methods of each store's `Tx`: a
/// saved record's facts wait in the transaction, and before it commits its
/// records' rows are replaced in a few statements, however many records it
/// saved: deleted here, inserted by each store's own `insert_facts`
/// (PostgreSQL binds each column as one array, SQLite writes multi-row
/// `VALUES`). The rows carry no reference checks (migration 0017): they are
/// written only here, in their record's transaction.
macro_rules! facts_tx_steps {
    () => {
        impl Tx {
            fn write_facts_in(
                &mut self,
                team: TeamId,
                id: &str,
                facts: Option<drempel_core::stats::Facts>,
                stored: bool,
            ) {
                let stored = stored
                    || self
                        .facts_state()
                        .pending
                        .get(&(team, id.to_string()))
                        .is_some_and(|(_, before)| *before);
                self.facts_state()
                    .pending
                    .insert((team, id.to_string()), (facts, stored));
            }

            async fn flush_facts(&mut self) -> Result<(), StoreError> {
                let pending = std::mem::take(&mut self.facts_state().pending);
                let records: Vec<(&(TeamId, String), &Option<drempel_core::stats::Facts>)> =
                    pending
                        .iter()
                        .map(|(key, (facts, _))| (key, facts))
                        .collect();
                // Rows to replace exist only for records stored before: a
                // first sync deletes nothing. Per team (the records are in
                // team order), so the index on (team_id, record_id) finds
                // them.
                let before: Vec<&(TeamId, String)> = pending
                    .iter()
                    .filter(|(_, (_, stored))| *stored)
                    .map(|(key, _)| key)
                    .collect();
                for same_team in before.chunk_by(|a, b| a.0 == b.0) {
                    let team = same_team[0].0;
                    for chunk in $crate::store::counting::statement_chunks(same_team) {
                        // Every table of the projection, by the same keys.
                        for table in ["contact_facts", "finding_facts", "outcome_facts"] {
                            let mut delete = sqlx::QueryBuilder::new(format!(
                                "DELETE FROM {table} WHERE team_id = "
                            ));
                            delete.push_bind(team).push(" AND record_id IN (");
                            let mut ids = delete.separated(", ");
                            for (_, id) in chunk {
                                ids.push_bind(id.as_str());
                            }
                            delete.push(")");
                            delete.build().execute(&mut *self.0).await?;
                        }
                    }
                }
                let live: Vec<(TeamId, &str, &drempel_core::stats::Facts)> = records
                    .iter()
                    .filter_map(|((team, id), facts)| {
                        facts.as_ref().map(|f| (*team, id.as_str(), f))
                    })
                    .collect();
                self.insert_facts(&live).await?;
                drop(live);
                drop(records);
                drop(before);
                let mut by_team: std::collections::BTreeMap<
                    TeamId,
                    $crate::store::tallies::Changed,
                > = Default::default();
                for ((team, id), (facts, _)) in pending {
                    by_team.entry(team).or_default().push((id, facts));
                }
                for (team, changed) in by_team {
                    let rev: i64 = sqlx::query_scalar(
                        "UPDATE teams SET counting_rev = counting_rev + 1 WHERE id = $1 \
                         RETURNING counting_rev",
                    )
                    .bind(team)
                    .fetch_one(&mut *self.0)
                    .await?;
                    self.facts_state().written.push((team, rev, changed));
                }
                Ok(())
            }

            /// Writes the counting rows, commits, and hands the changes to
            /// the tallies.
            async fn commit_counted(mut self) -> Result<(), StoreError> {
                self.flush_facts().await?;
                let state = self.facts_state();
                let (written, tallies) =
                    (std::mem::take(&mut state.written), state.tallies.clone());
                self.0.commit().await?;
                for (team, rev, changed) in written {
                    tallies.committed(team, rev, changed);
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
                // An earlier start may have written some before it stopped.
                let facts = drempel_core::stats::Facts::of_record(id, record);
                self.write_facts_in(team, id, facts, true);
                Ok(())
            }

            async fn finish(mut self, built: bool) -> Result<(), StoreError> {
                if built {
                    sqlx::query("INSERT INTO counting_built (version) VALUES (1)")
                        .execute(&mut *self.0)
                        .await?;
                }
                self.commit_counted().await
            }
        }
    };
}
pub(super) use impl_facts_tx;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_cut_into_the_few_statement_sizes_in_order() {
        for n in [0, 1, 7, 8, 9, 63, 64, 65, 511, 512, 513, 1000, 4000, 4321] {
            let rows: Vec<usize> = (0..n).collect();
            let chunks: Vec<&[usize]> = statement_chunks(&rows).collect();
            assert_eq!(chunks.concat(), rows, "{n} rows, in order, each once");
            assert!(
                chunks.iter().all(|c| STATEMENT_ROWS.contains(&c.len())),
                "{n} rows"
            );
            // Largest first: never fewer big statements than fit.
            let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
            assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{n}: {sizes:?}");
            assert!(
                sizes.iter().filter(|&&s| s < 512).count() <= 7 + 7 + 7,
                "{n}: {sizes:?}"
            );
        }
    }
}
