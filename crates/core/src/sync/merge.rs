//! The per-field merge.
//!
//! - A change sets each of its fields; the later arrival wins.
//! - When a field it sets was changed by someone else after the change's
//!   base, and to another value, that value is overwritten and goes to the
//!   conflict log: nothing is dropped silently.
//! - A delete leaves a tombstone without personal data and wins over any
//!   edit it did not see, whichever arrives first. Such edits are logged by
//!   field name only, since a deleted record keeps no values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Change;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FieldState {
    pub value: Value,
    /// The record version that last set this field.
    pub version: u64,
}

/// The server's copy of a record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServerRecord {
    pub fields: BTreeMap<String, FieldState>,
    /// The version of the delete, for a tombstone.
    pub deleted_at: Option<u64>,
    /// The version of the last change applied.
    pub version: u64,
}

impl ServerRecord {
    /// Whether the record stays within the per-record limits.
    pub fn fits(&self) -> bool {
        super::record_fits(self.fields.iter().map(|(name, state)| (name, &state.value)))
    }
}

/// A value that lost: the field, the value overwritten (none when a delete
/// erased it), and the versions of both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Conflict {
    pub field: String,
    pub overwritten: Option<Value>,
    pub overwritten_version: u64,
    pub version: u64,
}

/// Applies `change` to `record` as version `version` (greater than any
/// version the record has) and returns the conflicts it caused.
pub fn apply(record: &mut ServerRecord, change: &Change, version: u64) -> Vec<Conflict> {
    let lost = |field: &str, state: Option<&FieldState>, overwritten_version: u64| Conflict {
        field: field.to_string(),
        overwritten: state.map(|s| s.value.clone()),
        overwritten_version,
        version,
    };
    let mut conflicts = Vec::new();
    record.version = version;

    if change.delete {
        // Edits the deleting device had not seen are lost; say which.
        for (field, state) in &record.fields {
            if state.version > change.base {
                conflicts.push(lost(field, None, state.version));
            }
        }
        record.fields.clear();
        record.deleted_at = Some(version);
        return conflicts;
    }

    if let Some(deleted_at) = record.deleted_at {
        // A tombstone takes no edits: the change is logged, not applied.
        for field in change.fields.keys() {
            conflicts.push(Conflict {
                field: field.clone(),
                overwritten: None,
                overwritten_version: deleted_at,
                version,
            });
        }
        return conflicts;
    }

    for (field, value) in &change.fields {
        let previous = record.fields.get(field);
        if let Some(state) = previous
            && state.version > change.base
            && state.value != *value
        {
            conflicts.push(lost(field, Some(state), state.version));
        }
        record.fields.insert(
            field.clone(),
            FieldState {
                value: value.clone(),
                version,
            },
        );
    }
    conflicts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn change(base: u64, fields: &[(&str, Value)]) -> Change {
        Change {
            seq: 1,
            record: "r".into(),
            base,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            delete: false,
        }
    }

    fn delete(base: u64) -> Change {
        Change {
            delete: true,
            ..change(base, &[])
        }
    }

    fn value(record: &ServerRecord, field: &str) -> Option<Value> {
        record.fields.get(field).map(|s| s.value.clone())
    }

    #[test]
    fn concurrent_edits_of_different_fields_both_survive() {
        let mut record = ServerRecord::default();
        apply(
            &mut record,
            &change(0, &[("notes", json!("a")), ("site", json!("Noord"))]),
            1,
        );
        assert!(apply(&mut record, &change(1, &[("notes", json!("b"))]), 2).is_empty());
        assert!(apply(&mut record, &change(1, &[("site", json!("Zuid"))]), 3).is_empty());
        assert_eq!(value(&record, "notes"), Some(json!("b")));
        assert_eq!(value(&record, "site"), Some(json!("Zuid")));
    }

    #[test]
    fn same_field_edits_keep_the_later_and_log_the_loser() {
        let mut record = ServerRecord::default();
        apply(&mut record, &change(0, &[("notes", json!("a"))]), 1);
        assert!(apply(&mut record, &change(1, &[("notes", json!("b"))]), 2).is_empty());
        let conflicts = apply(&mut record, &change(1, &[("notes", json!("c"))]), 3);
        assert_eq!(value(&record, "notes"), Some(json!("c")));
        assert_eq!(
            conflicts,
            vec![Conflict {
                field: "notes".into(),
                overwritten: Some(json!("b")),
                overwritten_version: 2,
                version: 3
            }]
        );
    }

    #[test]
    fn an_edit_that_saw_the_previous_value_is_no_conflict() {
        let mut record = ServerRecord::default();
        apply(&mut record, &change(0, &[("notes", json!("a"))]), 1);
        apply(&mut record, &change(1, &[("notes", json!("b"))]), 2);
        assert!(apply(&mut record, &change(2, &[("notes", json!("c"))]), 3).is_empty());
        // Setting the value someone else just set is agreement, not conflict.
        assert!(apply(&mut record, &change(1, &[("notes", json!("c"))]), 4).is_empty());
    }

    #[test]
    fn a_delete_leaves_a_tombstone_and_wins_over_edits_it_did_not_see() {
        let mut record = ServerRecord::default();
        apply(
            &mut record,
            &change(0, &[("notes", json!("privé")), ("site", json!("Noord"))]),
            1,
        );
        apply(&mut record, &change(1, &[("notes", json!("nieuw"))]), 2);
        let conflicts = apply(&mut record, &delete(1), 3);
        assert!(record.fields.is_empty(), "no personal data in a tombstone");
        assert_eq!(record.deleted_at, Some(3));
        assert_eq!(conflicts.len(), 1);
        assert_eq!(
            (conflicts[0].field.as_str(), &conflicts[0].overwritten),
            ("notes", &None)
        );
        // An edit arriving later is logged by name, not applied.
        let late = apply(&mut record, &change(1, &[("site", json!("Zuid"))]), 4);
        assert!(record.fields.is_empty());
        assert_eq!(late[0].field, "site");
        assert_eq!(late[0].overwritten, None);
    }

    fn arb_change() -> impl Strategy<Value = (u64, Vec<(String, i64)>, bool)> {
        (
            0u64..8,
            prop::collection::vec(
                (
                    prop::sample::select(vec!["a", "b", "c"]).prop_map(String::from),
                    0i64..3,
                ),
                0..3,
            ),
            prop::bool::weighted(0.1),
        )
    }

    proptest! {
        /// Later arrival wins per field, and nothing is dropped silently:
        /// every value overwritten without being seen, and every edit a
        /// tombstone refuses, is in the conflict log.
        #[test]
        fn later_arrival_wins_and_every_loss_is_logged(changes in prop::collection::vec(arb_change(), 1..20)) {
            let mut record = ServerRecord::default();
            let mut last_write: BTreeMap<String, Value> = BTreeMap::new();
            for (index, (base_back, fields, is_delete)) in changes.into_iter().enumerate() {
                let version = index as u64 + 1;
                let change = Change {
                    seq: version,
                    record: "r".into(),
                    base: version.saturating_sub(1 + base_back),
                    fields: fields.into_iter().map(|(k, v)| (k, json!(v))).collect(),
                    delete: is_delete,
                };
                let before = record.clone();
                let conflicts = apply(&mut record, &change, version);
                prop_assert_eq!(record.version, version);
                let logged = |field: &str, at: u64| conflicts.iter().any(|c| c.field == field && c.overwritten_version == at);
                if is_delete {
                    prop_assert!(record.fields.is_empty() && record.deleted_at == Some(version));
                    last_write.clear();
                    for (field, state) in &before.fields {
                        prop_assert!(state.version <= change.base || logged(field, state.version));
                    }
                } else if let Some(deleted_at) = before.deleted_at {
                    prop_assert_eq!(&record.fields, &before.fields);
                    for field in change.fields.keys() {
                        prop_assert!(logged(field, deleted_at));
                    }
                } else {
                    for (field, value) in &change.fields {
                        last_write.insert(field.clone(), value.clone());
                        if let Some(old) = before.fields.get(field)
                            && old.version > change.base
                            && old.value != *value
                        {
                            prop_assert!(logged(field, old.version), "lost {field}");
                        }
                    }
                }
                let current: BTreeMap<String, Value> =
                    record.fields.iter().map(|(k, s)| (k.clone(), s.value.clone())).collect();
                prop_assert_eq!(&current, &last_write);
            }
        }
    }
}
