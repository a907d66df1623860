//! Regions on both databases: teams join and leave, each change is in the
//! region's log and in the team's own audit log, region coordinators and
//! team coordinators never share a login, and the commands say what went
//! wrong.

use drempel_core::wire::AuditAction;
use drempel_server::cli::{self, Command, CoordinatorArgs, RegionTeamArgs};

mod common;
use common::{Fixture, postgres, sqlite};

both_stores!(
    teams_join_and_leave_with_a_line_in_both_logs,
    one_login_is_one_person_whichever_kind,
    the_commands_refuse_what_does_not_exist,
);

async fn teams_join_and_leave_with_a_line_in_both_logs(f: Fixture) {
    let store = &f.store;
    let zuid = store.create_team("Voedselbank Zuid").await.unwrap();
    let region = store
        .create_region("Regio Oost", "tester", 10)
        .await
        .unwrap()
        .expect("a new region");
    assert_eq!(
        store
            .create_region("Regio Oost", "tester", 11)
            .await
            .unwrap(),
        None,
        "names are unique"
    );
    assert_eq!(
        store.region_by_name("Regio Oost").await.unwrap(),
        Some(region)
    );
    assert!(
        store
            .add_region_team(region, zuid, "tester", 20)
            .await
            .unwrap()
    );
    assert!(
        store
            .add_region_team(region, f.team, "tester", 21)
            .await
            .unwrap()
    );
    assert!(
        !store
            .add_region_team(region, f.team, "tester", 22)
            .await
            .unwrap(),
        "a team joins once"
    );
    assert!(
        !store
            .add_region_team(region, 9_999, "tester", 23)
            .await
            .unwrap(),
        "no such team"
    );
    assert_eq!(
        store.region_teams(region).await.unwrap(),
        vec![
            (f.team, "Voedselbank Noord".to_string()),
            (zuid, "Voedselbank Zuid".to_string())
        ]
    );
    assert_eq!(
        store.team_regions(zuid).await.unwrap(),
        vec![(region, "Regio Oost".to_string())]
    );
    assert!(
        store
            .remove_region_team(region, zuid, "tester", 30)
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_region_team(region, zuid, "tester", 31)
            .await
            .unwrap()
    );
    assert_eq!(
        store.region_teams(region).await.unwrap(),
        vec![(f.team, "Voedselbank Noord".to_string())],
        "gone at once"
    );
    assert!(store.team_regions(zuid).await.unwrap().is_empty());

    let zuid_log = store.audit_log(zuid, None, 10).await.unwrap();
    let lines: Vec<(AuditAction, &str, i64)> = zuid_log
        .iter()
        .map(|e| (e.action, e.subject.as_str(), e.at))
        .collect();
    assert_eq!(
        lines,
        vec![
            (AuditAction::LeaveRegion, "Regio Oost", 30),
            (AuditAction::JoinRegion, "Regio Oost", 20)
        ]
    );
    let region_log: Vec<(String, Option<i64>, i64)> = store
        .region_log(region, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|line| (line.action, line.team, line.at))
        .collect();
    assert_eq!(
        region_log,
        vec![
            ("remove_team".to_string(), Some(zuid), 30),
            ("add_team".to_string(), Some(f.team), 21),
            ("add_team".to_string(), Some(zuid), 20),
            ("create_region".to_string(), None, 10),
        ]
    );
}

async fn one_login_is_one_person_whichever_kind(f: Fixture) {
    let store = &f.store;
    let region = store
        .create_region("Regio West", "tester", 1)
        .await
        .unwrap()
        .unwrap();
    store
        .create_coordinator(f.team, "anna", "hash-a", 2)
        .await
        .unwrap();
    assert!(
        !store
            .create_region_coordinator(region, "anna", "hash-b", 3)
            .await
            .unwrap(),
        "a team's coordinator's login is taken"
    );
    assert!(
        store
            .create_region_coordinator(region, "ria", "hash-r", 4)
            .await
            .unwrap()
    );
    assert!(
        !store
            .create_region_coordinator(region, "ria", "hash-x", 5)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .region_coordinator("ria")
            .await
            .unwrap()
            .map(|(_, r, h)| (r, h)),
        Some((region, "hash-r".to_string()))
    );
    assert!(store.set_region_password("ria", "hash-new").await.unwrap());
    assert!(!store.set_region_password("nobody", "hash").await.unwrap());
    assert_eq!(
        store
            .region_coordinator("ria")
            .await
            .unwrap()
            .map(|(_, _, h)| h),
        Some("hash-new".to_string())
    );
    assert_eq!(store.region_coordinator("anna").await.unwrap(), None);
}

async fn the_commands_refuse_what_does_not_exist(f: Fixture) {
    let store = f.store.as_ref();
    cli::run(
        store,
        Command::Region {
            name: " Regio Noord ".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        store.region_by_name("Regio Noord").await.unwrap().is_some(),
        "trimmed"
    );
    let again = cli::run(
        store,
        Command::Region {
            name: "Regio Noord".into(),
        },
    )
    .await;
    assert!(again.unwrap_err().to_string().contains("exists already"));
    let blank = cli::run(store, Command::Region { name: "  ".into() }).await;
    assert!(blank.is_err());
    let team_arg = |team, remove| {
        Command::RegionTeam(RegionTeamArgs {
            region: "Regio Noord".into(),
            team,
            remove,
        })
    };
    cli::run(store, team_arg(f.team, false)).await.unwrap();
    cli::run(store, team_arg(f.team, false))
        .await
        .expect("joining twice is no error");
    let unknown = cli::run(store, team_arg(9_999, false)).await;
    assert!(unknown.unwrap_err().to_string().contains("no team 9999"));
    let no_region = cli::run(
        store,
        Command::RegionTeam(RegionTeamArgs {
            region: "Nergens".into(),
            team: f.team,
            remove: false,
        }),
    )
    .await;
    assert!(
        no_region
            .unwrap_err()
            .to_string()
            .contains("no region named Nergens")
    );
    let coordinator = |team, region: Option<&str>, login: &str| {
        Command::Coordinator(CoordinatorArgs {
            team,
            region: region.map(str::to_string),
            login: login.to_string(),
        })
    };
    cli::run(store, coordinator(None, Some("Regio Noord"), "regio-ria"))
        .await
        .unwrap();
    let clash = cli::run(store, coordinator(Some(f.team), None, "regio-ria")).await;
    assert!(
        clash
            .unwrap_err()
            .to_string()
            .contains("region's coordinator")
    );
    cli::run(store, coordinator(Some(f.team), None, "team-tom"))
        .await
        .unwrap();
    let clash = cli::run(store, coordinator(None, Some("Regio Noord"), "team-tom")).await;
    assert!(
        clash
            .unwrap_err()
            .to_string()
            .contains("team's coordinator")
    );
    cli::run(store, team_arg(f.team, true)).await.unwrap();
    let region = store.region_by_name("Regio Noord").await.unwrap().unwrap();
    assert!(store.region_teams(region).await.unwrap().is_empty());
}
