//! Signals to the municipality, stored as core's JSON with their report
//! link. The SQL is the same for both databases: one macro writes the
//! implementation for each store.

use drempel_core::signal::{Signal, SignalInfo};

use super::{StoreError, TeamId};

#[async_trait::async_trait]
pub trait Signals {
    /// A page of the team's signals, newest first, older than signal
    /// `before` (from the start when none).
    async fn signals_page(
        &self,
        team: TeamId,
        before: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SignalInfo>, StoreError>;

    async fn signal(&self, team: TeamId, id: &str) -> Result<Option<SignalInfo>, StoreError>;

    /// Stores a new signal unless the team holds `max` already (false).
    async fn add_signal(
        &self,
        team: TeamId,
        signal: &Signal,
        now: i64,
        max: u32,
    ) -> Result<bool, StoreError>;

    /// Replaces the signal's text, filter and status (false: no such signal).
    async fn update_signal(
        &self,
        team: TeamId,
        signal: &Signal,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Sets or (with `None`) withdraws the read-only link.
    async fn set_signal_share(
        &self,
        team: TeamId,
        id: &str,
        code: Option<&str>,
    ) -> Result<(), StoreError>;

    /// The team and signal a link opens.
    async fn shared_signal(&self, code: &str) -> Result<Option<(TeamId, SignalInfo)>, StoreError>;
}

pub(crate) type SignalTuple = (String, Option<String>, i64, i64);

pub(crate) fn signal_row(
    (body, share, created_at, updated_at): SignalTuple,
) -> Result<SignalInfo, StoreError> {
    Ok(SignalInfo {
        signal: serde_json::from_str(&body)?,
        share,
        created_at,
        updated_at,
    })
}

macro_rules! impl_signals {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::signals::Signals for $store {
            async fn signals_page(
                &self,
                team: TeamId,
                before: Option<&str>,
                limit: usize,
            ) -> Result<Vec<drempel_core::signal::SignalInfo>, StoreError> {
                let rows: Vec<$crate::store::signals::SignalTuple> = sqlx::query_as(
                    "SELECT s.body, s.share_code, s.created_at, s.updated_at FROM signals s \
                     WHERE s.team_id = $1 AND ($2 IS NULL OR EXISTS ( \
                         SELECT 1 FROM signals b WHERE b.team_id = $1 AND b.id = $2 \
                         AND (s.created_at < b.created_at \
                              OR (s.created_at = b.created_at AND s.id < b.id)))) \
                     ORDER BY s.created_at DESC, s.id DESC LIMIT $3",
                )
                .bind(team)
                .bind(before)
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map($crate::store::signals::signal_row)
                    .collect()
            }

            async fn signal(
                &self,
                team: TeamId,
                id: &str,
            ) -> Result<Option<drempel_core::signal::SignalInfo>, StoreError> {
                let row: Option<$crate::store::signals::SignalTuple> = sqlx::query_as(
                    "SELECT body, share_code, created_at, updated_at FROM signals \
                     WHERE team_id = $1 AND id = $2",
                )
                .bind(team)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.map($crate::store::signals::signal_row).transpose()
            }

            async fn add_signal(
                &self,
                team: TeamId,
                signal: &drempel_core::signal::Signal,
                now: i64,
                max: u32,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "INSERT INTO signals (id, team_id, body, created_at, updated_at) \
                     SELECT $1, $2, $3, $4, $4 \
                     WHERE (SELECT count(*) FROM signals WHERE team_id = $2) < $5",
                )
                .bind(&signal.id)
                .bind(team)
                .bind(serde_json::to_string(signal)?)
                .bind(now)
                .bind(i64::from(max))
                .execute(&mut *tx.0)
                .await?;
                tx.0.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn update_signal(
                &self,
                team: TeamId,
                signal: &drempel_core::signal::Signal,
                now: i64,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE signals SET body = $3, updated_at = $4 WHERE team_id = $1 AND id = $2",
                )
                .bind(team)
                .bind(&signal.id)
                .bind(serde_json::to_string(signal)?)
                .bind(now)
                .execute(&mut *tx.0)
                .await?;
                tx.0.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_signal_share(
                &self,
                team: TeamId,
                id: &str,
                code: Option<&str>,
            ) -> Result<(), StoreError> {
                let mut tx = self.write_tx().await?;
                sqlx::query("UPDATE signals SET share_code = $3 WHERE team_id = $1 AND id = $2")
                    .bind(team)
                    .bind(id)
                    .bind(code)
                    .execute(&mut *tx.0)
                    .await?;
                tx.0.commit().await?;
                Ok(())
            }

            async fn shared_signal(
                &self,
                code: &str,
            ) -> Result<Option<(TeamId, drempel_core::signal::SignalInfo)>, StoreError> {
                let row: Option<(TeamId, String, Option<String>, i64, i64)> = sqlx::query_as(
                    "SELECT team_id, body, share_code, created_at, updated_at FROM signals \
                     WHERE share_code = $1",
                )
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|(team, body, share, created, updated)| {
                    $crate::store::signals::signal_row((body, share, created, updated))
                        .map(|info| (team, info))
                })
                .transpose()
            }
        }
    };
}

pub(super) use impl_signals;
