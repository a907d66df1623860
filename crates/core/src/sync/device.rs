//! The phone's side of sync, as plans: after each outcome of the engine
//! (changes numbered, a push acknowledged, a page pulled, numbers given
//! again), a pure function says which records to write and which to
//! remove. The app's driver and the multi-phone simulation both carry the
//! same plans out, so the simulation proves the code the phone runs.
//!
//! Each record is stored under its own key: a plan is a list of single
//! writes, and a crash between two of them leaves some done and some not.
//! Every plan is safe to carry out again from the start.

use std::collections::{BTreeMap, BTreeSet};

use super::PullResponse;
use crate::consultation::Response;
use crate::record::LocalRecord;
use crate::replica;
use crate::wire::{RefusedResponse, ResponsesAnswer};

/// What to store: records to write (one key each, in this order) and the
/// ids of records to remove.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StorePlan {
    pub put: Vec<LocalRecord>,
    pub remove: Vec<String>,
}

impl StorePlan {
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.remove.is_empty()
    }

    /// A record after the server acknowledged or sent it: a deleted one with
    /// nothing left to send leaves the phone, any other is written.
    fn keep_or_remove(&mut self, record: LocalRecord) {
        if is_gone(&record) {
            self.remove.push(record.contact.id);
        } else {
            self.put.push(record);
        }
    }
}

/// Deleted, and the server has the delete: nothing of it is needed here.
fn is_gone(record: &LocalRecord) -> bool {
    #[cfg(test)]
    if super::mutation::active(super::mutation::Mutation::RemoveWithUnsentEdits) {
        return record.deleted;
    }
    record.deleted && record.pending.is_empty()
}

/// Numbers the edits that have none, taking `records` in the order given
/// (oldest record first): a delete younger than `hold_ms` waits, with
/// everything after it. Returns the records to write and whether one waits.
pub fn plan_numbering<'a>(
    records: impl IntoIterator<Item = &'a LocalRecord>,
    now: i64,
    hold_ms: i64,
    next: &mut impl FnMut() -> u64,
) -> (StorePlan, bool) {
    let mut plan = StorePlan::default();
    let mut held = false;
    for record in records {
        if record.pending.iter().all(|e| e.seq.is_some()) {
            continue;
        }
        let mut record = record.clone();
        let numbered = record.number_edits(now, hold_ms, next);
        held |= record.pending.iter().any(|e| e.seq.is_none());
        if numbered {
            plan.put.push(record);
        }
    }
    (plan, held)
}

/// The server has every change up to `through`; `settled` names records it
/// holds exactly as this phone sent them, with their new version.
pub fn plan_acknowledge<'a>(
    records: impl IntoIterator<Item = &'a LocalRecord>,
    through: u64,
    settled: &BTreeMap<String, u64>,
    now: i64,
) -> StorePlan {
    let mut plan = StorePlan::default();
    for record in records {
        let acknowledged = record
            .pending
            .iter()
            .any(|e| e.seq.is_some_and(|seq| seq <= through));
        if !acknowledged {
            continue;
        }
        let mut record = record.clone();
        if record.acknowledge(through, now) {
            if let Some(version) = settled.get(&record.contact.id) {
                record.settle(*version);
            }
            plan.keep_or_remove(record);
        }
    }
    plan
}

/// A pulled page: each record taken into the one stored here, or stored
/// anew. Only the page's records are looked at, in one pass.
pub fn plan_pull<'a>(
    records: impl IntoIterator<Item = &'a LocalRecord>,
    page: &PullResponse,
    now: i64,
) -> StorePlan {
    let wanted: BTreeSet<&str> = page.changes.iter().map(|p| p.record.as_str()).collect();
    let mut known: BTreeMap<String, LocalRecord> = records
        .into_iter()
        .filter(|r| wanted.contains(r.contact.id.as_str()))
        .map(|r| (r.contact.id.clone(), r.clone()))
        .collect();
    let mut plan = StorePlan::default();
    for pulled in &page.changes {
        #[cfg(test)]
        if super::mutation::active(super::mutation::Mutation::PulledOverNewerLocal) {
            known.remove(&pulled.record);
        }
        match known.remove(&pulled.record) {
            Some(mut record) => {
                if record.apply_pulled(pulled) {
                    plan.keep_or_remove(record);
                }
            }
            None => plan.put.extend(LocalRecord::from_pulled(pulled, now)),
        }
    }
    plan
}

/// Every numbered edit numbered again from `from` on, in order: after a
/// gap, or when the phone joins another team.
pub fn plan_renumber<'a>(
    records: impl IntoIterator<Item = &'a LocalRecord>,
    from: u64,
) -> StorePlan {
    let mut all: Vec<LocalRecord> = records
        .into_iter()
        .filter(|r| r.highest_seq() > 0)
        .cloned()
        .collect();
    replica::renumber(all.iter_mut(), from);
    StorePlan {
        put: all,
        remove: Vec::new(),
    }
}

/// A consultation response not yet on the server, and why the server
/// refused it, if it did. Stored one key each, like records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingResponse {
    pub response: Response,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// The next responses to send: those not refused, at most `limit`, in the
/// order given.
pub fn responses_to_send<'a>(
    pending: impl IntoIterator<Item = &'a PendingResponse>,
    limit: usize,
) -> Vec<Response> {
    pending
        .into_iter()
        .filter(|p| p.refused.is_none())
        .take(limit)
        .map(|p| p.response.clone())
        .collect()
}

/// What to store after the server's answer to sent responses: those it
/// holds leave the phone; those it refused stay, marked with the code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponsesPlan {
    pub remove: Vec<String>,
    pub put: Vec<PendingResponse>,
}

pub fn plan_responses_answer<'a>(
    pending: impl IntoIterator<Item = &'a PendingResponse>,
    answer: &ResponsesAnswer,
) -> ResponsesPlan {
    let stored: BTreeSet<&str> = answer.stored.iter().map(String::as_str).collect();
    let refused: BTreeMap<&str, &RefusedResponse> =
        answer.refused.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut plan = ResponsesPlan {
        remove: answer.stored.clone(),
        put: Vec::new(),
    };
    for p in pending {
        let id = p.response.id.as_str();
        if stored.contains(id) {
            continue;
        }
        if let Some(refusal) = refused.get(id) {
            plan.put.push(PendingResponse {
                response: p.response.clone(),
                refused: Some(refusal.code.as_str().to_string()),
            });
        }
    }
    plan
}

/// The highest sequence number the stored records hold: an engine started
/// after a crash numbers on from there.
pub fn highest_seq<'a>(records: impl IntoIterator<Item = &'a LocalRecord>) -> u64 {
    records
        .into_iter()
        .map(LocalRecord::highest_seq)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{Contact, ContactInput};
    use crate::sync::PulledRecord;
    use serde_json::json;

    fn record(id: &str, notes: &str) -> LocalRecord {
        LocalRecord::create(Contact::new(id.into(), 1, 1, ContactInput::plain(notes)))
    }

    fn numbered(mut record: LocalRecord, first: u64) -> LocalRecord {
        let mut next = first;
        record.number_edits(1_000, 0, &mut || {
            next += 1;
            next - 1
        });
        record
    }

    #[test]
    fn numbering_writes_only_records_that_got_numbers() {
        let fresh = record("a", "x");
        let done = numbered(record("b", "y"), 1);
        let mut next = 10;
        let (plan, held) = plan_numbering([&fresh, &done], 0, 0, &mut || {
            next += 1;
            next - 1
        });
        assert!(!held);
        assert_eq!(plan.put.len(), 1);
        assert_eq!(plan.put[0].highest_seq(), 10);
    }

    #[test]
    fn an_acknowledged_delete_leaves_and_an_edit_stays() {
        let kept = numbered(record("a", "x"), 1);
        let mut deleted = numbered(record("b", "y"), 2);
        deleted.delete(5);
        let deleted = numbered(deleted, 3);
        let plan = plan_acknowledge([&kept, &deleted], 3, &BTreeMap::new(), 9);
        assert_eq!(plan.remove, ["b"]);
        assert_eq!(plan.put.len(), 1);
        assert!(plan.put[0].pending.is_empty());
        // Half acknowledged: the delete is still to send, so it stays.
        let plan = plan_acknowledge([&deleted], 2, &BTreeMap::new(), 9);
        assert!(plan.remove.is_empty());
        assert_eq!(plan.put.len(), 1);
    }

    #[test]
    fn a_pull_stores_new_records_and_skips_what_it_has_seen() {
        let known = numbered(record("a", "mine"), 1);
        let page = PullResponse {
            changes: vec![
                PulledRecord {
                    cursor: 1,
                    record: "a".into(),
                    version: 4,
                    deleted: false,
                    fields: replica::contact_fields(&record("a", "theirs").contact),
                },
                PulledRecord {
                    cursor: 2,
                    record: "new".into(),
                    version: 5,
                    deleted: false,
                    fields: replica::contact_fields(&record("new", "n").contact),
                },
            ],
            next_cursor: 2,
            has_more: false,
        };
        let plan = plan_pull([&known], &page, 9);
        assert_eq!(plan.put.len(), 2);
        assert_eq!(
            plan.put[0].contact.input.notes, "mine",
            "a field with an unsent edit keeps its value"
        );
        assert_eq!(plan.put[1].contact.id, "new");
        assert_eq!(json!(plan.put[1].base), json!(5));
    }

    #[test]
    fn renumbering_keeps_order_and_the_highest_number_is_found() {
        let a = numbered(record("a", "x"), 3);
        let b = numbered(record("b", "y"), 1);
        assert_eq!(highest_seq([&a, &b]), 3);
        let plan = plan_renumber([&a, &b], 10);
        let seqs: Vec<u64> = plan.put.iter().map(LocalRecord::highest_seq).collect();
        assert_eq!(seqs, [11, 10]);
    }
}
