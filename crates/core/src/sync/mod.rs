//! Sync rules shared by the app and the server: how a change merges into
//! the server's copy of a record (per field, later arrival wins, overwritten
//! values go to a conflict log), and how a push is applied exactly once
//! (per-device sequence numbers: skip what was applied, refuse a gap).
//!
//! [`ServerModel`] is the reference the real stores are held to: an
//! in-memory server with the same semantics, for tests and simulations.

mod device;
mod engine;
mod limits;
pub mod line;
mod merge;
mod model;
#[cfg(test)]
pub(crate) mod mutation;
mod privacy;
#[cfg(test)]
mod simulation;

pub use device::{
    PendingResponse, ResponsesPlan, StorePlan, highest_seq, plan_acknowledge, plan_numbering,
    plan_pull, plan_renumber, plan_responses_answer, responses_to_send,
};
pub use engine::{Command, EngineState, Event, PAGE, SyncEngine, SyncStatus};
pub use limits::{
    MAX_FIELD_NAME, MAX_FIELDS, MAX_PUSH_CHANGES, MAX_RECORD_BYTES, MAX_RECORD_FIELDS,
    MAX_RECORD_ID, MAX_VALUE_BYTES, PushLimit, check_push, is_record_id, record_fits,
};
pub use merge::{Conflict, FieldState, ServerRecord, apply};
pub use model::{PushError, ServerModel, plan_push, protocol_supported};
pub use privacy::{FREE_TEXT_FIELDS, ServerEdit};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One local edit of one record, as a device sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Change {
    /// The device's sequence number: 1, 2, 3… without gaps, across records.
    pub seq: u64,
    pub record: String,
    /// The record version the device had seen when it made the edit (0: none).
    pub base: u64,
    /// The changed fields with their new values.
    #[serde(default)]
    pub fields: BTreeMap<String, Value>,
    /// The record is deleted: the server keeps a tombstone without personal data.
    #[serde(default)]
    pub delete: bool,
}

/// `POST /api/v1/sync/push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PushRequest {
    pub protocol: u32,
    pub changes: Vec<Change>,
}

/// The answer to a push: everything up to `applied_through` is on the
/// server; resending any of it is harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PushResponse {
    pub applied_through: u64,
    /// Changes of this push the server had already applied (a resend).
    pub skipped: u32,
    pub applied: u32,
    /// Values this push overwrote that someone else had just changed.
    pub conflicts: u32,
    /// The records of this push the server now holds exactly as the device
    /// does (nothing unseen was merged in), with their new version: the
    /// device takes it as its base, and need not read them back.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settled: BTreeMap<String, u64>,
}

/// Collects [`PushResponse::settled`] while a push is applied, one change
/// at a time. A change settles its record when the record was at the
/// version the change was made on, or when this same push's previous change
/// to it settled it: then no one else's edit sits in between. A delete
/// never does: the server's tombstone drops the fields the device still has.
#[derive(Debug, Default)]
pub struct Settled(BTreeMap<String, u64>);

impl Settled {
    /// `prior`: the record's version before the change (0 when new).
    pub fn note(&mut self, change: &Change, prior: u64, version: u64) {
        let clean =
            !change.delete && (prior == change.base || self.0.get(&change.record) == Some(&prior));
        if clean {
            self.0.insert(change.record.clone(), version);
        } else {
            self.0.remove(&change.record);
        }
    }

    pub fn into_versions(self) -> BTreeMap<String, u64> {
        self.0
    }
}

/// One record as `GET /api/v1/sync/pull` returns it: its current state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PulledRecord {
    /// The server's change sequence: strictly increasing, the pull cursor.
    pub cursor: u64,
    pub record: String,
    pub version: u64,
    pub deleted: bool,
    pub fields: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PullResponse {
    pub changes: Vec<PulledRecord>,
    pub next_cursor: u64,
    pub has_more: bool,
}

/// `GET /api/v1/team/conflicts`: the team's conflict log, oldest first.
/// The value that won is the record's current value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LoggedConflict {
    /// The entry's place in the log: ask for the next page with
    /// `before=<the last id>`.
    #[serde(default)]
    pub id: i64,
    pub record: String,
    pub field: String,
    /// The value that was overwritten (none when a delete erased the record).
    pub overwritten: Option<Value>,
    pub overwritten_version: u64,
    pub version: u64,
    /// The field's value on the server now (null when empty).
    #[serde(default)]
    pub current: Value,
    /// The record was deleted or erased since.
    #[serde(default)]
    pub gone: bool,
    /// When the contact was made; none when it is gone.
    #[serde(default)]
    pub created_at: Option<i64>,
}

impl LoggedConflict {
    /// A log entry with what its record, as the server holds it now (none
    /// when it is erased), says of the field.
    pub fn new(
        id: i64,
        record: String,
        conflict: Conflict,
        now: Option<&ServerRecord>,
    ) -> LoggedConflict {
        let live = now.filter(|r| r.deleted_at.is_none());
        let value_of = |field: &str| live.and_then(|r| r.fields.get(field)).map(|f| &f.value);
        LoggedConflict {
            id,
            current: value_of(&conflict.field).cloned().unwrap_or(Value::Null),
            gone: live.is_none(),
            created_at: value_of("created_at").and_then(Value::as_i64),
            record,
            field: conflict.field,
            overwritten: conflict.overwritten,
            overwritten_version: conflict.overwritten_version,
            version: conflict.version,
        }
    }
}
