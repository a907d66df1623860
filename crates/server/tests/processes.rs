//! Several servers on one database. Each server here has its own store
//! (its own connection pool, writer turns, counts in memory and rate
//! limits) on the same database, as two processes would. What must hold
//! across them: every record stored exactly once whichever server a phone
//! reaches, pulls complete on either, and the retention purge run once per
//! period in all.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::http::StatusCode;
use common::http::{Api, change};
use common::{postgres, sqlite};
use drempel_core::sync::PullResponse;
use drempel_core::wire::PROTOCOL_VERSION;
use drempel_server::auth::Limits;
use drempel_server::store::{self, Store};
use drempel_server::{PURGE_EVERY, purge_if_due};

const HOUR: i64 = 3_600_000;

fn limits() -> Limits {
    Limits {
        enrol_per_minute: 100_000,
        sync_per_minute: 100_000,
        ..Limits::default()
    }
}

/// Claims made at once over both stores at `now`: how many won.
async fn claims_at(stores: &[Arc<dyn Store>], now: i64) -> usize {
    let mut asking = Vec::new();
    for i in 0..16 {
        let store = stores[i % stores.len()].clone();
        asking.push(tokio::spawn(async move {
            store
                .claim_task("retention_purge", now, HOUR)
                .await
                .unwrap()
        }));
    }
    let mut won = 0;
    for ask in asking {
        won += usize::from(ask.await.unwrap());
    }
    won
}

async fn one_claim_per_period(fixture: common::Fixture) {
    let other = store::open(&fixture.url).await.unwrap();
    let stores = [fixture.store.clone(), other];
    let start = 1_800_000_000_000;
    assert_eq!(claims_at(&stores, start).await, 1, "one of 16 claims wins");
    assert_eq!(
        claims_at(&stores, start + HOUR - 1).await,
        0,
        "not within the hour"
    );
    assert_eq!(
        claims_at(&stores, start + HOUR).await,
        1,
        "one again an hour on"
    );
    // Another task has its own period.
    assert!(stores[1].claim_task("other", start, HOUR).await.unwrap());
}

both_stores!(one_claim_per_period);

/// Everything a phone pulls, three at a time: record → version.
async fn pull_all(server: &Api, token: &str) -> BTreeMap<String, u64> {
    let mut seen = BTreeMap::new();
    let mut cursor = 0;
    loop {
        let path = format!("/api/v1/sync/pull?protocol={PROTOCOL_VERSION}&cursor={cursor}&limit=3");
        let page: PullResponse = server.get(&path, Some(token)).await.json();
        for record in page.changes {
            assert!(
                seen.insert(record.record.clone(), record.version).is_none(),
                "record pulled twice"
            );
        }
        cursor = page.next_cursor;
        if !page.has_more {
            return seen;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgres_store_every_record_once() {
    const DEVICES: usize = 200;
    const RECORDS: usize = 10;
    let fixture = common::postgres().await;
    let (url, team) = (fixture.url.clone(), fixture.team);
    let second = store::open(&url).await.unwrap();
    let a = Arc::new(Api::new(fixture, limits()));
    let b = Arc::new(Api::new(
        common::Fixture::existing(second, team, &url),
        limits(),
    ));
    let coordinator = a.coordinator(team, "coordinator").await;

    // Phones join on either server, push on one and push the same again on
    // the other (a retry after a lost answer), all at once.
    let mut phones = Vec::new();
    for i in 0..DEVICES {
        let joined = if i % 2 == 0 { &a } else { &b };
        phones.push(joined.volunteer(&coordinator).await.token);
    }
    let mut pushing = Vec::new();
    for (i, token) in phones.iter().cloned().enumerate() {
        let (first, then) = if i % 2 == 0 {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        };
        pushing.push(tokio::spawn(async move {
            let changes: Vec<_> = (0..RECORDS)
                .map(|n| change(n as u64 + 1, &format!("p{i}-r{n}"), &format!("gesprek {n}")))
                .collect();
            first
                .push(&token, changes.clone())
                .await
                .expect(StatusCode::OK, "");
            then.push(&token, changes).await.expect(StatusCode::OK, "");
        }));
    }
    for push in pushing {
        push.await.unwrap();
    }

    // Each phone pulls in small pages from both servers: all its records,
    // each once, the same on either (the retry changed nothing).
    for (i, token) in phones.iter().enumerate() {
        let on_a = pull_all(&a, token).await;
        let ids: Vec<String> = on_a.keys().cloned().collect();
        let mut expected: Vec<String> = (0..RECORDS).map(|n| format!("p{i}-r{n}")).collect();
        expected.sort();
        assert_eq!(ids, expected, "phone {i}");
        assert_eq!(
            pull_all(&b, token).await,
            on_a,
            "phone {i}: both servers agree"
        );
    }
    let total: i64 = {
        use sqlx::Connection;
        let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT count(*) FROM sync_records")
            .fetch_one(&mut db)
            .await
            .unwrap()
    };
    assert_eq!(
        total as usize,
        DEVICES * RECORDS,
        "every record stored once"
    );

    // Both servers ask for the purge at the same moments over two hours:
    // it runs once per hour in all.
    let start = drempel_server::auth::now_ms();
    let every = i64::try_from(PURGE_EVERY.as_millis()).unwrap();
    let mut runs = 0;
    for step in 0..=8 {
        let now = start + step * every / 4;
        let (one, two) = tokio::join!(purge_if_due(a.store(), now), purge_if_due(b.store(), now));
        runs += usize::from(one.unwrap().is_some()) + usize::from(two.unwrap().is_some());
    }
    assert_eq!(runs, 3, "at the start, an hour on and two hours on");
}
