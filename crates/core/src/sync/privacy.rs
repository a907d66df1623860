//! Changes the server makes itself, for privacy: erasing a record, and
//! clearing free text once the team's retention period has passed. They go
//! through the same merge as every change, as a new version (so devices pull
//! them), with a base no field exceeds, so nothing they remove is logged as a
//! conflict.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Change, ServerRecord, apply};
use crate::replica::OUTCOME_PREFIX;

/// The fields retention clears: free-text notes and follow-up (which holds
/// contact details). Of each scheme's outcome (`outcomes.<scheme>`) it
/// clears the follow-up date and the amount, and keeps the decision.
pub const FREE_TEXT_FIELDS: &[&str] = &["notes", "follow_up"];

/// The new values of the fields retention changes in `record`: empty when
/// there is nothing left to clear.
fn retention_values(record: &ServerRecord) -> BTreeMap<String, Value> {
    let mut values = BTreeMap::new();
    for field in FREE_TEXT_FIELDS {
        if record.holds(field) {
            values.insert(field.to_string(), Value::Null);
        }
    }
    for (name, state) in &record.fields {
        if !name.starts_with(OUTCOME_PREFIX) || state.value.is_null() {
            continue;
        }
        let mut value = state.value.clone();
        let mut changed = false;
        if let Some(outcome) = value.as_object_mut() {
            changed |= outcome.remove("follow_up_on").is_some();
            if let Some(decided) = outcome.get_mut("outcome").and_then(Value::as_object_mut) {
                changed |= decided.remove("amount").is_some();
            }
            if !outcome.contains_key("outcome") {
                value = Value::Null;
            }
        }
        if changed || value.is_null() {
            values.insert(name.clone(), value);
        }
    }
    values
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerEdit {
    /// Everything goes; a tombstone without data stays.
    Erase,
    /// The free-text fields become empty.
    ClearFreeText,
}

impl ServerEdit {
    /// Whether the edit would change `record`: a tombstone takes none, and
    /// clearing needs free text to clear.
    pub fn applies_to(self, record: &ServerRecord) -> bool {
        record.deleted_at.is_none()
            && match self {
                ServerEdit::Erase => true,
                ServerEdit::ClearFreeText => !retention_values(record).is_empty(),
            }
    }

    /// Applies the edit to `record` as version `version`.
    pub fn apply(self, record: &mut ServerRecord, id: &str, version: u64) {
        let (fields, delete) = match self {
            ServerEdit::Erase => (BTreeMap::new(), true),
            ServerEdit::ClearFreeText => (retention_values(record), false),
        };
        let change = Change {
            seq: 0,
            record: id.to_string(),
            base: u64::MAX,
            fields,
            delete,
        };
        apply(record, &change, version);
    }

    /// The fields of `record` whose conflict log entries go with the
    /// edit (read before it is applied); `None`: all.
    pub fn forgets(self, record: &ServerRecord) -> Option<Vec<String>> {
        match self {
            ServerEdit::Erase => None,
            ServerEdit::ClearFreeText => Some(retention_values(record).into_keys().collect()),
        }
    }
}

impl ServerRecord {
    /// Whether `field` has a value (not absent, not null).
    pub fn holds(&self, field: &str) -> bool {
        self.fields.get(field).is_some_and(|s| !s.value.is_null())
    }

    /// Made before `before` (ms since the epoch) and still holding free text.
    pub fn free_text_expired(&self, before: i64) -> bool {
        let made = self
            .fields
            .get("created_at")
            .and_then(|f| f.value.as_i64())
            .unwrap_or(i64::MAX);
        made < before && ServerEdit::ClearFreeText.applies_to(self)
    }

    /// The fields' current values, as a pull hands them out.
    pub fn into_values(self) -> BTreeMap<String, Value> {
        self.fields.into_iter().map(|(k, f)| (k, f.value)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::FieldState;
    use serde_json::json;

    fn record(fields: &[(&str, Value)]) -> ServerRecord {
        ServerRecord {
            fields: fields
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        FieldState {
                            value: v.clone(),
                            version: 3,
                        },
                    )
                })
                .collect(),
            deleted_at: None,
            version: 3,
        }
    }

    #[test]
    fn erasing_leaves_a_bare_tombstone_and_logs_nothing() {
        let mut r = record(&[("notes", json!("Jansen")), ("site", json!("Noord"))]);
        assert!(ServerEdit::Erase.applies_to(&r));
        ServerEdit::Erase.apply(&mut r, "r1", 9);
        assert!(r.fields.is_empty());
        assert_eq!((r.deleted_at, r.version), (Some(9), 9));
        assert!(
            !ServerEdit::Erase.applies_to(&r),
            "a tombstone takes no more edits"
        );
    }

    #[test]
    fn clearing_empties_only_the_free_text_of_old_records() {
        let mut r = record(&[
            ("created_at", json!(1_000)),
            ("notes", json!("Jansen")),
            ("follow_up", json!({ "referred_to": "x" })),
            ("site", json!("Noord")),
        ]);
        assert!(r.free_text_expired(2_000));
        assert!(!r.free_text_expired(1_000), "not older than the cut-off");
        ServerEdit::ClearFreeText.apply(&mut r, "r1", 9);
        assert!(!r.holds("notes") && !r.holds("follow_up"));
        assert_eq!(r.fields["notes"].version, 9);
        assert_eq!(
            r.fields["site"],
            FieldState {
                value: json!("Noord"),
                version: 3
            }
        );
        assert!(!r.free_text_expired(2_000), "nothing left to clear");
        assert_eq!(r.into_values()["site"], json!("Noord"));
    }

    #[test]
    fn retention_clears_follow_up_dates_and_amounts_and_keeps_decisions() {
        let mut r = record(&[
            ("created_at", json!(1_000)),
            (
                "outcomes.huurtoeslag",
                json!({ "scheme": "huurtoeslag", "follow_up_on": "2026-12-10",
                        "outcome": { "decision": "granted", "amount": { "euros": 45, "per": "month" } } }),
            ),
            (
                "outcomes.zorgtoeslag",
                json!({ "scheme": "zorgtoeslag", "follow_up_on": "2026-12-10" }),
            ),
        ]);
        assert!(r.free_text_expired(2_000));
        let forgets = ServerEdit::ClearFreeText.forgets(&r).unwrap();
        assert_eq!(forgets, ["outcomes.huurtoeslag", "outcomes.zorgtoeslag"]);
        ServerEdit::ClearFreeText.apply(&mut r, "r1", 9);
        assert_eq!(
            r.fields["outcomes.huurtoeslag"].value,
            json!({ "scheme": "huurtoeslag", "outcome": { "decision": "granted" } })
        );
        assert!(!r.holds("outcomes.zorgtoeslag"), "a date alone goes whole");
        assert!(!r.free_text_expired(2_000), "nothing left to clear");
        let kept: crate::contact::SchemeOutcome =
            serde_json::from_value(r.into_values().remove("outcomes.huurtoeslag").unwrap())
                .unwrap();
        assert_eq!(kept.follow_up_on, None);
        assert_eq!(kept.outcome.as_ref().unwrap().amount, None);
    }
}
