//! Backups of the SQLite database while phones push, and restores: a
//! backup holds each push whole or not at all and everything acknowledged
//! before it began; a restored database answers pulls and listings with the
//! same data as the original. What may not be overwritten never is.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::StatusCode;
use common::http::{Api, PASSWORD, change};
use drempel_core::sync::PulledRecord;
use drempel_core::wire::Session;
use drempel_server::auth::Limits;
use drempel_server::backup::{self, BackupError};
use drempel_server::store;

const DEVICES: usize = 6;
const PER_PUSH: usize = 5;

fn record(device: usize, push: usize, n: usize) -> String {
    format!("d{device}-p{push}-r{n}")
}

fn limits() -> Limits {
    Limits {
        sync_per_minute: 100_000,
        ..Limits::default()
    }
}

/// Every record the coordinator can list, oldest page last.
async fn all_records(api: &Api, coordinator: &str) -> Vec<PulledRecord> {
    let mut records = Vec::new();
    let mut before = None;
    loop {
        let page = api.records(coordinator, before.as_deref()).await;
        records.extend(page.records);
        match page.next {
            Some(next) => before = Some(next),
            None => return records,
        }
    }
}

/// The pushes (device, number) present in `records`, each checked whole.
fn whole_pushes(records: &[PulledRecord]) -> BTreeSet<(usize, usize)> {
    let ids: BTreeSet<&str> = records.iter().map(|r| r.record.as_str()).collect();
    let mut pushes = BTreeSet::new();
    for id in &ids {
        let mut parts = id.trim_start_matches('d').split("-p");
        let device: usize = parts.next().unwrap().parse().unwrap();
        let push: usize = parts
            .next()
            .unwrap()
            .split("-r")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        pushes.insert((device, push));
    }
    for &(device, push) in &pushes {
        for n in 0..PER_PUSH {
            assert!(
                ids.contains(record(device, push, n).as_str()),
                "push {push} of device {device} is in the backup only in part"
            );
        }
    }
    pushes
}

/// The restored database at `url`, served in process.
async fn open_restored(url: &str) -> (Api, String) {
    let store = store::open(url).await.expect("the restored database opens");
    let api = Api::new(common::Fixture::existing(store, 1, url), limits());
    let session: Session = api.login("coordinator", PASSWORD).await.json();
    (api, session.token)
}

fn url_of(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_load_restores_whole_pushes_and_equal_data() {
    let fixture = common::sqlite().await;
    let url = fixture.url.clone();
    let team = fixture.team;
    let api = Arc::new(Api::new(fixture, limits()));
    let coordinator = api.coordinator(team, "coordinator").await;
    let mut phones = Vec::new();
    for _ in 0..DEVICES {
        phones.push(api.volunteer(&coordinator).await.token);
    }
    let dir = tempfile::tempdir().unwrap();

    // The phones push, five records at a time, until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let mut pushing = Vec::new();
    for (device, token) in phones.iter().cloned().enumerate() {
        let (api, stop, acknowledged) = (api.clone(), stop.clone(), acknowledged.clone());
        pushing.push(tokio::spawn(async move {
            let mut push = 0;
            while !stop.load(Ordering::Relaxed) {
                let changes = (0..PER_PUSH)
                    .map(|n| {
                        let seq = (push * PER_PUSH + n + 1) as u64;
                        change(seq, &record(device, push, n), &format!("gesprek {seq}"))
                    })
                    .collect();
                api.push(&token, changes).await.expect(StatusCode::OK, "");
                acknowledged.lock().unwrap().insert((device, push));
                push += 1;
            }
            push
        }));
    }
    while acknowledged.lock().unwrap().len() < 3 * DEVICES {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before = acknowledged.lock().unwrap().clone();
    let during = dir.path().join("during.db");
    let summary = backup::backup(&url, &during)
        .await
        .expect("a backup while pushes go on");
    let pushes_at_end: usize = {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        stop.store(true, Ordering::Relaxed);
        let mut total = 0;
        for task in pushing {
            total += task.await.unwrap();
        }
        total
    };
    assert_eq!(summary.teams, 1);

    // The copy made under load: whole pushes, and all acknowledged before it.
    let restored_url = url_of(&dir.path().join("restored").join("drempel.db"));
    backup::restore(&restored_url, &during)
        .await
        .expect("restores into a new file");
    let (restored, token) = open_restored(&restored_url).await;
    let in_backup = whole_pushes(&all_records(&restored, &token).await);
    assert!(
        before.is_subset(&in_backup),
        "a push acknowledged before the backup began is missing from it"
    );
    assert_eq!(summary.records as usize, in_backup.len() * PER_PUSH);
    assert!(
        pushes_at_end > in_backup.len(),
        "the phones went on pushing after the copy began"
    );

    // After the load: a second copy equals the original, record for record,
    // and a phone's pull answers the same on both.
    let after = dir.path().join("after.db");
    backup::backup(&url, &after).await.unwrap();
    let final_url = url_of(&dir.path().join("final.db"));
    backup::restore(&final_url, &after).await.unwrap();
    let (copy, copy_token) = open_restored(&final_url).await;
    let original = all_records(&api, &coordinator.token).await;
    assert_eq!(original.len(), pushes_at_end * PER_PUSH);
    assert_eq!(all_records(&copy, &copy_token).await, original);
    for phone in &phones {
        assert_eq!(copy.pull(phone).await.body, api.pull(phone).await.body);
    }
}

#[tokio::test]
async fn nothing_is_overwritten_and_wrong_files_are_refused() {
    let fixture = common::sqlite().await;
    let url = fixture.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    backup::backup(&url, &copy).await.unwrap();

    // A backup never overwrites a file.
    let before = std::fs::read(&copy).unwrap();
    assert!(matches!(
        backup::backup(&url, &copy).await,
        Err(BackupError::Exists(_))
    ));
    assert_eq!(std::fs::read(&copy).unwrap(), before);

    // A restore never goes into a database that holds a team.
    assert!(matches!(
        backup::restore(&url, &copy).await,
        Err(BackupError::NotEmpty { teams: 1, .. })
    ));
    assert_eq!(fixture.store.team_count().await.unwrap(), 1);

    // Not a database, or not Drempel's: refused before anything changes.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "geen database").unwrap();
    let target = url_of(&dir.path().join("new.db"));
    assert!(matches!(
        backup::restore(&target, &text).await,
        Err(BackupError::NotABackup { .. })
    ));
    assert!(!dir.path().join("new.db").exists());

    // A database being served is not replaced under its server.
    let served = url_of(&dir.path().join("served.db"));
    let _lock = store::ServeLock::take(&served).unwrap();
    assert!(matches!(
        backup::restore(&served, &copy).await,
        Err(BackupError::Open(store::OpenError::AlreadyServed { .. }))
    ));

    // PostgreSQL has its own tools, and says which.
    let postgres = backup::backup(
        "postgres://drempel@127.0.0.1/drempel",
        &dir.path().join("pg"),
    )
    .await
    .unwrap_err();
    assert!(matches!(postgres, BackupError::Postgres));
    assert!(postgres.to_string().contains("pg_dump"));
    assert!(matches!(
        backup::restore("postgres://drempel@127.0.0.1/drempel", &copy).await,
        Err(BackupError::Postgres)
    ));

    // An empty database (a server started once) is filled.
    let empty = dir.path().join("empty.db");
    store::open(&url_of(&empty)).await.unwrap().close().await;
    let summary = backup::restore(&url_of(&empty), &copy).await.unwrap();
    assert_eq!(summary.teams, 1);
    let restored = store::open(&url_of(&empty)).await.unwrap();
    assert_eq!(restored.team_count().await.unwrap(), 1);
}
