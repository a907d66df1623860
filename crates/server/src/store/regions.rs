//! Regions: named groups of teams, for counts across them. The SQL is the
//! same for both databases: one macro writes the implementation for each
//! store. A change to a region's teams is written, in the same
//! transaction, to the region's log and to the team's own audit log.

use drempel_core::signal::{Signal, SignalInfo};

use super::{StoreError, TeamId};

pub type RegionId = i64;

/// What [`Regions::region_quotes`] is asked.
#[derive(Debug, Clone, Default)]
pub struct RegionQuotesQuery {
    pub scheme: Option<String>,
    pub barrier: Option<String>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub offset: u32,
    pub limit: u32,
}

/// A marked quote as read for a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedQuote {
    pub team: String,
    pub text: String,
    pub marked_hash: String,
}

/// The hash a quote is marked with.
pub fn quote_hash(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A line of a region's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionLogLine {
    pub at: i64,
    pub actor: String,
    /// `create_region`, `add_team`, `remove_team`, `add_coordinator`.
    pub action: String,
    pub team: Option<TeamId>,
}

/// A region coordinator's sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionSession {
    pub region: RegionId,
    pub coordinator: i64,
    pub last_seen_at: i64,
    pub revoked_at: Option<i64>,
}

#[async_trait::async_trait]
pub trait Regions {
    /// Creates a region; `None` when one of that name exists.
    async fn create_region(
        &self,
        name: &str,
        actor: &str,
        now: i64,
    ) -> Result<Option<RegionId>, StoreError>;

    async fn region_by_name(&self, name: &str) -> Result<Option<RegionId>, StoreError>;

    /// Adds the team to the region (false: it was in it, no such team, or
    /// the region holds `MAX_REGION_TEAMS` already), with a line in both
    /// logs.
    async fn add_region_team(
        &self,
        region: RegionId,
        team: TeamId,
        actor: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Takes the team out of the region (false: it was not in it), with a
    /// line in both logs. Its counts leave the region's figures at once.
    async fn remove_region_team(
        &self,
        region: RegionId,
        team: TeamId,
        actor: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// The region's teams, by name.
    async fn region_teams(&self, region: RegionId) -> Result<Vec<(TeamId, String)>, StoreError>;

    /// The regions a team belongs to, by name.
    async fn team_regions(&self, team: TeamId) -> Result<Vec<(RegionId, String)>, StoreError>;

    /// Creates a region coordinator (false: the login is taken, by a team's
    /// coordinator or a region's), with a line in the region's log.
    async fn create_region_coordinator(
        &self,
        region: RegionId,
        login: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Gives a region coordinator a new password (false: no such login).
    async fn set_region_password(
        &self,
        login: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError>;

    /// (id, region, password hash) of the region coordinator with this login.
    async fn region_coordinator(
        &self,
        login: &str,
    ) -> Result<Option<(i64, RegionId, String)>, StoreError>;

    /// Stores a region coordinator's new sign-in.
    async fn add_region_session(
        &self,
        region: RegionId,
        coordinator: i64,
        token_hash: &str,
        label: &str,
        now: i64,
    ) -> Result<(), StoreError>;

    /// The sign-in this token hash belongs to.
    async fn region_session(&self, token_hash: &str) -> Result<Option<RegionSession>, StoreError>;

    /// Notes the sign-in's use, or (with `end`) ends it.
    async fn touch_region_session(
        &self,
        token_hash: &str,
        now: i64,
        end: bool,
    ) -> Result<(), StoreError>;

    async fn region_name(&self, region: RegionId) -> Result<Option<String>, StoreError>;

    /// The region's log, newest first, at most `limit` lines.
    async fn region_log(
        &self,
        region: RegionId,
        limit: usize,
    ) -> Result<Vec<RegionLogLine>, StoreError>;

    /// A page of the region's signals, newest first, older than signal
    /// `before` (from the start when none).
    async fn region_signals_page(
        &self,
        region: RegionId,
        before: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SignalInfo>, StoreError>;

    async fn region_signal(
        &self,
        region: RegionId,
        id: &str,
    ) -> Result<Option<SignalInfo>, StoreError>;

    /// Stores a new region signal unless the region holds `max` (false).
    async fn add_region_signal(
        &self,
        region: RegionId,
        signal: &Signal,
        now: i64,
        max: u32,
    ) -> Result<bool, StoreError>;

    /// Replaces the region signal (false: no such signal).
    async fn update_region_signal(
        &self,
        region: RegionId,
        signal: &Signal,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Marks the contact's quote, as it reads now, for the team's regions.
    /// `None`: the contact holds no quote; `Some(false)`: the team has
    /// `max` marked already.
    async fn mark_region_quote(
        &self,
        team: TeamId,
        record_id: &str,
        now: i64,
        max: u32,
    ) -> Result<Option<bool>, StoreError>;

    /// Takes the mark away (false: there was none).
    async fn unmark_region_quote(&self, team: TeamId, record_id: &str) -> Result<bool, StoreError>;

    /// Marked quotes of the region's teams that discussed `scheme` (with
    /// `barrier` named for it, when given) in `[from, until)`, newest
    /// first, from the `offset`-th mark: team name, the quote as it reads
    /// now, and the hash it was marked with (the caller keeps only those
    /// that still match).
    async fn region_quotes(
        &self,
        region: RegionId,
        page: &RegionQuotesQuery,
    ) -> Result<Vec<MarkedQuote>, StoreError>;
}

macro_rules! impl_regions {
    ($store:ty) => {
        impl $store {
            async fn region_line(
                tx: &mut Tx,
                region: $crate::store::regions::RegionId,
                at: i64,
                actor: &str,
                action: &str,
                team: Option<TeamId>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO region_log (region_id, at, actor, action, team_id) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(region)
                .bind(at)
                .bind(actor)
                .bind(action)
                .bind(team)
                .execute(&mut *tx.0)
                .await?;
                Ok(())
            }

            /// Adds (`join`) or removes the team, with a line in both logs
            /// when anything changed, in one transaction.
            async fn change_membership(
                &self,
                region: $crate::store::regions::RegionId,
                team: TeamId,
                actor: &str,
                now: i64,
                join: bool,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let changed = if join {
                    sqlx::query(
                        "INSERT INTO region_teams (region_id, team_id, added_at) \
                         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM teams WHERE id = $2) \
                         AND EXISTS (SELECT 1 FROM regions WHERE id = $1) \
                         AND (SELECT count(*) FROM region_teams WHERE region_id = $1) < $4 \
                         ON CONFLICT (region_id, team_id) DO NOTHING",
                    )
                    .bind(region)
                    .bind(team)
                    .bind(now)
                    .bind(i64::from(drempel_core::region::MAX_REGION_TEAMS))
                    .execute(&mut *tx.0)
                    .await?
                } else {
                    sqlx::query("DELETE FROM region_teams WHERE region_id = $1 AND team_id = $2")
                        .bind(region)
                        .bind(team)
                        .execute(&mut *tx.0)
                        .await?
                }
                .rows_affected()
                    == 1;
                if changed {
                    let (line, action) = if join {
                        ("add_team", drempel_core::wire::AuditAction::JoinRegion)
                    } else {
                        ("remove_team", drempel_core::wire::AuditAction::LeaveRegion)
                    };
                    Self::region_line(&mut tx, region, now, actor, line, Some(team)).await?;
                    Self::team_line(&mut tx, team, now, actor, action, region).await?;
                }
                tx.0.commit().await?;
                Ok(changed)
            }

            async fn team_line(
                tx: &mut Tx,
                team: TeamId,
                at: i64,
                actor: &str,
                action: drempel_core::wire::AuditAction,
                region: $crate::store::regions::RegionId,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO audit_log (team_id, at, actor, action, subject) \
                     SELECT $1, $2, $3, $4, name FROM regions WHERE id = $5",
                )
                .bind(team)
                .bind(at)
                .bind(actor)
                .bind(action.as_str())
                .bind(region)
                .execute(&mut *tx.0)
                .await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::regions::Regions for $store {
            async fn create_region(
                &self,
                name: &str,
                actor: &str,
                now: i64,
            ) -> Result<Option<$crate::store::regions::RegionId>, StoreError> {
                let mut tx = self.write_tx().await?;
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO regions (name, created_at) VALUES ($1, $2) \
                     ON CONFLICT (name) DO NOTHING RETURNING id",
                )
                .bind(name)
                .bind(now)
                .fetch_optional(&mut *tx.0)
                .await?;
                if let Some(id) = id {
                    Self::region_line(&mut tx, id, now, actor, "create_region", None).await?;
                }
                tx.0.commit().await?;
                Ok(id)
            }

            async fn region_by_name(
                &self,
                name: &str,
            ) -> Result<Option<$crate::store::regions::RegionId>, StoreError> {
                Ok(sqlx::query_scalar("SELECT id FROM regions WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn add_region_team(
                &self,
                region: $crate::store::regions::RegionId,
                team: TeamId,
                actor: &str,
                now: i64,
            ) -> Result<bool, StoreError> {
                self.change_membership(region, team, actor, now, true).await
            }

            async fn remove_region_team(
                &self,
                region: $crate::store::regions::RegionId,
                team: TeamId,
                actor: &str,
                now: i64,
            ) -> Result<bool, StoreError> {
                self.change_membership(region, team, actor, now, false).await
            }

            async fn region_teams(
                &self,
                region: $crate::store::regions::RegionId,
            ) -> Result<Vec<(TeamId, String)>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT t.id, t.name FROM region_teams r JOIN teams t ON t.id = r.team_id \
                     WHERE r.region_id = $1 ORDER BY t.name, t.id",
                )
                .bind(region)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn team_regions(
                &self,
                team: TeamId,
            ) -> Result<Vec<($crate::store::regions::RegionId, String)>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT g.id, g.name FROM region_teams r JOIN regions g ON g.id = r.region_id \
                     WHERE r.team_id = $1 ORDER BY g.name, g.id",
                )
                .bind(team)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn create_region_coordinator(
                &self,
                region: $crate::store::regions::RegionId,
                login: &str,
                password_hash: &str,
                now: i64,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                // One login name for one person, whichever kind: a team's
                // coordinators share the name space.
                let created = sqlx::query(
                    "INSERT INTO region_coordinators (region_id, login, password_hash, created_at) \
                     SELECT $1, $2, $3, $4 \
                     WHERE NOT EXISTS (SELECT 1 FROM coordinators WHERE login = $2) \
                     ON CONFLICT (login) DO NOTHING",
                )
                .bind(region)
                .bind(login)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx.0)
                .await?
                .rows_affected()
                    == 1;
                if created {
                    Self::region_line(&mut tx, region, now, login, "add_coordinator", None).await?;
                }
                tx.0.commit().await?;
                Ok(created)
            }

            async fn set_region_password(
                &self,
                login: &str,
                password_hash: &str,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE region_coordinators SET password_hash = $2 WHERE login = $1",
                )
                .bind(login)
                .bind(password_hash)
                .execute(&mut *tx.0)
                .await?;
                tx.0.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn region_coordinator(
                &self,
                login: &str,
            ) -> Result<Option<(i64, $crate::store::regions::RegionId, String)>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT id, region_id, password_hash FROM region_coordinators WHERE login = $1",
                )
                .bind(login)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn add_region_session(
                &self,
                region: $crate::store::regions::RegionId,
                coordinator: i64,
                token_hash: &str,
                label: &str,
                now: i64,
            ) -> Result<(), StoreError> {
                let mut tx = self.write_tx().await?;
                sqlx::query(
                    "INSERT INTO region_sessions \
                     (token_hash, region_id, coordinator_id, label, created_at, last_seen_at) \
                     VALUES ($1, $2, $3, $4, $5, $5)",
                )
                .bind(token_hash)
                .bind(region)
                .bind(coordinator)
                .bind(label)
                .bind(now)
                .execute(&mut *tx.0)
                .await?;
                tx.0.commit().await?;
                Ok(())
            }

            async fn region_session(
                &self,
                token_hash: &str,
            ) -> Result<Option<$crate::store::regions::RegionSession>, StoreError> {
                let row: Option<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
                    "SELECT region_id, coordinator_id, last_seen_at, revoked_at \
                     FROM region_sessions WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(region, coordinator, last_seen_at, revoked_at)| {
                    $crate::store::regions::RegionSession {
                        region,
                        coordinator,
                        last_seen_at,
                        revoked_at,
                    }
                }))
            }

            async fn touch_region_session(
                &self,
                token_hash: &str,
                now: i64,
                end: bool,
            ) -> Result<(), StoreError> {
                let mut tx = self.write_tx().await?;
                let sql = if end {
                    "UPDATE region_sessions SET revoked_at = $2 \
                     WHERE token_hash = $1 AND revoked_at IS NULL"
                } else {
                    "UPDATE region_sessions SET last_seen_at = $2 WHERE token_hash = $1"
                };
                sqlx::query(sql)
                    .bind(token_hash)
                    .bind(now)
                    .execute(&mut *tx.0)
                    .await?;
                tx.0.commit().await?;
                Ok(())
            }

            async fn region_name(
                &self,
                region: $crate::store::regions::RegionId,
            ) -> Result<Option<String>, StoreError> {
                Ok(sqlx::query_scalar("SELECT name FROM regions WHERE id = $1")
                    .bind(region)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn region_log(
                &self,
                region: $crate::store::regions::RegionId,
                limit: usize,
            ) -> Result<Vec<$crate::store::regions::RegionLogLine>, StoreError> {
                let rows: Vec<(i64, String, String, Option<TeamId>)> = sqlx::query_as(
                    "SELECT at, actor, action, team_id FROM region_log WHERE region_id = $1 \
                     ORDER BY id DESC LIMIT $2",
                )
                .bind(region)
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(
                        |(at, actor, action, team)| $crate::store::regions::RegionLogLine {
                            at,
                            actor,
                            action,
                            team,
                        },
                    )
                    .collect())
            }

            async fn region_signals_page(
                &self,
                region: $crate::store::regions::RegionId,
                before: Option<&str>,
                limit: usize,
            ) -> Result<Vec<drempel_core::signal::SignalInfo>, StoreError> {
                let rows: Vec<(String, i64, i64)> = sqlx::query_as(
                    "SELECT s.body, s.created_at, s.updated_at FROM region_signals s \
                     WHERE s.region_id = $1 AND ($2 IS NULL OR EXISTS ( \
                         SELECT 1 FROM region_signals b WHERE b.region_id = $1 AND b.id = $2 \
                         AND (s.created_at < b.created_at \
                              OR (s.created_at = b.created_at AND s.id < b.id)))) \
                     ORDER BY s.created_at DESC, s.id DESC LIMIT $3",
                )
                .bind(region)
                .bind(before)
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(body, created, updated)| {
                        $crate::store::signals::signal_row((body, None, created, updated))
                    })
                    .collect()
            }

            async fn region_signal(
                &self,
                region: $crate::store::regions::RegionId,
                id: &str,
            ) -> Result<Option<drempel_core::signal::SignalInfo>, StoreError> {
                let row: Option<(String, i64, i64)> = sqlx::query_as(
                    "SELECT body, created_at, updated_at FROM region_signals \
                     WHERE region_id = $1 AND id = $2",
                )
                .bind(region)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|(body, created, updated)| {
                    $crate::store::signals::signal_row((body, None, created, updated))
                })
                .transpose()
            }

            async fn add_region_signal(
                &self,
                region: $crate::store::regions::RegionId,
                signal: &drempel_core::signal::Signal,
                now: i64,
                max: u32,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "INSERT INTO region_signals (id, region_id, body, created_at, updated_at) \
                     SELECT $1, $2, $3, $4, $4 \
                     WHERE (SELECT count(*) FROM region_signals WHERE region_id = $2) < $5",
                )
                .bind(&signal.id)
                .bind(region)
                .bind(serde_json::to_string(signal)?)
                .bind(now)
                .bind(i64::from(max))
                .execute(&mut *tx.0)
                .await?;
                tx.0.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn update_region_signal(
                &self,
                region: $crate::store::regions::RegionId,
                signal: &drempel_core::signal::Signal,
                now: i64,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE region_signals SET body = $3, updated_at = $4 \
                     WHERE region_id = $1 AND id = $2",
                )
                .bind(region)
                .bind(&signal.id)
                .bind(serde_json::to_string(signal)?)
                .bind(now)
                .execute(&mut *tx.0)
                .await?;
                tx.0.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn mark_region_quote(
                &self,
                team: TeamId,
                record_id: &str,
                now: i64,
                max: u32,
            ) -> Result<Option<bool>, StoreError> {
                let mut tx = self.write_tx().await?;
                let quote: Option<String> = sqlx::query_scalar(
                    "SELECT quote FROM contact_facts WHERE team_id = $1 AND record_id = $2 \
                     AND quote IS NOT NULL",
                )
                .bind(team)
                .bind(record_id)
                .fetch_optional(&mut *tx.0)
                .await?;
                let Some(quote) = quote else {
                    return Ok(None);
                };
                let quote_hash = $crate::store::regions::quote_hash(&quote);
                // Marks of erased contacts take no room.
                sqlx::query(
                    "DELETE FROM region_quotes WHERE team_id = $1 AND NOT EXISTS ( \
                     SELECT 1 FROM contact_facts c WHERE c.team_id = $1 \
                     AND c.record_id = region_quotes.record_id AND c.quote IS NOT NULL)",
                )
                .bind(team)
                .execute(&mut *tx.0)
                .await?;
                let done = sqlx::query(
                    "INSERT INTO region_quotes (team_id, record_id, quote_hash, marked_at) \
                     SELECT $1, $2, $3, $4 \
                     WHERE EXISTS (SELECT 1 FROM region_quotes WHERE team_id = $1 AND record_id = $2) \
                        OR (SELECT count(*) FROM region_quotes WHERE team_id = $1) < $5 \
                     ON CONFLICT (team_id, record_id) \
                     DO UPDATE SET quote_hash = excluded.quote_hash, marked_at = excluded.marked_at",
                )
                .bind(team)
                .bind(record_id)
                .bind(&quote_hash)
                .bind(now)
                .bind(i64::from(max))
                .execute(&mut *tx.0)
                .await?;
                tx.0.commit().await?;
                Ok(Some(done.rows_affected() == 1))
            }

            async fn unmark_region_quote(
                &self,
                team: TeamId,
                record_id: &str,
            ) -> Result<bool, StoreError> {
                let mut tx = self.write_tx().await?;
                let done =
                    sqlx::query("DELETE FROM region_quotes WHERE team_id = $1 AND record_id = $2")
                        .bind(team)
                        .bind(record_id)
                        .execute(&mut *tx.0)
                        .await?;
                tx.0.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn region_quotes(
                &self,
                region: $crate::store::regions::RegionId,
                page: &$crate::store::regions::RegionQuotesQuery,
            ) -> Result<Vec<$crate::store::regions::MarkedQuote>, StoreError> {
                let rows: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT t.name, c.quote, q.quote_hash \
                     FROM region_teams r \
                     JOIN teams t ON t.id = r.team_id \
                     JOIN region_quotes q ON q.team_id = r.team_id \
                     JOIN contact_facts c ON c.team_id = q.team_id AND c.record_id = q.record_id \
                     WHERE r.region_id = $1 AND c.quote IS NOT NULL \
                       AND ($2 IS NULL OR c.created_at >= $2) AND ($3 IS NULL OR c.created_at < $3) \
                       AND (($4 IS NULL AND $5 IS NULL) OR EXISTS (SELECT 1 FROM finding_facts f \
                             WHERE f.team_id = c.team_id AND f.record_id = c.record_id \
                             AND ($4 IS NULL OR f.scheme = $4) \
                             AND ($5 IS NULL OR replace(f.barriers, $5, '') <> f.barriers))) \
                     ORDER BY q.marked_at DESC, q.team_id, q.record_id \
                     LIMIT $6 OFFSET $7",
                )
                .bind(region)
                .bind(page.from)
                .bind(page.until)
                .bind(page.scheme.as_deref())
                // A finding names the barrier when its list holds the
                // barrier's needle (see `quotes`).
                .bind(page.barrier.as_deref().map(drempel_core::stats::BarrierList::needle))
                .bind(i64::from(page.limit))
                .bind(i64::from(page.offset))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(team, text, marked_hash)| $crate::store::regions::MarkedQuote {
                        team,
                        text,
                        marked_hash,
                    })
                    .collect())
            }
        }
    };
}

pub(super) use impl_regions;
