//! A region's picture: the figures of its teams' dashboards summed, with a
//! breakdown per team, and every count suppressed with
//! [`shown_table`](crate::small::shown_table) so that no count of 1 to 4
//! can be seen or worked out: not in one figure, not from a row or column
//! total, and not from the difference of two answers whose filters differ
//! by one team or by the first or last month. Only counts leave a team:
//! never a record, a device, a conflict or a quote.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::contact::Status;
use crate::small::{Shown, ShownTable, shown_table};
use crate::stats::Summary;

/// Most months a region's answer spans.
pub const MAX_REGION_MONTHS: u32 = 24;
/// Most teams in one region.
pub const MAX_REGION_TEAMS: u32 = 100;
/// Most quotes one team marks for its regions.
pub const MAX_MARKED_QUOTES: u32 = 200;
/// Quotes per page of a region's list.
pub const REGION_QUOTES_PAGE: u32 = 50;
/// Signals one region keeps.
pub const MAX_REGION_SIGNALS: u32 = 1_000;

const DAY_MS: i64 = 86_400_000;

/// The whole months a region asks about, first to last, inclusive. A
/// region's filter runs over whole months only: a time that could be
/// moved by an hour would let two answers differ by one contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months {
    first: (i64, u32),
    last: (i64, u32),
}

fn parse_month(field: &str, text: &str) -> Result<(i64, u32), crate::Invalid> {
    let bad = || crate::invalid(field, crate::ProblemKind::NotADate);
    let (year, month) = text.split_once('-').ok_or_else(bad)?;
    if year.len() != 4 || month.len() != 2 {
        return Err(bad());
    }
    let year: i64 = year.parse().map_err(|_| bad())?;
    let month: u32 = month.parse().map_err(|_| bad())?;
    if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
        return Err(bad());
    }
    Ok((year, month))
}

fn next_month((year, month): (i64, u32)) -> (i64, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

impl Months {
    /// `from` and `until` as `YYYY-MM`, `until` not before `from`, at most
    /// [`MAX_REGION_MONTHS`] months in all.
    pub fn parse(from: &str, until: &str) -> Result<Months, crate::Invalid> {
        let first = parse_month("from_month", from)?;
        let last = parse_month("until_month", until)?;
        let span = (last.0 - first.0) * 12 + i64::from(last.1) - i64::from(first.1) + 1;
        if span < 1 {
            return Err(crate::invalid(
                "until_month",
                crate::ProblemKind::ClosesBeforeOpening,
            ));
        }
        if span > i64::from(MAX_REGION_MONTHS) {
            return Err(crate::invalid(
                "until_month",
                crate::ProblemKind::Count {
                    min: 1,
                    max: MAX_REGION_MONTHS,
                },
            ));
        }
        Ok(Months { first, last })
    }

    /// Milliseconds at which a month starts on a clock `offset` minutes
    /// east of UTC.
    fn start((year, month): (i64, u32), offset: i32) -> i64 {
        crate::stats::days_from_civil(year, month, 1) * DAY_MS - i64::from(offset) * 60_000
    }

    /// The first and last month, `YYYY-MM`.
    pub fn labels(&self) -> (String, String) {
        let label = |(year, month): (i64, u32)| format!("{year:04}-{month:02}");
        (label(self.first), label(self.last))
    }

    /// The whole span, start inclusive, end exclusive.
    pub fn range(&self, offset: i32) -> (i64, i64) {
        (
            Months::start(self.first, offset),
            Months::start(next_month(self.last), offset),
        )
    }

    /// The first and the last month on their own, when the span has more
    /// than one: the pieces [`TeamCounts::edges`] asks for.
    pub fn edges(&self, offset: i32) -> Vec<(i64, i64)> {
        if self.first == self.last {
            return Vec::new();
        }
        vec![
            (
                Months::start(self.first, offset),
                Months::start(next_month(self.first), offset),
            ),
            (
                Months::start(self.last, offset),
                Months::start(next_month(self.last), offset),
            ),
        ]
    }
}

/// One team's counts for the region's filter.
#[derive(Debug, Clone, Default)]
pub struct TeamCounts {
    pub name: String,
    /// The whole period.
    pub whole: Summary,
    /// The period's first and last month on their own (empty when the
    /// period is one month or has no start or end): the pieces a reader
    /// could take away by asking for one month less. Every team gives the
    /// same months, in the same order.
    pub edges: Vec<Summary>,
    /// The team's typical yearly amount per scheme (catalog id), for the
    /// estimate of money left unclaimed.
    pub typical: std::collections::BTreeMap<String, u32>,
}

/// A table as the region sees it: labelled rows and columns, every
/// figure shown or hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionTable {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Vec<Shown>,
    pub column_totals: Vec<Shown>,
    pub total: Shown,
}

/// Money won with help, summed over the region's teams: shown only when
/// the number of grants it rests on, and every team's and edge month's
/// share of them, is 0 or at least 5 (one person's amount could
/// otherwise be worked out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionMoney {
    /// Grants with an amount.
    pub grants: Option<u32>,
    /// What they are worth a year, in whole euros.
    pub euros_per_year: Option<u64>,
    /// An estimate ("schatting") of the money left unclaimed, per scheme:
    /// only schemes where every team's non-use shows, and only teams that
    /// set a typical amount for it.
    #[serde(default)]
    pub unclaimed: Vec<UnclaimedLine>,
}

/// One scheme's money left unclaimed in the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UnclaimedLine {
    pub scheme: String,
    /// Contacts where the scheme was not used, in teams with a typical
    /// amount for it.
    pub not_used: u32,
    /// Those times each team's typical amount a year.
    pub euros_per_year: u64,
}

/// The region's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionSummary {
    /// Contacts per team (rows) and month (columns); the row totals are
    /// each team's contacts, the total the region's.
    pub contacts: RegionTable,
    /// Per scheme (rows), how often each status came up (columns, by
    /// status code); the row totals are how often the scheme was discussed.
    pub statuses: RegionTable,
    /// Per scheme (rows), how often each barrier (columns) stood in the way.
    pub barriers: RegionTable,
    /// Per team (rows) and scheme (columns): contacts in which the scheme
    /// was not used.
    pub not_used: RegionTable,
    pub money: RegionMoney,
}

const STATUSES: [Status; 5] = [
    Status::Uses,
    Status::NotUsed,
    Status::DoesNotKnow,
    Status::AppliedWithHelp,
    Status::Referred,
];

/// A table of counts with its labels, before suppression.
struct Counts {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Vec<u32>>,
}

impl Counts {
    fn build(rows: Vec<String>, columns: Vec<String>, cell: impl Fn(&str, &str) -> u32) -> Counts {
        let cells = rows
            .iter()
            .map(|r| columns.iter().map(|c| cell(r, c)).collect())
            .collect();
        Counts {
            rows,
            columns,
            cells,
        }
    }

    fn shown(self, pieces: &[Vec<Vec<u32>>]) -> RegionTable {
        let ShownTable {
            cells,
            row_totals,
            column_totals,
            total,
        } = shown_table(&self.cells, pieces);
        RegionTable {
            rows: self.rows,
            columns: self.columns,
            cells,
            row_totals,
            column_totals,
            total,
        }
    }
}

fn status_count(summary: &Summary, scheme: &str, status: &str) -> u32 {
    let Some(counts) = summary.schemes.get(scheme) else {
        return 0;
    };
    match status {
        "uses" => counts.uses,
        "not_used" => counts.not_used,
        "does_not_know" => counts.does_not_know,
        "applied_with_help" => counts.applied_with_help,
        "referred" => counts.referred,
        _ => 0,
    }
}

fn barrier_count(summary: &Summary, scheme: &str, barrier: &str) -> u32 {
    summary
        .schemes
        .get(scheme)
        .and_then(|counts| counts.barriers.get(barrier))
        .copied()
        .unwrap_or(0)
}

fn month_count(summary: &Summary, month: &str) -> u32 {
    summary.periods.get(month).map_or(0, |p| p.contacts)
}

/// Sums `f` over the summaries.
fn sum<'a>(summaries: impl Iterator<Item = &'a Summary>, f: impl Fn(&Summary) -> u32) -> u32 {
    summaries.map(f).sum()
}

/// The region's picture from its teams' counts, every figure suppressed.
pub fn region_summary(teams: &[TeamCounts]) -> RegionSummary {
    let edges = teams.first().map_or(0, |t| t.edges.len());
    let schemes: Vec<String> = teams
        .iter()
        .flat_map(|t| t.whole.schemes.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let barriers: Vec<String> = teams
        .iter()
        .flat_map(|t| t.whole.schemes.values())
        .flat_map(|counts| counts.barriers.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let months: Vec<String> = teams
        .iter()
        .flat_map(|t| t.whole.periods.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let statuses: Vec<String> = STATUSES.iter().map(|s| s.code().to_string()).collect();

    // A table summed over teams, with its pieces: each team's own table
    // and each edge month's table summed over teams.
    let summed =
        |rows: &[String], columns: &[String], count: &dyn Fn(&Summary, &str, &str) -> u32| {
            let whole = Counts::build(rows.to_vec(), columns.to_vec(), |r, c| {
                sum(teams.iter().map(|t| &t.whole), |s| count(s, r, c))
            });
            let mut pieces: Vec<Vec<Vec<u32>>> = teams
                .iter()
                .map(|t| {
                    Counts::build(rows.to_vec(), columns.to_vec(), |r, c| {
                        count(&t.whole, r, c)
                    })
                    .cells
                })
                .collect();
            for edge in 0..edges {
                pieces.push(
                    Counts::build(rows.to_vec(), columns.to_vec(), |r, c| {
                        sum(teams.iter().filter_map(|t| t.edges.get(edge)), |s| {
                            count(s, r, c)
                        })
                    })
                    .cells,
                );
            }
            whole.shown(&pieces)
        };
    let statuses = summed(&schemes, &statuses, &status_count);
    let barriers = summed(&schemes, &barriers, &barrier_count);

    let contacts = per_team(teams, &months, &month_count);
    let not_used = per_team(teams, &schemes, &|s: &Summary, scheme: &str| {
        status_count(s, scheme, "not_used")
    });
    let unclaimed = unclaimed(teams, &not_used);

    let grants = |s: &Summary| s.unlocked().with_amount;
    let mut grant_pieces: Vec<Vec<Vec<u32>>> =
        teams.iter().map(|t| vec![vec![grants(&t.whole)]]).collect();
    for edge in 0..edges {
        grant_pieces.push(vec![vec![sum(
            teams.iter().filter_map(|t| t.edges.get(edge)),
            grants,
        )]]);
    }
    let total_grants = sum(teams.iter().map(|t| &t.whole), grants);
    let money = match shown_table(&[vec![total_grants]], &grant_pieces).total {
        Shown::Count(n) => RegionMoney {
            grants: Some(n),
            euros_per_year: Some(
                teams
                    .iter()
                    .map(|t| t.whole.unlocked().euros_per_year)
                    .sum(),
            ),
            unclaimed: Vec::new(),
        },
        Shown::Hidden => RegionMoney::default(),
    };
    let money = RegionMoney { unclaimed, ..money };
    RegionSummary {
        contacts,
        statuses,
        barriers,
        not_used,
        money,
    }
}

/// A table with a row per team (by position: two teams may share a name)
/// and `columns`; a team's piece is its own row, and each edge month's
/// piece is every team's count in that month.
fn per_team(
    teams: &[TeamCounts],
    columns: &[String],
    count: &dyn Fn(&Summary, &str) -> u32,
) -> RegionTable {
    let edges = teams.first().map_or(0, |t| t.edges.len());
    let row_of = |summary: Option<&Summary>| -> Vec<u32> {
        columns
            .iter()
            .map(|c| summary.map_or(0, |s| count(s, c)))
            .collect()
    };
    let whole = Counts {
        rows: teams.iter().map(|t| t.name.clone()).collect(),
        columns: columns.to_vec(),
        cells: teams.iter().map(|t| row_of(Some(&t.whole))).collect(),
    };
    let mut pieces: Vec<Vec<Vec<u32>>> = (0..teams.len())
        .map(|i| {
            (0..teams.len())
                .map(|r| {
                    if r == i {
                        whole.cells[r].clone()
                    } else {
                        vec![0; columns.len()]
                    }
                })
                .collect()
        })
        .collect();
    for edge in 0..edges {
        pieces.push(teams.iter().map(|t| row_of(t.edges.get(edge))).collect());
    }
    whole.shown(&pieces)
}

/// The money left unclaimed per scheme: its non-use times each team's
/// typical amount, for the schemes whose every team figure shows in
/// `not_used` (rows teams, columns schemes), so the sum gives no hidden
/// count away. Teams without a typical amount for a scheme add nothing.
fn unclaimed(teams: &[TeamCounts], not_used: &RegionTable) -> Vec<UnclaimedLine> {
    not_used
        .columns
        .iter()
        .enumerate()
        .filter_map(|(c, scheme)| {
            let cells: Option<Vec<u32>> = not_used.cells.iter().map(|row| row[c].count()).collect();
            let cells = cells?;
            let mut line = UnclaimedLine {
                scheme: scheme.clone(),
                not_used: 0,
                euros_per_year: 0,
            };
            for (team, n) in teams.iter().zip(cells) {
                if let Some(amount) = team.typical.get(scheme) {
                    line.not_used += n;
                    line.euros_per_year += u64::from(n) * u64::from(*amount);
                }
            }
            (line.not_used >= crate::small::SMALLEST_SHOWN).then_some(line)
        })
        .collect()
}

/// A page of the quotes a region's teams marked, newest mark first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionQuotesPage {
    pub quotes: Vec<RegionQuote>,
    /// Where the next page starts; none: this was the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<u32>,
}

/// A quote a team marked for its regions, with the team's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionQuote {
    pub team: String,
    pub text: String,
}

/// A region signal's evidence, counted over the region's teams each time
/// it is read; every table suppressed like the dashboard's (each team's
/// row and each edge month are pieces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionEvidence {
    /// The whole months counted, `YYYY-MM`.
    pub from_month: String,
    pub until_month: String,
    /// Per team (rows): contacts in the months (one column).
    pub contacts: RegionTable,
    /// Per team: contacts in which the scheme came up.
    pub discussed: RegionTable,
    /// Per team (rows) and month (columns): contacts in which the
    /// resident did not use the scheme. Row totals per team, column totals
    /// the region's trend.
    pub not_used: RegionTable,
    /// Not used of discussed, in percent: only when both totals show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_use_percent: Option<u32>,
    /// Per team: contacts in which the signal's barrier stood in the way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier: Option<RegionTable>,
    /// Money left unclaimed: only when every team's non-use shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<UnclaimedLine>,
    /// Quotes the teams marked for their regions, newest first.
    pub quotes: Vec<RegionQuote>,
}

/// The evidence of a region signal about `scheme` (and `barrier`) from
/// its teams' counts over `months` (each team's summary counted with the
/// signal's filter, per month, and its edge months).
pub fn region_evidence(
    teams: &[TeamCounts],
    months: &Months,
    scheme: &str,
    barrier: Option<&str>,
    mut quotes: Vec<RegionQuote>,
) -> RegionEvidence {
    let one = |label: &str, count: &dyn Fn(&Summary) -> u32| {
        per_team(teams, &[label.to_string()], &|s: &Summary, _: &str| {
            count(s)
        })
    };
    let contacts = one("contacts", &|s| s.contacts);
    let discussed = one("discussed", &|s| {
        s.schemes.get(scheme).map_or(0, |c| c.discussed)
    });
    let month_labels: Vec<String> = teams
        .iter()
        .flat_map(|t| t.whole.periods.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let not_used = per_team(teams, &month_labels, &|s: &Summary, month: &str| {
        s.periods
            .get(month)
            .and_then(|p| p.not_used.get(scheme))
            .copied()
            .unwrap_or(0)
    });
    let non_use_percent = match (discussed.total, not_used.total) {
        (Shown::Count(d), Shown::Count(n)) if d > 0 => Some(n * 100 / d),
        _ => None,
    };
    let barrier = barrier.map(|b| one(b, &|s| barrier_count(s, scheme, b)));
    // The estimate rests on each team's non-use: a one-column table of the
    // row totals, checked like the dashboard's.
    let per_team_not_used = RegionTable {
        rows: not_used.rows.clone(),
        columns: vec![scheme.to_string()],
        cells: not_used.row_totals.iter().map(|n| vec![*n]).collect(),
        row_totals: not_used.row_totals.clone(),
        column_totals: vec![not_used.total],
        total: not_used.total,
    };
    let estimate = unclaimed(teams, &per_team_not_used).into_iter().next();
    quotes.truncate(crate::signal::MAX_QUOTES);
    let (from_month, until_month) = months.labels();
    RegionEvidence {
        from_month,
        until_month,
        contacts,
        discussed,
        not_used,
        non_use_percent,
        barrier,
        estimate,
        quotes,
    }
}

impl RegionEvidence {
    /// Every count this evidence shows, for checks.
    pub fn figures(&self) -> Vec<Shown> {
        let mut all: Vec<Shown> = self
            .contacts
            .figures()
            .chain(self.discussed.figures())
            .chain(self.not_used.figures())
            .collect();
        if let Some(barrier) = &self.barrier {
            all.extend(barrier.figures());
        }
        all
    }
}

/// A region's signal with its evidence, as the region coordinator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionSignalView {
    pub region: String,
    pub signal: crate::signal::Signal,
    pub scheme: crate::catalog::Label,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier: Option<crate::catalog::Label>,
    pub evidence: RegionEvidence,
    /// When the evidence was counted, ms since the epoch.
    pub counted_at: i64,
}

impl RegionTable {
    /// Every figure of the table, shown or hidden.
    pub fn figures(&self) -> impl Iterator<Item = Shown> + '_ {
        self.cells
            .iter()
            .flatten()
            .chain(&self.row_totals)
            .chain(&self.column_totals)
            .chain(std::iter::once(&self.total))
            .copied()
    }
}

impl RegionSummary {
    pub fn tables(&self) -> [&RegionTable; 4] {
        [
            &self.contacts,
            &self.statuses,
            &self.barriers,
            &self.not_used,
        ]
    }
}

/// The columns of a region's CSV: one line per figure.
#[cfg(feature = "export")]
pub const REGION_CSV_HEADER: [&str; 6] =
    ["tabel", "rij", "rij_naam", "kolom", "kolom_naam", "aantal"];

/// What a table's rows or columns are, for the names beside the codes.
#[cfg(feature = "export")]
#[derive(Clone, Copy)]
enum Axis {
    Plain,
    Scheme,
    Barrier,
}

/// A region's figures as CSV lines (aggregates only): each table's cells,
/// row totals, column totals and total, a hidden figure as "minder dan 5"
/// (or "fewer than 5"), codes beside their names.
#[cfg(feature = "export")]
pub fn region_csv_rows(
    summary: &RegionSummary,
    names: crate::export::Names<'_>,
) -> Vec<Vec<String>> {
    let english = names.lang == crate::Lang::En;
    let hidden = if english {
        "fewer than 5"
    } else {
        "minder dan 5"
    };
    let total = if english { "total" } else { "totaal" };
    let value = |shown: Shown| match shown {
        Shown::Count(n) => n.to_string(),
        Shown::Hidden => hidden.to_string(),
    };
    let name_of = |axis: Axis, id: &str| match axis {
        Axis::Plain => id.to_string(),
        Axis::Scheme => names.scheme(id),
        Axis::Barrier => names.barrier(id),
    };
    let tables = [
        ("contacts", &summary.contacts, Axis::Plain, Axis::Plain),
        ("statuses", &summary.statuses, Axis::Scheme, Axis::Plain),
        ("barriers", &summary.barriers, Axis::Scheme, Axis::Barrier),
        ("not_used", &summary.not_used, Axis::Plain, Axis::Scheme),
    ];
    let mut lines = Vec::new();
    for (table_name, table, rows, columns) in tables {
        let mut line = |row: Option<&str>, column: Option<&str>, n: Shown| {
            let (row, row_name) = row.map_or((total.to_string(), total.to_string()), |id| {
                (id.to_string(), name_of(rows, id))
            });
            let (column, column_name) = column
                .map_or((total.to_string(), total.to_string()), |id| {
                    (id.to_string(), name_of(columns, id))
                });
            lines.push(vec![
                table_name.to_string(),
                row,
                row_name,
                column,
                column_name,
                value(n),
            ]);
        };
        for (r, row) in table.rows.iter().enumerate() {
            for (c, column) in table.columns.iter().enumerate() {
                line(Some(row), Some(column), table.cells[r][c]);
            }
            line(Some(row), None, table.row_totals[r]);
        }
        for (c, column) in table.columns.iter().enumerate() {
            line(None, Some(column), table.column_totals[c]);
        }
        line(None, None, table.total);
    }
    let money = &summary.money;
    for (what, figure) in [
        ("grants", money.grants.map(u64::from)),
        ("euros_per_year", money.euros_per_year),
    ] {
        lines.push(vec![
            "money".to_string(),
            what.to_string(),
            String::new(),
            total.to_string(),
            total.to_string(),
            figure.map_or(hidden.to_string(), |n| n.to_string()),
        ]);
    }
    // The estimate of money left unclaimed, per scheme it could be made for.
    for line in &money.unclaimed {
        for (what, figure) in [
            ("unclaimed_not_used", u64::from(line.not_used)),
            ("unclaimed_euros_per_year", line.euros_per_year),
        ] {
            lines.push(vec![
                "money".to_string(),
                what.to_string(),
                String::new(),
                line.scheme.clone(),
                names.scheme(&line.scheme),
                figure.to_string(),
            ]);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small::SMALLEST_SHOWN;
    use crate::stats::{PeriodCounts, SchemeCounts};
    use proptest::prelude::*;

    fn team(name: &str, months: &[(&str, u32)], not_used: u32, barrier: u32) -> TeamCounts {
        let mut whole = Summary::default();
        for (month, n) in months {
            whole.periods.insert(
                (*month).to_string(),
                PeriodCounts {
                    contacts: *n,
                    not_used: Default::default(),
                },
            );
            whole.contacts += n;
        }
        let mut counts = SchemeCounts {
            discussed: not_used,
            not_used,
            ..Default::default()
        };
        counts.barriers.insert("shame".into(), barrier);
        whole.schemes.insert("kwijtschelding".into(), counts);
        TeamCounts {
            name: name.to_string(),
            whole,
            edges: Vec::new(),
            typical: Default::default(),
        }
    }

    fn no_small(summary: &RegionSummary) {
        for table in summary.tables() {
            for figure in table.figures() {
                if let Shown::Count(n) = figure {
                    assert!(n == 0 || n >= SMALLEST_SHOWN, "{n} shown in {table:?}");
                }
            }
        }
    }

    #[test]
    fn months_are_whole_and_bounded() {
        let months = Months::parse("2026-11", "2027-01").unwrap();
        let (from, until) = months.range(60);
        // 1 November 2026 00:00 in Amsterdam (UTC+1) is 23:00 UTC the day before.
        assert_eq!(from, 1_793_487_600_000);
        assert_eq!(until, 1_801_436_400_000, "1 February 2027, 00:00 UTC+1");
        let edges = months.edges(60);
        assert_eq!(edges.len(), 2);
        assert_eq!(edges[0].0, from);
        assert_eq!(edges[1].1, until);
        assert!(
            Months::parse("2026-11", "2026-11")
                .unwrap()
                .edges(0)
                .is_empty()
        );
        for (from, until) in [
            ("2026-11", "2026-10"),
            ("2026-13", "2026-12"),
            ("26-11", "2026-12"),
            ("2026-1", "2026-12"),
            ("2024-01", "2026-01"),
            ("x", "y"),
        ] {
            assert!(Months::parse(from, until).is_err(), "{from} {until}");
        }
        assert!(Months::parse("2024-02", "2026-01").is_ok(), "24 months");
    }

    #[test]
    fn a_team_with_three_contacts_cannot_be_read_off_the_region() {
        let big = team("Noord", &[("2026-10", 20), ("2026-11", 30)], 12, 7);
        let small = team("Zuid", &[("2026-10", 3)], 3, 2);
        let region = region_summary(&[big.clone(), small]);
        no_small(&region);
        // The total would be 53 − 50: hidden, because Zuid's share is 3.
        assert_eq!(region.contacts.total, Shown::Hidden);
        assert_eq!(region.contacts.row_totals[0], Shown::Count(50));
        assert_eq!(region.contacts.row_totals[1], Shown::Hidden);
        // Without the small team, its counts are simply gone.
        let alone = region_summary(&[big]);
        assert_eq!(alone.contacts.total, Shown::Count(50));
        assert_eq!(alone.statuses.row_totals[0], Shown::Count(12));
    }

    #[test]
    fn the_region_adds_its_teams_up() {
        let a = team("A", &[("2026-11", 10)], 6, 5);
        let b = team("B", &[("2026-11", 15)], 9, 5);
        let region = region_summary(&[a, b]);
        assert_eq!(region.contacts.total, Shown::Count(25));
        assert_eq!(region.contacts.rows, vec!["A", "B"]);
        assert_eq!(region.statuses.rows, vec!["kwijtschelding"]);
        let not_used = region
            .statuses
            .columns
            .iter()
            .position(|c| c == "not_used")
            .unwrap();
        assert_eq!(region.statuses.cells[0][not_used], Shown::Count(15));
        assert_eq!(region.barriers.cells[0][0], Shown::Count(10));
        assert_eq!(
            region.not_used.row_totals,
            vec![Shown::Count(6), Shown::Count(9)]
        );
        assert_eq!(
            region.money,
            RegionMoney {
                grants: Some(0),
                euros_per_year: Some(0),
                unclaimed: Vec::new(),
            },
            "no grants: zero points at no one; no typical amounts, no estimate"
        );
    }

    #[test]
    fn money_left_unclaimed_only_where_every_team_shows() {
        let mut a = team("A", &[("2026-10", 20)], 6, 0);
        a.typical.insert("kwijtschelding".into(), 300);
        let b = team("B", &[("2026-10", 20)], 9, 0);
        let region = region_summary(&[a.clone(), b]);
        assert_eq!(
            region.money.unclaimed,
            vec![UnclaimedLine {
                scheme: "kwijtschelding".into(),
                not_used: 6,
                euros_per_year: 1_800,
            }],
            "only the team with an amount counts"
        );
        let mut c = team("C", &[("2026-10", 20)], 3, 0);
        c.typical.insert("kwijtschelding".into(), 300);
        let region = region_summary(&[a.clone(), c]);
        assert!(
            region.money.unclaimed.is_empty(),
            "C's 3 would be 900 euros more than A's alone"
        );
        let mut d = team("D", &[("2026-10", 20)], 3, 0);
        d.typical.insert("kwijtschelding".into(), 300);
        let region = region_summary(&[d]);
        assert!(region.money.unclaimed.is_empty(), "3 is never shown");
    }

    #[test]
    fn an_edge_month_with_few_contacts_hides_the_total() {
        // Asking for October–November and for November alone would give
        // October's 2 contacts away.
        let mut a = team("A", &[("2026-10", 2), ("2026-11", 20)], 6, 5);
        let month = |label: &str, contacts: u32| {
            let mut summary = Summary {
                contacts,
                ..Default::default()
            };
            summary.periods.insert(
                label.to_string(),
                PeriodCounts {
                    contacts,
                    not_used: Default::default(),
                },
            );
            summary
        };
        a.edges = vec![month("2026-10", 2), month("2026-11", 20)];
        let region = region_summary(&[a]);
        assert_eq!(region.contacts.total, Shown::Hidden);
        no_small(&region);
    }

    proptest! {
        /// Whatever the teams, no figure of 1 to 4 is shown, and no shown
        /// figure differs by 1 to 4 from the same figure without one team.
        #[test]
        fn no_team_can_be_subtracted_out(
            teams in prop::collection::vec(
                (prop::collection::vec(0u32..12, 2), 0u32..12, 0u32..12),
                1..6,
            )
        ) {
            let teams: Vec<TeamCounts> = teams
                .iter()
                .enumerate()
                .map(|(i, (months, not_used, barrier))| {
                    team(
                        &format!("T{i}"),
                        &[("2026-10", months[0]), ("2026-11", months[1])],
                        *not_used,
                        *barrier,
                    )
                })
                .collect();
            let region = region_summary(&teams);
            no_small(&region);
            for left_out in 0..teams.len() {
                let rest: Vec<TeamCounts> = teams
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != left_out)
                    .map(|(_, t)| t.clone())
                    .collect();
                let without = region_summary(&rest);
                for (with, without) in region.tables().iter().zip(without.tables()) {
                    // Totals over the teams can be compared whenever the
                    // columns are the same; cells and row totals when the
                    // rows are too (the tables summed over teams).
                    if with.columns != without.columns {
                        continue;
                    }
                    let mut pairs: Vec<(Shown, Shown)> = with
                        .column_totals
                        .iter()
                        .copied()
                        .zip(without.column_totals.iter().copied())
                        .collect();
                    pairs.push((with.total, without.total));
                    if with.rows == without.rows {
                        pairs.extend(with.figures().zip(without.figures()));
                    }
                    for pair in pairs {
                        if let (Shown::Count(a), Shown::Count(b)) = pair {
                            let difference = a.abs_diff(b);
                            prop_assert!(
                                difference == 0 || difference >= SMALLEST_SHOWN,
                                "{a} and {b} differ by {difference}"
                            );
                        }
                    }
                }
            }
        }

        /// A region signal's evidence: no figure of 1 to 4, and no total
        /// or estimate that one team's leaving moves by 1 to 4.
        #[test]
        fn no_team_can_be_subtracted_out_of_a_signal(
            teams in prop::collection::vec(
                (prop::collection::vec(0u32..8, 2), prop::option::of(100u32..500)),
                1..6,
            )
        ) {
            let months = Months::parse("2026-10", "2026-11").unwrap();
            let teams: Vec<TeamCounts> = teams
                .iter()
                .enumerate()
                .map(|(i, (not_used, typical))| signal_team(&format!("T{i}"), not_used, *typical))
                .collect();
            let evidence = region_evidence(&teams, &months, "kwijtschelding", Some("shame"), Vec::new());
            for figure in evidence.figures() {
                if let Shown::Count(n) = figure {
                    prop_assert!(n == 0 || n >= SMALLEST_SHOWN, "{n} shown");
                }
            }
            for left_out in 0..teams.len() {
                let rest: Vec<TeamCounts> = teams
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != left_out)
                    .map(|(_, t)| t.clone())
                    .collect();
                let without = region_evidence(&rest, &months, "kwijtschelding", Some("shame"), Vec::new());
                let mut pairs = vec![
                    (evidence.contacts.total, without.contacts.total),
                    (evidence.discussed.total, without.discussed.total),
                    (evidence.not_used.total, without.not_used.total),
                ];
                if evidence.not_used.columns == without.not_used.columns {
                    pairs.extend(evidence.not_used.column_totals.iter().copied().zip(without.not_used.column_totals.iter().copied()));
                }
                if let (Some(a), Some(b)) = (&evidence.estimate, &without.estimate) {
                    pairs.push((Shown::Count(a.not_used), Shown::Count(b.not_used)));
                }
                for pair in pairs {
                    if let (Shown::Count(a), Shown::Count(b)) = pair {
                        let difference = a.abs_diff(b);
                        prop_assert!(
                            difference == 0 || difference >= SMALLEST_SHOWN,
                            "{a} and {b} differ by {difference}"
                        );
                    }
                }
            }
        }
    }

    /// A team for a signal about kwijtschelding over October and November:
    /// `not_used[m]` contacts each month, all of them discussing it with
    /// shame in the way, and its typical amount.
    fn signal_team(name: &str, not_used: &[u32], typical: Option<u32>) -> TeamCounts {
        let labels = ["2026-10", "2026-11"];
        let month = |label: &str, n: u32| {
            let mut summary = Summary {
                contacts: n,
                ..Default::default()
            };
            summary.periods.insert(
                label.to_string(),
                PeriodCounts {
                    contacts: n,
                    not_used: [("kwijtschelding".to_string(), n)].into_iter().collect(),
                },
            );
            let mut counts = SchemeCounts {
                discussed: n,
                not_used: n,
                ..Default::default()
            };
            counts.barriers.insert("shame".into(), n);
            summary.schemes.insert("kwijtschelding".into(), counts);
            summary
        };
        let edges: Vec<Summary> = labels
            .iter()
            .zip(not_used)
            .map(|(label, n)| month(label, *n))
            .collect();
        let mut whole = Summary::default();
        for edge in &edges {
            whole.contacts += edge.contacts;
            whole.periods.extend(edge.periods.clone());
            for (scheme, counts) in &edge.schemes {
                let into = whole.schemes.entry(scheme.clone()).or_default();
                into.discussed += counts.discussed;
                into.not_used += counts.not_used;
                for (barrier, n) in &counts.barriers {
                    *into.barriers.entry(barrier.clone()).or_default() += n;
                }
            }
        }
        TeamCounts {
            name: name.to_string(),
            whole,
            edges,
            typical: typical
                .map(|t| [("kwijtschelding".to_string(), t)].into_iter().collect())
                .unwrap_or_default(),
        }
    }

    #[test]
    fn a_signal_sums_its_teams_and_hides_a_small_one() {
        let months = Months::parse("2026-10", "2026-11").unwrap();
        let a = signal_team("A", &[6, 8], Some(300));
        let b = signal_team("B", &[0, 3], Some(300));
        let quotes = (0..5)
            .map(|i| RegionQuote {
                team: "A".into(),
                text: format!("citaat {i}"),
            })
            .collect();
        let evidence = region_evidence(
            std::slice::from_ref(&a),
            &months,
            "kwijtschelding",
            None,
            quotes,
        );
        assert_eq!(evidence.not_used.total, Shown::Count(14));
        assert_eq!(evidence.non_use_percent, Some(100));
        assert_eq!(
            evidence.estimate,
            Some(UnclaimedLine {
                scheme: "kwijtschelding".into(),
                not_used: 14,
                euros_per_year: 4_200
            })
        );
        assert_eq!(evidence.quotes.len(), crate::signal::MAX_QUOTES);
        assert_eq!(
            (evidence.from_month.as_str(), evidence.until_month.as_str()),
            ("2026-10", "2026-11")
        );
        let evidence = region_evidence(
            &[a, b],
            &months,
            "kwijtschelding",
            Some("shame"),
            Vec::new(),
        );
        assert_eq!(evidence.not_used.row_totals[1], Shown::Hidden, "B's 3");
        assert_eq!(
            evidence.not_used.total,
            Shown::Hidden,
            "14 + 3 would give B away"
        );
        assert_eq!(evidence.estimate, None);
        assert_eq!(evidence.non_use_percent, None);
        assert!(evidence.barrier.is_some());
    }
}
