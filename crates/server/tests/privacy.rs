//! Erasure, retention and the audit log, on SQLite and PostgreSQL. What
//! must be gone is checked with SQL against the database itself.

use axum::http::{Method, StatusCode};
use drempel_core::sync::{Change, PushRequest};
use drempel_core::wire::{
    AuditAbout, AuditAction, AuditEntry, DeviceInfo, PROTOCOL_VERSION, Role, Session, TeamSettings,
    paths,
};
use drempel_server::auth::{Limits, now_ms};
use drempel_server::purge_expired;
use drempel_server::store::Scope;
use serde_json::{Value, json};
use sqlx::Connection;

mod common;
use common::http::Api;
use common::{Fixture, postgres, sqlite};

const DAY: i64 = 86_400_000;
const SECRET: &str = "mevrouw Jansen, 06-12345678";

both_stores!(
    erasure_leaves_a_bare_tombstone_and_an_audit_line,
    retention_clears_old_free_text_and_keeps_the_rest,
    the_audit_log_names_what_it_is_about_a_page_at_a_time,
);

fn change(seq: u64, record: &str, base: u64, fields: Value) -> Change {
    Change {
        seq,
        record: record.into(),
        base,
        fields: serde_json::from_value(fields).unwrap(),
        delete: false,
    }
}

async fn push(f: &Fixture, device: &str, changes: Vec<Change>) {
    let request = PushRequest {
        protocol: PROTOCOL_VERSION,
        changes,
    };
    f.store
        .push(f.team, device, Scope::Team, request.clone(), 1_000)
        .await
        .unwrap()
        .unwrap();
}

/// Every stored record state and conflict value of the database, as text.
async fn everything_stored(f: &Fixture) -> String {
    let queries = [
        "SELECT CAST(state AS TEXT) FROM sync_records",
        "SELECT COALESCE(CAST(overwritten AS TEXT), '') FROM sync_conflicts",
    ];
    let mut all = String::new();
    for sql in queries {
        let rows: Vec<String> = if f.store.kind() == "sqlite" {
            let mut db = sqlx::SqliteConnection::connect(&f.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut db).await.unwrap()
        } else {
            let mut db = sqlx::PgConnection::connect(&f.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut db).await.unwrap()
        };
        all.push_str(&rows.join("\n"));
    }
    all
}

async fn erasure_leaves_a_bare_tombstone_and_an_audit_line(f: Fixture) {
    // Two phones wrote the note: the loser is in the conflict log.
    let now = now_ms();
    push(
        &f,
        "a",
        vec![change(
            1,
            "r1",
            0,
            json!({
                "created_at": now, "catalog_version": 1, "site": "Noord",
                "channel": "food_bank", "notes": SECRET,
                "outcomes.kwijtschelding": { "scheme": "kwijtschelding", "follow_up_on": "2031-01-31",
                    "outcome": { "decision": "granted", "amount": { "euros": 98765, "per": "once" } } },
            }),
        )],
    )
    .await;
    push(
        &f,
        "b",
        vec![change(1, "r1", 0, json!({ "notes": format!("{SECRET}!") }))],
    )
    .await;
    push(
        &f,
        "a",
        vec![change(
            2,
            "r2",
            0,
            json!({ "created_at": now, "notes": "blijft" }),
        )],
    )
    .await;
    assert!(everything_stored(&f).await.contains("Jansen"));
    assert_eq!(f.store.conflicts(f.team).await.unwrap().len(), 1);

    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    // The phone that made r1 pulls what it made.
    let phone_pull = |cursor| {
        api.store()
            .pull(api.fixture.team, Scope::Owner("a"), cursor, 100)
    };
    let before = phone_pull(0).await.unwrap();
    api.call(
        Method::POST,
        "/api/v1/team/records/r1/erase",
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::NO_CONTENT, "");
    api.call(
        Method::POST,
        "/api/v1/team/records/r1/erase",
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::NOT_FOUND, "no_such_item");

    let stored = everything_stored(&api.fixture).await;
    assert!(!stored.contains("Jansen"), "no trace left: {stored}");
    assert!(
        !stored.contains("98765") && !stored.contains("2031-01-31"),
        "nor of its outcome"
    );
    assert!(stored.contains("blijft"), "other records untouched");
    assert!(
        api.store()
            .conflicts(api.fixture.team)
            .await
            .unwrap()
            .is_empty()
    );
    // Devices see a tombstone on their next pull, and nothing else.
    let after = phone_pull(before.next_cursor).await.unwrap();
    assert_eq!(after.changes.len(), 1);
    assert_eq!(
        (after.changes[0].record.as_str(), after.changes[0].deleted),
        ("r1", true)
    );
    assert!(after.changes[0].fields.is_empty());

    let log = api.audit_log(&coordinator.token).await;
    assert_eq!(log[0].action, AuditAction::EraseRecord);
    assert_eq!(
        (log[0].actor.as_str(), log[0].subject.as_str()),
        (coordinator.device.as_str(), "r1")
    );
    // Named by its day and place, and by who erased it; not by what it said.
    assert_eq!(
        log[0].about,
        Some(AuditAbout::Contact {
            created_at: now,
            site: "Noord".into()
        })
    );
    assert!(
        log[0].actor_name.is_some(),
        "the coordinator's device is named"
    );
    assert!(!serde_json::to_string(&log).unwrap().contains("Jansen"));
}

async fn retention_clears_old_free_text_and_keeps_the_rest(f: Fixture) {
    let now = now_ms();
    let old = now - 100 * DAY;
    let details = json!({ "referred_to": "Schuldhulp", "contact_details": SECRET });
    push(&f, "a", vec![
        change(1, "old", 0, json!({
            "created_at": old, "notes": SECRET, "follow_up": details, "site": "Noord",
            "outcomes.kwijtschelding": { "scheme": "kwijtschelding", "follow_up_on": "2031-01-31",
                "outcome": { "decision": "granted", "amount": { "euros": 98765, "per": "once" } } },
            "outcomes.huurtoeslag": { "scheme": "huurtoeslag", "follow_up_on": "2031-02-28" },
        })),
        change(2, "new", 0, json!({ "created_at": now - DAY, "notes": "recent: blijft" })),
    ])
    .await;
    // A conflict on the old note, and one on its site.
    push(
        &f,
        "b",
        vec![change(
            1,
            "old",
            0,
            json!({ "notes": "Jansen?", "site": "Zuid" }),
        )],
    )
    .await;

    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let settings: TeamSettings = api
        .call(
            Method::GET,
            "/api/v1/team/settings",
            Some(&coordinator.token),
            Value::Null,
        )
        .await
        .json();
    assert_eq!(settings.retention_days, 90, "the default");
    api.call(
        Method::PUT,
        "/api/v1/team/settings",
        Some(&coordinator.token),
        json!({ "retention_days": 0 }),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");

    let cleared = purge_expired(api.store(), now).await.unwrap();
    assert_eq!(cleared, 1);
    assert_eq!(
        purge_expired(api.store(), now).await.unwrap(),
        0,
        "nothing left to clear"
    );
    let stored = everything_stored(&api.fixture).await;
    assert!(
        !stored.contains("Jansen"),
        "notes, contact details and their conflicts are gone: {stored}"
    );
    assert!(!stored.contains("Schuldhulp"));
    assert!(
        !stored.contains("98765"),
        "amounts are gone, counted ones too: {stored}"
    );
    assert!(!stored.contains("2031-0"), "follow-up dates are gone");
    assert!(stored.contains("recent: blijft"), "within the period: kept");
    let conflicts = api.store().conflicts(api.fixture.team).await.unwrap();
    assert_eq!(conflicts.len(), 1, "the site conflict stays");
    assert_eq!(conflicts[0].1.field, "site");

    let all = api.records(&coordinator.token, None).await;
    let old_record = all.records.iter().find(|c| c.record == "old").unwrap();
    assert_eq!(old_record.fields["notes"], Value::Null);
    assert_eq!(old_record.fields["follow_up"], Value::Null);
    assert_eq!(
        old_record.fields["outcomes.kwijtschelding"],
        json!({ "scheme": "kwijtschelding", "outcome": { "decision": "granted" } }),
        "the decision stays: it is counted, and names no one"
    );
    assert_eq!(old_record.fields["outcomes.huurtoeslag"], Value::Null);
    assert_eq!(old_record.fields["site"], json!("Zuid"));
    let log = api.audit_log(&coordinator.token).await;
    assert_eq!(
        (log[0].actor.as_str(), log[0].action),
        ("server", AuditAction::RetentionPurge)
    );
    assert_eq!(log[0].about, Some(AuditAbout::Count { count: 1 }));
    assert_eq!(log[0].actor_name, None);

    // A shorter period reaches the recent note too.
    api.call(
        Method::PUT,
        "/api/v1/team/settings",
        Some(&coordinator.token),
        json!({ "retention_days": 1 }),
    )
    .await
    .json::<TeamSettings>();
    assert_eq!(purge_expired(api.store(), now + DAY).await.unwrap(), 1);
    assert!(
        !everything_stored(&api.fixture)
            .await
            .contains("recent: blijft")
    );
}

async fn the_audit_log_names_what_it_is_about_a_page_at_a_time(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "coordinator").await;
    let link = api.join_link(&coordinator, Role::Volunteer).await;
    let volunteer: Session = api.enrol(&link.url).await.json();
    let revoke = |path: String| {
        let api = &api;
        let token = coordinator.token.clone();
        async move {
            api.call(Method::POST, &path, Some(&token), Value::Null)
                .await
                .expect(StatusCode::NO_CONTENT, "");
        }
    };
    revoke(paths::revoke_join_link(link.link.id)).await;
    revoke(paths::revoke_device(&volunteer.device)).await;

    let log = api.audit_log(&coordinator.token).await;
    let devices: Vec<DeviceInfo> = api
        .get("/api/v1/team/devices", Some(&coordinator.token))
        .await
        .json();
    let name_of = |id: &str| devices.iter().find(|d| d.id == id).map(|d| d.label.clone());
    let lines: Vec<(AuditAction, Option<AuditAbout>)> =
        log.iter().map(|e| (e.action, e.about.clone())).collect();
    let link_about = Some(AuditAbout::JoinLink {
        role: Role::Volunteer,
        expires_at: link.link.expires_at,
    });
    assert_eq!(
        lines,
        [
            (
                AuditAction::RevokeDevice,
                Some(AuditAbout::Device {
                    name: name_of(&volunteer.device).unwrap()
                })
            ),
            (AuditAction::RevokeJoinLink, link_about.clone()),
            (AuditAction::CreateJoinLink, link_about),
        ]
    );
    assert!(
        log.iter()
            .all(|e| e.actor_name == name_of(&coordinator.device)),
        "each line names the coordinator's device"
    );

    // A page at a time, newest first, and never more than 100 lines.
    let page = |query: String| {
        let api = &api;
        let token = coordinator.token.clone();
        async move {
            api.get(&format!("/api/v1/team/audit{query}"), Some(&token))
                .await
        }
    };
    let first: Vec<AuditEntry> = page("?limit=2".into()).await.json();
    assert_eq!(first, log[..2]);
    let rest: Vec<AuditEntry> = page(format!("?limit=2&before={}", first[1].id))
        .await
        .json();
    assert_eq!(rest, log[2..]);
    for limit in ["0", "101", "x"] {
        page(format!("?limit={limit}"))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
}
