//! SQLite in WAL mode: the embedded default. `BEGIN IMMEDIATE` takes the
//! write lock at the start of a push, so pushes never interleave. Writers
//! queue on an in-process lock first: SQLite lets one write at a time, and
//! writers waiting inside SQLite poll with growing sleeps (up to 100 ms),
//! which is what made many phones syncing at once slow.

use std::str::FromStr;
use std::time::Duration;

use drempel_core::sync::{
    Conflict, PullResponse, PushError, PushRequest, PushResponse, ServerRecord,
};
use drempel_core::wire::RecordsPage;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::{
    ExportSink, OpenError, PushTx, Scope, Store, StoreError, TeamId, conflict_row, erase_in,
    from_db, page, pull_sql, purge_in, records_page, records_page_sql, to_db,
};

#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Connections for reading.
    pool: SqlitePool,
    /// The one connection that writes: a write never waits for a reader's
    /// connection to come free, and its page cache holds a whole batch.
    writes: SqlitePool,
    /// One writer at a time, in arrival order.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Told when a write begins; see [`checkpoints`].
    wrote: tokio::sync::mpsc::Sender<()>,
    tallies: std::sync::Arc<super::tallies::Tallies>,
    lanes: std::sync::Arc<super::batch::Lanes>,
}

/// The file a `sqlite:` URL names (empty for an in-memory database).
/// The SQLite database's changes, in order (also run by a restore).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

pub fn file_of(url: &str) -> &str {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if path == ":memory:" { "" } else { path }
}

/// Held by the one server process that serves a SQLite file: SQLite is
/// made for one process, and the server keeps its writers' turns, its
/// rate limits and its hourly purge in that process. A second server on
/// the same file is refused; the short commands (`team`, `coordinator`,
/// `join-link`) may still run beside it, as SQLite's own locking keeps
/// their writes whole and the counting revision tells the server.
pub struct ServeLock {
    _file: std::fs::File,
}

impl ServeLock {
    /// Takes `<file>.serving` for this process, or says who holds it.
    pub fn take(url: &str) -> Result<Option<ServeLock>, OpenError> {
        let path = file_of(url);
        if path.is_empty() {
            return Ok(None);
        }
        let lock_path = format!("{path}.serving");
        let io = |source| OpenError::Lock {
            path: lock_path.clone(),
            source,
        };
        if let Some(parent) = std::path::Path::new(&lock_path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ServeLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Err(OpenError::AlreadyServed {
                path: path.to_string(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(io(source)),
        }
    }
}

impl SqliteStore {
    pub async fn open(url: &str) -> Result<SqliteStore, OpenError> {
        let path = file_of(url);
        if let Some(parent) = std::path::Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|source| OpenError::CreateDir {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&pool).await?;
        let writes = SqlitePoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(
                options
                    .statement_cache_capacity(WRITER_STATEMENTS)
                    .pragma("cache_size", format!("-{}", WRITER_CACHE_KB))
                    .pragma("wal_autocheckpoint", WAL_PAGES_AT_MOST.to_string()),
            )
            .await?;
        let (wrote, writes_seen) = tokio::sync::mpsc::channel(1);
        tokio::spawn(checkpoints(pool.clone(), writes_seen));
        let store = SqliteStore {
            pool,
            writes,
            writer: Default::default(),
            wrote,
            tallies: Default::default(),
            lanes: Default::default(),
        };
        super::counting::build_once(&store, || store.write_tx()).await?;
        Ok(store)
    }

    /// A transaction for changes: `BEGIN IMMEDIATE` takes the write lock at once.
    async fn write_tx(&self) -> Result<Tx, StoreError> {
        let turn = self.write_turn().await;
        Ok(Tx(
            self.writes.begin_with("BEGIN IMMEDIATE").await?,
            turn,
            super::counting::FactsState::new(self.tallies.clone()),
        ))
    }

    /// A read transaction: in WAL mode it sees the snapshot of its first
    /// read throughout.
    async fn snapshot(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin().await?)
    }

    /// Waits for the writer's turn, for a write outside a transaction.
    async fn write_turn(&self) -> tokio::sync::OwnedMutexGuard<()> {
        let asked = std::time::Instant::now();
        let turn = self.writer.clone().lock_owned().await;
        crate::metrics::write_waited(asked.elapsed());
        // Full means a checkpoint is already due.
        let _ = self.wrote.try_send(());
        turn
    }

    /// The connection for writes outside a transaction, in the writer's turn.
    fn writes(&self) -> &SqlitePool {
        &self.writes
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// The writer's page cache: a batch of pushes (4,000 changes, about 5 MB
/// of pages with their counting rows) stays in memory until its commit.
const WRITER_CACHE_KB: u32 = 8 * 1024;
/// Statements the writer keeps prepared: every multi-row write in each
/// of its few sizes (see [`super::counting::STATEMENT_ROWS`]) and the rest.
const WRITER_STATEMENTS: usize = 256;
/// Write-ahead log pages after which the writer copies the log into the
/// database itself, at its commit (SQLite's default is 1,000). The
/// [`checkpoints`] task does this off the write path long before; this
/// bounds the log (about 16 MB) should that task fall behind.
const WAL_PAGES_AT_MOST: u32 = 4_000;
/// How long the log gathers writes before the checkpoint copies them.
const CHECKPOINT_AFTER: Duration = Duration::from_millis(250);

/// Copies the write-ahead log into the database a moment after writes,
/// on a reading connection: a passive checkpoint waits for no one, so
/// the commit that crosses SQLite's threshold no longer does this work
/// (and its disk flushes) while pushes wait behind it. An idle server
/// sleeps here; the task ends with the store.
async fn checkpoints(pool: SqlitePool, mut wrote: tokio::sync::mpsc::Receiver<()>) {
    while wrote.recv().await.is_some() {
        tokio::time::sleep(CHECKPOINT_AFTER).await;
        if pool.is_closed() {
            return;
        }
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(%error, "copying the write-ahead log failed; the writer will");
        }
    }
}

#[async_trait::async_trait]
impl super::batch::Writer for SqliteStore {
    type Tx = Tx;

    async fn begin_write(&self) -> Result<Tx, StoreError> {
        self.write_tx().await
    }

    fn lanes(&self) -> &super::batch::Lanes {
        &self.lanes
    }
}

use super::access::{device_columns, link_columns};
super::access::impl_access!(SqliteStore);

use super::content::consultation_columns;
super::content::impl_content!(SqliteStore);
super::signals::impl_signals!(SqliteStore);
super::regions::impl_regions!(SqliteStore);

super::shared_tx_steps!();
super::counting::impl_counting!(SqliteStore);
super::counting::facts_tx_steps!();
super::counting::impl_facts_tx!();

impl Tx {
    /// Writes `rows` as `head` `VALUES (…), (…)` `tail`, in statements of
    /// [`super::counting::STATEMENT_ROWS`] sizes, each row's values bound
    /// by `bind`.
    async fn insert_rows<T>(
        &mut self,
        head: &'static str,
        tail: &'static str,
        rows: &[T],
        mut bind: impl FnMut(sqlx::query_builder::Separated<'_, Sqlite, &'static str>, &T),
    ) -> Result<(), StoreError> {
        for chunk in super::counting::statement_chunks(rows) {
            let mut insert = sqlx::QueryBuilder::new(head);
            insert.push_values(chunk, &mut bind);
            insert.push(tail);
            insert.build().execute(&mut *self.0).await?;
        }
        Ok(())
    }

    /// The counting rows of `live` records, in multi-row statements of
    /// [`super::counting::STATEMENT_ROWS`] sizes.
    async fn insert_facts(
        &mut self,
        live: &[(TeamId, &str, &drempel_core::stats::Facts)],
    ) -> Result<(), StoreError> {
        self.insert_rows(
            "INSERT INTO contact_facts (team_id, record_id, created_at, site, \
             channel, household, catalog_version, quote, work) ",
            "",
            live,
            |mut row, (team, id, f)| {
                row.push_bind(*team)
                    .push_bind(*id)
                    .push_bind(f.created_at)
                    .push_bind(f.site.as_str())
                    .push_bind(f.channel)
                    .push_bind(f.household)
                    .push_bind(i64::from(f.catalog_version))
                    .push_bind(f.quote.as_deref())
                    .push_bind(f.work);
            },
        )
        .await?;
        type OutcomeRow<'a> = (TeamId, &'a str, &'a str, &'a str, Option<i64>);
        let outcomes: Vec<OutcomeRow> = live
            .iter()
            .flat_map(|(team, id, f)| {
                f.outcomes.iter().map(move |(scheme, decision, yearly)| {
                    (
                        *team,
                        *id,
                        scheme.as_str(),
                        *decision,
                        yearly.map(i64::from),
                    )
                })
            })
            .collect();
        self.insert_rows(
            "INSERT INTO outcome_facts (team_id, record_id, scheme, decision, \
             yearly_euros) ",
            "",
            &outcomes,
            |mut row, (team, id, scheme, decision, yearly)| {
                row.push_bind(*team)
                    .push_bind(*id)
                    .push_bind(*scheme)
                    .push_bind(*decision)
                    .push_bind(*yearly);
            },
        )
        .await?;
        drop(outcomes);
        type FindingRow<'a> = (TeamId, &'a str, i64, &'a str, &'a str, String);
        let findings: Vec<FindingRow> = live
            .iter()
            .flat_map(|(team, id, f)| {
                f.findings
                    .iter()
                    .enumerate()
                    .map(move |(pos, (scheme, status, named))| {
                        (
                            *team,
                            *id,
                            pos as i64,
                            scheme.as_str(),
                            *status,
                            drempel_core::stats::BarrierList::of(named),
                        )
                    })
            })
            .collect();
        self.insert_rows(
            "INSERT INTO finding_facts (team_id, record_id, pos, scheme, status, barriers) ",
            "",
            &findings,
            |mut row, (team, id, pos, scheme, status, barriers)| {
                row.push_bind(*team)
                    .push_bind(*id)
                    .push_bind(*pos)
                    .push_bind(*scheme)
                    .push_bind(*status)
                    .push_bind(barriers.as_str());
            },
        )
        .await?;
        Ok(())
    }
}

impl Tx {
    fn facts_state(&mut self) -> &mut super::counting::FactsState {
        &mut self.2
    }
}

/// A write transaction, holding the writer's turn until it ends.
pub(super) struct Tx(
    Transaction<'static, Sqlite>,
    #[allow(dead_code)] tokio::sync::OwnedMutexGuard<()>,
    super::counting::FactsState,
);

#[async_trait::async_trait]
impl PushTx for Tx {
    async fn lock_team(&mut self, team: TeamId) -> Result<u64, StoreError> {
        // BEGIN IMMEDIATE already holds the database's write lock.
        let last: Option<i64> =
            sqlx::query_scalar("SELECT last_seq FROM sync_counters WHERE team_id = ?")
                .bind(team)
                .fetch_optional(&mut *self.0)
                .await?;
        Ok(from_db(last.unwrap_or(0)))
    }

    async fn applied_through(
        &mut self,
        team: TeamId,
        devices: &[&str],
    ) -> Result<std::collections::BTreeMap<String, u64>, StoreError> {
        self.applied_through_in(team, devices).await
    }

    async fn load(
        &mut self,
        team: TeamId,
        id: &str,
    ) -> Result<Option<(ServerRecord, String)>, StoreError> {
        let stored: Option<(String, String)> =
            sqlx::query_as("SELECT state, owner FROM sync_records WHERE team_id = ? AND id = ?")
                .bind(team)
                .bind(id)
                .fetch_optional(&mut *self.0)
                .await?;
        stored
            .map(|(json, owner)| Ok((serde_json::from_str(&json)?, owner)))
            .transpose()
    }

    async fn load_many(
        &mut self,
        team: TeamId,
        ids: &[&str],
    ) -> Result<std::collections::BTreeMap<String, (ServerRecord, String)>, StoreError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT id, state, owner FROM sync_records \
             WHERE team_id = ? AND id IN (SELECT value FROM json_each(?))",
        )
        .bind(team)
        .bind(serde_json::to_string(ids)?)
        .fetch_all(&mut *self.0)
        .await?;
        rows.into_iter()
            .map(|(id, json, owner)| Ok((id, (serde_json::from_str(&json)?, owner))))
            .collect()
    }

    async fn save(&mut self, team: TeamId, rows: &[super::Saved<'_>]) -> Result<(), StoreError> {
        // Serialised first: the builder takes owned texts.
        let states = rows
            .iter()
            .map(|row| serde_json::to_string(row.record))
            .collect::<Result<Vec<String>, _>>()?;
        let rows_states: Vec<(&super::Saved<'_>, &String)> = rows.iter().zip(&states).collect();
        let insert = self.insert_rows(
            "INSERT INTO sync_records (team_id, id, cursor, state, owner) ",
            " ON CONFLICT (team_id, id) DO UPDATE SET cursor = excluded.cursor, state = excluded.state",
            &rows_states,
            |mut b, (row, state)| {
                b.push_bind(team)
                    .push_bind(row.id)
                    .push_bind(to_db(row.cursor))
                    .push_bind(state.as_str())
                    .push_bind(row.owner);
            },
        );
        let facts = super::counting::facts_while(rows, insert).await?;
        for (row, facts) in rows.iter().zip(facts) {
            self.write_facts_in(team, row.id, facts, row.stored);
        }
        Ok(())
    }

    async fn log(&mut self, team: TeamId, id: &str, conflict: &Conflict) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sync_conflicts (team_id, record_id, field, overwritten, overwritten_version, version) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(team)
        .bind(id)
        .bind(&conflict.field)
        .bind(conflict.overwritten.as_ref().map(serde_json::to_string).transpose()?)
        .bind(to_db(conflict.overwritten_version))
        .bind(to_db(conflict.version))
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn forget_conflicts(
        &mut self,
        team: TeamId,
        id: &str,
        fields: Option<&[&str]>,
    ) -> Result<(), StoreError> {
        self.forget_conflicts_in(team, id, fields).await
    }

    async fn commit(self, team: TeamId, last_seq: u64) -> Result<(), StoreError> {
        self.commit_sequence(team, last_seq).await
    }

    async fn finish_pushes(
        &mut self,
        team: TeamId,
        progress: &[(&str, u64)],
        now: i64,
    ) -> Result<(), StoreError> {
        self.finish_pushes_in(team, progress, now).await
    }
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_team(&self, name: &str) -> Result<TeamId, StoreError> {
        let id = sqlx::query_scalar("INSERT INTO teams (name) VALUES (?) RETURNING id")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(id)
    }

    async fn push_in_turn(
        &self,
        team: TeamId,
        device: &str,
        scope: Scope<'_>,
        request: PushRequest,
        now: i64,
        turn: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Result<Result<PushResponse, PushError>, StoreError> {
        super::batch::push(self, team, device, scope, request, now, turn).await
    }

    async fn pull(
        &self,
        team: TeamId,
        scope: Scope<'_>,
        cursor: u64,
        limit: usize,
    ) -> Result<PullResponse, StoreError> {
        let mut query = sqlx::query_as::<_, (String, i64, String)>(pull_sql(scope))
            .bind(team)
            .bind(to_db(cursor))
            .bind(limit as i64 + 1);
        if let Some(owner) = scope.owner() {
            query = query.bind(owner);
        }
        let rows: Vec<(String, i64, String)> = query.fetch_all(&self.pool).await?;
        let rows = rows
            .into_iter()
            .map(|(id, cursor, state)| Ok((id, from_db(cursor), serde_json::from_str(&state)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(page(cursor, limit, rows))
    }

    async fn records_page(
        &self,
        team: TeamId,
        scope: Scope<'_>,
        before: Option<&str>,
        limit: usize,
    ) -> Result<RecordsPage, StoreError> {
        let mut query = sqlx::query_as::<_, (String, i64, String)>(records_page_sql(scope, before))
            .bind(team)
            .bind(limit as i64 + 1);
        if let Some(owner) = scope.owner() {
            query = query.bind(owner);
        }
        if let Some(before) = before {
            query = query.bind(before);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let rows = rows
            .into_iter()
            .map(|(id, cursor, state)| Ok((id, from_db(cursor), serde_json::from_str(&state)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(records_page(limit, rows))
    }

    async fn export(&self, team: TeamId, sink: ExportSink) -> Result<(), StoreError> {
        use futures_util::TryStreamExt;
        // In WAL mode a read transaction sees one snapshot while pushes go on.
        let mut tx = self.pool.begin().await?;
        {
            let mut rows = sqlx::query_as::<_, (String, String)>(
                "SELECT id, state FROM sync_records WHERE team_id = ? ORDER BY id",
            )
            .bind(team)
            .fetch(&mut *tx);
            while let Some((id, state)) = rows.try_next().await? {
                let record: ServerRecord = serde_json::from_str(&state)?;
                if record.deleted_at.is_none() && sink.send((id, record)).await.is_err() {
                    break;
                }
            }
        }
        tx.rollback().await?;
        Ok(())
    }

    async fn erase(&self, team: TeamId, id: &str) -> Result<bool, StoreError> {
        erase_in(self.write_tx().await?, team, id).await
    }

    async fn purge_free_text(&self, team: TeamId, before: i64) -> Result<usize, StoreError> {
        purge_in(self, team, before, || self.write_tx()).await
    }

    fn pool_use(&self) -> super::PoolUse {
        super::PoolUse::of(&self.pool)
    }

    async fn claim_task(&self, task: &str, now: i64, every_ms: i64) -> Result<bool, StoreError> {
        // One statement, in the writers' turn: whole on its own.
        let _turn = self.write_turn().await;
        let claimed: Option<String> = sqlx::query_scalar(super::CLAIM_TASK)
            .bind(task)
            .bind(now)
            .bind(every_ms)
            .fetch_optional(self.writes())
            .await?;
        Ok(claimed.is_some())
    }

    async fn records_by_id(
        &self,
        team: TeamId,
        ids: &[&str],
    ) -> Result<Vec<(String, ServerRecord)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut query =
            sqlx::QueryBuilder::new("SELECT id, state FROM sync_records WHERE team_id = ");
        query.push_bind(team).push(" AND id IN (");
        let mut list = query.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        query.push(")");
        let rows: Vec<(String, String)> = query.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|(id, state)| Ok((id, serde_json::from_str(&state)?)))
            .collect()
    }

    async fn conflicts_page(
        &self,
        team: TeamId,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<(i64, String, Conflict)>, StoreError> {
        let rows: Vec<(i64, String, String, Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT id, record_id, field, overwritten, overwritten_version, version \
             FROM sync_conflicts WHERE team_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
        )
        .bind(team)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(id, record, field, overwritten, overwritten_version, version)| {
                    let overwritten = overwritten.map(|v| serde_json::from_str(&v)).transpose()?;
                    Ok(conflict_row((
                        id,
                        record,
                        field,
                        overwritten,
                        overwritten_version,
                        version,
                    )))
                },
            )
            .collect()
    }

    async fn close(&self) {
        self.writes.close().await;
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan SQLite picks for `sql`, one line per step.
    async fn plan(store: &SqliteStore, sql: &str) -> String {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .fetch_all(&store.pool)
                .await
                .expect("a plan");
        rows.into_iter()
            .map(|(.., step)| step)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Each way of reading records walks an index to its rows: none reads
    /// the team's other records to find the ones it wants.
    #[tokio::test]
    async fn reads_of_records_walk_their_index() {
        let dir = tempfile::tempdir().expect("a folder");
        let url = format!("sqlite://{}", dir.path().join("plan.db").display());
        let store = SqliteStore::open(&url).await.expect("a store");
        let owner = Scope::Owner("device");
        let cases = [
            (
                pull_sql(owner),
                "sync_records_by_owner (team_id=? AND owner=? AND cursor>?)",
            ),
            (
                pull_sql(Scope::Team),
                "sync_records_by_cursor (team_id=? AND cursor>?)",
            ),
            (
                records_page_sql(owner, None),
                "sync_records_by_owner_id (team_id=? AND owner=?)",
            ),
            (
                records_page_sql(owner, Some("x")),
                "sync_records_by_owner_id (team_id=? AND owner=? AND id<?)",
            ),
        ];
        for (sql, index) in cases {
            let plan = plan(&store, sql).await;
            assert!(
                plan.contains(&format!("SEARCH sync_records USING INDEX {index}")),
                "{sql}\n{plan}"
            );
            assert!(
                !plan.contains("TEMP B-TREE"),
                "sorts its rows: {sql}\n{plan}"
            );
        }
        store.close().await;
    }

    /// Writes reach the database file itself soon after they are made,
    /// without waiting for the writer to cross SQLite's log threshold.
    #[tokio::test]
    async fn the_log_is_copied_into_the_database_after_writes() {
        let dir = tempfile::tempdir().expect("a folder");
        let file = dir.path().join("log.db");
        let store = SqliteStore::open(&format!("sqlite://{}", file.display()))
            .await
            .expect("a store");
        let size = || std::fs::metadata(&file).map_or(0, |m| m.len());
        // Let the migrations' own pages settle first.
        tokio::time::sleep(CHECKPOINT_AFTER * 4).await;
        let before = size();
        {
            let _turn = store.write_turn().await;
            sqlx::query("CREATE TABLE filler (x BLOB)")
                .execute(store.writes())
                .await
                .expect("a table");
            // About 250 pages: far below the writer's own threshold.
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) \
                 INSERT INTO filler SELECT randomblob(4000) FROM n",
            )
            .execute(store.writes())
            .await
            .expect("rows");
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while size() < before + 250 * 4000 / 2 {
            assert!(
                std::time::Instant::now() < deadline,
                "the database file stayed at {} bytes",
                size()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        store.close().await;
    }
}
