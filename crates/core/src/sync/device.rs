//! A record as a device holds it for sync: its fields, the server version
//! it last saw, and its local changes not yet acknowledged.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Change, PulledRecord};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PendingChange {
    pub seq: u64,
    /// The server version seen when the edit was made: the server needs it
    /// to tell an overwrite of something unseen (a conflict) from an edit.
    pub base: u64,
    pub fields: BTreeSet<String>,
    #[serde(default)]
    pub delete: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DeviceRecord {
    pub fields: BTreeMap<String, Value>,
    /// The server version last pulled (0: never).
    pub base: u64,
    pub deleted: bool,
    pub pending: Vec<PendingChange>,
}

impl DeviceRecord {
    /// A local edit: sets the fields and remembers the change as `seq`.
    pub fn edit(&mut self, seq: u64, fields: BTreeMap<String, Value>) {
        let names = fields.keys().cloned().collect();
        self.fields.extend(fields);
        self.pending.push(PendingChange {
            seq,
            base: self.base,
            fields: names,
            delete: false,
        });
    }

    pub fn delete(&mut self, seq: u64) {
        self.deleted = true;
        self.pending.push(PendingChange {
            seq,
            base: self.base,
            fields: BTreeSet::new(),
            delete: true,
        });
    }

    /// The changes to push, with the current values of their fields.
    pub fn changes(&self, record: &str) -> Vec<Change> {
        self.pending
            .iter()
            .map(|p| Change {
                seq: p.seq,
                record: record.to_string(),
                base: p.base,
                fields: p
                    .fields
                    .iter()
                    .filter_map(|f| self.fields.get(f).map(|v| (f.clone(), v.clone())))
                    .collect(),
                delete: p.delete,
            })
            .collect()
    }

    /// Drops the changes the server acknowledged.
    pub fn acknowledge(&mut self, through: u64) {
        self.pending.retain(|p| p.seq > through);
    }

    /// The server holds this record as here, at `version` (its push
    /// answer said so): that is the base now, and pulling it back changes
    /// nothing. Only with nothing left to send.
    pub fn settle(&mut self, version: u64) {
        if self.pending.is_empty() {
            self.base = self.base.max(version);
        }
    }

    /// Takes in the server's state. Fields with local changes not yet
    /// pushed keep the local value: the push that follows decides (and the
    /// server logs what it overwrites). An older page than what this device
    /// has seen changes nothing.
    pub fn apply_pulled(&mut self, pulled: &PulledRecord) {
        if pulled.version <= self.base {
            return;
        }
        self.base = pulled.version;
        let local: BTreeSet<&String> = self.pending.iter().flat_map(|p| &p.fields).collect();
        let mut fields: BTreeMap<String, Value> = self
            .fields
            .iter()
            .filter(|(k, _)| local.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !pulled.deleted {
            for (k, v) in &pulled.fields {
                fields.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        self.fields = fields;
        self.deleted = pulled.deleted || self.pending.iter().any(|p| p.delete);
    }
}

/// All pending changes of all records, oldest first.
pub fn pending_changes<'a>(
    records: impl IntoIterator<Item = (&'a String, &'a DeviceRecord)>,
) -> Vec<Change> {
    let mut changes: Vec<Change> = records
        .into_iter()
        .flat_map(|(id, r)| r.changes(id))
        .collect();
    changes.sort_by_key(|c| c.seq);
    changes
}

/// Gives every pending change a new number from `from` on, keeping order.
pub fn renumber<'a>(records: impl IntoIterator<Item = &'a mut DeviceRecord>, from: u64) {
    let mut all: Vec<&mut PendingChange> = records
        .into_iter()
        .flat_map(|r| r.pending.iter_mut())
        .collect();
    all.sort_by_key(|p| p.seq);
    for (offset, pending) in all.into_iter().enumerate() {
        pending.seq = from + offset as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pulled(version: u64, deleted: bool, fields: &[(&str, &str)]) -> PulledRecord {
        PulledRecord {
            cursor: version,
            record: "r".into(),
            version,
            deleted,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
        }
    }

    #[test]
    fn pulled_state_fills_in_but_never_overwrites_unpushed_fields() {
        let mut record = DeviceRecord::default();
        record.edit(1, [("notes".to_string(), json!("mine"))].into());
        record.apply_pulled(&pulled(5, false, &[("notes", "theirs"), ("site", "Noord")]));
        assert_eq!(record.fields["notes"], json!("mine"));
        assert_eq!(record.fields["site"], json!("Noord"));
        assert_eq!(record.base, 5);
        // The change still carries the base it was made on.
        assert_eq!(record.changes("r")[0].base, 0);
        record.acknowledge(1);
        record.apply_pulled(&pulled(6, false, &[("notes", "merged")]));
        assert_eq!(record.fields["notes"], json!("merged"));
        assert!(
            !record.fields.contains_key("site"),
            "the server's state is the whole record"
        );
    }

    #[test]
    fn an_older_page_changes_nothing_and_a_tombstone_clears() {
        let mut record = DeviceRecord::default();
        record.apply_pulled(&pulled(5, false, &[("site", "Noord")]));
        record.apply_pulled(&pulled(4, false, &[("site", "Oud")]));
        assert_eq!(record.fields["site"], json!("Noord"));
        record.apply_pulled(&pulled(7, true, &[]));
        assert!(record.deleted && record.fields.is_empty());
    }

    #[test]
    fn pending_changes_come_oldest_first_and_renumber_keeps_order() {
        let mut a = DeviceRecord::default();
        let mut b = DeviceRecord::default();
        a.edit(3, [("notes".to_string(), json!("x"))].into());
        b.edit(1, [("site".to_string(), json!("y"))].into());
        a.delete(5);
        let ids = ["a".to_string(), "b".to_string()];
        let seqs: Vec<u64> = pending_changes([(&ids[0], &a), (&ids[1], &b)])
            .iter()
            .map(|c| c.seq)
            .collect();
        assert_eq!(seqs, vec![1, 3, 5]);
        renumber([&mut a, &mut b], 10);
        let seqs: Vec<(u64, bool)> = pending_changes([(&ids[0], &a), (&ids[1], &b)])
            .iter()
            .map(|c| (c.seq, c.delete))
            .collect();
        assert_eq!(seqs, vec![(10, false), (11, false), (12, true)]);
    }
}
