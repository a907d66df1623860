use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::catalog::Catalog;
use crate::contact::{Channel, ContactForm, FindingForm, Status};
use crate::sync::{PushRequest, ServerModel};
use crate::wire::PROTOCOL_VERSION;

fn form(notes: &str, schemes: &[(&str, Status)]) -> ContactInput {
    ContactForm {
        site: "Inloop Noord".into(),
        channel: Some(Channel::WalkIn),
        findings: schemes
            .iter()
            .map(|(scheme, status)| FindingForm {
                scheme: scheme.to_string(),
                status: Some(*status),
                barriers: if *status == Status::NotUsed {
                    vec!["unaware".into()]
                } else {
                    Vec::new()
                },
                ..FindingForm::default()
            })
            .collect(),
        notes: notes.into(),
        ..ContactForm::default()
    }
    .validate(&Catalog::default_catalog())
    .unwrap()
}

fn record(notes: &str) -> LocalRecord {
    let input = form(
        notes,
        &[
            ("huurtoeslag", Status::NotUsed),
            ("zorgtoeslag", Status::Uses),
        ],
    );
    LocalRecord::create(Contact::new("r1".into(), 1_000, 1, input))
}

fn counter(start: u64) -> impl FnMut() -> u64 {
    let mut n = start;
    move || {
        n += 1;
        n
    }
}

fn pulled(record: &LocalRecord, version: u64) -> PulledRecord {
    PulledRecord {
        cursor: version,
        record: record.contact.id.clone(),
        version,
        deleted: false,
        fields: contact_fields(&record.contact),
    }
}

#[test]
fn a_contact_round_trips_through_its_fields() {
    let r = record("belt terug");
    let fields = contact_fields(&r.contact);
    assert_eq!(fields["notes"], json!("belt terug"));
    assert_eq!(fields["findings.huurtoeslag"]["status"], json!("not_used"));
    assert!(fields.contains_key("findings.zorgtoeslag"));
    assert_eq!(fields["created_at"], json!(1_000));
    let back = contact_from_fields("r1", &fields).unwrap();
    assert_eq!(back.input.notes, r.contact.input.notes);
    let mut schemes: Vec<&str> = back
        .input
        .findings
        .iter()
        .map(|f| f.scheme.as_str())
        .collect();
    schemes.sort_unstable();
    assert_eq!(schemes, ["huurtoeslag", "zorgtoeslag"]);
    assert!(contact_from_fields("r1", &BTreeMap::new()).is_none());
}

#[test]
fn edits_are_numbered_once_in_order_and_carry_only_their_fields() {
    let mut r = record("a");
    let mut next = counter(0);
    assert!(r.number_edits(2_000, 10_000, &mut next));
    let mut input = r.contact.input.clone();
    input.notes = "b".into();
    r.edit(input, 3_000);
    assert!(r.number_edits(3_000, 10_000, &mut next));
    assert!(
        !r.number_edits(3_000, 10_000, &mut next),
        "numbers are given once"
    );
    let changes = r.changes();
    assert_eq!(changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2]);
    assert!(
        changes[0].fields.contains_key("site"),
        "a create sends everything"
    );
    assert_eq!(changes[1].fields.keys().collect::<Vec<_>>(), ["notes"]);
    assert_eq!(changes[1].fields["notes"], json!("b"));
    assert_eq!(r.highest_seq(), 2);
}

#[test]
fn a_fresh_delete_waits_for_the_undo_window_and_an_undone_one_never_leaves() {
    let mut r = record("a");
    let mut next = counter(0);
    r.number_edits(1_000, 10_000, &mut next);
    r.delete(5_000);
    r.number_edits(6_000, 10_000, &mut next);
    assert_eq!(r.changes().len(), 1, "the delete waits");
    r.restore(7_000);
    r.number_edits(20_000, 10_000, &mut next);
    assert_eq!(
        r.changes().len(),
        1,
        "undone before it was sent: nothing to send"
    );
    assert!(r.pending.iter().all(|e| e.kind == EditKind::Create));
    r.delete(30_000);
    r.number_edits(41_000, 10_000, &mut next);
    let changes = r.changes();
    assert!(changes[1].delete && changes[1].fields.is_empty());
}

#[test]
fn acknowledged_edits_leave_and_a_clean_record_is_synced() {
    let mut r = record("a");
    let mut next = counter(0);
    r.number_edits(1_000, 0, &mut next);
    let mut input = r.contact.input.clone();
    input.notes = "b".into();
    r.edit(input, 2_000);
    r.number_edits(2_000, 0, &mut next);
    assert!(!r.acknowledge(0, 5));
    assert!(r.acknowledge(1, 5));
    assert!(r.is_unsynced());
    assert!(r.acknowledge(2, 6));
    assert!(!r.is_unsynced());
    assert_eq!(r.synced_at, Some(6));
}

#[test]
fn a_pull_keeps_unsent_local_fields_and_takes_the_rest() {
    let mut r = record("a");
    r.pending.clear();
    r.base = 3;
    let mut server = r.clone();
    server.contact.input.notes = "server".into();
    server.contact.input.findings[1].status = Status::AppliedWithHelp;
    let mut input = r.contact.input.clone();
    input.notes = "local".into();
    r.edit(input, 2_000);
    assert!(r.apply_pulled(&pulled(&server, 5)));
    assert_eq!(r.contact.input.notes, "local", "unsent local edit kept");
    let zorg = r
        .contact
        .input
        .findings
        .iter()
        .find(|f| f.scheme == "zorgtoeslag")
        .unwrap();
    assert_eq!(
        zorg.status,
        Status::AppliedWithHelp,
        "the other field taken"
    );
    assert_eq!(r.base, 5);
    assert!(
        !r.apply_pulled(&pulled(&server, 4)),
        "an older state changes nothing"
    );
    let mut gone = pulled(&server, 6);
    gone.deleted = true;
    gone.fields.clear();
    assert!(r.apply_pulled(&gone));
    assert!(r.deleted);
}

#[test]
fn a_record_made_elsewhere_arrives_synced() {
    let theirs = record("van een ander");
    let mine = LocalRecord::from_pulled(&pulled(&theirs, 9), 77).unwrap();
    assert_eq!(mine.contact.input, theirs.contact.input);
    assert_eq!(
        (mine.base, mine.synced_at, mine.is_unsynced()),
        (9, Some(77), false)
    );
    let mut deleted = pulled(&theirs, 10);
    deleted.deleted = true;
    assert!(LocalRecord::from_pulled(&deleted, 77).is_none());
}

#[test]
fn renumbering_keeps_the_order_across_records() {
    let mut a = record("a");
    let mut b = record("b");
    b.contact.id = "r2".into();
    let mut next = counter(4);
    a.number_edits(0, 0, &mut next); // 5
    b.number_edits(0, 0, &mut next); // 6
    renumber([&mut b, &mut a], 1);
    assert_eq!((a.highest_seq(), b.highest_seq()), (1, 2));
}

#[test]
fn the_first_page_is_the_oldest_numbers_across_records() {
    let mut records: Vec<LocalRecord> = (0..5)
        .map(|i| {
            let mut r = record("x");
            r.contact.id = format!("r{i}");
            r
        })
        .collect();
    // Numbers 1..=5 go to records in reverse order; record 0 gets two more.
    let mut next = counter(0);
    for r in records.iter_mut().rev() {
        r.number_edits(0, 0, &mut next);
    }
    let mut input = records[0].contact.input.clone();
    input.notes = "y".into();
    records[0].edit(input, 1);
    records[0].number_edits(1, 0, &mut next);
    records[1].pending.push(PendingEdit {
        kind: EditKind::Update,
        at: 2,
        fields: vec!["notes".into()],
        seq: None,
        base: 0,
    });
    let (first, total) = first_changes(&records, 3);
    assert_eq!(total, 6, "unnumbered edits are not counted");
    assert_eq!(first.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(first[0].record, "r4");
    let (all, _) = first_changes(&records, 100);
    assert_eq!(
        all.iter().map(|c| c.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(all[5].record, "r0");
}

proptest! {
    /// Two phones edit the same contact, each some fields; after both push
    /// and pull, both hold the server's state and every field either has a
    /// value someone wrote or is in the conflict log.
    #[test]
    fn two_phones_converge_through_the_server(
        a_notes in proptest::option::of("[a-z]{1,8}"),
        b_notes in proptest::option::of("[a-z]{1,8}"),
        a_status in any::<bool>(),
        b_status in any::<bool>(),
    ) {
        let mut server = ServerModel::default();
        let mut a = record("start");
        let mut seq_a = counter(0);
        a.number_edits(0, 0, &mut seq_a);
        let answer = server.push("a", &PushRequest { protocol: PROTOCOL_VERSION, changes: a.changes() }).unwrap();
        a.acknowledge(answer.applied_through, 1);
        let page = server.pull(0, 10);
        a.apply_pulled(&page.changes[0]);
        let mut b = LocalRecord::from_pulled(&page.changes[0], 1).unwrap();
        let mut seq_b = counter(0);

        for (phone, notes, status) in [(&mut a, &a_notes, a_status), (&mut b, &b_notes, b_status)] {
            let mut input = phone.contact.input.clone();
            if let Some(notes) = notes { input.notes = notes.clone(); }
            if status { input.findings[1].status = Status::Referred; }
            phone.edit(input, 2);
        }
        a.number_edits(3, 0, &mut seq_a);
        b.number_edits(3, 0, &mut seq_b);
        for (name, phone) in [("a", &mut a), ("b", &mut b)] {
            let answer = server.push(name, &PushRequest { protocol: PROTOCOL_VERSION, changes: phone.changes() }).unwrap();
            phone.acknowledge(answer.applied_through, 4);
        }
        let page = server.pull(0, 10);
        a.apply_pulled(&page.changes[0]);
        b.apply_pulled(&page.changes[0]);
        prop_assert_eq!(&a.contact.input, &b.contact.input);
        prop_assert_eq!(contact_fields(&a.contact), page.changes[0].fields.clone());
        let notes = a.contact.input.notes.clone();
        let written: Vec<String> = ["start".to_string()].into_iter()
            .chain(a_notes.clone()).chain(b_notes.clone()).collect();
        prop_assert!(written.contains(&notes));
        if a_notes.is_some() && b_notes.is_some() && a_notes != b_notes {
            prop_assert!(server.conflicts().iter().any(|(_, c)| c.field == "notes"));
        }
    }
}

/// Found by the simulation: a delete from another phone arrived while this
/// phone's own delete waited in its undo window, and the undo brought the
/// record back here while the server kept it deleted.
#[test]
fn a_delete_from_the_server_cannot_be_undone_here() {
    let mut r = record("a");
    let mut next = counter(0);
    r.number_edits(1_000, 10_000, &mut next);
    r.acknowledge(1, 1_500);
    r.delete(5_000);
    let tombstone = PulledRecord {
        cursor: 9,
        record: "a".into(),
        version: 9,
        deleted: true,
        fields: BTreeMap::new(),
    };
    assert!(r.apply_pulled(&tombstone));
    assert!(r.deleted && r.pending.is_empty(), "{:?}", r.pending);
    assert!(!r.restore(6_000), "no undo over the server's delete");
    assert!(r.deleted);
}
