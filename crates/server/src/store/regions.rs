//! Regions: named groups of teams, for counts across them. The SQL is the
//! same for both databases: one macro writes the implementation for each
//! store. A change to a region's teams is written, in the same
//! transaction, to the region's log and to the team's own audit log.

use super::{StoreError, TeamId};

pub type RegionId = i64;

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
        }
    };
}

pub(super) use impl_regions;
