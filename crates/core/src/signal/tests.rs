use super::*;
use crate::money::{TypicalAmount, Unlocked};
use crate::stats::{PeriodCounts, SchemeCounts};
use proptest::prelude::*;

const SCHEME: &str = "bijzondere_bijstand";

fn filter() -> SignalFilter {
    SignalFilter {
        scheme: SCHEME.into(),
        barrier: Some("shame".into()),
        ..SignalFilter::default()
    }
}

/// A summary with `contacts`, the scheme discussed and not used as given,
/// the barrier named `barrier` times, not used per month as `months`, and
/// `granted` grants of `euros` a year each.
fn summary(contacts: u32, discussed: u32, barrier: u32, months: &[u32], granted: u32) -> Summary {
    let not_used: u32 = months.iter().sum();
    let mut counts = SchemeCounts {
        discussed,
        not_used,
        unlocked: Unlocked {
            euros_per_year: u64::from(granted) * 540,
            with_amount: granted,
            without_amount: 0,
        },
        ..SchemeCounts::default()
    };
    counts.barriers.insert("shame".into(), barrier);
    let mut summary = Summary {
        contacts,
        ..Summary::default()
    };
    summary.schemes.insert(SCHEME.into(), counts);
    for (i, n) in months.iter().enumerate() {
        let mut period = PeriodCounts::default();
        period.not_used.insert(SCHEME.into(), *n);
        summary.periods.insert(format!("2026-{:02}", i + 1), period);
    }
    summary
}

fn typical() -> TypicalAmount {
    TypicalAmount {
        euros_per_year: 744,
        source: "CPB 2025".into(),
    }
}

#[test]
fn days_count_in_dutch_standard_time_and_the_last_day_is_whole() {
    let f = SignalFilter {
        from: Some("2026-01-01".into()),
        until: Some("2026-01-31".into()),
        site: Some("Noord".into()),
        ..filter()
    }
    .counting_filter();
    // 2026-01-01 00:00 in UTC+1 is 2025-12-31 23:00 UTC.
    assert_eq!(f.from, Some(1_767_222_000_000));
    assert_eq!(f.until, Some(1_767_222_000_000 + 31 * DAY_MS));
    assert_eq!(f.site.as_deref(), Some("Noord"));
}

#[test]
fn small_counts_show_as_fewer_than_five_and_nothing_gives_them_away() {
    let evidence = Evidence::of(
        &summary(12, 7, 2, &[1, 2], 1),
        &filter(),
        Some(&typical()),
        vec![],
    );
    assert_eq!(evidence.contacts, Shown::Count(12));
    assert_eq!(evidence.discussed, Shown::Count(7));
    assert_eq!(evidence.not_used, Shown::Hidden);
    assert_eq!(
        evidence.non_use_percent, None,
        "7 discussed and a percentage would give 3 away"
    );
    assert_eq!(evidence.barrier, Some(Shown::Hidden));
    assert!(evidence.months.iter().all(|m| m.not_used == Shown::Hidden));
    assert_eq!(evidence.granted, Shown::Hidden);
    assert_eq!(evidence.unlocked_per_year, None, "€540 would say one grant");
    assert_eq!(evidence.estimate, None, "744 × n would give n away");
}

#[test]
fn one_small_month_beside_a_shown_total_hides_another() {
    let evidence = Evidence::of(
        &summary(40, 20, 0, &[6, 2, 0, 7], 0),
        &filter(),
        None,
        vec![],
    );
    assert_eq!(evidence.not_used, Shown::Count(15));
    let months: Vec<Shown> = evidence.months.iter().map(|m| m.not_used).collect();
    assert_eq!(
        months,
        [
            Shown::Hidden,
            Shown::Hidden,
            Shown::Count(0),
            Shown::Count(7)
        ]
    );
    assert_eq!(evidence.non_use_percent, Some(75));
    assert_eq!(evidence.barrier, Some(Shown::Count(0)));
}

#[test]
fn money_shows_once_its_basis_does() {
    let evidence = Evidence::of(
        &summary(60, 30, 5, &[10], 5),
        &filter(),
        Some(&typical()),
        vec![],
    );
    assert_eq!(evidence.granted, Shown::Count(5));
    assert_eq!(evidence.unlocked_per_year, Some(2_700));
    assert_eq!(
        evidence.estimate,
        Some(EstimateShown {
            euros_per_year: 7_440,
            typical_per_year: 744,
            source: "CPB 2025".into()
        })
    );
    let none = Evidence::of(&summary(60, 30, 5, &[10], 5), &filter(), None, vec![]);
    assert_eq!(none.estimate, None, "no typical amount, no estimate");
}

#[test]
fn at_most_three_quotes_and_the_newest_months() {
    let quotes = (0..5).map(|i| format!("quote {i}")).collect();
    let months = vec![5; MAX_MONTHS + 4];
    let evidence = Evidence::of(&summary(500, 400, 0, &months, 0), &filter(), None, quotes);
    assert_eq!(evidence.quotes, ["quote 0", "quote 1", "quote 2"]);
    assert_eq!(evidence.months.len(), MAX_MONTHS);
    assert_eq!(evidence.months[0].month, "2026-05");
}

fn signal() -> Signal {
    Signal {
        title: "Aanvraag bijzondere bijstand te ingewikkeld".into(),
        problem: "Het formulier vraagt 14 bewijsstukken.".into(),
        ask: "Maak een korte aanvraag.".into(),
        filter: filter(),
        ..Signal::default()
    }
}

#[test]
fn a_signal_needs_a_title_known_names_and_real_dates_in_order() {
    let catalog = Catalog::default_catalog();
    assert_eq!(signal().validate(&catalog), Ok(()));
    let problem = |s: Signal| s.validate(&catalog).unwrap_err();
    assert_eq!(
        problem(Signal {
            title: " ".into(),
            ..signal()
        }),
        invalid("title", ProblemKind::Required)
    );
    assert_eq!(
        problem(Signal {
            title: "x".repeat(MAX_TITLE + 1),
            ..signal()
        })
        .problem,
        ProblemKind::TooLong {
            max: MAX_TITLE as u32
        }
    );
    let mut unknown = signal();
    unknown.filter.scheme = "nope".into();
    assert_eq!(
        problem(unknown),
        invalid("filter.scheme", ProblemKind::Unknown)
    );
    let mut barrier = signal();
    barrier.filter.barrier = Some("nope".into());
    assert_eq!(
        problem(barrier),
        invalid("filter.barrier", ProblemKind::Unknown)
    );
    let mut order = signal();
    order.filter.from = Some("2026-05-01".into());
    order.filter.until = Some("2026-04-30".into());
    assert_eq!(
        problem(order),
        invalid("filter.until", ProblemKind::ClosesBeforeOpening)
    );
    assert_eq!(
        problem(Signal {
            sent_on: Some("2026-02-30".into()),
            ..signal()
        }),
        invalid("sent_on", ProblemKind::NotADate)
    );
}

proptest! {
    /// Whatever was counted, the evidence never holds a count of 1 to 4,
    /// never a month its total gives away, and no euros whose basis hides.
    #[test]
    fn evidence_never_shows_a_small_count(
        months in prop::collection::vec(0u32..12, 0..8),
        extra in 0u32..20,
        barrier in 0u32..12,
        granted in 0u32..9,
        contacts in 0u32..30,
    ) {
        let not_used: u32 = months.iter().sum();
        let discussed = not_used + extra;
        let s = summary(discussed + contacts, discussed, barrier.min(not_used), &months, granted);
        let e = Evidence::of(&s, &filter(), Some(&typical()), vec![]);
        for count in e.counts() {
            prop_assert!(!matches!(count, Shown::Count(1..=4)), "{count:?}");
        }
        let hidden_months = e.months.iter().filter(|m| m.not_used == Shown::Hidden).count();
        if e.not_used != Shown::Hidden {
            prop_assert_ne!(hidden_months, 1, "one hidden month: the total gives it away");
        }
        prop_assert_eq!(e.unlocked_per_year.is_some(), granted >= SMALLEST_SHOWN);
        prop_assert_eq!(e.estimate.is_some(), not_used >= SMALLEST_SHOWN);
        if e.non_use_percent.is_some() {
            prop_assert!(e.not_used != Shown::Hidden && e.discussed != Shown::Hidden);
        }
    }
}

#[test]
fn a_region_signal_counts_whole_months_of_every_place() {
    let mut region = signal();
    region.filter.site = None;
    region.filter.from = Some("2026-01-15".into());
    region.filter.until = Some("2026-06-02".into());
    let months = region.validate_for_region().unwrap();
    assert_eq!(
        months.labels(),
        ("2026-01".to_string(), "2026-06".to_string()),
        "the days are read as the months that hold them"
    );
    let problem = |s: &Signal| s.validate_for_region().unwrap_err();
    let mut place = region.clone();
    place.filter.site = Some("Inloop Oost".into());
    assert_eq!(
        problem(&place),
        invalid("filter.site", ProblemKind::MustBeEmpty)
    );
    let mut open = region.clone();
    open.filter.from = None;
    assert_eq!(
        problem(&open),
        invalid("filter.from", ProblemKind::Required)
    );
    let mut long = region.clone();
    long.filter.until = Some("2028-01-01".into());
    assert_eq!(problem(&long).field, "filter.until");
}
