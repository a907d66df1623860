//! One suite for both stores: every test runs against a real SQLite file
//! and a real PostgreSQL database, each fresh for the test.
//!
//! PostgreSQL comes from `DREMPEL_TEST_POSTGRES_URL` (default: the local
//! server with trust auth, database `test`); each test creates its own
//! database there and drops it after. Without a reachable server these tests
//! fail, naming the variable: they never skip.

use std::sync::Arc;

use drempel_core::sync::{Change, PushError, PushRequest, PushResponse, ServerModel};
use drempel_core::wire::PROTOCOL_VERSION;
use drempel_server::store::{self, Store, TeamId};
use serde_json::json;
use sqlx::Connection;

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

struct Fixture {
    store: Arc<dyn Store>,
    team: TeamId,
    _cleanup: Cleanup,
}

enum Cleanup {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Dropping needs a runtime of its own: the test's is shutting down.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .execute(&mut admin)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

async fn sqlite() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("drempel.db").display());
    let store = store::open(&url).await.expect("SQLite store opens");
    let team = store.create_team("Voedselbank Noord").await.unwrap();
    Fixture {
        store,
        team,
        _cleanup: Cleanup::Dir(dir),
    }
}

async fn postgres() -> Fixture {
    let admin_url =
        std::env::var("DREMPEL_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.into());
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|err| {
            panic!("PostgreSQL is not reachable at DREMPEL_TEST_POSTGRES_URL ({admin_url}): {err}")
        });
    let name = format!(
        "drempel_test_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    // `name` is digits and underscores made here, never input.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a database URL ends in /name");
    let store = store::open(&format!("{base}/{name}"))
        .await
        .expect("PostgreSQL store opens");
    let team = store.create_team("Voedselbank Noord").await.unwrap();
    Fixture {
        store,
        team,
        _cleanup: Cleanup::Postgres { admin_url, name },
    }
}

impl Fixture {
    /// Pushes `changes` from `device`; the store must accept them.
    async fn accept(&self, device: &str, changes: Vec<Change>) -> PushResponse {
        self.store
            .push(self.team, device, &push(changes))
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

/// Runs each listed test body against both stores.
macro_rules! both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { super::$name(super::sqlite().await).await } )*
        }
        mod on_postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { super::$name(super::postgres().await).await } )*
        }
    };
}

both_stores!(
    a_duplicate_push_is_applied_once,
    two_identical_pushes_at_once_apply_once,
    a_push_resent_after_a_lost_answer_adds_nothing,
    a_gap_is_refused_and_nothing_is_stored,
    an_interrupted_pull_resumes_without_skipping,
    different_fields_both_survive_and_same_field_logs_the_loser,
    delete_wins_and_leaves_no_personal_data,
    teams_do_not_see_each_other,
    concurrent_writers_never_make_a_reader_skip,
    the_store_matches_the_reference_model,
);

async fn a_duplicate_push_is_applied_once(f: Fixture) {
    let request = push(vec![
        change(1, "r1", 0, &[("notes", "a")]),
        change(2, "r2", 0, &[("notes", "b")]),
    ]);
    let first = f
        .store
        .push(f.team, "phone", &request)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first.applied, first.skipped, first.applied_through),
        (2, 0, 2)
    );
    let again = f
        .store
        .push(f.team, "phone", &request)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.applied, again.skipped, again.applied_through),
        (0, 2, 2)
    );
    let page = f.store.pull(f.team, 0, 100).await.unwrap();
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
        f.store.push(f.team, "phone", &request),
        f.store.push(f.team, "phone", &request)
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_eq!(a.applied + b.applied, 20, "{a:?} {b:?}");
    assert_eq!(a.skipped + b.skipped, 20);
    assert_eq!(f.store.pull(f.team, 0, 100).await.unwrap().next_cursor, 20);
}

async fn a_push_resent_after_a_lost_answer_adds_nothing(f: Fixture) {
    f.accept("phone", vec![change(1, "r", 0, &[("notes", "a")])])
        .await;
    // The answer never arrived; the phone made one more change and sends both.
    let both = push(vec![
        change(1, "r", 0, &[("notes", "a")]),
        change(2, "r", 1, &[("site", "Noord")]),
    ]);
    let answer = f.store.push(f.team, "phone", &both).await.unwrap().unwrap();
    assert_eq!(
        (answer.skipped, answer.applied, answer.applied_through),
        (1, 1, 2)
    );
    let page = f.store.pull(f.team, 0, 100).await.unwrap();
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
            &push(vec![change(3, "r2", 0, &[("notes", "b")])]),
        )
        .await
        .unwrap();
    assert_eq!(gap, Err(PushError::Gap { resend_from: 2 }));
    let page = f.store.pull(f.team, 0, 100).await.unwrap();
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
            &push(vec![change(2, "r2", 0, &[("notes", "b")])]),
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
        .push(f.team, "a", &push(changes))
        .await
        .unwrap()
        .unwrap();
    let first = f.store.pull(f.team, 0, 10).await.unwrap();
    assert!(first.has_more);
    // Between pages: a pulled record changes, a new one arrives.
    let more = push(vec![
        change(1, "r3", 3, &[("notes", "later")]),
        change(2, "r26", 0, &[("notes", "new")]),
    ]);
    f.store.push(f.team, "b", &more).await.unwrap().unwrap();
    let mut seen: Vec<String> = first.changes.iter().map(|c| c.record.clone()).collect();
    let mut cursor = first.next_cursor;
    loop {
        let page = f.store.pull(f.team, cursor, 10).await.unwrap();
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
    let record = &f.store.pull(f.team, 0, 10).await.unwrap().changes[0];
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
    let record = &f.store.pull(f.team, 0, 10).await.unwrap().changes[0];
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
    assert!(f.store.pull(other, 0, 10).await.unwrap().changes.is_empty());
    // The same device name in another team has its own sequence.
    let answer = f
        .store
        .push(
            other,
            "phone",
            &push(vec![change(1, "r", 0, &[("notes", "b")])]),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer.applied, 1);
    assert_eq!(
        f.store.pull(f.team, 0, 10).await.unwrap().changes[0].fields["notes"],
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
                        .push(team, &format!("writer-{w}"), &push(changes))
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
            let page = store.pull(team, cursor, 7).await.unwrap();
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
        let actual = f.store.push(f.team, device, request).await.unwrap();
        assert_eq!(actual, expected, "{device}: {request:?}");
    }
    assert_eq!(
        f.store.pull(f.team, 0, 100).await.unwrap(),
        model.pull(0, 100)
    );
    assert_eq!(f.store.conflicts(f.team).await.unwrap(), model.conflicts());
}
