//! The app's records as a sync replica: a contact as the per-field map the
//! server merges, which edits go out under which sequence number, and how
//! answers and pulled records change a stored record.
//!
//! Field names are the ones [`ContactInput::changed_fields`] reports: `site`,
//! `channel`, `notes`, … and one per scheme (`findings.huurtoeslag`), plus
//! `created_at` and `catalog_version`, set once. An absent value is `null`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::contact::{Contact, ContactInput};
use crate::record::{ALL_FIELDS, EditKind, LocalRecord, PendingEdit};
use crate::sync::{Change, PulledRecord};

const FINDING_PREFIX: &str = "findings.";
/// The prefix of a scheme's follow-up and outcome field.
pub const OUTCOME_PREFIX: &str = "outcomes.";

/// Every field of `contact`, as the server keeps it.
pub fn contact_fields(contact: &Contact) -> BTreeMap<String, Value> {
    record_fields(contact.created_at, contact.catalog_version, &contact.input)
}

/// The fields of a contact made at `created_at` with `catalog_version`.
pub fn record_fields(
    created_at: i64,
    catalog_version: u32,
    input: &ContactInput,
) -> BTreeMap<String, Value> {
    let mut fields = BTreeMap::new();
    fields.insert("created_at".to_string(), Value::from(created_at));
    fields.insert("catalog_version".to_string(), Value::from(catalog_version));
    // Through text rather than `to_value`: the app already carries the
    // text serializer of every contact type, and a second one costs wasm.
    let input = serde_json::to_string(input).and_then(|text| serde_json::from_str::<Value>(&text));
    if let Ok(Value::Object(input)) = input {
        for (name, value) in input {
            match (name.as_str(), value) {
                ("findings", Value::Array(findings)) => {
                    for finding in findings {
                        if let Some(scheme) = finding.get("scheme").and_then(Value::as_str) {
                            fields.insert(format!("{FINDING_PREFIX}{scheme}"), finding.clone());
                        }
                    }
                }
                ("outcomes", Value::Array(outcomes)) => {
                    for outcome in outcomes {
                        if let Some(scheme) = outcome.get("scheme").and_then(Value::as_str) {
                            fields.insert(format!("{OUTCOME_PREFIX}{scheme}"), outcome.clone());
                        }
                    }
                }
                (_, value) => {
                    fields.insert(name, value);
                }
            }
        }
    }
    fields
}

/// The named fields of `contact`; `*` names them all, a field it lacks is `null`.
fn selected_fields<'a>(
    contact: &Contact,
    names: impl IntoIterator<Item = &'a String>,
) -> BTreeMap<String, Value> {
    let all = contact_fields(contact);
    let mut out = BTreeMap::new();
    for name in names {
        if name == ALL_FIELDS {
            out.extend(all.clone());
        } else if name != "deleted" {
            out.insert(name.clone(), all.get(name).cloned().unwrap_or(Value::Null));
        }
    }
    out
}

/// Builds a contact back from its fields; `None` when they do not make a
/// valid contact (written by a newer app, say).
pub fn contact_from_fields(id: &str, fields: &BTreeMap<String, Value>) -> Option<Contact> {
    contact_from_values(id, fields.iter())
}

/// [`contact_from_fields`] over the fields as they come, in name order
/// (a server record's field states, say, without copying them first).
pub fn contact_from_values<'a>(
    id: &str,
    fields: impl Iterator<Item = (&'a String, &'a Value)>,
) -> Option<Contact> {
    let mut created_at = None;
    let mut catalog_version = None;
    let mut input = Map::new();
    let mut findings = Vec::new();
    let mut outcomes = Vec::new();
    for (name, value) in fields {
        match name.as_str() {
            "created_at" => created_at = value.as_i64(),
            "catalog_version" => catalog_version = value.as_u64(),
            _ if value.is_null() => {}
            _ if name.starts_with(FINDING_PREFIX) => findings.push(value.clone()),
            _ if name.starts_with(OUTCOME_PREFIX) => outcomes.push(value.clone()),
            _ => {
                input.insert(name.clone(), value.clone());
            }
        }
    }
    let created_at = created_at?;
    let catalog_version = u32::try_from(catalog_version?).ok()?;
    input.insert("findings".to_string(), Value::Array(findings));
    input.insert("outcomes".to_string(), Value::Array(outcomes));
    let input: ContactInput = serde_json::from_value(Value::Object(input)).ok()?;
    Some(Contact {
        id: id.to_string(),
        created_at,
        updated_at: created_at,
        catalog_version,
        input,
    })
}

impl LocalRecord {
    /// A record another device made, as first pulled.
    pub fn from_pulled(pulled: &PulledRecord, now: i64) -> Option<LocalRecord> {
        if pulled.deleted {
            return None;
        }
        let contact = contact_from_fields(&pulled.record, &pulled.fields)?;
        Some(LocalRecord {
            contact,
            deleted: false,
            pending: Vec::new(),
            synced_at: Some(now),
            sync_error: None,
            base: pulled.version,
        })
    }

    /// Gives the next sequence numbers to edits that have none, oldest
    /// first. A delete younger than `hold_ms` waits, with everything after
    /// it: the undo offer may still take it back, and a delete the server
    /// has cannot be taken back. A delete undone before it was numbered
    /// never leaves the phone. Returns whether the record changed.
    pub fn number_edits(&mut self, now: i64, hold_ms: i64, next: &mut impl FnMut() -> u64) -> bool {
        let mut changed = cancel_undone_deletes(&mut self.pending);
        for edit in self.pending.iter_mut().filter(|e| e.seq.is_none()) {
            if edit.kind == EditKind::Delete && now - edit.at < hold_ms {
                break;
            }
            edit.seq = Some(next());
            changed = true;
        }
        changed
    }

    /// The numbered edits as the server takes them, with the fields' current values.
    pub fn changes(&self) -> Vec<Change> {
        self.pending
            .iter()
            .filter_map(|edit| {
                let seq = edit.seq?;
                let delete = edit.kind == EditKind::Delete;
                Some(Change {
                    seq,
                    record: self.contact.id.clone(),
                    base: edit.base,
                    fields: if delete {
                        BTreeMap::new()
                    } else {
                        selected_fields(&self.contact, &edit.fields)
                    },
                    delete,
                })
            })
            .collect()
    }

    /// The highest sequence number this record holds.
    pub fn highest_seq(&self) -> u64 {
        self.pending.iter().filter_map(|e| e.seq).max().unwrap_or(0)
    }

    /// Drops the edits the server has; returns whether the record changed.
    pub fn acknowledge(&mut self, through: u64, now: i64) -> bool {
        let before = self.pending.len();
        self.pending
            .retain(|e| e.seq.is_none_or(|seq| seq > through));
        if self.pending.len() == before {
            return false;
        }
        if self.pending.is_empty() {
            self.synced_at = Some(now);
            self.sync_error = None;
        }
        true
    }

    /// The server holds this record as here, at `version` (its push answer
    /// settled it): that is the base now, so pulling it back rewrites
    /// nothing. Only when nothing is left to send.
    pub fn settle(&mut self, version: u64) {
        if self.pending.is_empty() {
            self.base = self.base.max(version);
        }
    }

    /// Takes in the server's state of this record. Fields with local edits
    /// not yet acknowledged keep the local value (the push that follows
    /// decides, and the server logs what it overwrites); an older state than
    /// this phone has seen changes nothing. Returns whether it changed.
    pub fn apply_pulled(&mut self, pulled: &PulledRecord) -> bool {
        if pulled.version <= self.base {
            return false;
        }
        self.base = pulled.version;
        if pulled.deleted {
            // The server's delete wins. This phone's own delete, not yet
            // sent, is moot, and can no longer be undone; edits still to
            // send go out and land in the conflict log.
            self.deleted = true;
            self.pending
                .retain(|e| !(e.kind == EditKind::Delete && e.seq.is_none()));
            return true;
        }
        let everything = self
            .pending
            .iter()
            .any(|e| e.fields.iter().any(|f| f == ALL_FIELDS));
        #[cfg(test)]
        let everything = everything
            && !crate::sync::mutation::active(
                crate::sync::mutation::Mutation::PullOverwritesPending,
            );
        if everything {
            return true;
        }
        let mut fields = pulled.fields.clone();
        #[cfg(test)]
        let keep_local =
            !crate::sync::mutation::active(crate::sync::mutation::Mutation::PullOverwritesPending);
        #[cfg(not(test))]
        let keep_local = true;
        // Most pulled records have no local edits: then the contact's own
        // fields need not be read (this runs for every record of a pull).
        if keep_local && !self.pending.is_empty() {
            let local = contact_fields(&self.contact);
            for edit in &self.pending {
                for name in &edit.fields {
                    fields.insert(
                        name.clone(),
                        local.get(name).cloned().unwrap_or(Value::Null),
                    );
                }
            }
        }
        if let Some(mut contact) = contact_from_fields(&self.contact.id, &fields) {
            contact.updated_at = self.contact.updated_at.max(contact.created_at);
            self.contact = contact;
        }
        true
    }
}

/// Removes each unnumbered delete that an unnumbered restore follows.
fn cancel_undone_deletes(pending: &mut Vec<PendingEdit>) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i + 1 < pending.len() {
        let (a, b) = (&pending[i], &pending[i + 1]);
        if a.seq.is_none()
            && b.seq.is_none()
            && a.kind == EditKind::Delete
            && b.kind == EditKind::Restore
        {
            pending.drain(i..i + 2);
            changed = true;
        } else {
            i += 1;
        }
    }
    changed
}

/// Gives every numbered edit of `records` a new number from `from` on,
/// keeping their order: after a gap, or when the phone joins another team.
pub fn renumber<'a>(records: impl IntoIterator<Item = &'a mut LocalRecord>, from: u64) {
    let mut numbered: Vec<&mut PendingEdit> = records
        .into_iter()
        .flat_map(|r| r.pending.iter_mut())
        .filter(|e| e.seq.is_some())
        .collect();
    numbered.sort_by_key(|e| e.seq);
    for (offset, edit) in numbered.into_iter().enumerate() {
        edit.seq = Some(from + offset as u64);
    }
}

/// The `page` oldest numbered changes of `records`, oldest first, and how
/// many numbered changes there are in all. Only the records holding those
/// changes build them, so a backlog of thousands costs one scan per page.
pub fn first_changes(records: &[LocalRecord], page: usize) -> (Vec<Change>, usize) {
    let mut numbered: Vec<(u64, usize)> = records
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.pending
                .iter()
                .filter_map(move |e| e.seq.map(|seq| (seq, i)))
        })
        .collect();
    let total = numbered.len();
    numbered.sort_unstable();
    numbered.truncate(page);
    let last = numbered.last().map_or(0, |(seq, _)| *seq);
    let mut holders: Vec<usize> = numbered.iter().map(|(_, i)| *i).collect();
    holders.sort_unstable();
    holders.dedup();
    let mut first: Vec<Change> = holders
        .into_iter()
        .flat_map(|i| records[i].changes())
        .filter(|c| c.seq <= last)
        .collect();
    first.sort_by_key(|c| c.seq);
    (first, total)
}

#[cfg(test)]
mod tests;
