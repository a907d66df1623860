//! What coordinators write for their team: catalog versions, consultations
//! with their report, and the responses devices send. Bodies are stored as
//! the core types' JSON; the SQL is the same for both databases, so one
//! macro writes the implementation for each store.
//!
//! Every change devices must receive (a catalog version, a consultation
//! published or corrected) raises the team's content revision in the same
//! transaction, so a device asks "anything after revision n?" and never
//! misses one.

use drempel_core::catalog::Catalog;
use drempel_core::consultation::{Consultation, Report, Response};

use super::{StoreError, TeamId};

/// A consultation as stored, with what the coordinator sees beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultationRow {
    pub consultation: Consultation,
    pub report: Report,
    pub share: Option<String>,
    pub responses: u32,
}

/// Where [`Content::export_responses`] sends responses.
pub type ResponseSink = tokio::sync::mpsc::Sender<Response>;

#[async_trait::async_trait]
pub trait Content {
    /// The team's catalog versions, oldest first (empty: the default).
    async fn catalogs(&self, team: TeamId) -> Result<Vec<Catalog>, StoreError>;
    /// The team's newest catalog version alone (none: the default).
    async fn newest_catalog(&self, team: TeamId) -> Result<Option<Catalog>, StoreError>;
    /// Stores a new version; false when that version exists already (a
    /// concurrent edit won).
    async fn add_catalog(
        &self,
        team: TeamId,
        catalog: &Catalog,
        now: i64,
    ) -> Result<bool, StoreError>;
    async fn content_revision(&self, team: TeamId) -> Result<u64, StoreError>;

    /// The team's consultations, newest first; drafts only when asked.
    async fn consultations(
        &self,
        team: TeamId,
        drafts: bool,
    ) -> Result<Vec<ConsultationRow>, StoreError>;
    async fn consultation(
        &self,
        team: TeamId,
        id: &str,
    ) -> Result<Option<ConsultationRow>, StoreError>;
    /// Inserts or replaces the consultation's text and questions.
    async fn save_consultation(
        &self,
        team: TeamId,
        consultation: &Consultation,
        now: i64,
    ) -> Result<(), StoreError>;
    async fn save_report(&self, team: TeamId, id: &str, report: &Report) -> Result<(), StoreError>;
    async fn set_share(&self, team: TeamId, id: &str, code: Option<&str>)
    -> Result<(), StoreError>;
    /// The team and consultation a report link opens.
    async fn shared(&self, code: &str) -> Result<Option<(TeamId, ConsultationRow)>, StoreError>;

    /// Stores responses from `device` in one transaction; ones already
    /// stored are left as they are. A new one is counted against its
    /// consultation and hour of answering and refused beyond `per_hour`.
    /// Returns how many were new and the ids refused for the limit.
    async fn add_responses(
        &self,
        team: TeamId,
        device: &str,
        responses: &[Response],
        now: i64,
        per_hour: u32,
    ) -> Result<(u64, Vec<String>), StoreError>;
    /// Sends a consultation's responses, oldest first, one at a time.
    async fn export_responses(
        &self,
        team: TeamId,
        consultation: &str,
        sink: ResponseSink,
    ) -> Result<(), StoreError>;
}

type ConsultationTuple = (String, String, Option<String>, i64);

pub(crate) fn consultation_row(
    (body, report, share, responses): ConsultationTuple,
) -> Result<ConsultationRow, StoreError> {
    Ok(ConsultationRow {
        consultation: serde_json::from_str(&body)?,
        report: serde_json::from_str(&report)?,
        share,
        responses: u32::try_from(responses).unwrap_or(u32::MAX),
    })
}

// The columns `consultation_row` reads, as a literal: sqlx takes only
// static SQL.
macro_rules! consultation_columns {
    () => {
        "c.body, c.report, c.share_code, \
         (SELECT count(*) FROM responses r WHERE r.team_id = c.team_id AND r.consultation_id = c.id) \
         FROM consultations c"
    };
}

macro_rules! impl_content {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::content::Content for $store {
            async fn catalogs(
                &self,
                team: TeamId,
            ) -> Result<Vec<drempel_core::catalog::Catalog>, StoreError> {
                let bodies: Vec<String> = sqlx::query_scalar(
                    "SELECT body FROM catalogs WHERE team_id = $1 ORDER BY version",
                )
                .bind(team)
                .fetch_all(&self.pool)
                .await?;
                bodies
                    .iter()
                    .map(|b| serde_json::from_str(b).map_err(StoreError::from))
                    .collect()
            }

            async fn newest_catalog(
                &self,
                team: TeamId,
            ) -> Result<Option<drempel_core::catalog::Catalog>, StoreError> {
                let body: Option<String> = sqlx::query_scalar(
                    "SELECT body FROM catalogs WHERE team_id = $1 ORDER BY version DESC LIMIT 1",
                )
                .bind(team)
                .fetch_optional(&self.pool)
                .await?;
                body.map(|b| serde_json::from_str(&b).map_err(StoreError::from))
                    .transpose()
            }

            async fn add_catalog(
                &self,
                team: TeamId,
                catalog: &drempel_core::catalog::Catalog,
                now: i64,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "INSERT INTO catalogs (team_id, version, body, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (team_id, version) DO NOTHING",
                )
                .bind(team)
                .bind(i64::from(catalog.version))
                .bind(serde_json::to_string(catalog)?)
                .bind(now)
                .execute(&mut *tx.0)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("UPDATE teams SET content_revision = content_revision + 1 WHERE id = $1")
                    .bind(team)
                    .execute(&mut *tx.0)
                    .await?;
                tx.0.commit().await?;
                Ok(true)
            }

            async fn content_revision(&self, team: TeamId) -> Result<u64, StoreError> {
                let revision: i64 =
                    sqlx::query_scalar("SELECT content_revision FROM teams WHERE id = $1")
                        .bind(team)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(u64::try_from(revision).unwrap_or(0))
            }

            async fn consultations(
                &self,
                team: TeamId,
                drafts: bool,
            ) -> Result<Vec<$crate::store::content::ConsultationRow>, StoreError> {
                let rows = sqlx::query_as(concat!(
                    "SELECT ",
                    consultation_columns!(),
                    " WHERE c.team_id = $1 AND ($2 OR c.published) ORDER BY c.created_at DESC, c.id"
                ))
                .bind(team)
                .bind(drafts)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map($crate::store::content::consultation_row)
                    .collect()
            }

            async fn consultation(
                &self,
                team: TeamId,
                id: &str,
            ) -> Result<Option<$crate::store::content::ConsultationRow>, StoreError> {
                let row = sqlx::query_as(concat!(
                    "SELECT ",
                    consultation_columns!(),
                    " WHERE c.team_id = $1 AND c.id = $2"
                ))
                .bind(team)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.map($crate::store::content::consultation_row).transpose()
            }

            async fn save_consultation(
                &self,
                team: TeamId,
                consultation: &drempel_core::consultation::Consultation,
                now: i64,
            ) -> Result<(), StoreError> {
                let published =
                    consultation.phase == drempel_core::consultation::Phase::Published;
                let mut tx = self.write_tx().await?;
                sqlx::query(
                    "INSERT INTO consultations (id, team_id, body, published, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $5) \
                     ON CONFLICT (id) DO UPDATE SET body = $3, published = $4, updated_at = $5 \
                     WHERE consultations.team_id = $2",
                )
                .bind(&consultation.id)
                .bind(team)
                .bind(serde_json::to_string(consultation)?)
                .bind(published)
                .bind(now)
                .execute(&mut *tx.0)
                .await?;
                if published {
                    sqlx::query(
                        "UPDATE teams SET content_revision = content_revision + 1 WHERE id = $1",
                    )
                    .bind(team)
                    .execute(&mut *tx.0)
                    .await?;
                }
                tx.0.commit().await?;
                Ok(())
            }

            async fn save_report(
                &self,
                team: TeamId,
                id: &str,
                report: &drempel_core::consultation::Report,
            ) -> Result<(), StoreError> {
                sqlx::query("UPDATE consultations SET report = $3 WHERE team_id = $1 AND id = $2")
                    .bind(team)
                    .bind(id)
                    .bind(serde_json::to_string(report)?)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_share(
                &self,
                team: TeamId,
                id: &str,
                code: Option<&str>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE consultations SET share_code = $3 WHERE team_id = $1 AND id = $2",
                )
                .bind(team)
                .bind(id)
                .bind(code)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn shared(
                &self,
                code: &str,
            ) -> Result<Option<(TeamId, $crate::store::content::ConsultationRow)>, StoreError>
            {
                let row: Option<(TeamId, String, String, Option<String>, i64)> =
                    sqlx::query_as(concat!(
                        "SELECT c.team_id, ",
                        consultation_columns!(),
                        " WHERE c.share_code = $1"
                    ))
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|(team, body, report, share, responses)| {
                    $crate::store::content::consultation_row((body, report, share, responses))
                        .map(|row| (team, row))
                })
                .transpose()
            }

            async fn add_responses(
                &self,
                team: TeamId,
                device: &str,
                responses: &[drempel_core::consultation::Response],
                now: i64,
                per_hour: u32,
            ) -> Result<(u64, Vec<String>), StoreError> {
                let mut tx = self.write_tx().await?;
                let mut added = 0;
                let mut over = Vec::new();
                for response in responses {
                    let known: Option<i32> = sqlx::query_scalar(
                        "SELECT 1 FROM responses WHERE team_id = $1 AND id = $2",
                    )
                    .bind(team)
                    .bind(&response.id)
                    .fetch_optional(&mut *tx.0)
                    .await?;
                    if known.is_some() {
                        continue;
                    }
                    let counted: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO response_counts (team_id, consultation_id, device, hour, count) \
                         VALUES ($1, $2, $3, $4, 1) \
                         ON CONFLICT (team_id, consultation_id, device, hour) \
                         DO UPDATE SET count = response_counts.count + 1 \
                         WHERE response_counts.count < $5 RETURNING count",
                    )
                    .bind(team)
                    .bind(&response.consultation)
                    .bind(device)
                    .bind(response.at.div_euclid(3_600_000))
                    .bind(i64::from(per_hour))
                    .fetch_optional(&mut *tx.0)
                    .await?;
                    if counted.is_none() {
                        over.push(response.id.clone());
                        continue;
                    }
                    let done = sqlx::query(
                        "INSERT INTO responses (team_id, id, consultation_id, at, body, received_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (team_id, id) DO NOTHING",
                    )
                    .bind(team)
                    .bind(&response.id)
                    .bind(&response.consultation)
                    .bind(response.at)
                    .bind(serde_json::to_string(response)?)
                    .bind(now)
                    .execute(&mut *tx.0)
                    .await?;
                    added += done.rows_affected();
                }
                tx.0.commit().await?;
                Ok((added, over))
            }

            async fn export_responses(
                &self,
                team: TeamId,
                consultation: &str,
                sink: $crate::store::content::ResponseSink,
            ) -> Result<(), StoreError> {
                use futures_util::TryStreamExt;
                let mut rows = sqlx::query_scalar::<_, String>(
                    "SELECT body FROM responses WHERE team_id = $1 AND consultation_id = $2 \
                     ORDER BY at, id",
                )
                .bind(team)
                .bind(consultation)
                .fetch(&self.pool);
                while let Some(body) = rows.try_next().await? {
                    if sink.send(serde_json::from_str(&body)?).await.is_err() {
                        break;
                    }
                }
                Ok(())
            }
        }
    };
}

pub(super) use {consultation_columns, impl_content};
