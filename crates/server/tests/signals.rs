//! Signals to the municipality over HTTP, on SQLite and PostgreSQL: the
//! evidence counted from the filter with the small-number rule, quotes
//! only from contacts that hold one (a contact holds a quote only with the
//! resident's consent), a read-only link, the audit log, paging, limits,
//! and no way into another team's signals.

use axum::http::{Method, StatusCode};
use drempel_core::contact::{
    Channel, Contact, ContactInput, Quote, SchemeFinding, SchemeOutcome, Status,
};
use drempel_core::money::{Amount, Decision, Outcome, Per};
use drempel_core::replica::contact_fields;
use drempel_core::signal::{
    SIGNALS_PAGE, Signal, SignalFilter, SignalInfo, SignalStatus, SignalView,
};
use drempel_core::site::SiteName;
use drempel_core::small::Shown;
use drempel_core::sync::Change;
use drempel_core::wire::{AuditAbout, AuditAction, ShareLink};
use drempel_server::auth::{Limits, now_ms};
use serde_json::Value;

mod common;
use common::http::Api;
use common::{Fixture, postgres, sqlite};

both_stores!(
    a_signal_carries_its_evidence_and_no_small_number,
    signals_are_checked_paged_and_kept_to_their_team,
);

const NOTES: &str = "mevrouw Jansen, Dorpsstraat 4";
const SCHEME: &str = "bijzondere_bijstand";

/// A contact at Noord about bijzondere bijstand: `status`, "shame" when
/// not used, a quote when given, a grant of €45 a month when `granted`.
fn contact(n: usize, status: Status, quote: Option<&str>, granted: bool) -> Change {
    let input = ContactInput {
        site: SiteName::parse("Voedselbank Noord").unwrap(),
        postcode4: None,
        channel: Channel::FoodBank,
        household: None,
        life_event: None,
        work: None,
        findings: vec![SchemeFinding {
            scheme: SCHEME.into(),
            status,
            barriers: if status == Status::NotUsed {
                vec!["shame".into()]
            } else {
                vec![]
            },
            other_barrier: None,
        }],
        outcomes: if granted {
            vec![SchemeOutcome {
                scheme: SCHEME.into(),
                follow_up_on: None,
                outcome: Some(Outcome {
                    decision: Decision::Granted,
                    amount: Some(Amount {
                        euros: 45,
                        per: Per::Month,
                    }),
                }),
            }]
        } else {
            vec![]
        },
        quote: quote.map(|text| Quote { text: text.into() }),
        follow_up: None,
        notes: NOTES.into(),
    };
    let id = format!("0190f000-0000-7000-8000-{n:012}");
    let contact = Contact::new(id.clone(), now_ms() - 1_000 * n as i64, 1, input);
    Change {
        seq: n as u64 + 1,
        record: id,
        base: 0,
        fields: contact_fields(&contact),
        delete: false,
    }
}

fn signal(title: &str) -> Signal {
    Signal {
        title: title.into(),
        problem: "Het formulier vraagt veertien bewijsstukken.".into(),
        ask: "Maak een korte aanvraag voor kleine bedragen.".into(),
        filter: SignalFilter {
            scheme: SCHEME.into(),
            barrier: Some("shame".into()),
            ..SignalFilter::default()
        },
        ..Signal::default()
    }
}

/// Every count in a JSON answer (`{"count": n}`) and whether any is 1 to 4.
fn small_counts(value: &Value) -> Vec<u64> {
    let mut found = Vec::new();
    match value {
        Value::Object(map) => {
            if map.len() == 1
                && let Some(n) = map.get("count").and_then(Value::as_u64)
                && (1..5).contains(&n)
            {
                found.push(n);
            }
            map.values().for_each(|v| found.extend(small_counts(v)));
        }
        Value::Array(items) => items.iter().for_each(|v| found.extend(small_counts(v))),
        _ => {}
    }
    found
}

async fn a_signal_carries_its_evidence_and_no_small_number(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let volunteer = api.volunteer(&coordinator).await;
    let token = Some(coordinator.token.as_str());
    // Six did not use it for shame, four of them quoted; one uses it and
    // was granted €45 a month after a referral.
    let mut changes: Vec<Change> = (0..6)
        .map(|n| {
            contact(
                n,
                Status::NotUsed,
                (n < 4).then_some("Ik schaam me om te vragen"),
                false,
            )
        })
        .collect();
    changes.push(contact(6, Status::Uses, None, true));
    api.push(&volunteer.token, changes).await.json::<Value>();

    let created: SignalInfo = api
        .call(
            Method::POST,
            "/api/v1/team/signals",
            token,
            serde_json::to_value(signal("Schaamte")).unwrap(),
        )
        .await
        .json();
    let id = created.signal.id.clone();
    assert_eq!(id.len(), 32);
    assert_eq!(created.signal.status, SignalStatus::Draft);
    assert_eq!(created.share, None);

    let path = format!("/api/v1/team/signals/{id}");
    let answer = api.get(&path, token).await;
    let view: SignalView = answer.json();
    let e = &view.evidence;
    assert_eq!(e.contacts, Shown::Count(7));
    assert_eq!(e.discussed, Shown::Count(7));
    assert_eq!(e.not_used, Shown::Count(6));
    assert_eq!(e.non_use_percent, Some(85));
    assert_eq!(e.barrier, Some(Shown::Count(6)));
    assert_eq!(e.granted, Shown::Hidden, "one grant is fewer than five");
    assert_eq!(e.unlocked_per_year, None);
    assert_eq!(e.quotes.len(), 3);
    assert_eq!(view.scheme.nl, "Bijzondere bijstand");
    assert!(small_counts(&answer.body).is_empty(), "{}", answer.body);
    assert!(
        !answer.body.to_string().contains(NOTES),
        "notes never leave the records"
    );

    // Another place: nothing counted, nothing quoted.
    let mut elsewhere = signal("Elders");
    elsewhere.filter.site = Some("Buurthuis Zuid".into());
    let other: SignalInfo = api
        .call(
            Method::POST,
            "/api/v1/team/signals",
            token,
            serde_json::to_value(elsewhere).unwrap(),
        )
        .await
        .json();
    let view: SignalView = api
        .get(&format!("/api/v1/team/signals/{}", other.signal.id), token)
        .await
        .json();
    assert_eq!(view.evidence.contacts, Shown::Count(0));
    assert!(view.evidence.quotes.is_empty());

    // Sent: the status change is in the audit log with the title.
    let mut sent = created.signal.clone();
    sent.status = SignalStatus::Sent;
    sent.sent_on = Some("2026-12-01".into());
    let updated: SignalInfo = api
        .call(
            Method::PUT,
            &path,
            token,
            serde_json::to_value(&sent).unwrap(),
        )
        .await
        .json();
    assert_eq!(updated.signal, sent);
    assert!(updated.updated_at >= created.updated_at);

    // The link shows the same, to anyone, until withdrawn.
    let link: ShareLink = api
        .call(Method::POST, &format!("{path}/share"), token, Value::Null)
        .await
        .json();
    let public_path = format!("/api/v1/public/signals/{}", link.code);
    let public = api.get(&public_path, None).await;
    let shown: SignalView = public.json();
    assert_eq!(shown.signal, sent);
    assert_eq!(shown.evidence.not_used, Shown::Count(6));
    assert!(small_counts(&public.body).is_empty());
    assert!(!public.body.to_string().contains(NOTES));
    api.call(Method::POST, &format!("{path}/unshare"), token, Value::Null)
        .await;
    api.get(&public_path, None)
        .await
        .expect(StatusCode::NOT_FOUND, "no_such_item");
    api.get("/api/v1/public/signals/not-a-code", None)
        .await
        .expect(StatusCode::NOT_FOUND, "no_such_item");

    let log = api.audit_log(&coordinator.token).await;
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).take(5).collect();
    assert_eq!(
        actions,
        [
            AuditAction::UnshareSignal,
            AuditAction::ShareSignal,
            AuditAction::SignalStatus,
            AuditAction::CreateSignal,
            AuditAction::CreateSignal,
        ]
    );
    assert_eq!(
        log[2].about,
        Some(AuditAbout::Signal {
            title: "Schaamte".into(),
            status: SignalStatus::Sent
        })
    );
}

async fn signals_are_checked_paged_and_kept_to_their_team(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let token = Some(coordinator.token.as_str());
    let post = |body: Value| api.call(Method::POST, "/api/v1/team/signals", token, body);

    // Refused with a typed problem, nothing stored.
    post(serde_json::to_value(signal(" ")).unwrap())
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let mut unknown = signal("x");
    unknown.filter.scheme = "geen_regeling".into();
    let answer = post(serde_json::to_value(unknown).unwrap()).await;
    answer.expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert!(
        !answer.body.to_string().contains("geen_regeling"),
        "no rejected value echoed"
    );
    let mut dates = signal("x");
    dates.filter.from = Some("2026-05-01".into());
    dates.filter.until = Some("2026-04-01".into());
    post(serde_json::to_value(dates).unwrap())
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let empty: Vec<SignalInfo> = api.get("/api/v1/team/signals", token).await.json();
    assert!(empty.is_empty());

    // A NUL is refused alike on both databases; other odd text is kept
    // as written.
    post(serde_json::to_value(signal("nul\u{0}")).unwrap())
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let odd = "😀 · \u{202e}omgekeerd · ".to_string() + &"é".repeat(100);
    let kept: SignalInfo = post(serde_json::to_value(signal(&odd)).unwrap())
        .await
        .json();
    assert_eq!(kept.signal.title, odd);

    // A page at a time, newest first, each signal once.
    for n in 0..SIGNALS_PAGE {
        post(serde_json::to_value(signal(&format!("signaal {n}"))).unwrap())
            .await
            .json::<SignalInfo>();
    }
    let first: Vec<SignalInfo> = api.get("/api/v1/team/signals", token).await.json();
    assert_eq!(first.len(), SIGNALS_PAGE);
    let last = &first.last().unwrap().signal.id;
    let rest: Vec<SignalInfo> = api
        .get(&drempel_core::wire::paths::signals(Some(last)), token)
        .await
        .json();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].signal.title, odd, "the oldest comes last");

    // Another team's coordinator finds nothing of these.
    let other_team = api.fixture.store.create_team("Andere buurt").await.unwrap();
    let stranger = api.coordinator(other_team, "s").await;
    let theirs = Some(stranger.token.as_str());
    let path = format!("/api/v1/team/signals/{}", kept.signal.id);
    api.get(&path, theirs)
        .await
        .expect(StatusCode::NOT_FOUND, "no_such_item");
    api.call(
        Method::PUT,
        &path,
        theirs,
        serde_json::to_value(signal("overgenomen")).unwrap(),
    )
    .await
    .expect(StatusCode::NOT_FOUND, "no_such_item");
    api.call(Method::POST, &format!("{path}/share"), theirs, Value::Null)
        .await
        .expect(StatusCode::NOT_FOUND, "no_such_item");
    let none: Vec<SignalInfo> = api.get("/api/v1/team/signals", theirs).await.json();
    assert!(none.is_empty());
    let mine: SignalView = api.get(&path, token).await.json();
    assert_eq!(mine.signal.title, odd, "unchanged by the stranger");

    // A volunteer's phone has no business here.
    let volunteer = api.volunteer(&coordinator).await;
    api.get("/api/v1/team/signals", Some(&volunteer.token))
        .await
        .expect(StatusCode::FORBIDDEN, "forbidden");
}
