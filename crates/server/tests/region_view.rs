//! A region's view over HTTP, on SQLite and PostgreSQL: two teams record
//! contacts, the region coordinator sees their counts summed with every
//! count of 1 to 4 hidden (and what would give one away), a team that
//! leaves is gone from the figures at once, and the sign-in ends.

use axum::http::{Method, StatusCode};
use drempel_core::catalog::Catalog;
use drempel_core::contact::{Channel, Contact, ContactForm, FindingForm, Status};
use drempel_core::region::RegionTable;
use drempel_core::replica::contact_fields;
use drempel_core::small::{SMALLEST_SHOWN, Shown};
use drempel_core::sync::{Change, PushResponse};
use drempel_server::auth::Limits;
use drempel_server::region::RegionView;
use serde_json::Value;

mod common;
use common::http::Api;
use common::{Fixture, postgres, sqlite};

/// 15 November 2026, noon UTC.
const NOVEMBER: i64 = 1_794_744_000_000;

fn contacts(prefix: u32, n: u32) -> Vec<Change> {
    (0..n)
        .map(|i| {
            let form = ContactForm {
                site: "Centrum".into(),
                channel: Some(Channel::FoodBank),
                findings: vec![FindingForm {
                    scheme: "huurtoeslag".into(),
                    status: Some(Status::NotUsed),
                    barriers: vec!["unaware".into()],
                    ..FindingForm::default()
                }],
                quote: "dit mag de regio nooit lezen".into(),
                quote_consent: true,
                ..ContactForm::default()
            };
            let input = form.validate(&Catalog::default_catalog()).unwrap();
            let id = format!("0190a000-0000-7000-8000-{prefix:04}{i:08}");
            let contact = Contact::new(id.clone(), NOVEMBER + i64::from(i), 1, input);
            Change {
                seq: u64::from(i) + 1,
                record: id,
                base: 0,
                fields: contact_fields(&contact),
                delete: false,
            }
        })
        .collect()
}

fn no_small_count(table: &RegionTable) {
    for figure in table
        .cells
        .iter()
        .flatten()
        .chain(&table.row_totals)
        .chain(&table.column_totals)
        .chain([&table.total])
    {
        if let Shown::Count(n) = figure {
            assert!(*n == 0 || *n >= SMALLEST_SHOWN, "{n} shown in {table:?}");
        }
    }
}

/// Noord (the fixture's team) with 12 contacts and Zuid with 3, each
/// pushed by a volunteer's phone; their coordinators' sign-ins.
async fn two_teams(
    api: &Api,
) -> (
    drempel_server::store::TeamId,
    drempel_server::store::TeamId,
    Vec<drempel_core::wire::Session>,
) {
    let noord = api.fixture.team;
    let zuid = api.store().create_team("Voedselbank Zuid").await.unwrap();
    let mut coordinators = Vec::new();
    for (team, login, prefix, n) in [(noord, "noord", 1, 12), (zuid, "zuid", 2, 3)] {
        let coordinator = api.coordinator(team, login).await;
        let volunteer = api.volunteer(&coordinator).await;
        let pushed: PushResponse = api.push(&volunteer.token, contacts(prefix, n)).await.json();
        assert_eq!(pushed.applied, n);
        coordinators.push(coordinator);
    }
    (noord, zuid, coordinators)
}

both_stores!(
    a_region_sees_its_teams_summed_and_never_a_small_count,
    a_region_reads_marked_quotes_and_counts_its_own_signals
);

async fn a_region_sees_its_teams_summed_and_never_a_small_count(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let (noord, zuid, coordinators) = two_teams(&api).await;
    let region = api
        .region_coordinator("Regio Midden", &[noord, zuid], "regio")
        .await;
    // No join link makes a region's coordinator.
    let link = api
        .call(
            Method::POST,
            "/api/v1/team/join-links",
            Some(&coordinators[0].token),
            serde_json::json!({ "role": "region", "valid_hours": 1, "origin": "http://127.0.0.1:8080" }),
        )
        .await;
    assert_eq!(
        link.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        link.body
    );
    assert_eq!(link.body["error"]["field"], "role");
    // Each team's coordinator sees which regions see its counts.
    let regions: Value = api
        .get("/api/v1/team/regions", Some(&coordinators[0].token))
        .await
        .json();
    assert_eq!(
        regions,
        serde_json::json!([{ "name": "Regio Midden", "teams": 2 }])
    );
    let path = "/api/v1/region/dashboard?from_month=2026-10&until_month=2026-11&offset=60";
    let view: RegionView = api.get(path, Some(&region.token)).await.json();
    assert_eq!(view.region, "Regio Midden");
    assert_eq!(view.teams, vec!["Voedselbank Noord", "Voedselbank Zuid"]);
    let summary = &view.summary;
    for table in summary.tables() {
        no_small_count(table);
    }
    // Noord's 12 show; Zuid's 3 do not, nor the total they would give away.
    assert_eq!(
        summary.contacts.row_totals,
        vec![Shown::Count(12), Shown::Hidden]
    );
    assert_eq!(summary.contacts.total, Shown::Hidden);
    assert_eq!(summary.not_used.row_totals[0], Shown::Count(12));
    let text = serde_json::to_string(&view).unwrap();
    assert!(!text.contains("nooit lezen"), "no quote reaches a region");
    assert!(!text.contains("Centrum"), "no site either");

    // The same figures as CSV: aggregates only, one line each.
    let csv = api
        .get(
            "/api/v1/region/export/region.csv?from_month=2026-10&until_month=2026-11&offset=60",
            Some(&region.token),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.body.as_str().expect("CSV text").to_string();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some("tabel;rij;rij_naam;kolom;kolom_naam;aantal")
    );
    let lines: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    assert!(lines.len() > 10);
    for line in &lines {
        let figure = line[5];
        assert!(
            figure == "minder dan 5" || figure.parse::<u64>().is_ok_and(|n| n == 0 || n >= 5),
            "{line:?}"
        );
    }
    assert!(lines.contains(&vec![
        "contacts",
        "Voedselbank Noord",
        "Voedselbank Noord",
        "totaal",
        "totaal",
        "12"
    ]));
    assert!(lines.contains(&vec![
        "contacts",
        "totaal",
        "totaal",
        "totaal",
        "totaal",
        "minder dan 5"
    ]));
    assert!(!text.contains("nooit lezen") && !text.contains("Centrum"));

    // Zuid leaves: its counts leave the region's figures at once.
    assert!(
        api.store()
            .remove_region_team(
                api.store()
                    .region_by_name("Regio Midden")
                    .await
                    .unwrap()
                    .unwrap(),
                zuid,
                "test",
                1
            )
            .await
            .unwrap()
    );
    let view: RegionView = api.get(path, Some(&region.token)).await.json();
    assert_eq!(view.teams, vec!["Voedselbank Noord"]);
    let regions: Value = api
        .get("/api/v1/team/regions", Some(&coordinators[1].token))
        .await
        .json();
    assert_eq!(regions, serde_json::json!([]), "Zuid is in no region now");
    assert_eq!(view.summary.contacts.total, Shown::Count(12));
    let not_used = view
        .summary
        .statuses
        .columns
        .iter()
        .position(|c| c == "not_used")
        .unwrap();
    assert_eq!(view.summary.statuses.cells[0][not_used], Shown::Count(12));

    // Whole months only, at most 24, the last not before the first.
    for bad in [
        "from_month=2026-11&until_month=2026-10",
        "from_month=2026-11-01&until_month=2026-12",
        "from_month=2020-01&until_month=2026-12",
        "until_month=2026-12",
    ] {
        let answer = api
            .get(
                &format!("/api/v1/region/dashboard?{bad}"),
                Some(&region.token),
            )
            .await;
        assert!(
            answer.status.is_client_error() && answer.status != StatusCode::FORBIDDEN,
            "{bad}: {} {}",
            answer.status,
            answer.body
        );
        assert!(
            !answer.body.to_string().contains("2026-11-01"),
            "nothing echoed"
        );
    }

    let ended = api
        .call(
            Method::POST,
            "/api/v1/region/logout",
            Some(&region.token),
            Value::Null,
        )
        .await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT);
    let after = api.get(path, Some(&region.token)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

/// A team marks one quote for its regions: the region reads that one and
/// no other, until the contact is erased. The region writes a signal whose
/// evidence is counted over its teams, suppressed like its dashboard, with
/// the money left unclaimed once every team's figure shows.
async fn a_region_reads_marked_quotes_and_counts_its_own_signals(f: Fixture) {
    let api = Api::new(f, Limits::default());
    let (noord, zuid, coordinators) = two_teams(&api).await;
    let noord_token = coordinators[0].token.clone();
    let region = api
        .region_coordinator("Regio Midden", &[noord, zuid], "regio")
        .await;
    let quotes = |page: Value| page["quotes"].as_array().unwrap().clone();
    let page: Value = api
        .get("/api/v1/region/quotes", Some(&region.token))
        .await
        .json();
    assert!(quotes(page).is_empty(), "nothing marked, nothing read");

    let marked = contacts(1, 1).remove(0).record;
    let path = format!("/api/v1/team/quotes/{marked}/region");
    let answer = api
        .call(Method::PUT, &path, Some(&noord_token), Value::Null)
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.body);
    // Another team's contact, or one without a quote, cannot be marked.
    let theirs = contacts(1, 2).remove(1).record;
    let answer = api
        .call(
            Method::PUT,
            &format!("/api/v1/team/quotes/{theirs}/region"),
            Some(&coordinators[1].token),
            Value::Null,
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let wall: Vec<drempel_core::wire::QuoteInfo> = api
        .get("/api/v1/team/quotes", Some(&noord_token))
        .await
        .json();
    assert_eq!(wall.len(), 12);
    assert_eq!(
        wall.iter()
            .filter(|q| q.regional)
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>(),
        vec![marked.as_str()],
        "the wall shows which quote the regions read"
    );
    let page: Value = api
        .get("/api/v1/region/quotes", Some(&region.token))
        .await
        .json();
    assert_eq!(
        quotes(page.clone()),
        vec![
            serde_json::json!({ "team": "Voedselbank Noord", "text": "dit mag de regio nooit lezen" })
        ]
    );
    assert!(page.get("next_offset").is_none(), "one page");
    let audit: Value = api
        .get("/api/v1/team/audit", Some(&noord_token))
        .await
        .json();
    assert!(
        audit.to_string().contains("share_quote_region"),
        "marking is in the team's log: {audit}"
    );

    // The region's signal: whole months, no place.
    let body = serde_json::json!({
        "title": "Huurtoeslag onbekend", "problem": "Niemand kent het.", "ask": "Folder.",
        "filter": { "scheme": "huurtoeslag", "barrier": "unaware",
                    "from": "2026-10-01", "until": "2026-11-30" }
    });
    let mut with_site = body.clone();
    with_site["filter"]["site"] = "Centrum".into();
    let refused = api
        .call(
            Method::POST,
            "/api/v1/region/signals",
            Some(&region.token),
            with_site,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["error"]["field"], "filter.site");
    let created: drempel_core::signal::SignalInfo = api
        .call(
            Method::POST,
            "/api/v1/region/signals",
            Some(&region.token),
            body.clone(),
        )
        .await
        .json();
    let listed: Vec<drempel_core::signal::SignalInfo> = api
        .get("/api/v1/region/signals", Some(&region.token))
        .await
        .json();
    assert_eq!(listed, vec![created.clone()]);
    let signal_path = format!("/api/v1/region/signals/{}", created.signal.id);
    let view: drempel_core::region::RegionSignalView =
        api.get(&signal_path, Some(&region.token)).await.json();
    let evidence = &view.evidence;
    assert_eq!(
        (evidence.from_month.as_str(), evidence.until_month.as_str()),
        ("2026-10", "2026-11")
    );
    assert_eq!(
        evidence.not_used.row_totals,
        vec![Shown::Count(12), Shown::Hidden]
    );
    assert_eq!(evidence.not_used.total, Shown::Hidden, "12 + Zuid's 3");
    for figure in evidence.figures() {
        assert!(!matches!(figure, Shown::Count(1..=4)), "{figure:?}");
    }
    assert_eq!(evidence.estimate, None, "Zuid's 3 would show in euros");
    assert_eq!(
        evidence.quotes,
        vec![drempel_core::region::RegionQuote {
            team: "Voedselbank Noord".into(),
            text: "dit mag de regio nooit lezen".into()
        }],
        "only the marked quote"
    );

    // Noord sets a typical amount; Zuid leaves: the estimate shows.
    let mut catalog = Catalog::default_catalog();
    for scheme in &mut catalog.schemes {
        if scheme.id == "huurtoeslag" {
            scheme.typical = Some(drempel_core::money::TypicalAmount {
                euros_per_year: 1_200,
                source: "Belastingdienst".into(),
            });
        }
    }
    let set = api
        .call(
            Method::PUT,
            "/api/v1/team/catalog",
            Some(&noord_token),
            serde_json::json!({ "base": 1, "schemes": catalog.schemes, "barriers": catalog.barriers }),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let midden = api
        .store()
        .region_by_name("Regio Midden")
        .await
        .unwrap()
        .unwrap();
    assert!(
        api.store()
            .remove_region_team(midden, zuid, "test", 1)
            .await
            .unwrap()
    );
    let view: drempel_core::region::RegionSignalView =
        api.get(&signal_path, Some(&region.token)).await.json();
    assert_eq!(view.evidence.not_used.total, Shown::Count(12));
    assert_eq!(
        view.evidence.estimate,
        Some(drempel_core::region::UnclaimedLine {
            scheme: "huurtoeslag".into(),
            not_used: 12,
            euros_per_year: 14_400
        })
    );
    let dashboard: RegionView = api
        .get(
            "/api/v1/region/dashboard?from_month=2026-10&until_month=2026-11&offset=60",
            Some(&region.token),
        )
        .await
        .json();
    assert_eq!(
        dashboard.summary.money.unclaimed,
        view.evidence
            .estimate
            .clone()
            .into_iter()
            .collect::<Vec<_>>(),
        "the dashboard sums the same estimate"
    );
    let csv = api
        .get(
            "/api/v1/region/export/region.csv?from_month=2026-10&until_month=2026-11&offset=60",
            Some(&region.token),
        )
        .await;
    let csv = csv.body.as_str().expect("CSV text").to_string();
    assert!(
        csv.contains("money;unclaimed_euros_per_year;;huurtoeslag;Huurtoeslag;14400"),
        "{csv}"
    );

    // The contact is erased: its quote leaves the region at once.
    let erased = api
        .call(
            Method::POST,
            &format!("/api/v1/team/records/{marked}/erase"),
            Some(&noord_token),
            Value::Null,
        )
        .await;
    assert!(erased.status.is_success(), "{}", erased.body);
    let page: Value = api
        .get("/api/v1/region/quotes", Some(&region.token))
        .await
        .json();
    assert!(quotes(page).is_empty());
    let bad = api
        .get("/api/v1/region/quotes?offset=999999", Some(&region.token))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
