//! CSV exports over HTTP, on SQLite and PostgreSQL: what they hold. (That
//! they stream in bounded memory is `export_memory.rs`.)

use axum::http::{Method, StatusCode};
use drempel_core::catalog::Catalog;
use drempel_core::contact::{Channel, Contact, ContactForm, FindingForm, Status};
use drempel_core::export::BOM;
use drempel_core::replica::contact_fields;
use drempel_core::sync::{Change, PushResponse};
use drempel_server::auth::Limits;
use serde_json::Value;

mod common;
use common::http::Api;
use common::{Fixture, postgres, sqlite};

fn contact(id: &str, site: &str, quote: &str) -> Contact {
    let form = ContactForm {
        site: site.into(),
        channel: Some(Channel::FoodBank),
        findings: vec![
            FindingForm {
                scheme: "huurtoeslag".into(),
                status: Some(Status::NotUsed),
                barriers: vec!["unaware".into(), "shame".into()],
                ..FindingForm::default()
            },
            FindingForm {
                scheme: "zorgtoeslag".into(),
                status: Some(Status::Uses),
                ..FindingForm::default()
            },
        ],
        quote: quote.into(),
        quote_consent: !quote.is_empty(),
        notes: "mevrouw Jansen belt terug".into(),
        ..ContactForm::default()
    };
    let input = form.validate(&Catalog::default_catalog()).unwrap();
    Contact::new(id.into(), 1_700_000_000_000, 1, input)
}

fn create(seq: u64, contact: &Contact) -> Change {
    Change {
        seq,
        record: contact.id.clone(),
        base: 0,
        fields: contact_fields(contact),
        delete: false,
    }
}

both_stores!(exports_hold_live_contacts_and_their_findings);

async fn exports_hold_live_contacts_and_their_findings(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let coordinator = api.coordinator(api.fixture.team, "c").await;
    let a = contact(
        "0190a000-0000-7000-8000-00000000000a",
        "Noord; oost",
        "=gevaarlijk",
    );
    let b = contact("0190a000-0000-7000-8000-00000000000b", "Zuid", "");
    let gone = contact("0190a000-0000-7000-8000-00000000000c", "Weg", "");
    let mut delete = create(4, &gone);
    delete.fields.clear();
    delete.delete = true;
    api.push(
        &coordinator.token,
        vec![create(1, &a), create(2, &b), create(3, &gone), delete],
    )
    .await
    .json::<PushResponse>();

    let answer = api
        .call(
            Method::GET,
            "/api/v1/team/export/contacts.csv",
            Some(&coordinator.token),
            Value::Null,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("drempel-gesprekken-")
    );
    let text = answer.body.as_str().unwrap();
    assert!(text.starts_with(BOM), "Excel needs the BOM");
    let lines: Vec<&str> = text[BOM.len()..]
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "a header and the two live contacts: {lines:?}"
    );
    assert!(lines[0].starts_with("id;created_at;"));
    assert!(lines[1].contains("\"Noord; oost\""), "{}", lines[1]);
    assert!(
        lines[1].contains(";'=gevaarlijk"),
        "formula neutralised: {}",
        lines[1]
    );
    // Dutch time with its offset, as the app showed it; each code beside
    // its name in the coordinator's language (Dutch unless asked).
    assert!(
        lines[1].contains(";2023-11-14T23:13:20+01:00;"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(";food_bank;Voedselbank;"), "{}", lines[1]);
    assert!(!text.contains("Jansen"), "notes are not exported");
    assert!(!text.contains("Weg"), "deleted records are not exported");

    let findings = api
        .call(
            Method::GET,
            "/api/v1/team/export/findings.csv?sep=comma",
            Some(&coordinator.token),
            Value::Null,
        )
        .await;
    let text = findings.body.as_str().unwrap();
    let lines: Vec<&str> = text[BOM.len()..]
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 5, "a header and two schemes per contact");
    let header: Vec<&str> = lines[0].split(',').collect();
    let unaware = header.iter().position(|h| *h == "barrier_unaware").unwrap();
    let shame = header.iter().position(|h| *h == "barrier_shame").unwrap();
    let digital = header.iter().position(|h| *h == "barrier_digital").unwrap();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let huur: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(
        ["scheme", "scheme_label", "status", "status_label"].map(|c| huur[column(c)]),
        ["huurtoeslag", "Huurtoeslag", "not_used", "Gebruikt niet"]
    );
    assert_eq!((huur[unaware], huur[shame], huur[digital]), ("1", "1", "0"));

    // The aggregated tables count the same live contacts.
    let table = |path: &'static str| {
        let api = &api;
        let token = coordinator.token.clone();
        async move {
            let answer = api.call(Method::GET, path, Some(&token), Value::Null).await;
            assert_eq!(answer.status, StatusCode::OK);
            let text = answer.body.as_str().unwrap().to_string();
            assert!(text.starts_with(BOM));
            text[BOM.len()..]
                .split("\r\n")
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        table("/api/v1/team/export/schemes.csv").await,
        [
            "scheme;scheme_label;discussed;uses;not_used;does_not_know;applied_with_help;referred;non_use_permille;typical_euros_per_year;estimate_unclaimed_euros_per_year;typical_source;\
             granted;refused;withdrawn;no_decision_yet;unlocked_euros_per_year;unlocked_from_grants_with_amount",
            "huurtoeslag;Huurtoeslag;2;0;2;0;0;0;1000;;;;0;0;0;0;0;0",
            "zorgtoeslag;Zorgtoeslag;2;2;0;0;0;0;0;;;;0;0;0;0;0;0",
        ]
    );
    assert_eq!(
        table("/api/v1/team/export/barriers.csv").await,
        [
            "scheme;scheme_label;barrier;barrier_label;contacts",
            "huurtoeslag;Huurtoeslag;shame;Schaamte / stigma;2",
            "huurtoeslag;Huurtoeslag;unaware;Onbekend met regeling;2"
        ]
    );
    // In English when the coordinator reads English; the codes stay.
    assert_eq!(
        table("/api/v1/team/export/barriers.csv?lang=en").await[2],
        "huurtoeslag;Rent benefit;unaware;Did not know the scheme exists;2"
    );

    api.call(
        Method::GET,
        "/api/v1/team/export/contacts.csv?sep=tab",
        Some(&coordinator.token),
        Value::Null,
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let unknown = api
        .call(
            Method::GET,
            "/api/v1/team/export/contacts.csv?lang=fr",
            Some(&coordinator.token),
            Value::Null,
        )
        .await;
    assert!(unknown.status.is_client_error(), "{}", unknown.body);
    assert!(
        !unknown.body.to_string().contains("fr"),
        "the value is not echoed"
    );
}
