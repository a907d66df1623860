//! Who may use the API: coordinators, join links and devices. The SQL is the
//! same for both databases (`$n` parameters, `RETURNING`), so one macro
//! writes the implementation for each store.
//!
//! Secrets never reach the database: passwords arrive as argon2id hashes,
//! tokens and join codes as SHA-256 hashes.

use drempel_core::wire::{DeviceInfo, JoinLinkInfo, Role, TeamSettings};

use super::{StoreError, TeamId};

/// A device as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub id: String,
    pub team: TeamId,
    pub role: Role,
    pub label: String,
    pub created_at: i64,
    pub last_sync_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// When its token was last used (kept to the hour).
    pub last_seen_at: Option<i64>,
}

impl DeviceRow {
    /// The last sign of life: its token used, a sync, or its making.
    pub fn last_active(&self) -> i64 {
        self.created_at
            .max(self.last_seen_at.unwrap_or(0))
            .max(self.last_sync_at.unwrap_or(0))
    }

    pub fn info(&self) -> DeviceInfo {
        DeviceInfo {
            id: self.id.clone(),
            role: self.role,
            label: self.label.clone(),
            created_at: self.created_at,
            last_sync_at: self.last_sync_at,
            revoked_at: self.revoked_at,
        }
    }
}

pub struct NewDevice<'a> {
    pub id: &'a str,
    pub team: TeamId,
    pub role: Role,
    pub token_hash: &'a str,
    pub label: &'a str,
    pub coordinator: Option<i64>,
    pub now: i64,
}

pub use drempel_core::wire::{AuditAbout, AuditAction, AuditEntry};

/// What became of a join code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeem {
    Joined { team: TeamId, role: Role, link: i64 },
    Expired,
    UsedUp,
    Revoked,
    Unknown,
}

#[async_trait::async_trait]
pub trait Access {
    async fn team_count(&self) -> Result<i64, StoreError>;
    async fn team_name(&self, team: TeamId) -> Result<Option<String>, StoreError>;

    async fn create_coordinator(
        &self,
        team: TeamId,
        login: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<i64, StoreError>;
    /// Sets a new password and ends every session signed in with the old
    /// one, in one transaction. False when there is no such coordinator.
    async fn set_password(
        &self,
        login: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// (id, team, password hash) of the coordinator with this login.
    async fn coordinator(&self, login: &str) -> Result<Option<(i64, TeamId, String)>, StoreError>;

    async fn create_join_link(
        &self,
        team: TeamId,
        role: Role,
        code_hash: &str,
        now: i64,
        expires_at: i64,
        max_uses: Option<u32>,
    ) -> Result<JoinLinkInfo, StoreError>;
    async fn join_links(&self, team: TeamId) -> Result<Vec<JoinLinkInfo>, StoreError>;
    /// False when the team has no such link.
    async fn revoke_join_link(&self, team: TeamId, id: i64, now: i64) -> Result<bool, StoreError>;
    /// Counts a use of the link if it still works, else says why not.
    async fn redeem(&self, code_hash: &str, now: i64) -> Result<Redeem, StoreError>;

    async fn add_device(&self, device: NewDevice<'_>) -> Result<(), StoreError>;
    async fn device_by_token(&self, token_hash: &str) -> Result<Option<DeviceRow>, StoreError>;
    async fn devices(&self, team: TeamId) -> Result<Vec<DeviceRow>, StoreError>;
    /// False when the team has no such device.
    async fn revoke_device(&self, team: TeamId, id: &str, now: i64) -> Result<bool, StoreError>;
    async fn mark_synced(&self, device: &str, now: i64) -> Result<(), StoreError>;
    /// Notes that the device's token was used at `now`.
    async fn mark_seen(&self, device: &str, now: i64) -> Result<(), StoreError>;
    async fn teams(&self) -> Result<Vec<TeamId>, StoreError>;
    async fn settings(&self, team: TeamId) -> Result<TeamSettings, StoreError>;
    /// Saves the settings; the team's content revision goes up with them,
    /// so phones learn the new window on their next sync.
    async fn set_settings(&self, team: TeamId, settings: &TeamSettings) -> Result<(), StoreError>;
    /// Writes one line of the team's audit log (no personal data).
    async fn audit(
        &self,
        team: TeamId,
        at: i64,
        actor: &str,
        action: AuditAction,
        subject: &str,
        about: Option<&AuditAbout>,
    ) -> Result<(), StoreError>;
    /// A page of the team's audit log, newest first: at most `limit` lines
    /// older than line `before`, with the actor devices' names.
    async fn audit_log(
        &self,
        team: TeamId,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError>;
    /// Gives the records `from` created in `team` to `to`.
    async fn transfer_records(&self, team: TeamId, from: &str, to: &str)
    -> Result<u64, StoreError>;
}

type DeviceTuple = (
    String,
    i64,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);
type LinkTuple = (i64, String, i64, i64, Option<i64>, i64, Option<i64>);

pub(crate) fn role_of(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::BadValue(format!("role {text:?}")))
}

pub(crate) fn device_row(
    (id, team, role, label, created_at, last_sync_at, revoked_at, last_seen_at): DeviceTuple,
) -> Result<DeviceRow, StoreError> {
    Ok(DeviceRow {
        id,
        team,
        role: role_of(&role)?,
        label,
        created_at,
        last_sync_at,
        revoked_at,
        last_seen_at,
    })
}

pub(crate) fn link_info(
    (id, role, created_at, expires_at, revoked_at, uses, max_uses): LinkTuple,
) -> Result<JoinLinkInfo, StoreError> {
    Ok(JoinLinkInfo {
        id,
        role: role_of(&role)?,
        created_at,
        expires_at,
        revoked_at,
        uses: u32::try_from(uses).unwrap_or(u32::MAX),
        max_uses: max_uses.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
    })
}

// The columns `device_row` and `link_info` read, as literals: sqlx takes
// only static SQL.
macro_rules! device_columns {
    () => {
        "id, team_id, role, label, created_at, last_sync_at, revoked_at, last_seen_at FROM devices"
    };
}
macro_rules! link_columns {
    () => {
        "id, role, created_at, expires_at, revoked_at, uses, max_uses"
    };
}

macro_rules! impl_access {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::access::Access for $store {
            async fn team_count(&self) -> Result<i64, StoreError> {
                Ok(sqlx::query_scalar("SELECT count(*) FROM teams")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn team_name(&self, team: TeamId) -> Result<Option<String>, StoreError> {
                Ok(sqlx::query_scalar("SELECT name FROM teams WHERE id = $1")
                    .bind(team)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn create_coordinator(
                &self,
                team: TeamId,
                login: &str,
                password_hash: &str,
                now: i64,
            ) -> Result<i64, StoreError> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO coordinators (team_id, login, password_hash, created_at) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(team)
                .bind(login)
                .bind(password_hash)
                .bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn set_password(
                &self,
                login: &str,
                password_hash: &str,
                now: i64,
            ) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin().await?;
                let id: Option<i64> = sqlx::query_scalar(
                    "UPDATE coordinators SET password_hash = $2 WHERE login = $1 RETURNING id",
                )
                .bind(login)
                .bind(password_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(id) = id else {
                    return Ok(false);
                };
                sqlx::query(
                    "UPDATE devices SET revoked_at = $2 \
                     WHERE coordinator_id = $1 AND revoked_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn coordinator(
                &self,
                login: &str,
            ) -> Result<Option<(i64, TeamId, String)>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT id, team_id, password_hash FROM coordinators WHERE login = $1",
                )
                .bind(login)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn create_join_link(
                &self,
                team: TeamId,
                role: drempel_core::wire::Role,
                code_hash: &str,
                now: i64,
                expires_at: i64,
                max_uses: Option<u32>,
            ) -> Result<drempel_core::wire::JoinLinkInfo, StoreError> {
                let row = sqlx::query_as(concat!(
                    "INSERT INTO join_links (team_id, code_hash, role, created_at, expires_at, max_uses) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
                    link_columns!()
                ))
                    .bind(team)
                    .bind(code_hash)
                    .bind(role.as_str())
                    .bind(now)
                    .bind(expires_at)
                    .bind(max_uses.map(i64::from))
                    .fetch_one(&self.pool)
                    .await?;
                $crate::store::access::link_info(row)
            }

            async fn join_links(
                &self,
                team: TeamId,
            ) -> Result<Vec<drempel_core::wire::JoinLinkInfo>, StoreError> {
                let rows = sqlx::query_as(concat!(
                    "SELECT ",
                    link_columns!(),
                    " FROM join_links WHERE team_id = $1 ORDER BY id DESC"
                ))
                    .bind(team)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter()
                    .map($crate::store::access::link_info)
                    .collect()
            }

            async fn revoke_join_link(
                &self,
                team: TeamId,
                id: i64,
                now: i64,
            ) -> Result<bool, StoreError> {
                let done = sqlx::query(
                    "UPDATE join_links SET revoked_at = COALESCE(revoked_at, $3) \
                     WHERE team_id = $1 AND id = $2",
                )
                .bind(team)
                .bind(id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn redeem(
                &self,
                code_hash: &str,
                now: i64,
            ) -> Result<$crate::store::access::Redeem, StoreError> {
                use $crate::store::access::Redeem;
                // One statement checks and counts, so two phones using the
                // same link at once are both counted and neither sneaks past
                // a revocation.
                let used: Option<(i64, TeamId, String)> = sqlx::query_as(
                    "UPDATE join_links SET uses = uses + 1 \
                     WHERE code_hash = $1 AND revoked_at IS NULL AND expires_at > $2 \
                     AND (max_uses IS NULL OR uses < max_uses) \
                     RETURNING id, team_id, role",
                )
                .bind(code_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
                if let Some((link, team, role)) = used {
                    let role = $crate::store::access::role_of(&role)?;
                    return Ok(Redeem::Joined { team, role, link });
                }
                let why: Option<(Option<i64>, i64)> = sqlx::query_as(
                    "SELECT revoked_at, expires_at FROM join_links WHERE code_hash = $1",
                )
                .bind(code_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match why {
                    None => Redeem::Unknown,
                    Some((Some(_), _)) => Redeem::Revoked,
                    Some((None, expires_at)) if expires_at <= now => Redeem::Expired,
                    Some((None, _)) => Redeem::UsedUp,
                })
            }

            async fn add_device(
                &self,
                device: $crate::store::access::NewDevice<'_>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO devices (id, team_id, role, token_hash, label, coordinator_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(device.id)
                .bind(device.team)
                .bind(device.role.as_str())
                .bind(device.token_hash)
                .bind(device.label)
                .bind(device.coordinator)
                .bind(device.now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn device_by_token(
                &self,
                token_hash: &str,
            ) -> Result<Option<$crate::store::access::DeviceRow>, StoreError> {
                let row = sqlx::query_as(concat!(
                    "SELECT ",
                    device_columns!(),
                    " WHERE token_hash = $1"
                ))
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::store::access::device_row).transpose()
            }

            async fn devices(
                &self,
                team: TeamId,
            ) -> Result<Vec<$crate::store::access::DeviceRow>, StoreError> {
                let rows = sqlx::query_as(concat!(
                    "SELECT ",
                    device_columns!(),
                    " WHERE team_id = $1 ORDER BY created_at DESC, id"
                ))
                    .bind(team)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter()
                    .map($crate::store::access::device_row)
                    .collect()
            }

            async fn revoke_device(
                &self,
                team: TeamId,
                id: &str,
                now: i64,
            ) -> Result<bool, StoreError> {
                let done = sqlx::query(
                    "UPDATE devices SET revoked_at = COALESCE(revoked_at, $3) \
                     WHERE team_id = $1 AND id = $2",
                )
                .bind(team)
                .bind(id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn teams(&self) -> Result<Vec<TeamId>, StoreError> {
                Ok(sqlx::query_scalar("SELECT id FROM teams ORDER BY id")
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn settings(&self, team: TeamId) -> Result<drempel_core::wire::TeamSettings, StoreError> {
                let (retention, keep): (i64, i64) =
                    sqlx::query_as("SELECT retention_days, keep_days FROM teams WHERE id = $1")
                        .bind(team)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(drempel_core::wire::TeamSettings {
                    retention_days: u32::try_from(retention).unwrap_or(u32::MAX),
                    keep_days: u32::try_from(keep).unwrap_or(u32::MAX),
                })
            }

            async fn set_settings(&self, team: TeamId, settings: &drempel_core::wire::TeamSettings) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE teams SET retention_days = $2, keep_days = $3, \
                     content_revision = content_revision + 1 WHERE id = $1",
                )
                .bind(team)
                .bind(i64::from(settings.retention_days))
                .bind(i64::from(settings.keep_days))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn audit(
                &self,
                team: TeamId,
                at: i64,
                actor: &str,
                action: $crate::store::access::AuditAction,
                subject: &str,
                about: Option<&$crate::store::access::AuditAbout>,
            ) -> Result<(), StoreError> {
                let about = about.map(serde_json::to_string).transpose()?;
                sqlx::query(
                    "INSERT INTO audit_log (team_id, at, actor, action, subject, about) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(team)
                .bind(at)
                .bind(actor)
                .bind(action.as_str())
                .bind(subject)
                .bind(about)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn audit_log(
                &self,
                team: TeamId,
                before: Option<i64>,
                limit: usize,
            ) -> Result<Vec<$crate::store::access::AuditEntry>, StoreError> {
                type Row = (i64, i64, String, Option<String>, String, String, Option<String>);
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT a.id, a.at, a.actor, d.label, a.action, a.subject, a.about \
                     FROM audit_log a LEFT JOIN devices d ON d.id = a.actor AND d.team_id = a.team_id \
                     WHERE a.team_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3",
                )
                .bind(team)
                .bind(before.unwrap_or(i64::MAX))
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, at, actor, actor_name, action, subject, about)| {
                        $crate::store::access::AuditEntry {
                            id,
                            at,
                            actor,
                            actor_name,
                            action: $crate::store::access::AuditAction::from_code(&action),
                            subject,
                            // A line this server cannot read still shows its action and subject.
                            about: about.and_then(|text| serde_json::from_str(&text).ok()),
                        }
                    })
                    .collect())
            }

            async fn transfer_records(
                &self,
                team: TeamId,
                from: &str,
                to: &str,
            ) -> Result<u64, StoreError> {
                let done = sqlx::query(
                    "UPDATE sync_records SET owner = $3 WHERE team_id = $1 AND owner = $2",
                )
                .bind(team)
                .bind(from)
                .bind(to)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected())
            }

            async fn mark_seen(&self, device: &str, now: i64) -> Result<(), StoreError> {
                sqlx::query("UPDATE devices SET last_seen_at = $2 WHERE id = $1")
                    .bind(device)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn mark_synced(&self, device: &str, now: i64) -> Result<(), StoreError> {
                // Shown to the minute: a device seen in the last minute is
                // not written again (a write per request would queue every
                // sync behind the database's one writer).
                let last: Option<Option<i64>> =
                    sqlx::query_scalar("SELECT last_sync_at FROM devices WHERE id = $1")
                        .bind(device)
                        .fetch_optional(&self.pool)
                        .await?;
                if let Some(Some(at)) = last
                    && (0..60_000).contains(&(now - at))
                {
                    return Ok(());
                }
                let _turn = self.write_turn().await;
                sqlx::query("UPDATE devices SET last_sync_at = $2 WHERE id = $1")
                    .bind(device)
                    .bind(now)
                    .execute(self.writes())
                    .await?;
                Ok(())
            }
        }
    };
}

pub(super) use {device_columns, impl_access, link_columns};
