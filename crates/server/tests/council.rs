//! Catalog versions, consultations, responses and the report link, over
//! HTTP, on SQLite and PostgreSQL.

use axum::http::{Method, StatusCode};
use drempel_core::catalog::{Barrier, Catalog, CatalogEdit, Label};
use drempel_core::consultation::{
    Answer, Consultation, ConsultationInfo, Phase, Point, PointStatus, PublicReport, Question,
    QuestionKind, Report, Response, Results,
};
use drempel_core::money::TypicalAmount;
use drempel_core::small::Shown;
use drempel_core::wire::{
    AuditAbout, AuditAction, ContentAnswer, PROTOCOL_VERSION, Session, ShareLink,
};
use drempel_server::auth::Limits;
use serde_json::Value;

mod common;
use common::http::Api;
use common::{Fixture, postgres, sqlite};

both_stores!(
    a_catalog_edit_makes_a_version_devices_receive,
    a_consultation_goes_from_draft_to_devices_to_results,
    the_report_link_shows_aggregates_only,
);

const SECRET_ANSWER: &str = "Ik ben mevrouw Jansen van de Dorpsstraat";

fn poll() -> Consultation {
    let question = |id: &str, kind, options: &[&str]| Question {
        id: id.into(),
        kind,
        text: Label::new(&format!("Vraag {id}"), &format!("Question {id}")),
        options: options.iter().map(|o| Label::new(o, o)).collect(),
    };
    Consultation {
        id: String::new(),
        title: Label::new("Stadspas", "City pass"),
        intro: Label::new("Vijf vragen", "Five questions"),
        questions: vec![
            question("q1", QuestionKind::Single, &["Ja", "Nee"]),
            question("q2", QuestionKind::Multiple, &["Bus", "Fiets", "Lopen"]),
            question("q3", QuestionKind::Scale, &[]),
            question("q4", QuestionKind::Text, &[]),
        ],
        opens: "2026-01-01".into(),
        closes: "2099-12-31".into(),
        phase: Phase::Draft,
    }
}

fn response(id: &str, consultation: &str, choice: u32, scale: u8, text: Option<&str>) -> Response {
    let mut answers = std::collections::BTreeMap::new();
    answers.insert("q1".to_string(), Answer::Single(choice));
    answers.insert("q2".to_string(), Answer::Multiple(vec![0, 2]));
    answers.insert("q3".to_string(), Answer::Scale(scale));
    if let Some(text) = text {
        answers.insert("q4".to_string(), Answer::Text(text.into()));
    }
    Response {
        id: id.into(),
        consultation: consultation.into(),
        at: drempel_server::auth::now_ms() + i64::from(scale),
        lang: drempel_core::resident::ResidentLang::Nl,
        answers,
    }
}

async fn content(api: &Api, token: &str, since: u64) -> ContentAnswer {
    let path = format!("/api/v1/sync/content?protocol={PROTOCOL_VERSION}&since={since}");
    api.call(Method::GET, &path, Some(token), Value::Null)
        .await
        .json()
}

async fn setup(f: Fixture) -> (Api, Session, Session) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let volunteer = api.volunteer(&coordinator).await;
    (api, coordinator, volunteer)
}

async fn a_catalog_edit_makes_a_version_devices_receive(f: Fixture) {
    let (api, coordinator, volunteer) = setup(f).await;
    let first = content(&api, &volunteer.token, 0).await;
    assert_eq!(first.revision, 0);
    // Revision 0 is what a new device has: nothing to send.
    assert!(first.content.is_none());

    let v1: Catalog = api
        .call(
            Method::GET,
            "/api/v1/team/catalog",
            Some(&coordinator.token),
            Value::Null,
        )
        .await
        .json();
    assert_eq!(v1, Catalog::default_catalog());
    let mut edit = CatalogEdit {
        base: 1,
        schemes: v1.schemes.clone(),
        barriers: v1.barriers.clone(),
    };
    edit.schemes[0].label.nl = "Huurtoeslag (Rijk)".into();
    edit.schemes[1].active = false;
    edit.barriers.push(Barrier {
        id: "geen_bankrekening".into(),
        label: Label::new("Geen bankrekening", "No bank account"),
        active: true,
    });
    // A yearly amount without its source is refused; with it, kept.
    edit.schemes[0].typical = Some(TypicalAmount {
        euros_per_year: 744,
        source: String::new(),
    });
    api.call(
        Method::PUT,
        "/api/v1/team/catalog",
        Some(&coordinator.token),
        serde_json::to_value(&edit).unwrap(),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    edit.schemes[0].typical = Some(TypicalAmount {
        euros_per_year: 744,
        source: "Team, naar de huurtoeslag van 2026".into(),
    });
    let body = serde_json::to_value(&edit).unwrap();
    let v2: Catalog = api
        .call(
            Method::PUT,
            "/api/v1/team/catalog",
            Some(&coordinator.token),
            body.clone(),
        )
        .await
        .json();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.typical("huurtoeslag"), edit.schemes[0].typical.as_ref());
    // The same edit again was made on version 1: stale.
    api.call(
        Method::PUT,
        "/api/v1/team/catalog",
        Some(&coordinator.token),
        body,
    )
    .await
    .expect(StatusCode::CONFLICT, "stale_catalog");
    let mut removing = edit.clone();
    removing.base = 2;
    removing.schemes.remove(0);
    api.call(
        Method::PUT,
        "/api/v1/team/catalog",
        Some(&coordinator.token),
        serde_json::to_value(&removing).unwrap(),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    api.call(
        Method::PUT,
        "/api/v1/team/catalog",
        Some(&volunteer.token),
        serde_json::to_value(&edit).unwrap(),
    )
    .await
    .expect(StatusCode::FORBIDDEN, "forbidden");

    let received = content(&api, &volunteer.token, 0).await;
    let team = received.content.expect("new content");
    let versions: Vec<u32> = team.catalogs.iter().map(|c| c.version).collect();
    assert_eq!(
        versions,
        [1, 2],
        "the history keeps the labels of version 1"
    );
    assert_eq!(team.catalogs[0].schemes[0].label.nl, "Huurtoeslag");
    assert!(
        content(&api, &volunteer.token, received.revision)
            .await
            .content
            .is_none()
    );

    let log = api.audit_log(&coordinator.token).await;
    assert_eq!(log[0].action, AuditAction::ChangeCatalog);
    assert_eq!(log[0].about, Some(AuditAbout::Catalog { version: 2 }));

    // The findings export has a column for the new barrier.
    let csv = api
        .call(
            Method::GET,
            "/api/v1/team/export/findings.csv",
            Some(&coordinator.token),
            Value::Null,
        )
        .await;
    assert!(csv.body.as_str().unwrap().contains("geen_bankrekening"));
}

async fn a_consultation_goes_from_draft_to_devices_to_results(f: Fixture) {
    let (api, coordinator, volunteer) = setup(f).await;
    let mut bad = poll();
    bad.questions[0].options.clear();
    api.call(
        Method::POST,
        "/api/v1/team/consultations",
        Some(&coordinator.token),
        serde_json::to_value(&bad).unwrap(),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");

    let draft: ConsultationInfo = api
        .call(
            Method::POST,
            "/api/v1/team/consultations",
            Some(&coordinator.token),
            serde_json::to_value(poll()).unwrap(),
        )
        .await
        .json();
    let id = draft.consultation.id.clone();
    assert_eq!(draft.consultation.phase, Phase::Draft);
    // A draft stays off the devices.
    let before = content(&api, &volunteer.token, 0).await;
    assert!(before.content.is_none_or(|c| c.consultations.is_empty()));
    // A draft takes no responses either.
    let early = api
        .send_responses(&volunteer.token, &[response("r0", &id, 0, 3, None)])
        .await;
    assert_eq!(early.refused[0].code.as_str(), "no_such_item");

    let info: ConsultationInfo = api
        .call(
            Method::POST,
            &format!("/api/v1/team/consultations/{id}/publish"),
            Some(&coordinator.token),
            Value::Null,
        )
        .await
        .json();
    assert_eq!(info.consultation.phase, Phase::Published);
    let team = content(&api, &volunteer.token, before.revision)
        .await
        .content
        .expect("published content");
    assert_eq!(team.consultations.len(), 1);
    assert_eq!(team.consultations[0].title.en, "City pass");

    // Texts may be corrected after publishing; the questions stay.
    let mut corrected = info.consultation.clone();
    corrected.title.nl = "De stadspas".into();
    api.call(
        Method::PUT,
        &format!("/api/v1/team/consultations/{id}"),
        Some(&coordinator.token),
        serde_json::to_value(&corrected).unwrap(),
    )
    .await
    .json::<ConsultationInfo>();
    corrected.questions[1].options.pop();
    api.call(
        Method::PUT,
        &format!("/api/v1/team/consultations/{id}"),
        Some(&coordinator.token),
        serde_json::to_value(&corrected).unwrap(),
    )
    .await
    .expect(StatusCode::CONFLICT, "questions_fixed");

    let batch = [
        response("r1", &id, 0, 4, Some("Minder formulieren")),
        response("r2", &id, 1, 2, None),
        response("r3", &id, 0, 5, None),
    ];
    let mut wrong = response("r4", &id, 7, 3, None);
    wrong.answers.remove("q2");
    let answer = api
        .send_responses(
            &volunteer.token,
            &[batch[0].clone(), batch[1].clone(), batch[2].clone(), wrong],
        )
        .await;
    assert_eq!(answer.stored, ["r1", "r2", "r3"]);
    assert_eq!(answer.refused.len(), 1);
    assert_eq!(answer.refused[0].id, "r4");
    assert_eq!(answer.refused[0].code.as_str(), "invalid");
    // The answer was lost on the way: the phone sends again. Stored once.
    let again = api.send_responses(&volunteer.token, &batch).await;
    assert_eq!(again.stored.len(), 3);

    let results: Results = api
        .call(
            Method::GET,
            &format!("/api/v1/team/consultations/{id}/results"),
            Some(&coordinator.token),
            Value::Null,
        )
        .await
        .json();
    assert_eq!(results.respondents, 3);
    assert_eq!(results.questions[0].counts, [2, 1]);
    assert_eq!(results.questions[1].counts, [3, 0, 3]);
    // (4 + 2 + 5) / 3 = 3.666…, rounded to 3.67.
    assert_eq!(results.questions[2].mean_centi, Some(367));
    assert_eq!(results.questions[3].texts, ["Minder formulieren"]);
    api.call(
        Method::GET,
        &format!("/api/v1/team/consultations/{id}/results"),
        Some(&volunteer.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::FORBIDDEN, "forbidden");

    let list: Vec<ConsultationInfo> = api
        .call(
            Method::GET,
            "/api/v1/team/consultations",
            Some(&coordinator.token),
            Value::Null,
        )
        .await
        .json();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].responses, 3);
    assert_eq!(list[0].consultation.title.nl, "De stadspas");

    let csv = api
        .call(
            Method::GET,
            &format!("/api/v1/team/export/responses.csv?consultation={id}"),
            Some(&coordinator.token),
            Value::Null,
        )
        .await;
    let text = csv.body.as_str().unwrap();
    assert!(text.starts_with('\u{feff}'), "BOM");
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].contains("q2: Bus;q2: Fiets;q2: Lopen"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("r2;") || lines[1].starts_with("r1;"));
    api.call(
        Method::GET,
        "/api/v1/team/export/responses.csv?consultation=nope",
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::NOT_FOUND, "no_such_item");
}

async fn the_report_link_shows_aggregates_only(f: Fixture) {
    let (api, coordinator, volunteer) = setup(f).await;
    let id = api.publish(&coordinator, poll()).await;
    api.send_responses(
        &volunteer.token,
        &[
            response("0190aaaa-1", &id, 0, 4, Some(SECRET_ANSWER)),
            response("0190aaaa-2", &id, 1, 2, None),
        ],
    )
    .await;
    let report = Report {
        gathered: "Voedselbank Noord, 3 dinsdagen".into(),
        caveat: "Alleen bezoekers van de voedselbank".into(),
        advice: "Maak de stadspas automatisch".into(),
        response: "De gemeente onderzoekt het".into(),
        points: vec![Point {
            text: "Automatisch toekennen".into(),
            status: PointStatus::Pending,
            reason: "Besluit in maart".into(),
        }],
    };
    api.call(
        Method::PUT,
        &format!("/api/v1/team/consultations/{id}/report"),
        Some(&coordinator.token),
        serde_json::to_value(&report).unwrap(),
    )
    .await
    .json::<Report>();
    let link: ShareLink = api
        .call(
            Method::POST,
            &format!("/api/v1/team/consultations/{id}/share"),
            Some(&coordinator.token),
            Value::Null,
        )
        .await
        .json();

    // No token: anyone with the link.
    let public = api
        .call(
            Method::GET,
            &format!("/api/v1/public/reports/{}", link.code),
            None,
            Value::Null,
        )
        .await;
    let text = public.body.to_string();
    let shown: PublicReport = public.json();
    assert_eq!(shown.team, "Voedselbank Noord");
    // Two respondents: every count of 1 to 4 is hidden, in the data too.
    assert_eq!(shown.results.respondents, Shown::Hidden);
    assert_eq!(shown.results.questions[0].counts, [Shown::Hidden; 2]);
    assert_eq!(shown.results.questions[3].answered, Shown::Hidden);
    fn small_counts(value: &Value) -> usize {
        match value {
            Value::Object(map) => map
                .iter()
                .map(|(key, v)| {
                    let small = key == "count" && v.as_u64().is_some_and(|n| (1..5).contains(&n));
                    usize::from(small) + small_counts(v)
                })
                .sum(),
            Value::Array(items) => items.iter().map(small_counts).sum(),
            _ => 0,
        }
    }
    assert_eq!(small_counts(&public.body), 0, "{text}");
    assert!(!text.contains("\"respondents\":2"), "{text}");
    assert_eq!(shown.report, report);
    assert!(!text.contains("Jansen"), "no text answer: {text}");
    assert!(!text.contains("0190aaaa"), "no response id: {text}");
    assert!(!text.contains(&volunteer.device), "no device: {text}");

    // A withdrawn link stops working; a guessed one never did.
    api.call(
        Method::POST,
        &format!("/api/v1/team/consultations/{id}/unshare"),
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::NO_CONTENT, "");
    for code in [link.code.as_str(), "0000"] {
        api.call(
            Method::GET,
            &format!("/api/v1/public/reports/{code}"),
            None,
            Value::Null,
        )
        .await
        .expect(StatusCode::NOT_FOUND, "no_such_item");
    }
    let log = api.audit_log(&coordinator.token).await;
    let actions: Vec<AuditAction> = log.iter().take(3).map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::UnshareReport,
            AuditAction::ShareReport,
            AuditAction::PublishConsultation
        ]
    );
    assert!(log.iter().take(3).all(|e| e.subject == id));
    // Each line names the consultation by its title.
    assert!(log.iter().take(3).all(|e| matches!(
        &e.about,
        Some(AuditAbout::Consultation { title }) if !title.nl.is_empty()
    )));
}
