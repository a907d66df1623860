//! The server's storage, behind one trait with two implementations: SQLite
//! (WAL mode, the embedded default) and PostgreSQL, picked from the URL.
//! Both apply a push with the rules of `drempel_core::sync` in one
//! transaction, and the same test suite holds both to it.

mod access;
pub mod batch;
mod content;
mod counting;
mod postgres;
pub mod regions;
mod signals;
pub mod sqlite;
mod tallies;

use std::future::Future;
use std::sync::Arc;

use drempel_core::sync::{
    Conflict, PullResponse, PulledRecord, PushError, PushRequest, PushResponse, ServerEdit,
    ServerRecord, Settled, apply, plan_push,
};
use drempel_core::wire::RecordsPage;

pub use access::{Access, AuditEntry, DeviceRow, NewDevice, Redeem};
pub use content::{ConsultationRow, Content, ResponseSink};
pub use counting::{Counting, QuotesQuery};
pub use postgres::PostgresStore;
pub use regions::{RegionId, RegionLogLine, RegionSession, Regions};
pub use signals::Signals;
pub use sqlite::{ServeLock, SqliteStore};

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("unsupported database URL (expected sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot build the counts of the stored records: {0}")]
    Counting(#[from] StoreError),
    #[error(
        "another drempel-server is already serving {path}: SQLite is for one server process; stop the other one, or use PostgreSQL to run several servers"
    )]
    AlreadyServed { path: String },
    #[error("cannot take the lock file {path}: {source}")]
    Lock {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored record is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("unexpected value in the database: {0}")]
    BadValue(String),
}

pub type TeamId = i64;

/// Where [`Store::export`] sends records.
pub type ExportSink = tokio::sync::mpsc::Sender<(String, ServerRecord)>;

/// Whose records a request may read or change: the whole team's
/// (coordinators) or those one device created (volunteers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Team,
    Owner(&'a str),
}

impl<'a> Scope<'a> {
    pub fn owner(self) -> Option<&'a str> {
        match self {
            Scope::Team => None,
            Scope::Owner(device) => Some(device),
        }
    }
}

#[async_trait::async_trait]
pub trait Store: Access + Content + Counting + Regions + Signals + Send + Sync + 'static {
    /// "sqlite" or "postgres", for logs.
    fn kind(&self) -> &'static str;

    /// A cheap round trip, for the health check.
    async fn ping(&self) -> Result<(), StoreError>;

    async fn create_team(&self, name: &str) -> Result<TeamId, StoreError>;

    /// Applies a push from `device` of `team`, whole or not at all:
    /// changes already applied are skipped, a gap refuses the whole push,
    /// and so does a change to a record outside `scope`. A new record
    /// belongs to `device`, which is noted as synced at `now` (ms).
    /// Pushes that arrive together share one transaction ([`batch`]).
    async fn push(
        &self,
        team: TeamId,
        device: &str,
        scope: Scope<'_>,
        request: PushRequest,
        now: i64,
    ) -> Result<Result<PushResponse, PushError>, StoreError> {
        self.push_in_turn(team, device, scope, request, now, None)
            .await
    }

    /// [`Store::push`] for a push read in `turn`, one of the few read at
    /// once: the turn ends when the push's batch starts being written, so
    /// the next pushes are read while it is.
    async fn push_in_turn(
        &self,
        team: TeamId,
        device: &str,
        scope: Scope<'_>,
        request: PushRequest,
        now: i64,
        turn: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Result<Result<PushResponse, PushError>, StoreError>;

    /// The team's records in `scope` changed after `cursor`, oldest change first.
    async fn pull(
        &self,
        team: TeamId,
        scope: Scope<'_>,
        cursor: u64,
        limit: usize,
    ) -> Result<PullResponse, StoreError>;

    /// One page of the live records in `scope`, newest id first (ids are
    /// UUIDv7: the newest made), older than `before` when given.
    async fn records_page(
        &self,
        team: TeamId,
        scope: Scope<'_>,
        before: Option<&str>,
        limit: usize,
    ) -> Result<RecordsPage, StoreError>;

    /// Sends the team's live records (deletes left out), ordered by id, all
    /// from one consistent snapshot, each as soon as it is read: memory
    /// stays bounded by the channel, whatever the number of records. Stops
    /// early when the receiver is gone.
    async fn export(&self, team: TeamId, sink: ExportSink) -> Result<(), StoreError>;

    /// Erases one record everywhere: the server keeps a tombstone without
    /// data (devices drop the record on their next pull) and forgets its
    /// conflict log. False when the team has no such live record.
    async fn erase(&self, team: TeamId, id: &str) -> Result<bool, StoreError>;

    /// Clears the free-text notes and follow-up (contact details) of the
    /// team's records made before `before` (ms), and their conflict log
    /// entries; devices drop them on their next pull. Returns how many
    /// records were cleared.
    async fn purge_free_text(&self, team: TeamId, before: i64) -> Result<usize, StoreError>;

    /// Claims a periodic `task` (such as the retention purge) at `now`:
    /// true when no server process sharing this database claimed it in the
    /// `every_ms` before. The claim is stored, so one process runs the task
    /// per period however many serve the database.
    async fn claim_task(&self, task: &str, now: i64, every_ms: i64) -> Result<bool, StoreError>;

    /// This process's database connections now, for the metrics.
    fn pool_use(&self) -> PoolUse;

    /// One page of the team's conflict log, newest first: at most `limit`
    /// entries with an id below `before` (all, when `None`), each as
    /// (entry id, record id, conflict).
    async fn conflicts_page(
        &self,
        team: TeamId,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<(i64, String, Conflict)>, StoreError>;

    /// The stored records (tombstones too) of `ids` that the team has.
    async fn records_by_id(
        &self,
        team: TeamId,
        ids: &[&str],
    ) -> Result<Vec<(String, ServerRecord)>, StoreError>;

    /// The whole conflict log, oldest first, read page by page: for tests
    /// and tools, never for an answer.
    async fn conflicts(&self, team: TeamId) -> Result<Vec<(String, Conflict)>, StoreError> {
        let mut all = Vec::new();
        let mut before = None;
        loop {
            let page = self.conflicts_page(team, before, 1000).await?;
            let Some((last, _, _)) = page.last() else {
                break;
            };
            before = Some(*last);
            all.extend(
                page.into_iter()
                    .map(|(_, record, conflict)| (record, conflict)),
            );
        }
        all.reverse();
        Ok(all)
    }

    async fn close(&self);
}

/// A record to store; `owner` is written only when the record is new.
/// `stored`: the record was stored before this transaction (a new one has
/// no counting rows to replace).
struct Saved<'a> {
    id: &'a str,
    cursor: u64,
    record: &'a ServerRecord,
    owner: &'a str,
    stored: bool,
}

/// The steps of a push inside one open transaction; each store writes them
/// in its own SQL, [`apply_in`] decides.
#[async_trait::async_trait]
trait PushTx: Send {
    /// Takes the team's write lock and returns its last change sequence.
    async fn lock_team(&mut self, team: TeamId) -> Result<u64, StoreError>;
    /// How far each of `devices` has been applied (devices never seen are
    /// left out).
    async fn applied_through(
        &mut self,
        team: TeamId,
        devices: &[&str],
    ) -> Result<std::collections::BTreeMap<String, u64>, StoreError>;
    /// The record and the device that created it.
    async fn load(
        &mut self,
        team: TeamId,
        id: &str,
    ) -> Result<Option<(ServerRecord, String)>, StoreError>;
    /// The records with these ids that exist, with their creators: one
    /// query for a whole push.
    async fn load_many(
        &mut self,
        team: TeamId,
        ids: &[&str],
    ) -> Result<std::collections::BTreeMap<String, (ServerRecord, String)>, StoreError>;
    /// Stores the records, in a few multi-row statements however many.
    async fn save(&mut self, team: TeamId, rows: &[Saved<'_>]) -> Result<(), StoreError>;
    async fn log(&mut self, team: TeamId, id: &str, conflict: &Conflict) -> Result<(), StoreError>;
    /// Removes the record's conflict log entries (only for `fields`, if given).
    async fn forget_conflicts(
        &mut self,
        team: TeamId,
        id: &str,
        fields: Option<&[&str]>,
    ) -> Result<(), StoreError>;
    /// Records the team's new last sequence, writes the counting rows and
    /// commits.
    async fn commit(self, team: TeamId, last_seq: u64) -> Result<(), StoreError>;
    /// Records each device's progress (device, applied through) and that
    /// it synced at `now`.
    async fn finish_pushes(
        &mut self,
        team: TeamId,
        progress: &[(&str, u64)],
        now: i64,
    ) -> Result<(), StoreError>;
}

/// One push of a batch, as [`apply_batch`] takes it.
pub(super) struct PushJob<'a> {
    pub device: &'a str,
    pub scope: Scope<'a>,
    pub request: &'a PushRequest,
}

/// A record as a batch holds it: the state, its creator, the sequence of
/// its last change, and whether it was stored before this transaction.
struct Held {
    record: ServerRecord,
    owner: String,
    cursor: u64,
    stored: bool,
    changed: bool,
}

/// Pushes inside one open transaction that holds the team's lock, the
/// same for every store: read at once every device's progress and every
/// record the pushes name, apply each push in order in memory with the
/// core rules, and write what the accepted pushes changed in a few
/// multi-row statements. A refused push changes nothing (its changes were
/// made on copies), so the pushes around it stand; a device's second push
/// in the batch sees its first. `seq` is the team's last sequence, carried
/// by the caller. The devices are noted as synced at `now`.
async fn apply_batch(
    tx: &mut impl PushTx,
    team: TeamId,
    seq: &mut u64,
    jobs: &[PushJob<'_>],
    now: i64,
) -> Result<Vec<Result<PushResponse, PushError>>, StoreError> {
    use std::collections::{BTreeMap, BTreeSet};
    let devices: Vec<&str> = jobs
        .iter()
        .map(|job| job.device)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut progress = tx.applied_through(team, &devices).await?;
    let ids: Vec<&str> = jobs
        .iter()
        .flat_map(|job| job.request.changes.iter().map(|c| c.record.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut held: BTreeMap<String, Held> = tx
        .load_many(team, &ids)
        .await?
        .into_iter()
        .map(|(id, (record, owner))| {
            let held = Held {
                record,
                owner,
                cursor: 0,
                stored: true,
                changed: false,
            };
            (id, held)
        })
        .collect();
    let mut answers = Vec::with_capacity(jobs.len());
    let mut lost_lines = Vec::new();
    let mut synced: BTreeMap<&str, u64> = BTreeMap::new();
    for job in jobs {
        let applied_through = progress.get(job.device).copied().unwrap_or(0);
        let answer = apply_one(&mut held, seq, applied_through, job);
        if let Ok((answer, lost)) = &answer {
            progress.insert(job.device.to_string(), answer.applied_through);
            synced.insert(job.device, answer.applied_through);
            lost_lines.extend(lost.iter().cloned());
        }
        answers.push(answer.map(|(answer, _)| answer));
    }
    if synced.is_empty() {
        return Ok(answers);
    }
    for (id, conflict) in &lost_lines {
        tx.log(team, id, conflict).await?;
    }
    let rows: Vec<Saved<'_>> = held
        .iter()
        .filter(|(_, h)| h.changed)
        .map(|(id, h)| Saved {
            id,
            cursor: h.cursor,
            record: &h.record,
            owner: &h.owner,
            stored: h.stored,
        })
        .collect();
    tx.save(team, &rows).await?;
    let synced: Vec<(&str, u64)> = synced.into_iter().collect();
    tx.finish_pushes(team, &synced, now).await?;
    Ok(answers)
}

/// The conflicts a push logs, by record.
type LostLines = Vec<(String, Conflict)>;

/// One push against the batch's records: its changes are made on copies
/// and kept only when the whole push is accepted.
fn apply_one(
    held: &mut std::collections::BTreeMap<String, Held>,
    seq: &mut u64,
    applied_through: u64,
    job: &PushJob<'_>,
) -> Result<(PushResponse, LostLines), PushError> {
    let fresh = plan_push(applied_through, &job.request.changes)?;
    let mut next = *seq;
    let mut conflicts = 0;
    let mut settled = Settled::default();
    let mut lost_lines = Vec::new();
    let mut touched: std::collections::BTreeMap<&str, Held> = std::collections::BTreeMap::new();
    for change in fresh {
        next += 1;
        let slot = touched.entry(change.record.as_str()).or_insert_with(|| {
            match held.get(&change.record) {
                Some(h) => Held {
                    record: h.record.clone(),
                    owner: h.owner.clone(),
                    cursor: h.cursor,
                    stored: h.stored,
                    changed: h.changed,
                },
                None => Held {
                    record: ServerRecord::default(),
                    owner: job.device.to_string(),
                    cursor: 0,
                    stored: false,
                    changed: false,
                },
            }
        });
        if job
            .scope
            .owner()
            .is_some_and(|allowed| allowed != slot.owner.as_str())
        {
            return Err(PushError::NotYours {
                record: change.record.clone(),
            });
        }
        let prior = slot.record.version;
        let lost = apply(&mut slot.record, change, next);
        if !change.delete && !slot.record.fits() {
            return Err(PushError::RecordTooLarge {
                record: change.record.clone(),
            });
        }
        settled.note(change, prior, next);
        slot.cursor = next;
        slot.changed = true;
        conflicts += lost.len() as u32;
        lost_lines.extend(
            lost.into_iter()
                .map(|conflict| (change.record.clone(), conflict)),
        );
    }
    // Accepted: the copies become the batch's records.
    for (id, slot) in touched {
        held.insert(id.to_string(), slot);
    }
    *seq = next;
    let through = fresh.last().map_or(applied_through, |c| c.seq);
    Ok((
        PushResponse {
            applied_through: through,
            skipped: (job.request.changes.len() - fresh.len()) as u32,
            applied: fresh.len() as u32,
            conflicts,
            settled: settled.into_versions(),
        },
        lost_lines,
    ))
}

/// The transaction steps whose SQL is the same in both dialects (`$n`
/// parameters work in SQLite too), written once as inherent methods of each
/// store's `Tx`; the `PushTx` impls call them.
macro_rules! shared_tx_steps {
    () => {
        impl Tx {
            async fn forget_conflicts_in(
                &mut self,
                team: TeamId,
                id: &str,
                fields: Option<&[&str]>,
            ) -> Result<(), StoreError> {
                match fields {
                    None => {
                        sqlx::query(
                            "DELETE FROM sync_conflicts WHERE team_id = $1 AND record_id = $2",
                        )
                        .bind(team)
                        .bind(id)
                        .execute(&mut *self.0)
                        .await?;
                    }
                    Some(fields) => {
                        for field in fields {
                            sqlx::query(
                                "DELETE FROM sync_conflicts \
                                 WHERE team_id = $1 AND record_id = $2 AND field = $3",
                            )
                            .bind(team)
                            .bind(id)
                            .bind(*field)
                            .execute(&mut *self.0)
                            .await?;
                        }
                    }
                }
                Ok(())
            }

            async fn applied_through_in(
                &mut self,
                team: TeamId,
                devices: &[&str],
            ) -> Result<std::collections::BTreeMap<String, u64>, StoreError> {
                let mut progress = std::collections::BTreeMap::new();
                for chunk in $crate::store::counting::statement_chunks(devices) {
                    let mut query = sqlx::QueryBuilder::new(
                        "SELECT device, applied_through FROM sync_devices WHERE team_id = ",
                    );
                    query.push_bind(team).push(" AND device IN (");
                    let mut list = query.separated(", ");
                    for device in chunk {
                        list.push_bind(*device);
                    }
                    query.push(")");
                    let rows: Vec<(String, i64)> =
                        query.build_query_as().fetch_all(&mut *self.0).await?;
                    progress.extend(
                        rows.into_iter()
                            .map(|(device, applied)| (device, $crate::store::from_db(applied))),
                    );
                }
                Ok(progress)
            }

            async fn finish_pushes_in(
                &mut self,
                team: TeamId,
                progress: &[(&str, u64)],
                now: i64,
            ) -> Result<(), StoreError> {
                for chunk in $crate::store::counting::statement_chunks(progress) {
                    let mut upsert = sqlx::QueryBuilder::new(
                        "INSERT INTO sync_devices (team_id, device, applied_through) ",
                    );
                    upsert.push_values(chunk, |mut b, (device, through)| {
                        b.push_bind(team)
                            .push_bind(*device)
                            .push_bind($crate::store::to_db(*through));
                    });
                    upsert.push(
                        " ON CONFLICT (team_id, device) DO UPDATE \
                         SET applied_through = excluded.applied_through",
                    );
                    upsert.build().execute(&mut *self.0).await?;
                    // Shown to the minute: written at most once a minute.
                    let mut synced = sqlx::QueryBuilder::new("UPDATE devices SET last_sync_at = ");
                    synced.push_bind(now).push(" WHERE id IN (");
                    let mut list = synced.separated(", ");
                    for (device, _) in chunk {
                        list.push_bind(*device);
                    }
                    synced
                        .push(") AND (last_sync_at IS NULL OR last_sync_at > ")
                        .push_bind(now)
                        .push(" OR last_sync_at <= ")
                        .push_bind(now - 60_000)
                        .push(")");
                    synced.build().execute(&mut *self.0).await?;
                }
                Ok(())
            }

            async fn commit_sequence(
                mut self,
                team: TeamId,
                last_seq: u64,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO sync_counters (team_id, last_seq) VALUES ($1, $2) \
                     ON CONFLICT (team_id) DO UPDATE SET last_seq = excluded.last_seq",
                )
                .bind(team)
                .bind($crate::store::to_db(last_seq))
                .execute(&mut *self.0)
                .await?;
                self.commit_counted().await
            }
        }
    };
}

pub(super) use shared_tx_steps;

/// Erases one record in a fresh write transaction.
async fn erase_in(tx: impl PushTx, team: TeamId, id: &str) -> Result<bool, StoreError> {
    let edits = [(id.to_string(), ServerEdit::Erase)];
    Ok(apply_server_edits(tx, team, &edits).await? > 0)
}

/// Clears expired free text in batches of 500, each batch in its own write
/// transaction from `write_tx`.
async fn purge_in<T, F, Fut>(
    store: &(impl Store + ?Sized),
    team: TeamId,
    before: i64,
    write_tx: F,
) -> Result<usize, StoreError>
where
    T: PushTx,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, StoreError>>,
{
    let edits = purge_candidates(store, team, before).await?;
    let mut cleared = 0;
    for batch in edits.chunks(500) {
        cleared += apply_server_edits(write_tx().await?, team, batch).await?;
    }
    Ok(cleared)
}

/// Applies server-made edits (the rules are `drempel_core::sync::ServerEdit`)
/// in one transaction, each as a new change so devices pull it, forgetting
/// the conflict log of what it removes. Returns how many records changed.
async fn apply_server_edits(
    mut tx: impl PushTx,
    team: TeamId,
    edits: &[(String, ServerEdit)],
) -> Result<usize, StoreError> {
    let mut seq = tx.lock_team(team).await?;
    let mut changed = 0;
    for (id, edit) in edits {
        let Some((mut record, owner)) = tx.load(team, id).await? else {
            continue;
        };
        if !edit.applies_to(&record) {
            continue;
        }
        seq += 1;
        let forgets = edit.forgets(&record);
        edit.apply(&mut record, id, seq);
        let forgets: Option<Vec<&str>> = forgets
            .as_ref()
            .map(|fields| fields.iter().map(String::as_str).collect());
        tx.forget_conflicts(team, id, forgets.as_deref()).await?;
        tx.save(
            team,
            &[Saved {
                id,
                cursor: seq,
                record: &record,
                owner: &owner,
                stored: true,
            }],
        )
        .await?;
        changed += 1;
    }
    tx.commit(team, seq).await?;
    Ok(changed)
}

/// The team's live records made before `before` that still hold free text.
async fn purge_candidates(
    store: &(impl Store + ?Sized),
    team: TeamId,
    before: i64,
) -> Result<Vec<(String, ServerEdit)>, StoreError> {
    let (sink, mut records) = tokio::sync::mpsc::channel(256);
    let reading = store.export(team, sink);
    let collecting = async {
        let mut ids = Vec::new();
        while let Some((id, record)) = records.recv().await {
            if record.free_text_expired(before) {
                ids.push((id, ServerEdit::ClearFreeText));
            }
        }
        ids
    };
    let (read, ids) = tokio::join!(reading, collecting);
    read?;
    Ok(ids)
}

/// A stored record as a pull hands it out.
fn pulled(id: String, cursor: u64, record: ServerRecord) -> PulledRecord {
    PulledRecord {
        cursor,
        record: id,
        version: record.version,
        deleted: record.deleted_at.is_some(),
        fields: record.into_values(),
    }
}

/// A pull page from rows fetched with one row more than `limit`.
fn page(cursor: u64, limit: usize, rows: Vec<(String, u64, ServerRecord)>) -> PullResponse {
    let has_more = rows.len() > limit;
    let changes: Vec<PulledRecord> = rows
        .into_iter()
        .take(limit)
        .map(|(id, cursor, record)| pulled(id, cursor, record))
        .collect();
    PullResponse {
        next_cursor: changes.last().map_or(cursor, |c| c.cursor),
        has_more,
        changes,
    }
}

/// The query behind [`Store::pull`], with only the conditions it needs so
/// that each case walks its own index: `$1` team, `$2` cursor, `$3` one
/// more than the limit, then the owner for a phone that sees its own
/// records. (One query with `$4 = '' OR owner = $4` walked every newer
/// record of the team to find a volunteer's own.)
fn pull_sql(scope: Scope<'_>) -> &'static str {
    if scope.owner().is_some() {
        "SELECT id, cursor, state FROM sync_records \
         WHERE team_id = $1 AND owner = $4 AND cursor > $2 ORDER BY cursor LIMIT $3"
    } else {
        "SELECT id, cursor, state FROM sync_records \
         WHERE team_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3"
    }
}

/// The query behind [`Store::records_page`], with only the conditions it
/// needs so that each case walks its index: `$1` team, `$2` limit + 1,
/// then the owner and the `before` id when given.
fn records_page_sql(scope: Scope<'_>, before: Option<&str>) -> &'static str {
    match (scope.owner().is_some(), before.is_some()) {
        (false, false) => {
            "SELECT id, cursor, state FROM sync_records WHERE team_id = $1 \
             ORDER BY id DESC LIMIT $2"
        }
        (false, true) => {
            "SELECT id, cursor, state FROM sync_records WHERE team_id = $1 AND id < $3 \
             ORDER BY id DESC LIMIT $2"
        }
        (true, false) => {
            "SELECT id, cursor, state FROM sync_records WHERE team_id = $1 AND owner = $3 \
             ORDER BY id DESC LIMIT $2"
        }
        (true, true) => {
            "SELECT id, cursor, state FROM sync_records WHERE team_id = $1 AND owner = $3 \
             AND id < $4 ORDER BY id DESC LIMIT $2"
        }
    }
}

/// A records page from rows fetched with one row more than `limit`:
/// deletes are left out but still move the page on.
fn records_page(limit: usize, rows: Vec<(String, u64, ServerRecord)>) -> RecordsPage {
    let next = (rows.len() > limit).then(|| rows[limit - 1].0.clone());
    let records = rows
        .into_iter()
        .take(limit)
        .filter(|(_, _, record)| record.deleted_at.is_none())
        .map(|(id, cursor, record)| pulled(id, cursor, record))
        .collect();
    RecordsPage { records, next }
}

/// One row of `sync_conflicts` as the rules know it.
fn conflict_row(
    (id, record, field, overwritten, overwritten_version, version): (
        i64,
        String,
        String,
        Option<serde_json::Value>,
        i64,
        i64,
    ),
) -> (i64, String, Conflict) {
    (
        id,
        record,
        Conflict {
            field,
            overwritten,
            overwritten_version: from_db(overwritten_version),
            version: from_db(version),
        },
    )
}

/// Opens the store the URL names, creating and migrating it as needed.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, OpenError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::open(url).await?))
    } else {
        Err(OpenError::UnsupportedUrl(redact_url(url)))
    }
}

/// Database connections of one process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
}

impl PoolUse {
    fn of<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) -> PoolUse {
        let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
        PoolUse {
            in_use: pool.size().saturating_sub(idle),
            idle,
            max: pool.options().get_max_connections(),
        }
    }

    /// Two pools' connections together.
    fn plus(self, other: PoolUse) -> PoolUse {
        PoolUse {
            in_use: self.in_use + other.in_use,
            idle: self.idle + other.idle,
            max: self.max + other.max,
        }
    }
}

/// Claims a periodic task when its period has passed (both databases: `$n`
/// parameters, and `excluded`, are understood by each).
const CLAIM_TASK: &str = "INSERT INTO maintenance (task, last_at) VALUES ($1, $2) \
             ON CONFLICT (task) DO UPDATE SET last_at = excluded.last_at \
             WHERE maintenance.last_at <= $2 - $3 RETURNING task";

/// Database URLs may carry a password; logs and errors get the scheme only.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, _)) => format!("{scheme}://…"),
        None => "…".to_string(),
    }
}

/// Sequence numbers and versions are `u64` in the rules and `BIGINT` in SQL.
fn to_db(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn from_db(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_only_the_scheme() {
        assert_eq!(redact_url("postgres://user:secret@host/db"), "postgres://…");
        assert_eq!(redact_url("nonsense"), "…");
    }

    #[test]
    fn numbers_survive_the_round_trip_through_bigint() {
        for n in [0, 1, 42, i64::MAX as u64] {
            assert_eq!(from_db(to_db(n)), n);
        }
        assert_eq!(from_db(-1), 0);
    }
}
