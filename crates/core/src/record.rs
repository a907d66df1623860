//! A contact as this device keeps it: the record, whether it was deleted
//! (a tombstone until the server has it), and what the server has not seen
//! yet. Stored under one key, so one write saves all of it.

use serde::{Deserialize, Serialize};

use crate::contact::{Contact, ContactInput};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LocalRecord {
    pub contact: Contact,
    #[serde(default)]
    pub deleted: bool,
    /// Local edits the server has not acknowledged, oldest first.
    #[serde(default)]
    pub pending: Vec<PendingEdit>,
    /// When the server last acknowledged this record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced_at: Option<i64>,
    /// Why the last attempt to sync this record failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_error: Option<String>,
    /// The server version of this record last seen here (0: none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub base: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    Create,
    Update,
    Delete,
    Restore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PendingEdit {
    pub kind: EditKind,
    pub at: i64,
    /// The fields this edit changed (see [`ContactInput::changed_fields`]);
    /// [`ALL_FIELDS`] when not known. The per-field merge reads them.
    pub fields: Vec<String>,
    /// The device's sequence number, given when the edit is first sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// The server version the edit was made on.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub base: u64,
}

/// Stands for every field of the record.
pub const ALL_FIELDS: &str = "*";

/// The layout of a stored record. Version 1 kept no changed fields per
/// edit; version 2 does.
pub const RECORD_SCHEMA: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateError {
    /// Written by a newer app: left untouched, never overwritten.
    FromTheFuture {
        schema: u32,
    },
    Unreadable(String),
}

/// Reads a stored record of layout `schema`, upgrading older layouts step by
/// step. Unsynced edits are carried across: an old edit whose fields are
/// unknown counts as having changed every field, so no merge can drop it.
pub fn migrate(schema: u32, mut value: serde_json::Value) -> Result<LocalRecord, MigrateError> {
    if schema > RECORD_SCHEMA {
        return Err(MigrateError::FromTheFuture { schema });
    }
    // 1 → 2: edits gain the fields they changed; unknown means all.
    if schema < 2
        && let Some(edits) = value.get_mut("pending").and_then(|p| p.as_array_mut())
    {
        for edit in edits.iter_mut().filter_map(|e| e.as_object_mut()) {
            edit.entry("fields")
                .or_insert_with(|| serde_json::json!([ALL_FIELDS]));
        }
    }
    serde_json::from_value(value).map_err(|err| MigrateError::Unreadable(err.to_string()))
}

/// What "My contacts" shows beside a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordState {
    /// Saved here, not yet on the server.
    OnThisPhone,
    Synced,
    SyncProblem,
}

impl LocalRecord {
    pub fn create(contact: Contact) -> LocalRecord {
        let at = contact.created_at;
        LocalRecord {
            contact,
            deleted: false,
            pending: vec![PendingEdit {
                kind: EditKind::Create,
                at,
                fields: vec![ALL_FIELDS.to_string()],
                seq: None,
                base: 0,
            }],
            synced_at: None,
            sync_error: None,
            base: 0,
        }
    }

    /// Replaces the content; an edit that changes nothing is not recorded.
    pub fn edit(&mut self, input: ContactInput, now: i64) {
        let fields = self.contact.input.changed_fields(&input);
        if fields.is_empty() {
            return;
        }
        self.contact.input = input;
        self.touch(EditKind::Update, now, fields);
    }

    pub fn delete(&mut self, now: i64) {
        self.deleted = true;
        self.touch(EditKind::Delete, now, vec!["deleted".into()]);
    }

    /// Undoes a delete that has not left this phone (the undo offer comes
    /// before the delete is sent) and that no delete from the server
    /// overtook. Returns whether it did.
    pub fn restore(&mut self, now: i64) -> bool {
        let undoable = self.deleted
            && self
                .pending
                .last()
                .is_some_and(|e| e.kind == EditKind::Delete && e.seq.is_none());
        if undoable {
            self.deleted = false;
            self.touch(EditKind::Restore, now, vec!["deleted".into()]);
        }
        undoable
    }

    fn touch(&mut self, kind: EditKind, now: i64, fields: Vec<String>) {
        // The clock may step back; a record's time never does.
        self.contact.updated_at = now.max(self.contact.updated_at);
        self.pending.push(PendingEdit {
            kind,
            at: self.contact.updated_at,
            fields,
            seq: None,
            base: self.base,
        });
    }

    pub fn state(&self) -> RecordState {
        match (&self.sync_error, self.pending.is_empty()) {
            (Some(_), false) => RecordState::SyncProblem,
            (_, false) => RecordState::OnThisPhone,
            (_, true) => RecordState::Synced,
        }
    }

    pub fn is_unsynced(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The order of "My contacts": newest first; ids break ties.
    pub fn newest_first(a: &LocalRecord, b: &LocalRecord) -> std::cmp::Ordering {
        b.contact
            .created_at
            .cmp(&a.contact.created_at)
            .then_with(|| b.contact.id.cmp(&a.contact.id))
    }
}

/// A UUIDv7 (RFC 9562) from a millisecond timestamp and ten random bytes,
/// both supplied by the caller: ids sort by creation time.
pub fn uuid_v7(unix_ms: u64, random: [u8; 10]) -> String {
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&random);
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::contact::{Channel, ContactForm, FindingForm, Status};
    use proptest::prelude::*;

    fn record() -> LocalRecord {
        let form = ContactForm {
            site: "Inloop".into(),
            channel: Some(Channel::WalkIn),
            findings: vec![FindingForm {
                scheme: "zorgtoeslag".into(),
                status: Some(Status::Uses),
                ..FindingForm::default()
            }],
            ..ContactForm::default()
        };
        let input = form.validate(&Catalog::default_catalog()).unwrap();
        LocalRecord::create(Contact::new("id-1".into(), 1_000, 1, input))
    }

    #[test]
    fn a_new_record_is_on_this_phone_until_synced() {
        let mut r = record();
        assert_eq!(r.state(), RecordState::OnThisPhone);
        r.sync_error = Some("server unreachable".into());
        assert_eq!(r.state(), RecordState::SyncProblem);
        r.pending.clear();
        r.sync_error = None;
        assert_eq!(r.state(), RecordState::Synced);
    }

    #[test]
    fn delete_and_restore_are_pending_edits() {
        let mut r = record();
        assert!(!r.restore(1_500), "nothing to undo");
        r.delete(2_000);
        assert!(r.deleted);
        assert!(r.restore(3_000));
        assert!(!r.deleted);
        let kinds: Vec<EditKind> = r.pending.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![EditKind::Create, EditKind::Delete, EditKind::Restore]
        );
        assert_eq!(r.contact.updated_at, 3_000);
    }

    #[test]
    fn edits_record_the_fields_they_changed() {
        let mut r = record();
        let mut input = r.contact.input.clone();
        r.edit(input.clone(), 1_500);
        assert_eq!(
            r.pending.len(),
            1,
            "an edit that changes nothing is not an edit"
        );
        input.notes = "belt volgende week".into();
        input.findings[0].status = Status::NotUsed;
        r.edit(input, 2_000);
        assert_eq!(r.pending[1].kind, EditKind::Update);
        assert_eq!(r.pending[1].fields, vec!["notes", "findings.zorgtoeslag"]);
    }

    #[test]
    fn a_version_1_record_migrates_with_its_unsynced_edits() {
        let v1 = serde_json::json!({
            "contact": serde_json::to_value(&record().contact).unwrap(),
            "deleted": false,
            "pending": [{ "kind": "create", "at": 1000 }, { "kind": "update", "at": 2000 }],
            "sync_error": "server unreachable"
        });
        let migrated = migrate(1, v1).unwrap();
        assert_eq!(migrated.pending.len(), 2);
        assert_eq!(migrated.pending[1].kind, EditKind::Update);
        assert_eq!(migrated.pending[1].fields, vec![ALL_FIELDS]);
        assert_eq!(migrated.state(), RecordState::SyncProblem);
        assert_eq!(migrated.contact, record().contact);
    }

    #[test]
    fn the_current_layout_reads_as_it_is_and_a_newer_one_is_refused() {
        let r = record();
        let value = serde_json::to_value(&r).unwrap();
        assert_eq!(migrate(RECORD_SCHEMA, value.clone()), Ok(r));
        assert_eq!(
            migrate(RECORD_SCHEMA + 1, value),
            Err(MigrateError::FromTheFuture {
                schema: RECORD_SCHEMA + 1
            })
        );
        assert!(matches!(
            migrate(1, serde_json::json!({"x": 1})),
            Err(MigrateError::Unreadable(_))
        ));
    }

    #[test]
    fn updated_at_never_goes_back() {
        let mut r = record();
        r.delete(500);
        assert_eq!(r.contact.updated_at, 1_000);
    }

    #[test]
    fn uuid_v7_has_version_variant_and_time_order() {
        let id = uuid_v7(0x0190_0000_0001, [0xff; 10]);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "7");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert!(id.starts_with("01900000-0001-"));
        assert!(uuid_v7(1, [0xff; 10]) < uuid_v7(2, [0; 10]));
    }

    proptest! {
        #[test]
        fn records_round_trip_through_json(deleted in any::<bool>(), at in 0i64..4_000_000_000_000) {
            let mut r = record();
            if deleted { r.delete(at) } else { r.restore(at); }
            let json = serde_json::to_string(&r).unwrap();
            prop_assert_eq!(serde_json::from_str::<LocalRecord>(&json).unwrap(), r);
        }
    }
}
