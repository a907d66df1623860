//! The holes an outside attack found, each closed and held shut here on
//! SQLite and on PostgreSQL. Test names carry the defect's number.

use axum::http::{Method, StatusCode, header};
use drempel_core::catalog::Label;
use drempel_core::consultation::{Answer, Consultation, Phase, Question, QuestionKind, Response};
use drempel_core::sync::{Change, LoggedConflict, MAX_RECORD_FIELDS, PullResponse, PushResponse};
use drempel_core::wire::{AuditAction, CreatedJoinLink, JoinLinkInfo, PROTOCOL_VERSION, Session};
use drempel_server::api::{Access, ROUTES};
use drempel_server::auth::{HASHING_AT_ONCE, Limits, hash_password, now_ms};
use serde_json::{Value, json};

mod common;
use common::http::{Api, ORIGIN, PASSWORD, change};
use common::{Fixture, postgres, sqlite};

both_stores!(
    d01_nul_is_refused_everywhere_and_stores_nothing,
    d02_fifty_logins_at_once_hash_two_at_a_time,
    d03_a_record_cannot_grow_past_its_limits,
    d04_the_conflict_log_comes_in_pages,
    d05_responses_outside_their_time_or_beyond_a_kiosk_are_refused,
    d06_a_new_password_ends_the_old_sessions,
    d06_coordinator_sessions_end_when_unused_volunteers_stay,
    d07_no_refusal_repeats_personal_data,
    d09_join_links_need_a_real_origin,
    d10_every_api_error_is_json_and_never_stored,
    d11_sync_and_public_reports_are_rate_limited,
    d12_wrong_passwords_from_one_address_lock_no_one_else_out,
    d13_a_join_link_stops_after_its_uses,
);

const PII: &str = "BSN 111222333 mevrouw Jansen";

fn pull_path() -> String {
    format!("/api/v1/sync/pull?protocol={PROTOCOL_VERSION}&cursor=0&limit=100")
}

/// The routes that take a JSON body, as (method, path with ids filled in).
fn body_routes() -> Vec<(Method, String)> {
    let document = drempel_server::api::openapi_document();
    ROUTES
        .iter()
        .filter(|r| document["paths"][r.path][r.method]["requestBody"].is_object())
        .map(|r| {
            let method = Method::from_bytes(r.method.to_uppercase().as_bytes()).unwrap();
            (method, r.path.replace("{id}", "x").replace("{code}", "x"))
        })
        .collect()
}

async fn setup(f: Fixture, limits: Limits) -> (Api, Session, Session) {
    let api = Api::new(f, limits);
    let coordinator = api.coordinator(api.fixture.team, "ans").await;
    let volunteer = api.volunteer(&coordinator).await;
    (api, coordinator, volunteer)
}

async fn d01_nul_is_refused_everywhere_and_stores_nothing(f: Fixture) {
    let (api, coordinator, volunteer) = setup(f, Limits::default()).await;
    // Without signing in: a login and a report code.
    let login = api
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            json!({ "login": "a\u{0}b", "password": "x" }),
        )
        .await;
    login.expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert!(
        login.body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("login:")
    );
    api.get("/api/v1/public/reports/a%00b", None)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    api.get(
        &format!("/api/v1/sync/pull?protocol={PROTOCOL_VERSION}&cursor=%00"),
        Some(&volunteer.token),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");

    // A push page with one such value is refused whole, naming the field,
    // and the phone can go on with a clean page.
    let mut bad = change(1, "r-nul", "voor");
    bad.fields.insert("notes".into(), json!("voor\u{0}na"));
    let refused = api
        .push(&volunteer.token, vec![change(1, "r-ok", "x"), bad])
        .await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("changes[1].fields.notes:"),
        "{}",
        refused.body
    );
    let page: PullResponse = api.get(&pull_path(), Some(&volunteer.token)).await.json();
    assert!(
        page.changes.is_empty(),
        "nothing of the refused page stored"
    );
    api.push(&volunteer.token, vec![change(1, "r-ok", "x")])
        .await
        .json::<PushResponse>();

    // Enrolment with a NUL label spends no use of a one-use link.
    let link: CreatedJoinLink = api
        .call(
            Method::POST,
            "/api/v1/team/join-links",
            Some(&coordinator.token),
            json!({ "role": "volunteer", "valid_hours": 1, "origin": ORIGIN, "max_uses": 1 }),
        )
        .await
        .json();
    let code = link.url.rsplit_once("#join=").unwrap().1;
    api.call(
        Method::POST,
        "/api/v1/enrol",
        None,
        json!({ "code": code, "label": "tel\u{0}" }),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    api.enrol(&link.url).await.json::<Session>();

    // Every body route refuses it before its store sees it (no 5xx).
    let routes = body_routes();
    assert!(routes.len() >= 10, "{routes:?}");
    for (method, path) in routes {
        let answer = api
            .call(
                method,
                &path,
                Some(&coordinator.token),
                json!({ "label": "\u{0}" }),
            )
            .await;
        assert!(answer.status.is_client_error(), "{path}: {}", answer.status);
    }
}

async fn d02_fifty_logins_at_once_hash_two_at_a_time(f: Fixture) {
    let limits = Limits {
        login_per_minute: 1000,
        ..Limits::default()
    };
    let api = std::sync::Arc::new(Api::new(f, limits));
    api.coordinator(api.fixture.team, "ans").await;
    let before = api.state.password_checks();
    let logins: Vec<_> = (0..50)
        .map(|i| {
            let api = api.clone();
            tokio::spawn(async move { api.login(&format!("ans{}", i % 3), "wrong").await.status })
        })
        .collect();
    let mut refused = 0;
    for login in logins {
        match login.await.unwrap() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    let checked = api.state.password_checks() - before;
    assert_eq!(
        checked + refused,
        50,
        "each login hashed or refused, none lost"
    );
    assert!(
        api.state.passwords().peak() <= HASHING_AT_ONCE,
        "{} hashes ran at once",
        api.state.passwords().peak()
    );
    api.login("ans", PASSWORD).await.json::<Session>();
}

async fn d03_a_record_cannot_grow_past_its_limits(f: Fixture) {
    let (api, _, volunteer) = setup(f, Limits::default()).await;
    let fields = |from: usize| -> Change {
        Change {
            seq: 0,
            record: "r-big".into(),
            base: 0,
            fields: (from..from + 60)
                .map(|i| (format!("f{i}"), json!(i)))
                .collect(),
            delete: false,
        }
    };
    let mut seq = 0;
    let mut next = |mut c: Change| {
        seq += 1;
        c.seq = seq;
        c
    };
    api.push(&volunteer.token, vec![next(fields(0)), next(fields(60))])
        .await
        .json::<PushResponse>();
    // The third change of 60 fields would make 180 > MAX_RECORD_FIELDS.
    const { assert!(180 > MAX_RECORD_FIELDS) };
    let third = next(fields(120));
    api.push(&volunteer.token, vec![third.clone()])
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "record_too_large");
    let page: PullResponse = api.get(&pull_path(), Some(&volunteer.token)).await.json();
    assert_eq!(
        page.changes[0].fields.len(),
        120,
        "the record kept what it had"
    );
    // Bytes count too: a few fields of 8 KB each fill it.
    let mut wide = third;
    wide.record = "r-wide".into();
    wide.fields = (0..9)
        .map(|i| (format!("w{i}"), json!("x".repeat(8000))))
        .collect();
    api.push(&volunteer.token, vec![wide])
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "record_too_large");
}

async fn d04_the_conflict_log_comes_in_pages(f: Fixture) {
    let (api, coordinator, _) = setup(f, Limits::default()).await;
    let other = api.volunteer(&coordinator).await;
    // The coordinator overwrites the other phone's note 120 times: 120
    // conflicts on one record.
    api.push(&other.token, vec![change(1, "r", "eerste")])
        .await
        .json::<PushResponse>();
    let changes: Vec<Change> = (1..=120)
        .map(|i| change(i, "r", &format!("versie {i}")))
        .collect();
    api.push(&other.token, vec![change(2, "r", "tweede")])
        .await
        .json::<PushResponse>();
    for chunk in changes.chunks(60) {
        api.push(&coordinator.token, chunk.to_vec())
            .await
            .json::<PushResponse>();
    }
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let path = match before {
            None => "/api/v1/team/conflicts?limit=50".to_string(),
            Some(id) => format!("/api/v1/team/conflicts?limit=50&before={id}"),
        };
        let page: Vec<LoggedConflict> = api.get(&path, Some(&coordinator.token)).await.json();
        assert!(page.len() <= 50);
        // Each entry says what the record holds now: the last version.
        assert!(
            page.iter()
                .all(|c| !c.gone && c.current == serde_json::json!("versie 120"))
        );
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        seen.extend(page.iter().map(|c| c.id));
    }
    let total = api.store().conflicts(api.fixture.team).await.unwrap().len();
    assert!(total >= 2, "conflicts were logged");
    assert_eq!(seen.len(), total, "every entry once");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");
    api.get(
        "/api/v1/team/conflicts?limit=5000",
        Some(&coordinator.token),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
}

fn poll(opens: &str, closes: &str) -> Consultation {
    Consultation {
        id: String::new(),
        title: Label::new("Stadspas", "City pass"),
        intro: Label::new("", ""),
        questions: vec![Question {
            id: "q1".into(),
            kind: QuestionKind::Single,
            text: Label::new("Kent u de stadspas?", "Do you know the city pass?"),
            options: vec![Label::new("Ja", "Yes"), Label::new("Nee", "No")],
        }],
        opens: opens.into(),
        closes: closes.into(),
        phase: Phase::Draft,
    }
}

fn answer(id: &str, consultation: &str, at: i64) -> Response {
    Response {
        id: id.into(),
        consultation: consultation.into(),
        at,
        lang: drempel_core::resident::ResidentLang::Nl,
        answers: [("q1".to_string(), Answer::Single(0))].into(),
    }
}

async fn d05_responses_outside_their_time_or_beyond_a_kiosk_are_refused(f: Fixture) {
    let limits = Limits {
        responses_per_hour: 5,
        ..Limits::default()
    };
    let (api, coordinator, volunteer) = setup(f, limits).await;
    let closed = api
        .publish(&coordinator, poll("2024-01-01", "2024-01-02"))
        .await;
    let open = api
        .publish(&coordinator, poll("2026-01-01", "2099-12-31"))
        .await;
    let now = now_ms();
    let answer_of = api
        .send_responses(
            &volunteer.token,
            &[
                answer("closed", &closed, now),
                answer("minus", &open, -1),
                answer("far", &open, 9_000_000_000_000_000),
                answer("ok", &open, now),
            ],
        )
        .await;
    assert_eq!(answer_of.stored, ["ok"]);
    let refused: Vec<&str> = answer_of.refused.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(refused, ["closed", "minus", "far"]);
    // A kiosk hands in at most 5 an hour for one consultation; resending
    // what was stored costs nothing.
    let batch: Vec<Response> = (0..8)
        .map(|i| answer(&format!("k{i}"), &open, now))
        .collect();
    let answer_of = api.send_responses(&volunteer.token, &batch).await;
    assert_eq!(answer_of.stored, ["k0", "k1", "k2", "k3"]);
    assert!(
        answer_of
            .refused
            .iter()
            .all(|r| r.code.as_str() == "too_many_responses")
    );
    let again = api.send_responses(&volunteer.token, &batch[..2]).await;
    assert_eq!(again.stored, ["k0", "k1"]);
    let results: Value = api
        .get(
            &format!("/api/v1/team/consultations/{open}/results"),
            Some(&coordinator.token),
        )
        .await
        .json();
    assert_eq!(results["respondents"], json!(5), "{results}");
    assert!(
        !results.to_string().contains(&volunteer.device),
        "anonymous"
    );
    let log = api.audit_log(&coordinator.token).await;
    assert!(
        log.iter()
            .any(|e| e.action == AuditAction::ResponsesRefused)
    );
}

async fn d06_a_new_password_ends_the_old_sessions(f: Fixture) {
    let (api, coordinator, volunteer) = setup(f, Limits::default()).await;
    let hash = hash_password("een heel nieuw wachtwoord".into())
        .await
        .unwrap();
    assert!(
        api.store()
            .set_password("ans", &hash, now_ms())
            .await
            .unwrap()
    );
    api.get("/api/v1/me", Some(&coordinator.token))
        .await
        .expect(StatusCode::UNAUTHORIZED, "device_revoked");
    api.get("/api/v1/me", Some(&volunteer.token))
        .await
        .json::<Value>();
    api.login("ans", "een heel nieuw wachtwoord")
        .await
        .json::<Session>();
}

async fn d06_coordinator_sessions_end_when_unused_volunteers_stay(f: Fixture) {
    let (api, coordinator, volunteer) = setup(f, Limits::default()).await;
    let long_ago = now_ms() - 31 * 86_400_000;
    api.fixture
        .execute(&format!(
            "UPDATE devices SET created_at = {long_ago}, last_seen_at = {long_ago}, \
             last_sync_at = NULL"
        ))
        .await;
    api.get("/api/v1/me", Some(&coordinator.token))
        .await
        .expect(StatusCode::UNAUTHORIZED, "session_expired");
    api.get("/api/v1/me", Some(&coordinator.token))
        .await
        .expect(StatusCode::UNAUTHORIZED, "device_revoked");
    api.get("/api/v1/me", Some(&volunteer.token))
        .await
        .json::<Value>();
}

async fn d07_no_refusal_repeats_personal_data(f: Fixture) {
    let (api, coordinator, _) = setup(f, Limits::default()).await;
    let fields = [
        "role",
        "protocol",
        "changes",
        "login",
        "password",
        "label",
        "code",
        "responses",
        "questions",
        "title",
        "opens",
        "retention_days",
        "valid_hours",
        "origin",
        "schemes",
        "gathered",
        "max_uses",
        "base",
    ];
    let mut bodies = vec![json!(PII), json!([PII]), json!({ PII: PII })];
    for field in fields {
        bodies.push(json!({ field: PII }));
        bodies.push(json!({ field: [PII] }));
        bodies.push(json!({ field: { PII: PII } }));
    }
    bodies.push(
        json!({ "protocol": 1, "changes": [{ "seq": 1, "record": "r", "base": 0,
        "fields": { "notes": 1 }, "delete": PII }] }),
    );
    bodies.push(json!({ "role": PII, "valid_hours": 24, "origin": PII }));
    for (method, path) in body_routes() {
        for body in &bodies {
            let answer = api
                .call(
                    method.clone(),
                    &path,
                    Some(&coordinator.token),
                    body.clone(),
                )
                .await;
            let text = answer.body.to_string();
            assert!(
                !text.contains("111222333") && !text.contains("Jansen"),
                "{path} with {body}: {text}"
            );
        }
    }
    let query = api
        .get(
            &format!("/api/v1/sync/pull?protocol={PROTOCOL_VERSION}&cursor=Jansen%20111222333"),
            Some(&coordinator.token),
        )
        .await;
    query.expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert!(!query.body.to_string().contains("Jansen"), "{}", query.body);
}

async fn d09_join_links_need_a_real_origin(f: Fixture) {
    let (api, coordinator, _) = setup(f, Limits::default()).await;
    for origin in ["http:///evil.example", "http://#evil", "http://?x"] {
        api.call(
            Method::POST,
            "/api/v1/team/join-links",
            Some(&coordinator.token),
            json!({ "role": "volunteer", "valid_hours": 1, "origin": origin }),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
    let links: Vec<JoinLinkInfo> = api
        .get("/api/v1/team/join-links", Some(&coordinator.token))
        .await
        .json();
    assert_eq!(links.len(), 1, "only the setup's link");
}

async fn d10_every_api_error_is_json_and_never_stored(f: Fixture) {
    let api = Api::new(f, Limits::default());
    for (method, path) in [
        (Method::POST, "/api/v1/health"),
        (Method::DELETE, "/api/v1/sync/push"),
        (Method::PATCH, "/api/v1/team/catalog"),
    ] {
        let answer = api.call(method, path, None, Value::Null).await;
        answer.expect(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
    for path in ["/api", "/api/", "/api/v2/nothing"] {
        let answer = api.get(path, None).await;
        answer.expect(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
}

async fn d11_sync_and_public_reports_are_rate_limited(f: Fixture) {
    let limits = Limits {
        sync_per_minute: 3,
        public_per_minute: 2,
        ..Limits::default()
    };
    let (api, coordinator, volunteer) = setup(f, limits).await;
    for _ in 0..3 {
        api.get(&pull_path(), Some(&volunteer.token))
            .await
            .json::<PullResponse>();
    }
    let limited = api.push(&volunteer.token, vec![change(1, "r", "x")]).await;
    limited.expect(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
    // Another device has its own budget.
    api.get(&pull_path(), Some(&coordinator.token))
        .await
        .json::<PullResponse>();
    for _ in 0..2 {
        api.get("/api/v1/public/reports/nothing", None)
            .await
            .expect(StatusCode::NOT_FOUND, "no_such_item");
    }
    api.get("/api/v1/public/reports/nothing", None)
        .await
        .expect(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // The limits are in the description.
    let document = drempel_server::api::openapi_document();
    for (path, method) in [
        ("/api/v1/sync/push", "post"),
        ("/api/v1/sync/pull", "get"),
        ("/api/v1/sync/responses", "post"),
        ("/api/v1/sync/content", "get"),
        ("/api/v1/public/reports/{code}", "get"),
        ("/api/v1/auth/login", "post"),
    ] {
        assert!(
            document["paths"][path][method]["responses"]["429"].is_object(),
            "{method} {path}"
        );
    }
    assert!(ROUTES.iter().any(|r| r.access == Access::Public));
}

async fn d12_wrong_passwords_from_one_address_lock_no_one_else_out(f: Fixture) {
    let limits = Limits {
        login_per_minute: 3,
        ..Limits::default()
    };
    let api = Api::new(f, limits);
    api.coordinator(api.fixture.team, "ans").await;
    // Every in-process request comes from one address, as behind a proxy.
    for name in ["piet", "kees", "jan", "els", "mo"] {
        api.login(name, "wrong").await;
    }
    api.login("ans", PASSWORD).await.json::<Session>();
    // From an address over its limit, a name that failed there waits.
    api.login("ans", "wrong")
        .await
        .expect(StatusCode::UNAUTHORIZED, "bad_login");
    api.login("ans", PASSWORD)
        .await
        .expect(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
}

async fn d13_a_join_link_stops_after_its_uses(f: Fixture) {
    let (api, coordinator, _) = setup(f, Limits::default()).await;
    let link: CreatedJoinLink = api
        .call(
            Method::POST,
            "/api/v1/team/join-links",
            Some(&coordinator.token),
            json!({ "role": "volunteer", "valid_hours": 1, "origin": ORIGIN, "max_uses": 2 }),
        )
        .await
        .json();
    assert_eq!(link.link.max_uses, Some(2));
    for _ in 0..2 {
        api.enrol(&link.url).await.json::<Session>();
    }
    api.enrol(&link.url)
        .await
        .expect(StatusCode::GONE, "join_link_used_up");
    let links: Vec<JoinLinkInfo> = api
        .get("/api/v1/team/join-links", Some(&coordinator.token))
        .await
        .json();
    let listed = links.iter().find(|l| l.id == link.link.id).unwrap();
    assert_eq!((listed.uses, listed.max_uses), (2, Some(2)));
    api.call(
        Method::POST,
        "/api/v1/team/join-links",
        Some(&coordinator.token),
        json!({ "role": "volunteer", "valid_hours": 1, "origin": ORIGIN, "max_uses": 0 }),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
}
