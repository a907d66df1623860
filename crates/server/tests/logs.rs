//! A log capture of a full session, on SQLite and on PostgreSQL:
//! coordinator login, join link, enrolment, pushes with personal data in a
//! note, pulls, a wrong password, a revocation. The log must show the
//! requests and hold none of the secrets or free text. Its own test binary:
//! the capture is the process's one global subscriber, at TRACE level.

use std::sync::{Arc, Mutex};

use axum::http::Method;
use drempel_core::sync::{PullResponse, PushResponse};
use drempel_core::wire::{Role, Session};
use drempel_server::auth::Limits;
use serde_json::Value;

mod common;
use common::http::{Api, PASSWORD, change};
use common::{Fixture, postgres, sqlite};

/// Collects everything the server logs.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_full_session_leaves_no_secrets_in_the_logs() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let mut secrets = Vec::new();
    for fixture in [sqlite().await, postgres().await] {
        secrets.extend(session(fixture).await);
    }

    let logged = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        logged.matches("device enrolled").count(),
        2,
        "the capture works: {logged}"
    );
    assert!(
        logged.contains("/api/v1/sync/push"),
        "requests are logged: {logged}"
    );
    for secret in secrets {
        assert!(
            !logged.contains(&secret),
            "the log holds {secret:?}:\n{logged}"
        );
    }
}

/// Runs the session; returns what must not reach the log.
async fn session(f: Fixture) -> Vec<String> {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "coordinator@noord").await;
    let link = api.join_link(&coordinator, Role::Volunteer).await;
    let phone: Session = api.enrol(&link.url).await.json();
    let notes = "mevrouw Jansen, BSN 111222333, belt terug";
    api.push(&phone.token, vec![change(1, "r1", notes)])
        .await
        .json::<PushResponse>();
    api.push(&phone.token, vec![change(3, "r2", notes)]).await; // a refused push
    api.pull(&phone.token).await.json::<PullResponse>();
    api.pull(&coordinator.token).await.json::<PullResponse>();
    api.login("coordinator@noord", "wrong password").await;
    api.call(
        Method::POST,
        &format!("/api/v1/team/devices/{}/revoke", phone.device),
        Some(&coordinator.token),
        Value::Null,
    )
    .await;
    api.push(&phone.token, vec![change(2, "r2", notes)]).await;
    let code = link.url.rsplit_once("#join=").unwrap().1;
    [
        PASSWORD,
        "wrong password",
        &coordinator.token,
        &phone.token,
        code,
        "Jansen",
        "111222333",
    ]
    .map(String::from)
    .to_vec()
}
