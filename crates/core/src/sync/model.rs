//! The server's sync semantics in memory: the reference that the SQLite and
//! PostgreSQL stores must match, and the server of the sync simulations.

use std::collections::BTreeMap;

use super::{
    Change, Conflict, PullResponse, PulledRecord, PushRequest, PushResponse, ServerRecord, apply,
};
use crate::wire::PROTOCOL_VERSION;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushError {
    /// The push starts after a sequence number the server never received;
    /// nothing of it was applied. Resend from `resend_from`.
    Gap { resend_from: u64 },
    /// Sequence numbers within the push go down or repeat.
    OutOfOrder,
    /// The device speaks a protocol this server no longer (or not yet) speaks.
    UpgradeNeeded { protocol: u32 },
    /// A volunteer's device changes a record another device created (the
    /// server's access rule; the reference model has no owners).
    NotYours { record: String },
    /// The change would grow the record past [`super::limits::MAX_RECORD_FIELDS`]
    /// or [`super::limits::MAX_RECORD_BYTES`]; nothing of the push was applied.
    RecordTooLarge { record: String },
}

/// Accepted protocol versions: the current one and the one before it.
pub fn protocol_supported(protocol: u32) -> bool {
    protocol == PROTOCOL_VERSION || (PROTOCOL_VERSION > 1 && protocol == PROTOCOL_VERSION - 1)
}

/// Decides what of a push to apply, given the last sequence number applied
/// for its device: the changes after it, which must follow on without a gap.
/// Every store applies exactly these, in one transaction.
pub fn plan_push(applied_through: u64, changes: &[Change]) -> Result<&[Change], PushError> {
    if changes.windows(2).any(|w| w[1].seq <= w[0].seq) {
        return Err(PushError::OutOfOrder);
    }
    #[cfg(test)]
    if super::mutation::active(super::mutation::Mutation::ReapplyDuplicate)
        && changes.first().is_some_and(|c| c.seq <= applied_through)
    {
        return Ok(changes);
    }
    let start = changes.partition_point(|c| c.seq <= applied_through);
    let fresh = &changes[start..];
    let contiguous = fresh
        .iter()
        .enumerate()
        .all(|(i, c)| c.seq == applied_through + 1 + i as u64);
    if contiguous {
        Ok(fresh)
    } else {
        Err(PushError::Gap {
            resend_from: applied_through + 1,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct ServerModel {
    records: BTreeMap<String, StoredRecord>,
    /// Per device, the last sequence number applied.
    applied: BTreeMap<String, u64>,
    conflicts: Vec<(String, Conflict)>,
    /// The last change sequence handed out (also each change's version):
    /// the number of changes applied.
    last_seq: u64,
}

#[derive(Debug, Clone)]
struct StoredRecord {
    record: ServerRecord,
    /// The change sequence of its latest change: where a pull finds it.
    cursor: u64,
}

impl ServerModel {
    /// Applies `request` for `device` as one transaction: already-applied
    /// changes are skipped and acknowledged, a gap refuses the whole push.
    pub fn push(&mut self, device: &str, request: &PushRequest) -> Result<PushResponse, PushError> {
        if !protocol_supported(request.protocol) {
            return Err(PushError::UpgradeNeeded {
                protocol: request.protocol,
            });
        }
        let applied_through = self.applied.get(device).copied().unwrap_or(0);
        let fresh = plan_push(applied_through, &request.changes)?;
        let mut conflicts = 0;
        let mut settled = super::Settled::default();
        for change in fresh {
            self.last_seq += 1;
            let stored = self
                .records
                .entry(change.record.clone())
                .or_insert_with(|| StoredRecord {
                    record: ServerRecord::default(),
                    cursor: 0,
                });
            let prior = stored.record.version;
            let lost = apply(&mut stored.record, change, self.last_seq);
            settled.note(change, prior, self.last_seq);
            stored.cursor = self.last_seq;
            conflicts += lost.len() as u32;
            self.conflicts
                .extend(lost.into_iter().map(|c| (change.record.clone(), c)));
        }
        let through = fresh.last().map_or(applied_through, |c| c.seq);
        self.applied.insert(device.to_string(), through);
        Ok(PushResponse {
            applied_through: through,
            skipped: (request.changes.len() - fresh.len()) as u32,
            applied: fresh.len() as u32,
            conflicts,
            settled: settled.into_versions(),
        })
    }

    /// The records changed after `cursor`, oldest change first, at most `limit`.
    pub fn pull(&self, cursor: u64, limit: usize) -> PullResponse {
        let mut after: Vec<(&String, &StoredRecord)> = self
            .records
            .iter()
            .filter(|(_, s)| s.cursor > cursor)
            .collect();
        after.sort_by_key(|(_, s)| s.cursor);
        let has_more = after.len() > limit;
        let changes: Vec<PulledRecord> = after
            .into_iter()
            .take(limit)
            .map(|(id, s)| PulledRecord {
                cursor: s.cursor,
                record: id.clone(),
                version: s.record.version,
                deleted: s.record.deleted_at.is_some(),
                fields: s
                    .record
                    .fields
                    .iter()
                    .map(|(k, f)| (k.clone(), f.value.clone()))
                    .collect(),
            })
            .collect();
        PullResponse {
            next_cursor: changes.last().map_or(cursor, |c| c.cursor),
            has_more,
            changes,
        }
    }

    pub fn record(&self, id: &str) -> Option<&ServerRecord> {
        self.records.get(id).map(|s| &s.record)
    }

    pub fn conflicts(&self) -> &[(String, Conflict)] {
        &self.conflicts
    }

    pub fn record_count(&self) -> usize {
        self.records.len()
    }

    /// How many changes were applied, over all devices.
    pub fn changes_applied(&self) -> u64 {
        self.last_seq
    }

    pub fn record_ids(&self) -> impl Iterator<Item = &String> {
        self.records.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(seq: u64, record: &str, notes: &str) -> Change {
        Change {
            seq,
            record: record.into(),
            base: 0,
            fields: [("notes".to_string(), json!(notes))].into(),
            delete: false,
        }
    }

    fn push(changes: Vec<Change>) -> PushRequest {
        PushRequest {
            protocol: PROTOCOL_VERSION,
            changes,
        }
    }

    #[test]
    fn a_push_settles_only_records_nothing_unseen_was_merged_into() {
        let mut server = ServerModel::default();
        // New records, and two edits of one record in the same push.
        let first = server
            .push(
                "a",
                &push(vec![
                    change(1, "r1", "x"),
                    change(2, "r2", "y"),
                    change(3, "r2", "z"),
                ]),
            )
            .unwrap();
        assert_eq!(first.settled, [("r1".into(), 1), ("r2".into(), 3)].into());
        // Phone b edits r1 without having seen it (base 0): another
        // phone's version sits in between, so b must read r1 back.
        let second = server.push("b", &push(vec![change(1, "r1", "b")])).unwrap();
        assert!(second.settled.is_empty(), "{second:?}");
        // Phone a edits r2 on the version it saw: settled again.
        let mut edit = change(4, "r2", "w");
        edit.base = 3;
        let third = server.push("a", &push(vec![edit])).unwrap();
        assert_eq!(third.settled, [("r2".into(), 5)].into());
        // A resend applies nothing and settles nothing.
        let again = server.push("a", &push(vec![change(1, "r1", "x")])).unwrap();
        assert!(again.settled.is_empty());
    }

    #[test]
    fn a_resent_push_is_acknowledged_and_applied_once() {
        let mut server = ServerModel::default();
        let request = push(vec![change(1, "a", "x"), change(2, "b", "y")]);
        let first = server.push("phone", &request).unwrap();
        assert_eq!(
            (first.applied_through, first.applied, first.skipped),
            (2, 2, 0)
        );
        // The answer was lost; the phone sends the same push again.
        let again = server.push("phone", &request).unwrap();
        assert_eq!(
            (again.applied_through, again.applied, again.skipped),
            (2, 0, 2)
        );
        assert_eq!(server.pull(0, 100).changes.len(), 2);
        assert_eq!(
            server.pull(0, 100).next_cursor,
            2,
            "no second change was made"
        );
    }

    #[test]
    fn a_push_overlapping_what_was_applied_applies_only_the_rest() {
        let mut server = ServerModel::default();
        server
            .push("phone", &push(vec![change(1, "a", "x")]))
            .unwrap();
        let answer = server
            .push(
                "phone",
                &push(vec![change(1, "a", "x"), change(2, "a", "z")]),
            )
            .unwrap();
        assert_eq!(
            (answer.applied, answer.skipped, answer.applied_through),
            (1, 1, 2)
        );
        assert_eq!(
            server.record("a").unwrap().fields["notes"].value,
            json!("z")
        );
    }

    #[test]
    fn a_gap_is_refused_whole_with_where_to_resend_from() {
        let mut server = ServerModel::default();
        server
            .push("phone", &push(vec![change(1, "a", "x")]))
            .unwrap();
        assert_eq!(
            server.push(
                "phone",
                &push(vec![change(3, "b", "y"), change(4, "c", "z")])
            ),
            Err(PushError::Gap { resend_from: 2 })
        );
        assert_eq!(
            server.push(
                "phone",
                &push(vec![change(2, "b", "y"), change(4, "c", "z")])
            ),
            Err(PushError::Gap { resend_from: 2 })
        );
        assert_eq!(
            server.record_count(),
            1,
            "nothing of a refused push is stored"
        );
        assert_eq!(
            server.push(
                "phone",
                &push(vec![change(2, "b", "y"), change(1, "c", "z")])
            ),
            Err(PushError::OutOfOrder)
        );
    }

    #[test]
    fn devices_have_their_own_sequences() {
        let mut server = ServerModel::default();
        server.push("a", &push(vec![change(1, "r1", "x")])).unwrap();
        let answer = server.push("b", &push(vec![change(1, "r2", "y")])).unwrap();
        assert_eq!(answer.applied, 1);
        assert_eq!(server.record_count(), 2);
    }

    #[test]
    fn an_unsupported_protocol_is_told_to_upgrade() {
        let mut server = ServerModel::default();
        let request = PushRequest {
            protocol: PROTOCOL_VERSION + 1,
            changes: vec![change(1, "a", "x")],
        };
        assert_eq!(
            server.push("phone", &request),
            Err(PushError::UpgradeNeeded {
                protocol: PROTOCOL_VERSION + 1
            })
        );
        assert!(protocol_supported(PROTOCOL_VERSION));
        assert!(!protocol_supported(0));
    }

    #[test]
    fn an_interrupted_pull_resumes_without_skipping() {
        let mut server = ServerModel::default();
        let changes: Vec<Change> = (1..=10).map(|i| change(i, &format!("r{i}"), "x")).collect();
        server.push("phone", &push(changes)).unwrap();
        let first = server.pull(0, 4);
        assert!(first.has_more);
        // Between pages, an already-pulled record changes and a new one arrives.
        server
            .push(
                "phone",
                &push(vec![change(11, "r2", "later"), change(12, "r11", "new")]),
            )
            .unwrap();
        let mut seen: Vec<String> = first.changes.iter().map(|c| c.record.clone()).collect();
        let mut cursor = first.next_cursor;
        loop {
            let page = server.pull(cursor, 4);
            seen.extend(page.changes.iter().map(|c| c.record.clone()));
            assert!(page.changes.windows(2).all(|w| w[0].cursor < w[1].cursor));
            cursor = page.next_cursor;
            if !page.has_more {
                break;
            }
        }
        for i in 1..=11 {
            assert!(seen.contains(&format!("r{i}")), "r{i} was skipped");
        }
        assert_eq!(
            seen.iter().filter(|r| *r == "r2").count(),
            2,
            "the later edit of r2 came again"
        );
        assert!(server.pull(cursor, 4).changes.is_empty());
    }

    #[test]
    fn conflicts_are_kept_with_their_record() {
        let mut server = ServerModel::default();
        server
            .push("a", &push(vec![change(1, "r", "from a")]))
            .unwrap();
        let answer = server
            .push("b", &push(vec![change(1, "r", "from b")]))
            .unwrap();
        assert_eq!(answer.conflicts, 1);
        let (record, conflict) = &server.conflicts()[0];
        assert_eq!(record, "r");
        assert_eq!(conflict.overwritten, Some(json!("from a")));
    }
}
