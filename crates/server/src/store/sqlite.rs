//! SQLite in WAL mode: the embedded default. `BEGIN IMMEDIATE` takes the
//! write lock at the start of a push, so pushes never interleave.

use std::str::FromStr;
use std::time::Duration;

use drempel_core::sync::{
    Conflict, PullResponse, PulledRecord, PushError, PushRequest, PushResponse, ServerRecord,
    apply, plan_push,
};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{OpenError, Store, StoreError, TeamId, from_db, to_db};

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open(url: &str) -> Result<SqliteStore, OpenError> {
        let rest = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = rest.split('?').next().unwrap_or_default();
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
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
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

    async fn push(
        &self,
        team: TeamId,
        device: &str,
        request: &PushRequest,
    ) -> Result<Result<PushResponse, PushError>, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let applied: Option<i64> = sqlx::query_scalar(
            "SELECT applied_through FROM sync_devices WHERE team_id = ? AND device = ?",
        )
        .bind(team)
        .bind(device)
        .fetch_optional(&mut *tx)
        .await?;
        let applied_through = from_db(applied.unwrap_or(0));
        // A refused push rolls back (the transaction is dropped unused).
        let fresh = match plan_push(applied_through, &request.changes) {
            Ok(fresh) => fresh,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let mut seq: u64 = from_db(
            sqlx::query_scalar::<_, i64>("SELECT last_seq FROM sync_counters WHERE team_id = ?")
                .bind(team)
                .fetch_optional(&mut *tx)
                .await?
                .unwrap_or(0),
        );
        let mut conflicts = 0;
        for change in fresh {
            seq += 1;
            let stored: Option<String> =
                sqlx::query_scalar("SELECT state FROM sync_records WHERE team_id = ? AND id = ?")
                    .bind(team)
                    .bind(&change.record)
                    .fetch_optional(&mut *tx)
                    .await?;
            let mut record: ServerRecord = match stored {
                Some(json) => serde_json::from_str(&json)?,
                None => ServerRecord::default(),
            };
            let lost = apply(&mut record, change, seq);
            sqlx::query(
                "INSERT INTO sync_records (team_id, id, cursor, state) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (team_id, id) DO UPDATE SET cursor = excluded.cursor, state = excluded.state",
            )
            .bind(team)
            .bind(&change.record)
            .bind(to_db(seq))
            .bind(serde_json::to_string(&record)?)
            .execute(&mut *tx)
            .await?;
            for conflict in &lost {
                sqlx::query(
                    "INSERT INTO sync_conflicts (team_id, record_id, field, overwritten, overwritten_version, version) \
                     VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(team)
                .bind(&change.record)
                .bind(&conflict.field)
                .bind(conflict.overwritten.as_ref().map(serde_json::to_string).transpose()?)
                .bind(to_db(conflict.overwritten_version))
                .bind(to_db(conflict.version))
                .execute(&mut *tx)
                .await?;
            }
            conflicts += lost.len() as u32;
        }
        let through = fresh.last().map_or(applied_through, |c| c.seq);
        sqlx::query(
            "INSERT INTO sync_counters (team_id, last_seq) VALUES (?, ?) \
             ON CONFLICT (team_id) DO UPDATE SET last_seq = excluded.last_seq",
        )
        .bind(team)
        .bind(to_db(seq))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO sync_devices (team_id, device, applied_through) VALUES (?, ?, ?) \
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
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT id, cursor, state FROM sync_records WHERE team_id = ? AND cursor > ? ORDER BY cursor LIMIT ?",
        )
        .bind(team)
        .bind(to_db(cursor))
        .bind(limit as i64 + 1)
        .fetch_all(&self.pool)
        .await?;
        let has_more = rows.len() > limit;
        let changes = rows
            .into_iter()
            .take(limit)
            .map(|(id, cursor, state)| {
                Ok(pulled(id, from_db(cursor), serde_json::from_str(&state)?))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(PullResponse {
            next_cursor: changes.last().map_or(cursor, |c: &PulledRecord| c.cursor),
            has_more,
            changes,
        })
    }

    async fn conflicts(&self, team: TeamId) -> Result<Vec<(String, Conflict)>, StoreError> {
        let rows: Vec<(String, String, Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT record_id, field, overwritten, overwritten_version, version FROM sync_conflicts \
             WHERE team_id = ? ORDER BY id",
        )
        .bind(team)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(record, field, overwritten, overwritten_version, version)| {
                    Ok((
                        record,
                        Conflict {
                            field,
                            overwritten: overwritten
                                .map(|v| serde_json::from_str(&v))
                                .transpose()?,
                            overwritten_version: from_db(overwritten_version),
                            version: from_db(version),
                        },
                    ))
                },
            )
            .collect()
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// A stored record as a pull hands it out.
pub(super) fn pulled(id: String, cursor: u64, record: ServerRecord) -> PulledRecord {
    PulledRecord {
        cursor,
        record: id,
        version: record.version,
        deleted: record.deleted_at.is_some(),
        fields: record
            .fields
            .into_iter()
            .map(|(k, f)| (k, f.value))
            .collect(),
    }
}
