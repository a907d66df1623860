//! 100,000 records stream out of the CSV export without the server holding
//! them: the resident memory grows by far less than the file's size. On
//! SQLite, then PostgreSQL, one after the other in their own test binary,
//! since memory is measured for the whole process.

use axum::http::{Method, StatusCode};
use drempel_core::catalog::Catalog;
use drempel_core::contact::{Channel, Contact, ContactForm, FindingForm, Status};
use drempel_core::replica::contact_fields;
use drempel_core::sync::{FieldState, ServerRecord};
use drempel_server::auth::Limits;
use futures_util::StreamExt;
use sqlx::Connection;

mod common;
use common::http::Api;
use common::{Fixture, postgres, sqlite};

fn contact(quote: &str) -> Contact {
    let form = ContactForm {
        site: "Noord".into(),
        channel: Some(Channel::FoodBank),
        findings: vec![FindingForm {
            scheme: "huurtoeslag".into(),
            status: Some(Status::NotUsed),
            barriers: vec!["unaware".into()],
            ..FindingForm::default()
        }],
        quote: quote.into(),
        quote_consent: true,
        ..ContactForm::default()
    };
    let input = form.validate(&Catalog::default_catalog()).unwrap();
    Contact::new("seed".into(), 1_700_000_000_000, 1, input)
}

#[tokio::test]
async fn a_hundred_thousand_records_stream_in_bounded_memory() {
    for fixture in [sqlite().await, postgres().await] {
        stream_many(fixture).await;
    }
}

const MANY: usize = 100_000;

/// The resident memory of this process, in bytes.
fn rss() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb * 1024
}

async fn stream_many(f: Fixture) {
    // Seeded with SQL: 100,000 pushes would take minutes.
    let quote = "Ik wist niet dat het bestond. ".repeat(12);
    let record = ServerRecord {
        fields: contact_fields(&contact(&quote))
            .into_iter()
            .map(|(k, value)| (k, FieldState { value, version: 1 }))
            .collect(),
        deleted_at: None,
        version: 1,
    };
    let state = serde_json::to_string(&record).unwrap();
    let team = f.team;
    if f.store.kind() == "sqlite" {
        let mut db = sqlx::SqliteConnection::connect(&f.url).await.unwrap();
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3) \
             INSERT INTO sync_records (team_id, id, cursor, state, owner) \
             SELECT $1, printf('r%06d', i), i, $2, 'seed' FROM n",
        )
        .bind(team)
        .bind(&state)
        .bind(MANY as i64)
        .execute(&mut db)
        .await
        .unwrap();
    } else {
        let mut db = sqlx::PgConnection::connect(&f.url).await.unwrap();
        sqlx::query(
            "INSERT INTO sync_records (team_id, id, cursor, state, owner) \
             SELECT $1, 'r' || lpad(i::text, 6, '0'), i, $2::json, 'seed' \
             FROM generate_series(1, $3::int) AS i",
        )
        .bind(team)
        .bind(&state)
        .bind(MANY as i32)
        .execute(&mut db)
        .await
        .unwrap();
    }

    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(team, "c").await;
    // Measured from before the request: a handler that gathered the rows
    // before answering would show here too.
    let before = rss();
    let response = api
        .send(
            Method::GET,
            "/api/v1/team/export/contacts.csv",
            Some(&coordinator.token),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut peak = rss();
    let (mut bytes, mut lines, mut chunks) = (0usize, 0usize, 0usize);
    let mut body = response.into_body().into_data_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        bytes += chunk.len();
        lines += chunk.windows(2).filter(|w| w == b"\r\n").count();
        chunks += 1;
        if chunks % 500 == 0 {
            peak = peak.max(rss());
        }
    }
    assert_eq!(lines, MANY + 1, "a header and every record");
    assert!(bytes > 40_000_000, "the export is large: {bytes} bytes");
    let grew = peak.saturating_sub(before);
    println!(
        "{}: {bytes} bytes streamed, memory grew by {grew} bytes",
        api.store().kind()
    );
    assert!(
        grew < bytes / 4,
        "memory grew by {grew} bytes while streaming {bytes}: the export was buffered"
    );
}
