//! PostgreSQL, for when one machine is not enough. A push locks its team's
//! counter row first (`SELECT … FOR UPDATE`): sequence numbers are handed
//! out in commit order, so a reader never skips a change committed late.

use drempel_core::sync::{
    Conflict, PullResponse, PushError, PushRequest, PushResponse, ServerRecord,
};
use drempel_core::wire::RecordsPage;
use sqlx::postgres::PgPoolOptions;
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Transaction};

use super::{
    ExportSink, OpenError, PushTx, Scope, Store, StoreError, TeamId, conflict_row, erase_in,
    from_db, page, pull_sql, purge_in, records_page, records_page_sql, to_db,
};

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    /// The write transactions' own connections: a batch of pushes never
    /// waits for a connection behind the reads (sign-ins, pulls) that many
    /// devices make at once.
    writes: PgPool,
    tallies: std::sync::Arc<super::tallies::Tallies>,
    lanes: std::sync::Arc<super::batch::Lanes>,
}

/// Connections for write transactions: one per team whose pushes are
/// being written at once (each team's batches go one after another).
const WRITE_CONNECTIONS: u32 = 4;

impl PostgresStore {
    pub async fn open(url: &str) -> Result<PostgresStore, OpenError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        let writes = PgPoolOptions::new()
            .max_connections(WRITE_CONNECTIONS)
            .connect(url)
            .await?;
        let store = PostgresStore {
            pool,
            writes,
            tallies: Default::default(),
            lanes: Default::default(),
        };
        super::counting::build_once(&store, || store.write_tx()).await?;
        Ok(store)
    }

    /// A transaction for changes: the team lock comes with `lock_team`.
    async fn write_tx(&self) -> Result<Tx, StoreError> {
        Ok(Tx(
            self.writes.begin().await?,
            super::counting::FactsState::new(self.tallies.clone()),
        ))
    }

    /// A read-only transaction that sees one snapshot throughout.
    async fn snapshot(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// PostgreSQL takes many writers at once: no turn to wait for.
    async fn write_turn(&self) {}

    /// Writes outside a transaction take the writers' connections too.
    fn writes(&self) -> &PgPool {
        &self.writes
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait::async_trait]
impl super::batch::Writer for PostgresStore {
    type Tx = Tx;

    async fn begin_write(&self) -> Result<Tx, StoreError> {
        self.write_tx().await
    }

    fn lanes(&self) -> &super::batch::Lanes {
        &self.lanes
    }
}

use super::access::{device_columns, link_columns};
super::access::impl_access!(PostgresStore);

use super::content::consultation_columns;
super::content::impl_content!(PostgresStore);
super::signals::impl_signals!(PostgresStore);
super::regions::impl_regions!(PostgresStore);

super::shared_tx_steps!();
super::counting::impl_counting!(PostgresStore);
super::counting::facts_tx_steps!();
super::counting::impl_facts_tx!();

impl Tx {
    /// The counting rows of `live` records: one statement per table, each
    /// column bound as one array and unnested (four parameters' worth of
    /// planning, not one per value, and the same prepared statement every
    /// time).
    async fn insert_facts(
        &mut self,
        live: &[(TeamId, &str, &drempel_core::stats::Facts)],
    ) -> Result<(), StoreError> {
        if live.is_empty() {
            return Ok(());
        }
        let teams: Vec<TeamId> = live.iter().map(|(team, _, _)| *team).collect();
        let ids: Vec<&str> = live.iter().map(|(_, id, _)| *id).collect();
        sqlx::query(
            "INSERT INTO contact_facts (team_id, record_id, created_at, site, channel, \
             household, catalog_version, quote, work) \
             SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::bigint[], $4::text[], \
             $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])",
        )
        .bind(&teams)
        .bind(&ids)
        .bind(
            live.iter()
                .map(|(_, _, f)| f.created_at)
                .collect::<Vec<_>>(),
        )
        .bind(
            live.iter()
                .map(|(_, _, f)| f.site.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(live.iter().map(|(_, _, f)| f.channel).collect::<Vec<_>>())
        .bind(live.iter().map(|(_, _, f)| f.household).collect::<Vec<_>>())
        .bind(
            live.iter()
                .map(|(_, _, f)| i64::from(f.catalog_version))
                .collect::<Vec<_>>(),
        )
        .bind(
            live.iter()
                .map(|(_, _, f)| f.quote.as_deref())
                .collect::<Vec<_>>(),
        )
        .bind(live.iter().map(|(_, _, f)| f.work).collect::<Vec<_>>())
        .execute(&mut *self.0)
        .await?;

        let mut outcomes = Columns::default();
        let mut findings = Columns::default();
        for (team, id, f) in live {
            for (scheme, decision, yearly) in &f.outcomes {
                outcomes.row(*team, id);
                outcomes.scheme.push(scheme.as_str());
                outcomes.code.push(decision);
                outcomes.euros.push(yearly.map(i64::from));
            }
            for (pos, (scheme, status, named)) in f.findings.iter().enumerate() {
                findings.row(*team, id);
                findings.pos.push(pos as i64);
                findings.scheme.push(scheme.as_str());
                findings.code.push(status);
                findings
                    .barriers
                    .push(drempel_core::stats::BarrierList::of(named));
            }
        }
        if !outcomes.teams.is_empty() {
            sqlx::query(
                "INSERT INTO outcome_facts (team_id, record_id, scheme, decision, yearly_euros) \
                 SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], \
                 $5::bigint[])",
            )
            .bind(&outcomes.teams)
            .bind(&outcomes.ids)
            .bind(&outcomes.scheme)
            .bind(&outcomes.code)
            .bind(&outcomes.euros)
            .execute(&mut *self.0)
            .await?;
        }
        if !findings.teams.is_empty() {
            sqlx::query(
                "INSERT INTO finding_facts (team_id, record_id, pos, scheme, status, barriers) \
                 SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::bigint[], $4::text[], \
                 $5::text[], $6::text[])",
            )
            .bind(&findings.teams)
            .bind(&findings.ids)
            .bind(&findings.pos)
            .bind(&findings.scheme)
            .bind(&findings.code)
            .bind(&findings.barriers)
            .execute(&mut *self.0)
            .await?;
        }
        Ok(())
    }
}

/// Rows of one counting table as columns, for `UNNEST` (unused ones stay
/// empty).
#[derive(Default)]
struct Columns<'a> {
    teams: Vec<TeamId>,
    ids: Vec<&'a str>,
    pos: Vec<i64>,
    scheme: Vec<&'a str>,
    /// Status or decision.
    code: Vec<&'a str>,
    /// A finding's barriers (`BarrierList`).
    barriers: Vec<String>,
    euros: Vec<Option<i64>>,
}

impl<'a> Columns<'a> {
    fn row(&mut self, team: TeamId, id: &'a str) {
        self.teams.push(team);
        self.ids.push(id);
    }
}

impl Tx {
    fn facts_state(&mut self) -> &mut super::counting::FactsState {
        &mut self.1
    }
}

pub(super) struct Tx(Transaction<'static, Postgres>, super::counting::FactsState);

#[async_trait::async_trait]
impl PushTx for Tx {
    async fn lock_team(&mut self, team: TeamId) -> Result<u64, StoreError> {
        // The lock comes before anything is read: it orders the team's
        // pushes, two of the same device at once included. One statement
        // makes the row when it is missing and locks it when it is not
        // (an upsert locks the row it updates, as FOR UPDATE does).
        let last: i64 = sqlx::query_scalar(
            "INSERT INTO sync_counters (team_id, last_seq) VALUES ($1, 0) \
             ON CONFLICT (team_id) DO UPDATE SET last_seq = sync_counters.last_seq \
             RETURNING last_seq",
        )
        .bind(team)
        .fetch_one(&mut *self.0)
        .await?;
        Ok(from_db(last))
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
        let stored: Option<(Json<ServerRecord>, String)> =
            sqlx::query_as("SELECT state, owner FROM sync_records WHERE team_id = $1 AND id = $2")
                .bind(team)
                .bind(id)
                .fetch_optional(&mut *self.0)
                .await?;
        Ok(stored.map(|(Json(record), owner)| (record, owner)))
    }

    async fn load_many(
        &mut self,
        team: TeamId,
        ids: &[&str],
    ) -> Result<std::collections::BTreeMap<String, (ServerRecord, String)>, StoreError> {
        let rows: Vec<(String, Json<ServerRecord>, String)> = sqlx::query_as(
            "SELECT id, state, owner FROM sync_records WHERE team_id = $1 AND id = ANY($2)",
        )
        .bind(team)
        .bind(ids)
        .fetch_all(&mut *self.0)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, Json(record), owner)| (id, (record, owner)))
            .collect())
    }

    async fn save(&mut self, team: TeamId, rows: &[super::Saved<'_>]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        // One statement however many rows: each column is one array. The
        // states go as text, cast to JSON in the database (migration 0018).
        let states = rows
            .iter()
            .map(|row| serde_json::to_string(row.record))
            .collect::<Result<Vec<String>, _>>()?;
        let insert = async {
            sqlx::query(
                "INSERT INTO sync_records (team_id, id, cursor, state, owner) \
                 SELECT $1, id, cursor, state::json, owner \
                 FROM UNNEST($2::text[], $3::bigint[], $4::text[], $5::text[]) \
                 AS saved (id, cursor, state, owner) \
                 ON CONFLICT (team_id, id) DO UPDATE SET cursor = excluded.cursor, state = excluded.state",
            )
            .bind(team)
            .bind(rows.iter().map(|row| row.id).collect::<Vec<_>>())
            .bind(rows.iter().map(|row| to_db(row.cursor)).collect::<Vec<_>>())
            .bind(&states)
            .bind(rows.iter().map(|row| row.owner).collect::<Vec<_>>())
            .execute(&mut *self.0)
            .await?;
            Ok::<(), StoreError>(())
        };
        let facts = super::counting::facts_while(rows, insert).await?;
        for (row, facts) in rows.iter().zip(facts) {
            self.write_facts_in(team, row.id, facts, row.stored);
        }
        Ok(())
    }

    async fn log(&mut self, team: TeamId, id: &str, conflict: &Conflict) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sync_conflicts (team_id, record_id, field, overwritten, overwritten_version, version) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(team)
        .bind(id)
        .bind(&conflict.field)
        .bind(conflict.overwritten.as_ref().map(Json))
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

/// The advisory lock key of periodic tasks ("drempel" in ASCII, as a
/// number): held only inside [`Store::claim_task`]'s transaction.
const MAINTENANCE_LOCK: i64 = 0x0064_7265_6d70_656c;

#[async_trait::async_trait]
impl Store for PostgresStore {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_team(&self, name: &str) -> Result<TeamId, StoreError> {
        let id = sqlx::query_scalar("INSERT INTO teams (name) VALUES ($1) RETURNING id")
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
        let mut query = sqlx::query_as::<_, (String, i64, Json<ServerRecord>)>(pull_sql(scope))
            .bind(team)
            .bind(to_db(cursor))
            .bind(limit as i64 + 1);
        if let Some(owner) = scope.owner() {
            query = query.bind(owner);
        }
        let rows: Vec<(String, i64, Json<ServerRecord>)> = query.fetch_all(&self.pool).await?;
        let rows = rows
            .into_iter()
            .map(|(id, cursor, Json(state))| (id, from_db(cursor), state))
            .collect();
        Ok(page(cursor, limit, rows))
    }

    async fn records_page(
        &self,
        team: TeamId,
        scope: Scope<'_>,
        before: Option<&str>,
        limit: usize,
    ) -> Result<RecordsPage, StoreError> {
        let mut query =
            sqlx::query_as::<_, (String, i64, Json<ServerRecord>)>(records_page_sql(scope, before))
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
            .map(|(id, cursor, Json(state))| (id, from_db(cursor), state))
            .collect();
        Ok(records_page(limit, rows))
    }

    async fn export(&self, team: TeamId, sink: ExportSink) -> Result<(), StoreError> {
        use futures_util::TryStreamExt;
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        {
            let mut rows = sqlx::query_as::<_, (String, Json<ServerRecord>)>(
                "SELECT id, state FROM sync_records WHERE team_id = $1 ORDER BY id",
            )
            .bind(team)
            .fetch(&mut *tx);
            while let Some((id, Json(record))) = rows.try_next().await? {
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
        super::PoolUse::of(&self.pool).plus(super::PoolUse::of(&self.writes))
    }

    async fn claim_task(&self, task: &str, now: i64, every_ms: i64) -> Result<bool, StoreError> {
        // Processes sharing the database take turns on an advisory lock,
        // held to the end of the transaction; the stored time decides.
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MAINTENANCE_LOCK)
            .execute(&mut *tx)
            .await?;
        let claimed: Option<String> = sqlx::query_scalar(super::CLAIM_TASK)
            .bind(task)
            .bind(now)
            .bind(every_ms)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
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
        let rows: Vec<(String, Json<ServerRecord>)> =
            query.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|(id, Json(state))| Ok((id, state)))
            .collect()
    }

    async fn conflicts_page(
        &self,
        team: TeamId,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<(i64, String, Conflict)>, StoreError> {
        let rows: Vec<(
            i64,
            String,
            String,
            Option<Json<serde_json::Value>>,
            i64,
            i64,
        )> = sqlx::query_as(
            "SELECT id, record_id, field, overwritten, overwritten_version, version \
                 FROM sync_conflicts WHERE team_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(team)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, record, field, overwritten, overwritten_version, version)| {
                    conflict_row((
                        id,
                        record,
                        field,
                        overwritten.map(|Json(v)| v),
                        overwritten_version,
                        version,
                    ))
                },
            )
            .collect())
    }

    async fn close(&self) {
        self.writes.close().await;
        self.pool.close().await;
    }
}
