use proptest::prelude::*;

use super::*;
use crate::contact::{ContactInput, SchemeFinding};
use crate::site::SiteName;

const DAY: i64 = 86_400_000;

fn contact(
    id: u32,
    at: i64,
    site: &str,
    channel: Channel,
    findings: &[(&str, Status, &[&str])],
) -> Contact {
    let input = ContactInput {
        site: SiteName::parse(site).unwrap(),
        postcode4: None,
        channel,
        household: Some(Household::Single),
        life_event: None,
        work: None,
        outcomes: Vec::new(),
        findings: findings
            .iter()
            .map(|(scheme, status, barriers)| SchemeFinding {
                scheme: scheme.to_string(),
                status: *status,
                barriers: barriers.iter().map(|b| b.to_string()).collect(),
                other_barrier: None,
            })
            .collect(),
        quote: None,
        follow_up: None,
        notes: String::new(),
    };
    Contact::new(format!("c{id}"), at, 1, input)
}

#[test]
fn dates_are_calendar_dates_weeks_and_months() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(iso_datetime(0), "1970-01-01T00:00:00Z");
    assert_eq!(iso_datetime(1_700_000_000_000), "2023-11-14T22:13:20Z");
    assert_eq!(iso_datetime(-1), "1969-12-31T23:59:59Z");
    // 2026-11-23 23:30 UTC is already the 24th in Amsterdam (UTC+1).
    let late = days_from_civil(2026, 11, 23) * DAY + 23 * 3_600_000 + 30 * 60_000;
    assert_eq!(period_label(late, Period::Month, 60), "2026-11");
    assert_eq!(period_label(late, Period::Week, 0), "2026-W48");
    let new_year = days_from_civil(2026, 12, 31) * DAY + 23 * 3_600_000 + 30 * 60_000;
    assert_eq!(period_label(new_year, Period::Month, 0), "2026-12");
    assert_eq!(period_label(new_year, Period::Month, 60), "2027-01");
    // ISO weeks at year ends: 2026 starts on a Thursday and has 53 weeks.
    assert_eq!(
        period_label(days_from_civil(2026, 1, 1) * DAY, Period::Week, 0),
        "2026-W01"
    );
    assert_eq!(
        period_label(days_from_civil(2027, 1, 1) * DAY, Period::Week, 0),
        "2026-W53"
    );
    assert_eq!(
        period_label(days_from_civil(2024, 12, 30) * DAY, Period::Week, 0),
        "2025-W01"
    );
    assert_eq!(
        period_label(days_from_civil(2021, 1, 3) * DAY, Period::Week, 0),
        "2020-W53"
    );
}

#[test]
fn a_summary_counts_per_scheme_barrier_period_site_and_channel() {
    let nov = days_from_civil(2026, 11, 2) * DAY;
    let dec = days_from_civil(2026, 12, 1) * DAY;
    let contacts = [
        contact(
            1,
            nov,
            "Noord",
            Channel::FoodBank,
            &[
                ("huurtoeslag", Status::NotUsed, &["unaware", "shame"]),
                ("zorgtoeslag", Status::Uses, &[]),
            ],
        ),
        contact(
            2,
            nov + DAY,
            "Noord",
            Channel::WalkIn,
            &[
                ("huurtoeslag", Status::NotUsed, &["unaware"]),
                ("kwijtschelding", Status::AppliedWithHelp, &[]),
            ],
        ),
        // Made with an older catalog: a scheme that has since been retired.
        contact(
            3,
            dec,
            "Zuid",
            Channel::FoodBank,
            &[("oude_regeling", Status::Referred, &["too_complex"])],
        ),
    ];
    let all = summarise(&contacts, &Filter::default(), Period::Month, 60);
    assert_eq!(all.contacts, 3);
    let huur = &all.schemes["huurtoeslag"];
    assert_eq!((huur.discussed, huur.not_used, huur.uses), (2, 2, 0));
    assert_eq!(huur.barriers["unaware"], 2);
    assert_eq!(huur.barriers["shame"], 1);
    assert_eq!(huur.non_use_permille(), Some(1000));
    assert_eq!(all.schemes["zorgtoeslag"].non_use_permille(), Some(0));
    assert_eq!(
        all.schemes["oude_regeling"].referred, 1,
        "old catalog ids are counted as they are"
    );
    assert_eq!(all.periods["2026-11"].contacts, 2);
    assert_eq!(all.periods["2026-11"].not_used["huurtoeslag"], 2);
    assert_eq!(all.periods["2026-12"].contacts, 1);
    assert_eq!(all.sites["Noord"].top_barriers(1), vec![("unaware", 2)]);
    assert_eq!(
        all.sites["Noord"].top_barriers(5),
        vec![("unaware", 2), ("shame", 1)]
    );
    assert_eq!(all.channels["food_bank"], 2);

    let filtered = summarise(
        &contacts,
        &Filter {
            from: Some(nov),
            until: Some(dec),
            site: Some("Noord".into()),
            channel: Some(Channel::WalkIn),
            household: Some(Household::Single),
            work: None,
        },
        Period::Week,
        0,
    );
    assert_eq!(filtered.contacts, 1);
    assert!(!filtered.schemes.contains_key("zorgtoeslag"));
    assert_eq!(filtered.periods.keys().collect::<Vec<_>>(), ["2026-W45"]);
    let none = summarise(
        &contacts,
        &Filter {
            household: Some(Household::Couple),
            ..Filter::default()
        },
        Period::Week,
        0,
    );
    assert_eq!(none, Summary::default());
}

pub(super) fn arb_contact() -> impl Strategy<Value = Contact> {
    (
        (
            0u32..1000,
            prop::option::of(prop::sample::select(Household::ALL.to_vec())),
            prop::option::of(prop::sample::select(crate::contact::Work::ALL.to_vec())),
        ),
        0i64..(3 * 365 * DAY),
        prop::sample::select(vec!["Noord", "Zuid", "Markt"]),
        prop::sample::select(Channel::ALL.to_vec()),
        prop::collection::vec(finding_strategy(), 0..4),
        prop::collection::vec(outcome_strategy(), 0..3),
    )
        .prop_map(
            |((id, household, work), at, site, channel, findings, outcomes)| {
                let mut c = contact(id, 1_600_000_000_000 + at, site, channel, &[]);
                c.input.household = household;
                c.input.work = work;
                let mut seen = std::collections::BTreeSet::new();
                // Outcomes of schemes not discussed too: counting leaves them out.
                c.input.outcomes = outcomes
                    .into_iter()
                    .filter(|o| seen.insert(o.scheme.clone()))
                    .collect();
                // One finding per scheme, as the form allows.
                let mut seen = std::collections::BTreeSet::new();
                c.input.findings = findings
                    .into_iter()
                    .filter(|f| seen.insert(f.scheme.clone()))
                    .collect();
                c
            },
        )
}

fn outcome_strategy() -> impl Strategy<Value = crate::contact::SchemeOutcome> {
    use crate::money::{Amount, Decision, Outcome, Per};
    (
        prop::sample::select(vec!["huurtoeslag", "zorgtoeslag", "kwijtschelding", "oud"]),
        prop::option::of(prop::sample::select(Decision::ALL.to_vec())),
        prop::option::of((0u32..200_000, any::<bool>())),
    )
        .prop_map(|(scheme, decision, amount)| crate::contact::SchemeOutcome {
            scheme: scheme.to_string(),
            follow_up_on: Some("2026-12-10".into()),
            // Amounts out of range and on other decisions too: counting
            // takes only what validation accepts.
            outcome: decision.map(|decision| Outcome {
                decision,
                amount: amount.map(|(euros, month)| Amount {
                    euros,
                    per: if month { Per::Month } else { Per::Once },
                }),
            }),
        })
}

fn finding_strategy() -> impl Strategy<Value = SchemeFinding> {
    (
        prop::sample::select(vec!["huurtoeslag", "zorgtoeslag", "kwijtschelding", "oud"]),
        prop::sample::select(Status::ALL.to_vec()),
        prop::sample::subsequence(vec!["unaware", "shame", "digital", "other"], 0..4),
    )
        .prop_map(|(scheme, status, barriers)| SchemeFinding {
            scheme: scheme.to_string(),
            status,
            barriers: barriers.into_iter().map(String::from).collect(),
            other_barrier: None,
        })
}

/// What a database's three GROUP BY scans give over the projection rows of
/// the contacts that pass `filter`, folded by [`of_scans`]: the
/// reference the server's SQL is held to.
pub(super) fn grouped_like_sql(contacts: &[Contact], filter: &Filter, offset: i32) -> Grouped {
    use std::collections::BTreeMap as M;
    let mut by_contact: M<(i64, String, String), i64> = M::new();
    let mut by_finding: M<(i64, String, String), i64> = M::new();
    let mut by_barrier: M<(String, String, String), i64> = M::new();
    for contact in contacts.iter().filter(|c| filter.matches(c)) {
        let facts = Facts::of(contact);
        let day = (facts.created_at + i64::from(offset) * 60_000).div_euclid(DAY_MS);
        *by_contact
            .entry((day, facts.site.clone(), facts.channel.to_string()))
            .or_default() += 1;
        for (scheme, status, named) in &facts.findings {
            *by_finding
                .entry((day, scheme.clone(), status.to_string()))
                .or_default() += 1;
            for barrier in named {
                *by_barrier
                    .entry((facts.site.clone(), scheme.clone(), barrier.clone()))
                    .or_default() += 1;
            }
        }
    }
    let mut works: M<String, u32> = M::new();
    let mut outcomes: M<(String, String), (u32, u32, u64)> = M::new();
    for contact in contacts.iter().filter(|c| filter.matches(c)) {
        let facts = Facts::of(contact);
        if let Some(work) = facts.work {
            *works.entry(work.to_string()).or_default() += 1;
        }
        for (scheme, decision, yearly) in facts.outcomes {
            let at = outcomes.entry((scheme, decision.to_string())).or_default();
            at.0 += 1;
            if let Some(y) = yearly {
                at.1 += 1;
                at.2 += u64::from(y);
            }
        }
    }
    let mut grouped = of_scans(
        by_contact
            .into_iter()
            .map(|((a, b, c), n)| (a, b, c, n))
            .collect(),
        by_finding
            .into_iter()
            .map(|((a, b, c), n)| (a, b, c, n))
            .collect(),
        by_barrier
            .into_iter()
            .map(|((a, b, c), n)| (a, b, c, n))
            .collect(),
    );
    grouped.works = works.into_iter().collect();
    grouped.scheme_outcomes = outcomes
        .into_iter()
        .map(|((s, d), (n, w, e))| (s, d, n, w, e))
        .collect();
    grouped
}

proptest! {
    /// A finding's barriers come back from their text as they went in, and
    /// an id's needle is in the text exactly when the id is in the list.
    #[test]
    fn barrier_lists_keep_their_ids_and_find_exactly_them(
        ids in prop::collection::vec("[a-z%|C725]{0,6}", 0..5),
        probe in "[a-z%|C725]{0,6}",
    ) {
        let list = BarrierList::of(&ids);
        prop_assert_eq!(BarrierList::ids(&list).collect::<Vec<_>>(), ids.clone());
        prop_assert_eq!(
            list.contains(&BarrierList::needle(&probe)),
            ids.contains(&probe),
            "{:?} in {:?}", probe, list
        );
    }

    /// Whatever the records and the filter, the counts add up to the
    /// records that pass it.
    #[test]
    fn counts_add_up_to_the_filtered_records(
        contacts in prop::collection::vec(arb_contact(), 0..60),
        site in prop::option::of(prop::sample::select(vec!["Noord", "Zuid"])),
        channel in prop::option::of(prop::sample::select(Channel::ALL.to_vec())),
        from in prop::option::of(1_600_000_000_000i64..1_700_000_000_000),
        week in any::<bool>(),
        offset in -720i32..840,
    ) {
        let filter = Filter { from, until: None, site: site.map(String::from), channel, household: None, work: None };
        let period = if week { Period::Week } else { Period::Month };
        let summary = summarise(&contacts, &filter, period, offset);
        let passing: Vec<&Contact> = contacts.iter().filter(|c| filter.matches(c)).collect();
        prop_assert_eq!(summary.contacts as usize, passing.len());
        prop_assert_eq!(summary.periods.values().map(|p| p.contacts).sum::<u32>(), summary.contacts);
        prop_assert_eq!(summary.sites.values().map(|s| s.contacts).sum::<u32>(), summary.contacts);
        prop_assert_eq!(summary.channels.values().sum::<u32>(), summary.contacts);
        let findings: usize = passing.iter().map(|c| c.input.findings.len()).sum();
        prop_assert_eq!(summary.schemes.values().map(|s| s.discussed as usize).sum::<usize>(), findings);
        for counts in summary.schemes.values() {
            prop_assert_eq!(
                counts.uses + counts.not_used + counts.does_not_know + counts.applied_with_help + counts.referred,
                counts.discussed
            );
            for n in counts.barriers.values() {
                prop_assert!(*n <= counts.discussed);
            }
        }
        let not_used: u32 = summary.periods.values().flat_map(|p| p.not_used.values()).sum();
        prop_assert_eq!(not_used, summary.schemes.values().map(|s| s.not_used).sum::<u32>());
        // The same input gives the same summary.
        prop_assert_eq!(&summarise(&contacts, &filter, period, offset), &summary);
    }

    /// Counting grouped projection rows (what the server's database does)
    /// gives the very summary core counts from the contacts.
    #[test]
    fn grouped_counts_make_the_same_summary(
        contacts in prop::collection::vec(arb_contact(), 0..60),
        site in prop::option::of(prop::sample::select(vec!["Noord", "Zuid"])),
        channel in prop::option::of(prop::sample::select(Channel::ALL.to_vec())),
        from in prop::option::of(1_600_000_000_000i64..1_700_000_000_000),
        week in any::<bool>(),
        offset in -720i32..840,
    ) {
        let filter = Filter { from, until: None, site: site.map(String::from), channel, household: None, work: None };
        let period = if week { Period::Week } else { Period::Month };
        let grouped = grouped_like_sql(&contacts, &filter, offset);
        prop_assert_eq!(grouped.summary(period), summarise(&contacts, &filter, period, offset));
    }

    #[test]
    fn days_round_trip_through_the_calendar(days in -1_000_000i64..1_000_000) {
        let (y, m, d) = civil_from_days(days);
        prop_assert_eq!(days_from_civil(y, m, d), days);
        prop_assert!((1..=12).contains(&m) && (1..=31).contains(&d));
    }
}

#[test]
fn kept_answers_hold_the_newest_per_query_and_no_more_than_kept() {
    let mut kept = KeptAnswers::default();
    let with_site = |site: &str| Summary {
        sites: [(site.to_string(), SiteCounts::default())].into(),
        ..Summary::default()
    };
    kept.keep("a".into(), 1, with_site("Noord"));
    kept.keep("b".into(), 2, with_site("Zuid"));
    kept.keep("a".into(), 3, with_site("Markt"));
    assert_eq!(kept.answers.len(), 2);
    assert_eq!(kept.get("a").map(|a| a.at), Some(3));
    assert_eq!(kept.answers[0].query, "a", "newest first");
    assert_eq!(kept.sites(), ["Markt", "Zuid"]);
    for n in 0..40 {
        kept.keep(format!("q{n}"), 10 + n, Summary::default());
    }
    assert_eq!(kept.answers.len(), KeptAnswers::KEPT);
    assert!(kept.get("a").is_none(), "the oldest went");
    assert_eq!(kept.get("q39").map(|a| a.at), Some(49));
}

/// The counts from three scans: contacts by (day, site,
/// channel), findings by (day, scheme, status), barriers by (site, scheme,
/// barrier).
fn of_scans(
    contacts: Vec<(i64, String, String, i64)>,
    findings: Vec<(i64, String, String, i64)>,
    barriers: Vec<(String, String, String, i64)>,
) -> Grouped {
    use std::collections::BTreeMap;
    fn add<K: Ord>(map: &mut BTreeMap<K, u32>, key: K, n: i64) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let at = map.entry(key).or_default();
        *at = at.saturating_add(n);
    }
    let (mut days, mut sites, mut channels) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for (day, site, channel, n) in contacts {
        add(&mut days, day, n);
        add(&mut sites, site, n);
        add(&mut channels, channel, n);
    }
    let (mut day_not_used, mut statuses) = (BTreeMap::new(), BTreeMap::new());
    for (day, scheme, status, n) in findings {
        if status == crate::contact::Status::NotUsed.code() {
            add(&mut day_not_used, (day, scheme.clone()), n);
        }
        add(&mut statuses, (scheme, status), n);
    }
    let (mut site_barriers, mut scheme_barriers) = (BTreeMap::new(), BTreeMap::new());
    for (site, scheme, barrier, n) in barriers {
        add(&mut site_barriers, (site, barrier.clone()), n);
        add(&mut scheme_barriers, (scheme, barrier), n);
    }
    let pairs = |map: BTreeMap<(String, String), u32>| {
        map.into_iter().map(|((a, b), n)| (a, b, n)).collect()
    };
    Grouped {
        days: days.into_iter().collect(),
        day_not_used: day_not_used
            .into_iter()
            .map(|((d, s), n)| (d, s, n))
            .collect(),
        sites: sites.into_iter().collect(),
        site_barriers: pairs(site_barriers),
        channels: channels.into_iter().collect(),
        scheme_statuses: pairs(statuses),
        scheme_barriers: pairs(scheme_barriers),
        ..Grouped::default()
    }
}

#[test]
fn money_unlocked_counts_grants_by_the_year_with_their_basis() {
    use crate::contact::{SchemeOutcome, Work};
    use crate::money::{Amount, Decision, Outcome, Per};
    let with = |id: u32, work: Option<Work>, outcome: Option<Outcome>| {
        let mut c = contact(id, 1_700_000_000_000, "Noord", Channel::FoodBank, &[]);
        c.input.findings.push(SchemeFinding {
            scheme: "huurtoeslag".into(),
            status: Status::Referred,
            barriers: Vec::new(),
            other_barrier: None,
        });
        c.input.work = work;
        c.input.outcomes.push(SchemeOutcome {
            scheme: "huurtoeslag".into(),
            follow_up_on: Some("2026-12-10".into()),
            outcome,
        });
        c
    };
    let granted = |euros, per| Outcome {
        decision: Decision::Granted,
        amount: Some(Amount { euros, per }),
    };
    let contacts = [
        with(1, Some(Work::SelfEmployed), Some(granted(45, Per::Month))),
        with(2, None, Some(granted(300, Per::Once))),
        with(
            3,
            None,
            Some(Outcome {
                decision: Decision::Granted,
                amount: None,
            }),
        ),
        with(
            4,
            None,
            Some(Outcome {
                decision: Decision::Refused,
                amount: None,
            }),
        ),
        with(5, Some(Work::SelfEmployed), None),
    ];
    let all = summarise(&contacts, &Filter::default(), Period::Month, 60);
    let unlocked = all.unlocked();
    assert_eq!(
        (
            unlocked.euros_per_year,
            unlocked.with_amount,
            unlocked.without_amount
        ),
        (840, 2, 1)
    );
    let counts = &all.schemes["huurtoeslag"];
    assert_eq!(
        (counts.decisions["granted"], counts.decisions["refused"]),
        (3, 1)
    );
    assert_eq!(all.works["self_employed"], 2);
    let zzp = Filter {
        work: Some(Work::SelfEmployed),
        ..Filter::default()
    };
    let only = summarise(&contacts, &zzp, Period::Month, 60);
    assert_eq!((only.contacts, only.unlocked().euros_per_year), (2, 540));
}
