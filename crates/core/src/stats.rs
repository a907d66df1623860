//! Counting what was heard: one aggregation for the app's dashboard and the
//! server's exports. Deterministic (ordered maps), and it counts by the ids
//! records were made with, so a record made with an older catalog version
//! is counted under its own scheme and barrier ids; labels are looked up
//! when shown.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::contact::{Channel, Contact, Household, Status, Work};
use crate::money::{Decision, Unlocked};

/// Which contacts to count. Times are milliseconds since the epoch; `from`
/// is inclusive, `until` exclusive. `None` means no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Filter {
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub site: Option<String>,
    pub channel: Option<Channel>,
    pub household: Option<Household>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<Work>,
}

/// Furthest a phone's clock may be from UTC, in minutes (UTC−14 to UTC+14).
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

impl Filter {
    /// A filter the server takes: a site no longer than a site name can be.
    pub fn validate(&self) -> Result<(), crate::Invalid> {
        match &self.site {
            Some(site) => crate::check_text("site", site, crate::site::SITE_NAME_MAX_CHARS, false),
            None => Ok(()),
        }
    }

    pub fn matches(&self, contact: &Contact) -> bool {
        let input = &contact.input;
        self.from.is_none_or(|from| contact.created_at >= from)
            && self.until.is_none_or(|until| contact.created_at < until)
            && self
                .site
                .as_deref()
                .is_none_or(|site| input.site.as_str() == site)
            && self.channel.is_none_or(|channel| input.channel == channel)
            && self
                .household
                .is_none_or(|household| input.household == Some(household))
            && self.work.is_none_or(|work| input.work == Some(work))
    }
}

/// Per scheme: in how many contacts it came up, and what the residents said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SchemeCounts {
    pub discussed: u32,
    pub uses: u32,
    pub not_used: u32,
    pub does_not_know: u32,
    pub applied_with_help: u32,
    pub referred: u32,
    /// Per barrier id: in how many contacts it stood in the way of this scheme.
    pub barriers: BTreeMap<String, u32>,
    /// Outcomes recorded, per decision code.
    pub decisions: BTreeMap<String, u32>,
    /// What the grants among them are worth a year.
    pub unlocked: Unlocked,
}

impl SchemeCounts {
    fn add(&mut self, status: Status, n: u32) {
        self.discussed += n;
        let slot = match status {
            Status::Uses => &mut self.uses,
            Status::NotUsed => &mut self.not_used,
            Status::DoesNotKnow => &mut self.does_not_know,
            Status::AppliedWithHelp => &mut self.applied_with_help,
            Status::Referred => &mut self.referred,
        };
        *slot += n;
    }

    fn add_outcome(&mut self, decision: Decision, n: u32, with_amount: u32, euros: u64) {
        *self
            .decisions
            .entry(decision.code().to_string())
            .or_default() += n;
        if decision == Decision::Granted {
            self.unlocked.euros_per_year += euros;
            self.unlocked.with_amount += with_amount;
            self.unlocked.without_amount += n - with_amount;
        }
    }

    /// The share of contacts about this scheme in which it is not used, in
    /// per mille (integer, so the result is the same everywhere).
    pub fn non_use_permille(&self) -> Option<u32> {
        (self.discussed != 0).then(|| self.not_used * 1000 / self.discussed)
    }
}

/// How periods are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO weeks: `2026-W48`.
    Week,
    /// Calendar months: `2026-11`.
    Month,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Summary {
    /// Contacts that passed the filter.
    pub contacts: u32,
    /// Per scheme id.
    pub schemes: BTreeMap<String, SchemeCounts>,
    /// Per period label: contacts, and per scheme the contacts in which it
    /// was not used.
    pub periods: BTreeMap<String, PeriodCounts>,
    /// Per site: contacts, and per barrier id how often it was named.
    pub sites: BTreeMap<String, SiteCounts>,
    /// Per channel code: contacts.
    pub channels: BTreeMap<String, u32>,
    /// Per work situation code: contacts that gave one.
    pub works: BTreeMap<String, u32>,
}

impl Summary {
    /// Money unlocked over every scheme.
    pub fn unlocked(&self) -> Unlocked {
        let mut total = Unlocked::default();
        for counts in self.schemes.values() {
            total.euros_per_year += counts.unlocked.euros_per_year;
            total.with_amount += counts.unlocked.with_amount;
            total.without_amount += counts.unlocked.without_amount;
        }
        total
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PeriodCounts {
    pub contacts: u32,
    pub not_used: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SiteCounts {
    pub contacts: u32,
    pub barriers: BTreeMap<String, u32>,
}

impl SiteCounts {
    /// The `n` barriers named most here, most first; ties by id.
    pub fn top_barriers(&self, n: usize) -> Vec<(&str, u32)> {
        let mut all: Vec<(&str, u32)> = self
            .barriers
            .iter()
            .map(|(id, count)| (id.as_str(), *count))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }
}

/// Counts `contacts` that pass `filter`. `offset_minutes` is the local
/// time's offset from UTC (60 in Dutch winter), so a contact just after
/// midnight falls in the right day, week and month.
pub fn summarise<'a>(
    contacts: impl IntoIterator<Item = &'a Contact>,
    filter: &Filter,
    period: Period,
    offset_minutes: i32,
) -> Summary {
    let mut counter = Counter::new(filter.clone(), period, offset_minutes);
    for contact in contacts {
        counter.add(contact);
    }
    counter.finish()
}

/// [`summarise`] one contact at a time, for contacts that arrive as a
/// stream (the server's exports): memory stays the size of the summary.
pub struct Counter {
    summary: Summary,
    filter: Filter,
    period: Period,
    offset_minutes: i32,
}

impl Counter {
    pub fn new(filter: Filter, period: Period, offset_minutes: i32) -> Counter {
        Counter {
            summary: Summary::default(),
            filter,
            period,
            offset_minutes,
        }
    }

    pub fn add(&mut self, contact: &Contact) {
        if !self.filter.matches(contact) {
            return;
        }
        let summary = &mut self.summary;
        let input = &contact.input;
        summary.contacts += 1;
        *summary
            .channels
            .entry(input.channel.code().to_string())
            .or_default() += 1;
        if let Some(work) = input.work {
            *summary.works.entry(work.code().to_string()).or_default() += 1;
        }
        let label = period_label(contact.created_at, self.period, self.offset_minutes);
        let period = summary.periods.entry(label).or_default();
        period.contacts += 1;
        let site = summary
            .sites
            .entry(input.site.as_str().to_string())
            .or_default();
        site.contacts += 1;
        for finding in &input.findings {
            let counts = summary.schemes.entry(finding.scheme.clone()).or_default();
            counts.add(finding.status, 1);
            if finding.status == Status::NotUsed {
                *period.not_used.entry(finding.scheme.clone()).or_default() += 1;
            }
            for barrier in &finding.barriers {
                *counts.barriers.entry(barrier.clone()).or_default() += 1;
                *site.barriers.entry(barrier.clone()).or_default() += 1;
            }
        }
        for (scheme, decision, yearly) in counted_outcomes(contact) {
            let counts = summary.schemes.entry(scheme.to_string()).or_default();
            counts.add_outcome(
                decision,
                1,
                u32::from(yearly.is_some()),
                yearly.unwrap_or(0),
            );
        }
    }

    pub fn finish(self) -> Summary {
        self.summary
    }
}

/// The outcomes of `contact` that count: those of a scheme it discussed,
/// each as (scheme, decision, yearly euros of a valid grant's amount).
fn counted_outcomes(contact: &Contact) -> impl Iterator<Item = (&str, Decision, Option<u64>)> {
    let input = &contact.input;
    input.outcomes.iter().filter_map(|o| {
        let outcome = o.outcome.as_ref()?;
        if outcome.validate("outcome").is_err()
            || !input.findings.iter().any(|f| f.scheme == o.scheme)
        {
            return None;
        }
        Some((
            o.scheme.as_str(),
            outcome.decision,
            outcome.amount.map(|a| a.yearly()),
        ))
    })
}

/// A day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// The period `at` falls in, in local time.
pub fn period_label(at: i64, period: Period, offset_minutes: i32) -> String {
    let local = at + i64::from(offset_minutes) * 60_000;
    day_period_label(local.div_euclid(DAY_MS), period)
}

/// The period of a local day counted from 1970-01-01.
pub fn day_period_label(days: i64, period: Period) -> String {
    match period {
        Period::Month => {
            let (year, month, _) = civil_from_days(days);
            format!("{year:04}-{month:02}")
        }
        Period::Week => {
            let (year, week) = iso_week(days);
            format!("{year:04}-W{week:02}")
        }
    }
}

/// The calendar date of a day counted from 1970-01-01 (proleptic
/// Gregorian; Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The ISO 8601 week-year and week of a day counted from 1970-01-01.
fn iso_week(days: i64) -> (i64, u32) {
    // 1970-01-01 was a Thursday; ISO weekdays run 1 (Monday) to 7.
    let weekday = (days + 3).rem_euclid(7) + 1;
    // The week belongs to the year of its Thursday.
    let thursday = days - weekday + 4;
    let (year, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(year, 1, 1);
    let week = (thursday - jan1) / 7 + 1;
    (year, week as u32)
}

pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An ISO 8601 timestamp in UTC (`2026-11-23T21:05:00Z`), for exports.
pub fn iso_datetime(at: i64) -> String {
    let days = at.div_euclid(86_400_000);
    let ms = at.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// The dashboard answers a coordinator's phone keeps, so that offline the
/// dashboard still shows figures, dated: the last answer per query, newest
/// first, at most [`KeptAnswers::KEPT`] (a few kilobytes each).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptAnswers {
    pub answers: Vec<KeptAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptAnswer {
    pub query: String,
    /// When the server gave it (milliseconds since 1970).
    pub at: i64,
    pub summary: Summary,
}

impl KeptAnswers {
    pub const KEPT: usize = 12;

    /// Keeps `summary` as the answer to `query`, replacing an older one,
    /// and forgets the oldest beyond [`Self::KEPT`].
    pub fn keep(&mut self, query: String, at: i64, summary: Summary) {
        self.answers.retain(|a| a.query != query);
        self.answers.insert(0, KeptAnswer { query, at, summary });
        self.answers.truncate(Self::KEPT);
    }

    pub fn get(&self, query: &str) -> Option<&KeptAnswer> {
        self.answers.iter().find(|a| a.query == query)
    }

    /// Every site a kept answer names, sorted: the choices of the filter.
    pub fn sites(&self) -> Vec<String> {
        let all: std::collections::BTreeSet<&String> = self
            .answers
            .iter()
            .flat_map(|a| a.summary.sites.keys())
            .collect();
        all.into_iter().cloned().collect()
    }
}

/// What the server keeps of one live contact for counting (its
/// projection): one row for the contact, one per finding (with its
/// barriers in one text, [`BarrierList`]), one per outcome that counts.
/// Counting then runs over these rows; the records themselves are never
/// parsed to answer a dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub created_at: i64,
    pub catalog_version: u32,
    /// The quote the resident agreed to share, if any.
    pub quote: Option<String>,
    pub site: String,
    pub channel: &'static str,
    pub household: Option<&'static str>,
    pub work: Option<&'static str>,
    /// Per finding: scheme id, status code, barrier ids.
    pub findings: Vec<(String, &'static str, Vec<String>)>,
    /// Per outcome that counts: scheme id, decision code, yearly euros of
    /// a grant's amount (at most 12 × [`crate::money::MAX_EUROS`]).
    pub outcomes: Vec<(String, &'static str, Option<u32>)>,
}

impl Facts {
    /// The facts of a stored record: none for a tombstone or a record that
    /// is not a readable contact (which counting skips too).
    pub fn of_record(id: &str, record: &crate::sync::ServerRecord) -> Option<Facts> {
        if record.deleted_at.is_some() {
            return None;
        }
        let values = record
            .fields
            .iter()
            .map(|(name, state)| (name, &state.value));
        crate::replica::contact_from_values(id, values).map(|c| Facts::of(&c))
    }

    pub fn of(contact: &Contact) -> Facts {
        let input = &contact.input;
        Facts {
            created_at: contact.created_at,
            catalog_version: contact.catalog_version,
            quote: input.quote.as_ref().map(|q| q.text.clone()),
            site: input.site.as_str().to_string(),
            channel: input.channel.code(),
            household: input.household.map(Household::code),
            work: input.work.map(Work::code),
            findings: input
                .findings
                .iter()
                .map(|f| (f.scheme.clone(), f.status.code(), f.barriers.clone()))
                .collect(),
            outcomes: counted_outcomes(contact)
                .map(|(scheme, decision, yearly)| {
                    (
                        scheme.to_string(),
                        decision.code(),
                        yearly.and_then(|y| u32::try_from(y).ok()),
                    )
                })
                .collect(),
        }
    }
}

/// The counts over the projection of the contacts that pass a [`Filter`],
/// grouped and in key order ([`Tally::grouped`] makes them); [`Grouped::summary`] turns them into
/// the same [`Summary`] that [`summarise`] makes from the contacts.
/// `day` is the local day (`(created_at + offset) / DAY_MS`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grouped {
    /// (local day, contacts)
    pub days: Vec<(i64, u32)>,
    /// (local day, scheme, findings "not used")
    pub day_not_used: Vec<(i64, String, u32)>,
    /// (site, contacts)
    pub sites: Vec<(String, u32)>,
    /// (site, barrier, times named)
    pub site_barriers: Vec<(String, String, u32)>,
    /// (channel code, contacts)
    pub channels: Vec<(String, u32)>,
    /// (scheme, status code, findings)
    pub scheme_statuses: Vec<(String, String, u32)>,
    /// (scheme, barrier, times named)
    pub scheme_barriers: Vec<(String, String, u32)>,
    /// (work situation code, contacts)
    pub works: Vec<(String, u32)>,
    /// (scheme, decision code, outcomes, of which with an amount, yearly euros)
    pub scheme_outcomes: Vec<(String, String, u32, u32, u64)>,
}

impl Grouped {
    /// Puts every list in the order of its key, as a fold into ordered
    /// maps would.
    pub(crate) fn sort(&mut self) {
        self.days.sort_unstable();
        self.day_not_used.sort_unstable();
        self.sites.sort_unstable();
        self.site_barriers.sort_unstable();
        self.channels.sort_unstable();
        self.scheme_statuses.sort_unstable();
        self.scheme_barriers.sort_unstable();
        self.works.sort_unstable();
        self.scheme_outcomes.sort_unstable();
    }

    pub fn summary(self, period: Period) -> Summary {
        let mut summary = Summary::default();
        for (day, n) in self.days {
            summary
                .periods
                .entry(day_period_label(day, period))
                .or_default()
                .contacts += n;
        }
        for (day, scheme, n) in self.day_not_used {
            let label = day_period_label(day, period);
            *summary
                .periods
                .entry(label)
                .or_default()
                .not_used
                .entry(scheme)
                .or_default() += n;
        }
        for (site, n) in self.sites {
            summary.sites.entry(site).or_default().contacts += n;
        }
        for (site, barrier, n) in self.site_barriers {
            *summary
                .sites
                .entry(site)
                .or_default()
                .barriers
                .entry(barrier)
                .or_default() += n;
        }
        for (channel, n) in self.channels {
            summary.contacts += n;
            *summary.channels.entry(channel).or_default() += n;
        }
        for (scheme, status, n) in self.scheme_statuses {
            let counts = summary.schemes.entry(scheme).or_default();
            if let Some(status) = Status::from_code(&status) {
                counts.add(status, n);
            }
        }
        for (work, n) in self.works {
            *summary.works.entry(work).or_default() += n;
        }
        for (scheme, decision, n, with_amount, euros) in self.scheme_outcomes {
            if let Some(decision) = Decision::ALL.into_iter().find(|d| d.code() == decision) {
                let counts = summary.schemes.entry(scheme).or_default();
                counts.add_outcome(decision, n, with_amount.min(n), euros);
            }
        }
        for (scheme, barrier, n) in self.scheme_barriers {
            *summary
                .schemes
                .entry(scheme)
                .or_default()
                .barriers
                .entry(barrier)
                .or_default() += n;
        }
        summary
    }
}

/// A finding's barrier ids as one text, for its counting row: each id
/// between `|`, with `%` and `|` inside an id written `%25` and `%7C`, and
/// empty for none. So [`BarrierList::needle`] of an id is found in a list
/// (as a plain substring, the same in every database) exactly when the
/// list holds that id.
pub struct BarrierList;

impl BarrierList {
    /// The text of `ids`, in their order.
    pub fn of(ids: &[String]) -> String {
        if ids.is_empty() {
            return String::new();
        }
        let mut list = String::from("|");
        for id in ids {
            list.push_str(&Self::escaped(id));
            list.push('|');
        }
        list
    }

    /// What a list holding `id` contains.
    pub fn needle(id: &str) -> String {
        format!("|{}|", Self::escaped(id))
    }

    /// The ids of a list [`BarrierList::of`] made, in order. A text it
    /// did not make gives what it can, never an error.
    pub fn ids(list: &str) -> impl Iterator<Item = String> + '_ {
        let inner = list.strip_prefix('|').unwrap_or(list);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        (!list.is_empty())
            .then(|| inner.split('|').map(Self::unescaped))
            .into_iter()
            .flatten()
    }

    fn unescaped(escaped: &str) -> String {
        let mut id = String::with_capacity(escaped.len());
        let mut rest = escaped;
        while let Some(at) = rest.find('%') {
            id.push_str(&rest[..at]);
            let escape = &rest[at..];
            if let Some(after) = escape.strip_prefix("%25") {
                id.push('%');
                rest = after;
            } else if let Some(after) = escape.strip_prefix("%7C") {
                id.push('|');
                rest = after;
            } else {
                id.push('%');
                rest = &escape[1..];
            }
        }
        id.push_str(rest);
        id
    }

    fn escaped(id: &str) -> std::borrow::Cow<'_, str> {
        if id.contains(['%', '|']) {
            id.replace('%', "%25").replace('|', "%7C").into()
        } else {
            id.into()
        }
    }
}

mod tally;
pub use tally::Tally;

#[cfg(test)]
mod tests;
