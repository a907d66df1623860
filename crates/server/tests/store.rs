//! One suite for both stores: every test runs against a real SQLite file
//! and a real PostgreSQL database, each fresh for the test.
//!
//! PostgreSQL comes from `DREMPEL_TEST_POSTGRES_URL` (default: the local
//! server with trust auth, database `test`); each test creates its own
//! database there and drops it after. Without a reachable server these tests
//! fail, naming the variable: they never skip.

use drempel_core::sync::{Change, PushError, PushRequest, PushResponse, ServerModel};
use drempel_core::wire::{PROTOCOL_VERSION, Role};
use drempel_server::store::{NewDevice, Redeem, Scope};
use serde_json::json;

mod common;
use common::{Fixture, postgres, sqlite};

impl Fixture {
    /// Pushes `changes` from `device`; the store must accept them.
    async fn accept(&self, device: &str, changes: Vec<Change>) -> PushResponse {
        self.store
            .push(self.team, device, Scope::Team, push(changes), 1_000)
            .await
            .unwrap()
            .unwrap()
    }
}

fn change(seq: u64, record: &str, base: u64, fields: &[(&str, &str)]) -> Change {
    Change {
        seq,
        record: record.into(),
        base,
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect(),
        delete: false,
    }
}

fn push(changes: Vec<Change>) -> PushRequest {
    PushRequest {
        protocol: PROTOCOL_VERSION,
        changes,
    }
}

both_stores!(
    a_duplicate_push_is_applied_once,
    two_identical_pushes_at_once_apply_once,
    pushes_written_together_each_stand_or_fall_alone,
    a_push_resent_after_a_lost_answer_adds_nothing,
    a_gap_is_refused_and_nothing_is_stored,
    an_interrupted_pull_resumes_without_skipping,
    different_fields_both_survive_and_same_field_logs_the_loser,
    delete_wins_and_leaves_no_personal_data,
    teams_do_not_see_each_other,
    concurrent_writers_never_make_a_reader_skip,
    the_store_matches_the_reference_model,
    volunteers_change_and_see_only_their_own_records,
    join_links_enrol_until_they_expire_or_are_revoked,
    devices_are_found_by_token_hash_and_revoked_per_team,
);

async fn a_duplicate_push_is_applied_once(f: Fixture) {
    let request = push(vec![
        change(1, "r1", 0, &[("notes", "a")]),
        change(2, "r2", 0, &[("notes", "b")]),
    ]);
    let first = f
        .store
        .push(f.team, "phone", Scope::Team, request.clone(), 1_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first.applied, first.skipped, first.applied_through),
        (2, 0, 2)
    );
    let again = f
        .store
        .push(f.team, "phone", Scope::Team, request.clone(), 1_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.applied, again.skipped, again.applied_through),
        (0, 2, 2)
    );
    let page = f.store.pull(f.team, Scope::Team, 0, 100).await.unwrap();
    assert_eq!(page.changes.len(), 2);
    assert_eq!(page.next_cursor, 2, "the resend made no new change");
}

async fn two_identical_pushes_at_once_apply_once(f: Fixture) {
    let request = push(
        (1..=20)
            .map(|i| change(i, &format!("r{i}"), 0, &[("notes", "x")]))
            .collect(),
    );
    let (a, b) = tokio::join!(
        f.store
            .push(f.team, "phone", Scope::Team, request.clone(), 1_000),
        f.store
            .push(f.team, "phone", Scope::Team, request.clone(), 1_000)
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_eq!(a.applied + b.applied, 20, "{a:?} {b:?}");
    assert_eq!(a.skipped + b.skipped, 20);
    assert_eq!(
        f.store
            .pull(f.team, Scope::Team, 0, 100)
            .await
            .unwrap()
            .next_cursor,
        20
    );
}

/// Pushes that queue while the team's writes are held go into one
/// transaction: the refused ones (a gap, a volunteer touching another
/// device's record) leave nothing behind, the others are whole, and a
/// device's push sent twice at once is applied once.
async fn pushes_written_together_each_stand_or_fall_alone(f: Fixture) {
    f.accept("owner", vec![change(1, "theirs", 0, &[("notes", "o")])])
        .await;
    let mine = f
        .store
        .push(
            f.team,
            "volunteer",
            Scope::Owner("volunteer"),
            push(vec![change(1, "volunteer-r1", 0, &[("notes", "v")])]),
            1_000,
        )
        .await
        .unwrap();
    assert!(mine.is_ok());
    // The coordinator changes the volunteer's note meanwhile.
    f.accept(
        "owner",
        vec![change(2, "volunteer-r1", 2, &[("notes", "c")])],
    )
    .await;
    let held = f.hold_writes().await;
    let store = &f.store;
    let team = f.team;
    let mut sent = Vec::new();
    for d in 0..30u64 {
        let device = format!("phone-{d}");
        // Every fifth phone skips its first change: a gap.
        let first = if d % 5 == 2 { 2 } else { 1 };
        let changes = (first..=3)
            .map(|i| change(i, &format!("{device}-r{i}"), 0, &[("notes", "x")]))
            .collect();
        sent.push((device, Scope::Team, push(changes)));
    }
    // A volunteer's push whose first change overwrites the coordinator's
    // note (a conflict line) and whose second touches another device's
    // record: refused whole, the conflict line too.
    sent.push((
        "volunteer".to_string(),
        Scope::Owner("volunteer"),
        push(vec![
            change(2, "volunteer-r1", 1, &[("notes", "v2")]),
            change(3, "theirs", 1, &[("notes", "not mine")]),
        ]),
    ));
    // The same push twice at once.
    sent.push((
        "twice".to_string(),
        Scope::Team,
        push(vec![change(1, "twice-r1", 0, &[("notes", "t")])]),
    ));
    sent.push((
        "twice".to_string(),
        Scope::Team,
        push(vec![change(1, "twice-r1", 0, &[("notes", "t")])]),
    ));
    let answers =
        futures_util::future::join_all(sent.iter().map(|(device, scope, request)| async move {
            // Released only once every push is waiting.
            store
                .push(team, device, *scope, request.clone(), 1_000)
                .await
                .unwrap()
        }));
    let release = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        held.release().await;
    };
    let (answers, ()) = tokio::join!(answers, release);
    let mut expected_records = vec!["theirs".to_string(), "volunteer-r1".to_string()];
    for ((device, _, request), answer) in sent.iter().zip(&answers) {
        match device.as_str() {
            "volunteer" => assert_eq!(
                answer,
                &Err(PushError::NotYours {
                    record: "theirs".into()
                })
            ),
            "twice" => {}
            _ if request.changes[0].seq == 2 => {
                assert_eq!(answer, &Err(PushError::Gap { resend_from: 1 }), "{device}")
            }
            _ => {
                let answer = answer.as_ref().unwrap();
                assert_eq!((answer.applied, answer.applied_through), (3, 3), "{device}");
                expected_records.extend((1..=3).map(|i| format!("{device}-r{i}")));
            }
        }
    }
    let twice: Vec<&PushResponse> = answers[answers.len() - 2..]
        .iter()
        .map(|a| a.as_ref().unwrap())
        .collect();
    assert_eq!(twice[0].applied + twice[1].applied, 1, "{twice:?}");
    expected_records.push("twice-r1".to_string());
    let page = f.store.pull(f.team, Scope::Team, 0, 1000).await.unwrap();
    let mut stored: Vec<String> = page.changes.iter().map(|c| c.record.clone()).collect();
    stored.sort();
    expected_records.sort();
    assert_eq!(
        stored, expected_records,
        "nothing of a refused push, all of the others"
    );
    let applied: u64 = answers
        .iter()
        .filter_map(|a| a.as_ref().ok())
        .map(|a| u64::from(a.applied))
        .sum();
    assert_eq!(
        page.next_cursor,
        3 + applied,
        "the refused pushes took no sequence numbers"
    );
    let kept = f
        .store
        .records_by_id(f.team, &["theirs", "volunteer-r1"])
        .await
        .unwrap();
    assert!(
        kept.iter().all(|(_, record)| record.version <= 3),
        "the volunteer's changes never landed: {kept:?}"
    );
    assert!(f.store.conflicts(f.team).await.unwrap().is_empty());
    // A refused phone's progress did not move: it sends again from 1.
    let again = f
        .accept(
            "phone-2",
            vec![change(1, "phone-2-r1", 0, &[("notes", "x")])],
        )
        .await;
    assert_eq!((again.applied, again.applied_through), (1, 1));
}

async fn a_push_resent_after_a_lost_answer_adds_nothing(f: Fixture) {
    f.accept("phone", vec![change(1, "r", 0, &[("notes", "a")])])
        .await;
    // The answer never arrived; the phone made one more change and sends both.
    let both = push(vec![
        change(1, "r", 0, &[("notes", "a")]),
        change(2, "r", 1, &[("site", "Noord")]),
    ]);
    let answer = f
        .store
        .push(f.team, "phone", Scope::Team, both.clone(), 1_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (answer.skipped, answer.applied, answer.applied_through),
        (1, 1, 2)
    );
    let page = f.store.pull(f.team, Scope::Team, 0, 100).await.unwrap();
    assert_eq!(page.changes.len(), 1);
    assert_eq!(page.changes[0].fields["notes"], json!("a"));
    assert_eq!(page.changes[0].fields["site"], json!("Noord"));
}

async fn a_gap_is_refused_and_nothing_is_stored(f: Fixture) {
    f.accept("phone", vec![change(1, "r1", 0, &[("notes", "a")])])
        .await;
    let gap = f
        .store
        .push(
            f.team,
            "phone",
            Scope::Team,
            push(vec![change(3, "r2", 0, &[("notes", "b")])]),
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(gap, Err(PushError::Gap { resend_from: 2 }));
    let page = f.store.pull(f.team, Scope::Team, 0, 100).await.unwrap();
    assert_eq!(
        page.changes.len(),
        1,
        "nothing of the refused push was stored"
    );
    let next = f
        .store
        .push(
            f.team,
            "phone",
            Scope::Team,
            push(vec![change(2, "r2", 0, &[("notes", "b")])]),
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(
        next.unwrap().applied_through,
        2,
        "the device's progress did not move on a refusal"
    );
}

async fn an_interrupted_pull_resumes_without_skipping(f: Fixture) {
    let changes = (1..=25)
        .map(|i| change(i, &format!("r{i}"), 0, &[("notes", "x")]))
        .collect();
    f.store
        .push(f.team, "a", Scope::Team, push(changes), 1_000)
        .await
        .unwrap()
        .unwrap();
    let first = f.store.pull(f.team, Scope::Team, 0, 10).await.unwrap();
    assert!(first.has_more);
    // Between pages: a pulled record changes, a new one arrives.
    let more = push(vec![
        change(1, "r3", 3, &[("notes", "later")]),
        change(2, "r26", 0, &[("notes", "new")]),
    ]);
    f.store
        .push(f.team, "b", Scope::Team, more.clone(), 1_000)
        .await
        .unwrap()
        .unwrap();
    let mut seen: Vec<String> = first.changes.iter().map(|c| c.record.clone()).collect();
    let mut cursor = first.next_cursor;
    loop {
        let page = f.store.pull(f.team, Scope::Team, cursor, 10).await.unwrap();
        assert!(page.changes.windows(2).all(|w| w[0].cursor < w[1].cursor));
        seen.extend(page.changes.iter().map(|c| c.record.clone()));
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    for i in 1..=26 {
        assert!(seen.contains(&format!("r{i}")), "r{i} skipped");
    }
    assert_eq!(
        seen.iter().filter(|r| *r == "r3").count(),
        2,
        "the later edit of r3 came again"
    );
}

async fn different_fields_both_survive_and_same_field_logs_the_loser(f: Fixture) {
    f.accept(
        "a",
        vec![change(1, "r", 0, &[("notes", "start"), ("site", "Noord")])],
    )
    .await;
    // Both phones saw version 1, then edited offline.
    f.accept("a", vec![change(2, "r", 1, &[("notes", "from a")])])
        .await;
    let b = f
        .accept("b", vec![change(1, "r", 1, &[("site", "Zuid")])])
        .await;
    assert_eq!(b.conflicts, 0, "different fields are no conflict");
    let c = f
        .accept("c", vec![change(1, "r", 1, &[("notes", "from c")])])
        .await;
    assert_eq!(c.conflicts, 1);
    let record = &f
        .store
        .pull(f.team, Scope::Team, 0, 10)
        .await
        .unwrap()
        .changes[0];
    assert_eq!(record.fields["site"], json!("Zuid"));
    assert_eq!(
        record.fields["notes"],
        json!("from c"),
        "the later arrival wins"
    );
    let log = f.store.conflicts(f.team).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].0, "r");
    assert_eq!(log[0].1.overwritten, Some(json!("from a")));
}

async fn delete_wins_and_leaves_no_personal_data(f: Fixture) {
    f.accept("a", vec![change(1, "r", 0, &[("notes", "privé")])])
        .await;
    let mut delete = change(1, "r", 1, &[]);
    delete.delete = true;
    f.accept("b", vec![delete]).await;
    // An edit made before the delete was seen arrives afterwards.
    let late = f
        .accept("a", vec![change(2, "r", 1, &[("notes", "nog iets")])])
        .await;
    assert_eq!((late.applied, late.conflicts), (1, 1));
    let record = &f
        .store
        .pull(f.team, Scope::Team, 0, 10)
        .await
        .unwrap()
        .changes[0];
    assert!(record.deleted);
    assert!(record.fields.is_empty());
    let log = f.store.conflicts(f.team).await.unwrap();
    assert!(
        log.iter().all(|(_, c)| c.overwritten.is_none()),
        "the log keeps no deleted values: {log:?}"
    );
}

async fn teams_do_not_see_each_other(f: Fixture) {
    let other = f.store.create_team("Participatieraad Oost").await.unwrap();
    f.accept("phone", vec![change(1, "r", 0, &[("notes", "a")])])
        .await;
    assert!(
        f.store
            .pull(other, Scope::Team, 0, 10)
            .await
            .unwrap()
            .changes
            .is_empty()
    );
    // The same device name in another team has its own sequence.
    let answer = f
        .store
        .push(
            other,
            "phone",
            Scope::Team,
            push(vec![change(1, "r", 0, &[("notes", "b")])]),
            1_000,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer.applied, 1);
    assert_eq!(
        f.store
            .pull(f.team, Scope::Team, 0, 10)
            .await
            .unwrap()
            .changes[0]
            .fields["notes"],
        json!("a")
    );
}

async fn concurrent_writers_never_make_a_reader_skip(f: Fixture) {
    let store = f.store.clone();
    let team = f.team;
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                for batch in 0..10u64 {
                    let changes = (1..=5)
                        .map(|i| {
                            change(
                                batch * 5 + i,
                                &format!("w{w}-{batch}-{i}"),
                                0,
                                &[("notes", "x")],
                            )
                        })
                        .collect();
                    store
                        .push(
                            team,
                            &format!("writer-{w}"),
                            Scope::Team,
                            push(changes),
                            1_000,
                        )
                        .await
                        .unwrap()
                        .unwrap();
                }
            })
        })
        .collect();
    // A reader pulls small pages while the writers commit.
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor = 0;
    let mut done = false;
    while !done {
        done = writers.iter().all(|w| w.is_finished());
        loop {
            let page = store.pull(team, Scope::Team, cursor, 7).await.unwrap();
            seen.extend(page.changes.iter().map(|c| c.record.clone()));
            cursor = page.next_cursor;
            if !page.has_more {
                break;
            }
        }
    }
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(seen.len(), 6 * 10 * 5, "the reader saw every record");
}

async fn the_store_matches_the_reference_model(f: Fixture) {
    // The same pushes into the store and into the in-memory model.
    let mut model = ServerModel::default();
    let pushes: Vec<(&str, PushRequest)> = vec![
        (
            "a",
            push(vec![
                change(1, "r1", 0, &[("notes", "a1"), ("site", "N")]),
                change(2, "r2", 0, &[("notes", "a2")]),
            ]),
        ),
        ("b", push(vec![change(1, "r1", 0, &[("notes", "b1")])])),
        (
            "a",
            push(vec![
                change(2, "r2", 0, &[("notes", "a2")]),
                change(3, "r1", 1, &[("site", "Z")]),
            ]),
        ),
        ("b", push(vec![change(3, "r3", 0, &[("notes", "gap")])])),
        ("b", push(vec![change(2, "r2", 2, &[("notes", "b2")])])),
    ];
    for (device, request) in &pushes {
        let expected = model.push(device, request);
        let actual = f
            .store
            .push(f.team, device, Scope::Team, request.clone(), 1_000)
            .await
            .unwrap();
        assert_eq!(actual, expected, "{device}: {request:?}");
    }
    assert_eq!(
        f.store.pull(f.team, Scope::Team, 0, 100).await.unwrap(),
        model.pull(0, 100)
    );
    assert_eq!(f.store.conflicts(f.team).await.unwrap(), model.conflicts());
}

async fn volunteers_change_and_see_only_their_own_records(f: Fixture) {
    let own = |device| Scope::Owner(device);
    let a = f
        .store
        .push(
            f.team,
            "a",
            own("a"),
            push(vec![change(1, "r1", 0, &[("notes", "a")])]),
            1_000,
        )
        .await
        .unwrap();
    assert!(a.is_ok(), "{a:?}");
    f.store
        .push(
            f.team,
            "b",
            own("b"),
            push(vec![change(1, "r2", 0, &[("notes", "b")])]),
            1_000,
        )
        .await
        .unwrap()
        .unwrap();
    // b's push touches its own r2 and a's r1: refused as a whole.
    let refused = f
        .store
        .push(
            f.team,
            "b",
            own("b"),
            push(vec![
                change(2, "r2", 2, &[("notes", "b2")]),
                change(3, "r1", 1, &[("notes", "not b's")]),
            ]),
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(
        refused,
        Err(PushError::NotYours {
            record: "r1".into()
        })
    );
    let all = f.store.pull(f.team, Scope::Team, 0, 10).await.unwrap();
    assert_eq!(all.next_cursor, 2, "nothing of the refused push was stored");
    assert_eq!(all.changes[0].fields["notes"], json!("a"));
    let mine = f.store.pull(f.team, own("a"), 0, 10).await.unwrap();
    let ids: Vec<&str> = mine.changes.iter().map(|c| c.record.as_str()).collect();
    assert_eq!(ids, ["r1"]);
    // A coordinator (team scope) may edit anyone's record; the owner stays.
    f.store
        .push(
            f.team,
            "coordinator",
            Scope::Team,
            push(vec![change(1, "r1", 1, &[("notes", "c")])]),
            1_000,
        )
        .await
        .unwrap()
        .unwrap();
    let mine = f.store.pull(f.team, own("a"), 0, 10).await.unwrap();
    assert_eq!(mine.changes[0].fields["notes"], json!("c"));
}

async fn join_links_enrol_until_they_expire_or_are_revoked(f: Fixture) {
    let now = 1_000_000;
    let link = f
        .store
        .create_join_link(f.team, Role::Volunteer, "hash-a", now, now + 60_000, None)
        .await
        .unwrap();
    assert_eq!(link.uses, 0);
    let joined = f.store.redeem("hash-a", now + 1).await.unwrap();
    assert_eq!(
        joined,
        Redeem::Joined {
            team: f.team,
            role: Role::Volunteer,
            link: link.id
        }
    );
    assert_eq!(
        f.store.redeem("hash-a", now + 60_000).await.unwrap(),
        Redeem::Expired
    );
    assert_eq!(
        f.store.redeem("no-such-hash", now).await.unwrap(),
        Redeem::Unknown
    );
    let other_team = f.store.create_team("Andere ploeg").await.unwrap();
    assert!(
        !f.store
            .revoke_join_link(other_team, link.id, now + 2)
            .await
            .unwrap(),
        "another team cannot withdraw it"
    );
    assert!(
        f.store
            .revoke_join_link(f.team, link.id, now + 2)
            .await
            .unwrap()
    );
    assert_eq!(
        f.store.redeem("hash-a", now + 3).await.unwrap(),
        Redeem::Revoked
    );
    let links = f.store.join_links(f.team).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].uses, 1);
    assert_eq!(links[0].revoked_at, Some(now + 2));
    assert!(f.store.join_links(other_team).await.unwrap().is_empty());
}

async fn devices_are_found_by_token_hash_and_revoked_per_team(f: Fixture) {
    let device = |id, token_hash| NewDevice {
        id,
        team: f.team,
        role: Role::Volunteer,
        token_hash,
        label: "telefoon",
        coordinator: None,
        now: 5,
    };
    f.store.add_device(device("d1", "t1")).await.unwrap();
    f.store.add_device(device("d2", "t2")).await.unwrap();
    let found = f.store.device_by_token("t1").await.unwrap().unwrap();
    assert_eq!(
        (found.id.as_str(), found.team, found.revoked_at),
        ("d1", f.team, None)
    );
    assert_eq!(f.store.device_by_token("t3").await.unwrap(), None);
    let other_team = f.store.create_team("Andere ploeg").await.unwrap();
    assert!(!f.store.revoke_device(other_team, "d1", 9).await.unwrap());
    assert!(f.store.revoke_device(f.team, "d1", 9).await.unwrap());
    f.store.mark_synced("d2", 7).await.unwrap();
    let listed = f.store.devices(f.team).await.unwrap();
    let d1 = listed.iter().find(|d| d.id == "d1").unwrap();
    let d2 = listed.iter().find(|d| d.id == "d2").unwrap();
    assert_eq!(d1.revoked_at, Some(9));
    assert_eq!((d2.revoked_at, d2.last_sync_at), (None, Some(7)));
    assert!(f.store.devices(other_team).await.unwrap().is_empty());
}
