//! The API over HTTP (in process), on SQLite and on PostgreSQL: enrolment,
//! tokens, roles, team walls, rate limits, the 4xx answers, and what reaches
//! the logs.

use axum::http::{Method, StatusCode, header};
use drempel_core::sync::{Change, MAX_PUSH_CHANGES, PullResponse, PushResponse};
use drempel_core::wire::{
    ContentAnswer, PROTOCOL_VERSION, RECORDS_PAGE, RecordsPage, Role, Session, TeamSettings, paths,
};
use drempel_server::api::{Access, ROUTES};
use drempel_server::auth::{Limits, hash_secret, now_ms};
use drempel_server::limits::BODY_LIMIT;
use serde_json::{Value, json};

mod common;
use common::http::{Api, ORIGIN, PASSWORD, change};
use common::{Fixture, postgres, sqlite};

both_stores!(
    a_rejoined_device_keeps_its_records,
    enrolment_works_with_a_valid_link_only,
    a_revoked_device_gets_401_and_its_records_stay,
    every_route_checks_who_calls_it,
    login_is_rate_limited_per_address,
    a_wrong_password_and_an_unknown_login_look_the_same,
    bad_bodies_get_their_4xx_and_store_nothing,
    gaps_and_old_protocols_are_answered_clearly,
    phones_pull_their_own_and_read_the_rest_a_page_at_a_time,
);

/// Every page of `GET /api/v1/sync/records` for `token`, in order.
async fn every_record_page(api: &Api, token: &str) -> Vec<RecordsPage> {
    let mut pages = Vec::new();
    let mut before = None::<String>;
    loop {
        let page = api.records(token, before.as_deref()).await;
        before = page.next.clone();
        pages.push(page);
        if before.is_none() {
            return pages;
        }
    }
}

async fn phones_pull_their_own_and_read_the_rest_a_page_at_a_time(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let one = api.volunteer(&coordinator).await;
    let two = api.volunteer(&coordinator).await;
    // Ids sort as they were made (UUIDv7 do): r000 is the oldest.
    let ones: Vec<Change> = (0..120)
        .map(|i| change(i + 1, &format!("r{i:03}"), "een"))
        .collect();
    api.push(&one.token, ones).await.expect(StatusCode::OK, "");
    let mut gone = change(121, "r050", "");
    gone.delete = true;
    gone.fields.clear();
    gone.base = 1;
    api.push(&one.token, vec![gone])
        .await
        .expect(StatusCode::OK, "");
    api.push(
        &two.token,
        vec![change(1, "s1", "twee"), change(2, "s2", "twee")],
    )
    .await
    .expect(StatusCode::OK, "");
    api.push(&coordinator.token, vec![change(1, "t1", "coördinator")])
        .await
        .expect(StatusCode::OK, "");

    // A volunteer's pages: its own live records, newest first, 50 at a time.
    let pages = every_record_page(&api, &one.token).await;
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0].records.len(), RECORDS_PAGE);
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|p| p.records.iter().map(|r| r.record.clone()))
        .collect();
    let mut expected: Vec<String> = (0..120)
        .filter(|i| *i != 50)
        .map(|i| format!("r{i:03}"))
        .collect();
    expected.reverse();
    assert_eq!(
        ids, expected,
        "newest first, the deleted one left out, nothing twice"
    );

    // A coordinator reads the whole team that way, but pulls only its own.
    let team: usize = every_record_page(&api, &coordinator.token)
        .await
        .iter()
        .map(|p| p.records.len())
        .sum();
    assert_eq!(team, 119 + 2 + 1);
    let own: PullResponse = api.pull(&coordinator.token).await.json();
    let own: Vec<&str> = own.changes.iter().map(|c| c.record.as_str()).collect();
    assert_eq!(own, ["t1"]);
    let own: PullResponse = api.pull(&two.token).await.json();
    assert_eq!(own.changes.len(), 2);

    // Only an id asks for a page.
    for before in ["", "r%2F..", "r%00", &"r".repeat(65)] {
        api.call(
            Method::GET,
            &format!("{}?before={before}", paths::RECORDS),
            Some(&one.token),
            Value::Null,
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }

    // The window phones keep is the team's to set, within its range, and
    // reaches phones with the team's content.
    let settings: TeamSettings = api
        .call(
            Method::GET,
            paths::SETTINGS,
            Some(&coordinator.token),
            Value::Null,
        )
        .await
        .json();
    assert_eq!(settings.keep_days, 60, "the default");
    for days in [6, 731] {
        api.call(
            Method::PUT,
            paths::SETTINGS,
            Some(&coordinator.token),
            json!({ "retention_days": 90, "keep_days": days }),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
    api.call(
        Method::PUT,
        paths::SETTINGS,
        Some(&coordinator.token),
        json!({ "retention_days": 90, "keep_days": 30 }),
    )
    .await
    .expect(StatusCode::OK, "");
    let content: ContentAnswer = api
        .call(
            Method::GET,
            &paths::content(0),
            Some(&one.token),
            Value::Null,
        )
        .await
        .json();
    assert_eq!(content.content.unwrap().keep_days, 30);
}

async fn enrolment_works_with_a_valid_link_only(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let team = api.fixture.team;
    let coordinator = api.coordinator(team, "coordinator@noord").await;
    assert_eq!(coordinator.role, Role::Coordinator);
    assert_eq!(coordinator.team, "Voedselbank Noord");

    let link = api.join_link(&coordinator, Role::Volunteer).await;
    assert!(
        link.url.starts_with(&format!("{ORIGIN}/#join=")),
        "{}",
        link.url
    );
    assert_eq!(link.qr.len(), (link.qr_size * link.qr_size) as usize);
    assert!(link.qr.contains('1') && link.qr.contains('0'));
    let session: Session = api.enrol(&link.url).await.json();
    assert_eq!(session.role, Role::Volunteer);
    assert_ne!(session.token, coordinator.token);
    let me = api
        .call(Method::GET, "/api/v1/me", Some(&session.token), Value::Null)
        .await;
    assert_eq!(me.body["device"], json!(session.device));
    assert_eq!(me.body["role"], json!("volunteer"));
    // Only the hash of the token is stored.
    assert!(
        api.store()
            .device_by_token(&session.token)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        api.store()
            .device_by_token(&hash_secret(&session.token))
            .await
            .unwrap()
            .is_some()
    );

    // Expired: a link whose time is up.
    let now = now_ms();
    api.store()
        .create_join_link(
            team,
            Role::Volunteer,
            &hash_secret("old-code"),
            now - 10,
            now - 1,
            None,
        )
        .await
        .unwrap();
    api.enrol(&format!("{ORIGIN}/#join=old-code"))
        .await
        .expect(StatusCode::GONE, "join_link_expired");

    // Revoked: the coordinator withdraws it; it stops working at once.
    let withdrawn = api.join_link(&coordinator, Role::Volunteer).await;
    api.call(
        Method::POST,
        &format!("/api/v1/team/join-links/{}/revoke", withdrawn.link.id),
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::NO_CONTENT, "");
    api.enrol(&withdrawn.url)
        .await
        .expect(StatusCode::GONE, "join_link_revoked");
    api.enrol(&format!("{ORIGIN}/#join=made-up"))
        .await
        .expect(StatusCode::NOT_FOUND, "join_link_unknown");

    let links = api
        .call(
            Method::GET,
            "/api/v1/team/join-links",
            Some(&coordinator.token),
            Value::Null,
        )
        .await;
    let uses: Vec<i64> = links
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uses"].as_i64().unwrap())
        .collect();
    assert_eq!(
        uses.iter().sum::<i64>(),
        1,
        "one device joined: {}",
        links.body
    );
}

async fn a_revoked_device_gets_401_and_its_records_stay(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let phone = api.volunteer(&coordinator).await;
    let answer: PushResponse = api
        .push(&phone.token, vec![change(1, "r1", "eerste")])
        .await
        .json();
    assert_eq!(answer.applied_through, 1);

    let devices = api
        .call(
            Method::GET,
            "/api/v1/team/devices",
            Some(&coordinator.token),
            Value::Null,
        )
        .await;
    let listed = devices.body.as_array().unwrap();
    let entry = listed
        .iter()
        .find(|d| d["id"] == json!(phone.device))
        .unwrap();
    assert!(entry["last_sync_at"].is_i64(), "last sync shown: {entry}");
    assert_eq!(entry["label"], json!("telefoon Ans"));

    api.call(
        Method::POST,
        &format!("/api/v1/team/devices/{}/revoke", phone.device),
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::NO_CONTENT, "");
    let refused = api
        .push(&phone.token, vec![change(2, "r2", "tweede")])
        .await;
    refused.expect(StatusCode::UNAUTHORIZED, "device_revoked");
    assert!(refused.headers.contains_key(header::WWW_AUTHENTICATE));
    // Error answers carry the security headers too.
    let csp = refused.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(refused.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(refused.headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(refused.headers[header::CACHE_CONTROL], "no-store");
    api.pull(&phone.token)
        .await
        .expect(StatusCode::UNAUTHORIZED, "device_revoked");
    api.call(Method::GET, "/api/v1/me", Some("not-a-token"), Value::Null)
        .await
        .expect(StatusCode::UNAUTHORIZED, "unauthenticated");

    let team = api.records(&coordinator.token, None).await;
    let ids: Vec<&str> = team.records.iter().map(|c| c.record.as_str()).collect();
    assert_eq!(
        ids,
        ["r1"],
        "what the phone synced stays; the refused push stored nothing"
    );
}

fn poll_of(title: &str) -> drempel_core::consultation::Consultation {
    let mut poll = drempel_core::consultation::Consultation::draft("2026-11-24");
    poll.title.nl = title.into();
    poll.questions[0].text.nl = "Kent u de stadspas?".into();
    for (option, text) in poll.questions[0].options.iter_mut().zip(["Ja", "Nee"]) {
        option.nl = text.into();
    }
    poll
}

/// A body each route accepts, so the walk below reaches the access check
/// and beyond. A route without one fails the walk: add it here.
fn sample_body(method: &str, path: &str) -> Option<Value> {
    match (method, path) {
        ("get", _) => Some(Value::Null),
        ("post", "/api/v1/auth/login") => Some(json!({ "login": "x", "password": "y" })),
        ("post", "/api/v1/enrol") => Some(json!({ "code": "x" })),
        ("post", "/api/v1/auth/logout") | ("post", "/api/v1/region/logout") => Some(Value::Null),
        ("post", "/api/v1/sync/push") => Some(json!({
            "protocol": PROTOCOL_VERSION,
            "changes": [{ "seq": 1, "record": "r-of-a", "base": 0, "fields": { "notes": "overwritten?" } }]
        })),
        ("post", "/api/v1/team/join-links") => {
            Some(json!({ "role": "volunteer", "valid_hours": 1, "origin": ORIGIN }))
        }
        ("post", p) if p.ends_with("/revoke") || p.ends_with("/erase") => Some(Value::Null),
        ("put", "/api/v1/team/settings") => Some(json!({ "retention_days": 90 })),
        ("post", "/api/v1/sync/responses") => Some(json!({
            "protocol": PROTOCOL_VERSION,
            "responses": [{ "id": "r-b", "consultation": "{id}", "at": 1, "lang": "nl",
                            "answers": { "q1": { "single": 0 } } }]
        })),
        ("put", "/api/v1/team/catalog") => {
            let catalog = drempel_core::catalog::Catalog::default_catalog();
            Some(json!({ "base": 1, "schemes": catalog.schemes, "barriers": catalog.barriers }))
        }
        ("post", "/api/v1/team/consultations") | ("put", "/api/v1/team/consultations/{id}") => {
            Some(serde_json::to_value(poll_of("Peiling van B")).unwrap())
        }
        ("post", "/api/v1/team/signals") | ("put", "/api/v1/team/signals/{id}") => {
            Some(json!({ "title": "Signaal van B", "problem": "", "ask": "",
                         "filter": { "scheme": "huurtoeslag" } }))
        }
        ("post", "/api/v1/region/signals") | ("put", "/api/v1/region/signals/{id}") => Some(
            json!({ "title": "Signaal van de regio", "problem": "", "ask": "",
                         "filter": { "scheme": "huurtoeslag", "from": "2026-01-01", "until": "2026-06-30" } }),
        ),
        ("put", "/api/v1/team/quotes/{id}/region")
        | ("delete", "/api/v1/team/quotes/{id}/region") => Some(Value::Null),
        ("put", p) if p.ends_with("/report") => {
            Some(serde_json::to_value(drempel_core::consultation::Report::default()).unwrap())
        }
        ("post", p)
            if p.ends_with("/publish") || p.ends_with("/share") || p.ends_with("/unshare") =>
        {
            Some(Value::Null)
        }
        _ => None,
    }
}

/// Walks every route of the router as: nobody, a forged token, a volunteer
/// of team A, and a coordinator of team B aimed at team A's things.
async fn every_route_checks_who_calls_it(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let team_a = api.fixture.team;
    let team_b = api.store().create_team("Ploeg B").await.unwrap();
    let coordinator_a = api.coordinator(team_a, "a").await;
    let volunteer_a = api.volunteer(&coordinator_a).await;
    let coordinator_b = api.coordinator(team_b, "b").await;
    let volunteer_b = api.volunteer(&coordinator_b).await;
    // A region over both teams: it sees counts, never a thing of a team.
    let region = api
        .region_coordinator("Regio Midden", &[team_a, team_b], "regio")
        .await;
    assert_eq!(
        (region.role, region.team.as_str()),
        (Role::Region, "Regio Midden")
    );
    api.push(
        &volunteer_a.token,
        vec![change(1, "r-of-a", "geheim van A")],
    )
    .await
    .json::<PushResponse>();
    let link_a = api.join_link(&coordinator_a, Role::Volunteer).await;
    let poll_a: drempel_core::consultation::ConsultationInfo = api
        .call(
            Method::POST,
            "/api/v1/team/consultations",
            Some(&coordinator_a.token),
            serde_json::to_value(poll_of("Peiling van A")).unwrap(),
        )
        .await
        .json();
    let poll_a = poll_a.consultation.id;
    let signal_a: drempel_core::signal::SignalInfo = api
        .call(
            Method::POST,
            "/api/v1/team/signals",
            Some(&coordinator_a.token),
            json!({ "title": "Signaal van A", "problem": "", "ask": "",
                    "filter": { "scheme": "huurtoeslag" } }),
        )
        .await
        .json();
    let signal_a = signal_a.signal.id;
    // Things of team A that must never show up in an answer to team B.
    let secrets_of_a = [
        "Peiling van A",
        poll_a.as_str(),
        "Signaal van A",
        signal_a.as_str(),
        "geheim van A",
        "Voedselbank Noord",
        volunteer_a.device.as_str(),
        coordinator_a.device.as_str(),
    ];
    let with_ids_of_a = |path: &str| {
        path.replace("/devices/{id}", &format!("/devices/{}", volunteer_a.device))
            .replace("/records/{id}", "/records/r-of-a")
            .replace(
                "/join-links/{id}",
                &format!("/join-links/{}", link_a.link.id),
            )
            .replace("/consultations/{id}", &format!("/consultations/{poll_a}"))
            .replace("/signals/{id}", &format!("/signals/{signal_a}"))
            .replace("/quotes/{id}", "/quotes/r-of-a")
    };
    let protocol_query = format!("?protocol={PROTOCOL_VERSION}");

    assert!(ROUTES.len() >= 19, "the table lists every route");
    for route in ROUTES {
        let method = Method::from_bytes(route.method.to_uppercase().as_bytes()).unwrap();
        let body = sample_body(route.method, route.path)
            .unwrap_or_else(|| panic!("no sample body for {} {}", route.method, route.path));
        let body: Value = serde_json::from_str(&body.to_string().replace("{id}", &poll_a)).unwrap();
        let mut path = with_ids_of_a(route.path);
        if path.ends_with("/pull") || path.ends_with("/content") {
            path.push_str(&protocol_query);
        }
        if path.ends_with("/responses.csv") {
            path.push_str(&format!("?consultation={poll_a}"));
        }
        let what = format!("{} {}", route.method, route.path);
        if route.access == Access::Public {
            continue;
        }
        for token in [None, Some("forged-token")] {
            let answer = api.call(method.clone(), &path, token, body.clone()).await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{what} as {token:?}"
            );
            assert_eq!(answer.code(), "unauthenticated", "{what}");
        }
        if route.access == Access::Coordinator {
            let answer = api
                .call(
                    method.clone(),
                    &path,
                    Some(&volunteer_a.token),
                    body.clone(),
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{what} as a volunteer"
            );
        }
        if route.access == Access::Region {
            // No team's token opens a region's view, its own region's neither.
            for team_token in [&coordinator_a, &volunteer_a, &coordinator_b] {
                let answer = api
                    .call(method.clone(), &path, Some(&team_token.token), body.clone())
                    .await;
                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what} as a team");
                assert_eq!(answer.code(), "forbidden", "{what}");
            }
        } else if !route.path.ends_with("/region/logout") {
            // A region's sign-in opens no team route.
            let answer = api
                .call(method.clone(), &path, Some(&region.token), body.clone())
                .await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{what} as a region: {}",
                answer.body
            );
            assert_eq!(answer.code(), "forbidden", "{what}");
        }
        for outsider in [&coordinator_b, &volunteer_b] {
            if route.path.ends_with("/logout") {
                continue; // would end the outsider's own session; nothing of A involved
            }
            let answer = api
                .call(method.clone(), &path, Some(&outsider.token), body.clone())
                .await;
            assert!(
                answer.status.is_success()
                    || matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
                "{what} from team B: {} {}",
                answer.status,
                answer.body
            );
            let text = answer.body.to_string();
            for secret in secrets_of_a {
                assert!(
                    !text.contains(secret),
                    "{what} from team B shows {secret:?}: {text}"
                );
            }
        }
    }
    // The region's own view: counts only, nothing of either team's things.
    let view = api
        .get(
            "/api/v1/region/dashboard?from_month=2020-01&until_month=2020-12",
            Some(&region.token),
        )
        .await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    let text = view.body.to_string();
    for secret in secrets_of_a.iter().filter(|s| **s != "Voedselbank Noord") {
        assert!(
            !text.contains(secret),
            "the region view shows {secret:?}: {text}"
        );
    }
    // Nothing team B did reached team A: A's record, device and link are intact.
    let a_sees = api.records(&coordinator_a.token, None).await;
    assert_eq!(a_sees.records.len(), 1);
    assert_eq!(a_sees.records[0].fields["notes"], json!("geheim van A"));
    let a_devices = api.store().devices(team_a).await.unwrap();
    assert!(
        a_devices.iter().all(|d| d.revoked_at.is_none()),
        "{a_devices:?}"
    );
    let a_links = api.store().join_links(team_a).await.unwrap();
    assert!(a_links.iter().all(|l| l.revoked_at.is_none()));
    let a_poll = api
        .store()
        .consultation(team_a, &poll_a)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a_poll.consultation.title.nl, "Peiling van A");
    assert_eq!(
        a_poll.consultation.phase,
        drempel_core::consultation::Phase::Draft
    );
    assert_eq!((a_poll.share, a_poll.responses), (None, 0));
    assert!(api.store().catalogs(team_a).await.unwrap().is_empty());
    // And a volunteer of A cannot touch a record A's coordinator made.
    api.push(
        &coordinator_a.token,
        vec![change(1, "r-of-coordinator", "c")],
    )
    .await
    .json::<PushResponse>();
    api.push(&volunteer_a.token, vec![change(2, "r-of-coordinator", "v")])
        .await
        .expect(StatusCode::FORBIDDEN, "not_yours");
}

async fn login_is_rate_limited_per_address(f: Fixture) {
    let api = Api::new(
        f,
        Limits {
            login_per_minute: 3,
            enrol_per_minute: 2,
            ..Limits::default()
        },
    );
    for _ in 0..3 {
        api.login("nobody", "wrong")
            .await
            .expect(StatusCode::UNAUTHORIZED, "bad_login");
    }
    let limited = api.login("nobody", "wrong").await;
    limited.expect(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
    for _ in 0..2 {
        api.enrol("x#join=nothing")
            .await
            .expect(StatusCode::NOT_FOUND, "join_link_unknown");
    }
    api.enrol("x#join=nothing")
        .await
        .expect(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
}

async fn a_wrong_password_and_an_unknown_login_look_the_same(f: Fixture) {
    let api = Api::new(f, Limits::default());
    api.coordinator(api.fixture.team, "known").await;
    let before = api.state.password_checks();
    let wrong = api.login("known", "not the password").await;
    let unknown = api.login("unknown", "not the password").await;
    assert_eq!(
        api.state.password_checks() - before,
        2,
        "both ran the password hash"
    );
    wrong.expect(StatusCode::UNAUTHORIZED, "bad_login");
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    api.login("known", PASSWORD).await.json::<Session>();
}

async fn bad_bodies_get_their_4xx_and_store_nothing(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let token = Some(coordinator.token.as_str());
    let push = "/api/v1/sync/push";
    let json = Some("application/json");

    api.raw(
        Method::POST,
        push,
        token,
        json,
        b"{\"protocol\": 1, \"changes\": [".to_vec(),
    )
    .await
    .expect(StatusCode::BAD_REQUEST, "bad_json");
    api.raw(
        Method::POST,
        push,
        token,
        Some("text/plain"),
        b"{}".to_vec(),
    )
    .await
    .expect(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let typed = api
        .raw(
            Method::POST,
            push,
            token,
            json,
            br#"{"protocol": 1, "changes": [{"seq": "one", "record": "r", "base": 0}]}"#.to_vec(),
        )
        .await;
    typed.expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert!(
        typed.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("seq"),
        "{}",
        typed.body
    );
    let mut huge = br#"{"protocol": 1, "changes": [], "padding": ""#.to_vec();
    huge.extend(std::iter::repeat_n(b'x', BODY_LIMIT));
    huge.extend(br#""}"#);
    api.raw(Method::POST, push, token, json, huge)
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    let many = (1..=MAX_PUSH_CHANGES as u64 + 1)
        .map(|s| change(s, "r", "x"))
        .collect();
    api.push(&coordinator.token, many)
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE, "too_many_changes");
    let long = api
        .push(&coordinator.token, vec![change(1, "r", &"x".repeat(9_000))])
        .await;
    long.expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert!(
        long.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("changes[0].fields.notes")
    );
    let mut bad_id = change(1, "../etc", "x");
    bad_id.base = 0;
    api.push(&coordinator.token, vec![bad_id])
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    api.call(
        Method::GET,
        "/api/v1/sync/pull?protocol=1&limit=abc",
        token,
        Value::Null,
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    api.call(
        Method::POST,
        "/api/v1/team/join-links",
        token,
        json!({ "role": "volunteer", "valid_hours": 0, "origin": ORIGIN }),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");

    let stored: PullResponse = api.pull(&coordinator.token).await.json();
    assert!(stored.changes.is_empty(), "nothing stored: {stored:?}");
}

async fn gaps_and_old_protocols_are_answered_clearly(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let phone = api.volunteer(&coordinator).await;
    api.push(&phone.token, vec![change(1, "r1", "a")])
        .await
        .json::<PushResponse>();
    let gap = api.push(&phone.token, vec![change(3, "r3", "c")]).await;
    gap.expect(StatusCode::CONFLICT, "sequence_gap");
    assert_eq!(gap.body["error"]["resend_from"], json!(2));
    // A resend of what was applied is acknowledged, not applied again.
    let again: PushResponse = api
        .push(&phone.token, vec![change(1, "r1", "a")])
        .await
        .json();
    assert_eq!(
        (again.applied_through, again.applied, again.skipped),
        (1, 0, 1)
    );

    let old = api
        .call(
            Method::POST,
            "/api/v1/sync/push",
            Some(&phone.token),
            json!({ "protocol": 0, "changes": [] }),
        )
        .await;
    old.expect(StatusCode::UPGRADE_REQUIRED, "upgrade_needed");
    assert!(
        old.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("update the app")
    );
    api.call(
        Method::GET,
        "/api/v1/sync/pull?protocol=99",
        Some(&phone.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::UPGRADE_REQUIRED, "upgrade_needed");
    let stored: PullResponse = api.pull(&phone.token).await.json();
    assert_eq!(stored.changes.len(), 1);
}

async fn a_rejoined_device_keeps_its_records(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let old = api.volunteer(&coordinator).await;
    api.push(&old.token, vec![change(1, "r1", "eerste")])
        .await
        .json::<PushResponse>();
    api.call(
        Method::POST,
        &format!("/api/v1/team/devices/{}/revoke", old.device),
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::NO_CONTENT, "");

    // Joining again without the old token: a new device, r1 is not its own.
    let stranger = api.volunteer(&coordinator).await;
    api.push(&stranger.token, vec![change(1, "r1", "niet van mij")])
        .await
        .expect(StatusCode::FORBIDDEN, "not_yours");

    // With it: the same phone, and r1 is still its own.
    let link = api.join_link(&coordinator, Role::Volunteer).await;
    let code = link.url.rsplit_once("#join=").unwrap().1;
    let again: Session = api
        .call(
            Method::POST,
            "/api/v1/enrol",
            None,
            json!({ "code": code, "previous_token": old.token }),
        )
        .await
        .json();
    api.push(&again.token, vec![change(1, "r1", "tweede")])
        .await
        .json::<PushResponse>();
    let mine: PullResponse = api.pull(&again.token).await.json();
    assert_eq!(mine.changes.len(), 1);
    assert_eq!(mine.changes[0].fields["notes"], json!("tweede"));

    // A token of another team moves nothing.
    let team_b = api.store().create_team("Ploeg B").await.unwrap();
    let coordinator_b = api.coordinator(team_b, "b").await;
    let link_b = api.join_link(&coordinator_b, Role::Volunteer).await;
    let code_b = link_b.url.rsplit_once("#join=").unwrap().1;
    let elsewhere: Session = api
        .call(
            Method::POST,
            "/api/v1/enrol",
            None,
            json!({ "code": code_b, "previous_token": again.token }),
        )
        .await
        .json();
    let theirs: PullResponse = api.pull(&elsewhere.token).await.json();
    assert!(theirs.changes.is_empty());
    api.pull(&again.token).await.json::<PullResponse>();
}
