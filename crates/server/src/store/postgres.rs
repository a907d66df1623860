//! PostgreSQL, for when one machine is not enough. A push locks its team's
//! counter row first (`SELECT … FOR UPDATE`): sequence numbers are handed
//! out in commit order, so a reader never skips a change committed late.

use drempel_core::sync::{
    Conflict, PullResponse, PushError, PushRequest, PushResponse, ServerRecord, apply, plan_push,
};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use sqlx::types::Json;

use super::sqlite::pulled;
use super::{OpenError, Store, StoreError, TeamId, from_db, to_db};

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    pub async fn open(url: &str) -> Result<PostgresStore, OpenError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(PostgresStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

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

    async fn push(
        &self,
        team: TeamId,
        device: &str,
        request: &PushRequest,
    ) -> Result<Result<PushResponse, PushError>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The lock first: it orders pushes of the team, including two of
        // the same device at once, before anything is read.
        sqlx::query(
            "INSERT INTO sync_counters (team_id, last_seq) VALUES ($1, 0) ON CONFLICT DO NOTHING",
        )
        .bind(team)
        .execute(&mut *tx)
        .await?;
        let last_seq: i64 =
            sqlx::query_scalar("SELECT last_seq FROM sync_counters WHERE team_id = $1 FOR UPDATE")
                .bind(team)
                .fetch_one(&mut *tx)
                .await?;
        let applied: Option<i64> = sqlx::query_scalar(
            "SELECT applied_through FROM sync_devices WHERE team_id = $1 AND device = $2",
        )
        .bind(team)
        .bind(device)
        .fetch_optional(&mut *tx)
        .await?;
        let applied_through = from_db(applied.unwrap_or(0));
        let fresh = match plan_push(applied_through, &request.changes) {
            Ok(fresh) => fresh,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let mut seq = from_db(last_seq);
        let mut conflicts = 0;
        for change in fresh {
            seq += 1;
            let stored: Option<Json<ServerRecord>> =
                sqlx::query_scalar("SELECT state FROM sync_records WHERE team_id = $1 AND id = $2")
                    .bind(team)
                    .bind(&change.record)
                    .fetch_optional(&mut *tx)
                    .await?;
            let mut record = stored.map(|Json(r)| r).unwrap_or_default();
            let lost = apply(&mut record, change, seq);
            sqlx::query(
                "INSERT INTO sync_records (team_id, id, cursor, state) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (team_id, id) DO UPDATE SET cursor = excluded.cursor, state = excluded.state",
            )
            .bind(team)
            .bind(&change.record)
            .bind(to_db(seq))
            .bind(Json(&record))
            .execute(&mut *tx)
            .await?;
            for conflict in &lost {
                sqlx::query(
                    "INSERT INTO sync_conflicts (team_id, record_id, field, overwritten, overwritten_version, version) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(team)
                .bind(&change.record)
                .bind(&conflict.field)
                .bind(conflict.overwritten.as_ref().map(Json))
                .bind(to_db(conflict.overwritten_version))
                .bind(to_db(conflict.version))
                .execute(&mut *tx)
                .await?;
            }
            conflicts += lost.len() as u32;
        }
        let through = fresh.last().map_or(applied_through, |c| c.seq);
        sqlx::query("UPDATE sync_counters SET last_seq = $2 WHERE team_id = $1")
            .bind(team)
            .bind(to_db(seq))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sync_devices (team_id, device, applied_through) VALUES ($1, $2, $3) \
             ON CONFLICT (team_id, device) DO UPDATE SET applied_through = excluded.applied_through",
        )
        .bind(team)
        .bind(device)
        .bind(to_db(through))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(PushResponse {
            applied_through: through,
            skipped: (request.changes.len() - fresh.len()) as u32,
            applied: fresh.len() as u32,
            conflicts,
        }))
    }

    async fn pull(
        &self,
        team: TeamId,
        cursor: u64,
        limit: usize,
    ) -> Result<PullResponse, StoreError> {
        let rows: Vec<(String, i64, Json<ServerRecord>)> = sqlx::query_as(
            "SELECT id, cursor, state FROM sync_records WHERE team_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3",
        )
        .bind(team)
        .bind(to_db(cursor))
        .bind(limit as i64 + 1)
        .fetch_all(&self.pool)
        .await?;
        let has_more = rows.len() > limit;
        let changes: Vec<_> = rows
            .into_iter()
            .take(limit)
            .map(|(id, cursor, Json(state))| pulled(id, from_db(cursor), state))
            .collect();
        Ok(PullResponse {
            next_cursor: changes.last().map_or(cursor, |c| c.cursor),
            has_more,
            changes,
        })
    }

    async fn conflicts(&self, team: TeamId) -> Result<Vec<(String, Conflict)>, StoreError> {
        let rows: Vec<(String, String, Option<Json<serde_json::Value>>, i64, i64)> = sqlx::query_as(
            "SELECT record_id, field, overwritten, overwritten_version, version FROM sync_conflicts \
             WHERE team_id = $1 ORDER BY id",
        )
        .bind(team)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(record, field, overwritten, overwritten_version, version)| {
                    (
                        record,
                        Conflict {
                            field,
                            overwritten: overwritten.map(|Json(v)| v),
                            overwritten_version: from_db(overwritten_version),
                            version: from_db(version),
                        },
                    )
                },
            )
            .collect())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
