//! Signals to the municipality: a coordinator writes what goes wrong in the
//! system, what is asked, and picks a filter (scheme, barrier, place,
//! period); the evidence is counted from that filter each time the signal
//! is read, so an erased contact leaves it at once.
//!
//! A signal leaves the team (printed, or by a read-only link), so its
//! evidence follows the small-number rule of [`crate::small`]: no count
//! between 1 and 4, no month that the total gives away, no sum of money
//! or estimate that would let one work such a count out. Quotes come only
//! from contacts whose resident agreed to share (a contact holds a quote
//! only then).

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Label};
use crate::consultation::date_days;
use crate::small::{SMALLEST_SHOWN, Shown, shown, shown_row};
use crate::stats::{Filter, Summary};
use crate::{Invalid, Lang, ProblemKind, check_text, invalid};

pub const MAX_TITLE: usize = 120;
/// What goes wrong, what is asked, the municipality's answer.
pub const MAX_TEXT: usize = 4_000;
/// Signals one team may keep.
pub const MAX_SIGNALS: u32 = 1_000;
/// Signals per page of the list.
pub const SIGNALS_PAGE: usize = 50;
/// Quotes a signal shows at most.
pub const MAX_QUOTES: usize = 3;
/// Months of trend a signal shows at most (the newest).
pub const MAX_MONTHS: usize = 36;
/// Dates are whole days in Dutch standard time (UTC+1): the day a team
/// means, whatever the server's clock says.
pub const DAY_OFFSET_MINUTES: i32 = 60;

/// Where a signal is in its life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignalStatus {
    #[default]
    Draft,
    Sent,
    Answered,
    Resolved,
}

impl SignalStatus {
    pub const ALL: [SignalStatus; 4] = [
        SignalStatus::Draft,
        SignalStatus::Sent,
        SignalStatus::Answered,
        SignalStatus::Resolved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SignalStatus::Draft => "draft",
            SignalStatus::Sent => "sent",
            SignalStatus::Answered => "answered",
            SignalStatus::Resolved => "resolved",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            SignalStatus::Draft => ("Nog niet verstuurd", "Draft"),
            SignalStatus::Sent => ("Verstuurd", "Sent"),
            SignalStatus::Answered => ("Antwoord ontvangen", "Answered"),
            SignalStatus::Resolved => ("Opgelost", "Resolved"),
        };
        if lang == Lang::En { en } else { nl }
    }
}

/// Which contacts a signal's evidence is counted from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SignalFilter {
    /// The scheme the signal is about (a catalog id).
    pub scheme: String,
    /// A barrier that stands in its way (a catalog id); none: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier: Option<String>,
    /// First day counted, `YYYY-MM-DD`; none: from the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day counted, `YYYY-MM-DD`; none: up to now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// One place (site name); none: every place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

const DAY_MS: i64 = 86_400_000;

impl SignalFilter {
    /// The dashboard's filter for these days and this place.
    pub fn counting_filter(&self) -> Filter {
        let start =
            |day: &str| date_days(day).map(|d| d * DAY_MS - i64::from(DAY_OFFSET_MINUTES) * 60_000);
        Filter {
            from: self.from.as_deref().and_then(start),
            // Up to the end of the last day: the start of the next.
            until: self.until.as_deref().and_then(start).map(|ms| ms + DAY_MS),
            site: self.site.clone(),
            ..Filter::default()
        }
    }
}

/// A signal as the coordinator writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Signal {
    /// Given by the server; ignored when sent.
    #[serde(default)]
    pub id: String,
    pub title: String,
    /// What goes wrong, in the system's own terms.
    pub problem: String,
    /// What the team asks of the municipality.
    pub ask: String,
    pub filter: SignalFilter,
    #[serde(default)]
    pub status: SignalStatus,
    /// `YYYY-MM-DD`, when it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_on: Option<String>,
    /// The municipality's answer.
    #[serde(default)]
    pub answer: String,
    /// `YYYY-MM-DD`, when the answer came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<String>,
}

impl Signal {
    /// Lengths, dates, and a scheme and barrier the team's catalog knows.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), Invalid> {
        check_text("title", &self.title, MAX_TITLE, true)?;
        check_text("problem", &self.problem, MAX_TEXT, false)?;
        check_text("ask", &self.ask, MAX_TEXT, false)?;
        check_text("answer", &self.answer, MAX_TEXT, false)?;
        if self.filter.scheme.is_empty() {
            return Err(invalid("filter.scheme", ProblemKind::Required));
        }
        if catalog.scheme(&self.filter.scheme).is_none() {
            return Err(invalid("filter.scheme", ProblemKind::Unknown));
        }
        if let Some(barrier) = &self.filter.barrier
            && catalog.barrier(barrier).is_none()
        {
            return Err(invalid("filter.barrier", ProblemKind::Unknown));
        }
        if let Some(site) = &self.filter.site {
            check_text("filter.site", site, crate::site::SITE_NAME_MAX_CHARS, true)?;
        }
        let mut days = [None, None];
        for (i, (field, day)) in [
            ("filter.from", &self.filter.from),
            ("filter.until", &self.filter.until),
            ("sent_on", &self.sent_on),
            ("answered_on", &self.answered_on),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(day) = day {
                let counted =
                    date_days(day).ok_or_else(|| invalid(field, ProblemKind::NotADate))?;
                if i < 2 {
                    days[i] = Some(counted);
                }
            }
        }
        if let [Some(from), Some(until)] = days
            && until < from
        {
            return Err(invalid("filter.until", ProblemKind::ClosesBeforeOpening));
        }
        Ok(())
    }

    /// A region's signal: the same rules against the standard catalog
    /// (a region has none of its own), no place (places are a team's),
    /// and both days given: they are read as the whole months that hold
    /// them, at most [`crate::region::MAX_REGION_MONTHS`].
    pub fn validate_for_region(&self) -> Result<crate::region::Months, Invalid> {
        self.validate(&Catalog::default_catalog())?;
        if self.filter.site.is_some() {
            return Err(invalid("filter.site", ProblemKind::MustBeEmpty));
        }
        let month = |field: &str, day: &Option<String>| -> Result<String, Invalid> {
            let day = day
                .as_deref()
                .ok_or_else(|| invalid(field, ProblemKind::Required))?;
            Ok(day.get(..7).unwrap_or_default().to_string())
        };
        let from = month("filter.from", &self.filter.from)?;
        let until = month("filter.until", &self.filter.until)?;
        crate::region::Months::parse(&from, &until).map_err(|err| Invalid {
            field: if err.field == "from_month" {
                "filter.from".into()
            } else {
                "filter.until".into()
            },
            problem: err.problem,
        })
    }
}

/// A signal in the team's list, with its report link when shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SignalInfo {
    pub signal: Signal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One month of the trend: in how many contacts the scheme was not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MonthShown {
    /// `YYYY-MM`.
    pub month: String,
    pub not_used: Shown,
}

/// The estimate of money left unclaimed for the signal's scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct EstimateShown {
    pub euros_per_year: u64,
    pub typical_per_year: u32,
    pub source: String,
}

/// What the filter counted, as it may leave the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Evidence {
    /// Contacts in the place and period.
    pub contacts: Shown,
    /// Those in which the scheme came up.
    pub discussed: Shown,
    /// Those in which the resident did not use it.
    pub not_used: Shown,
    /// Not used of discussed, in percent: only when both counts show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_use_percent: Option<u32>,
    /// Those in which the filter's barrier stood in its way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier: Option<Shown>,
    /// Not used per month, oldest first.
    pub months: Vec<MonthShown>,
    /// Grants with a known amount.
    pub granted: Shown,
    /// What those grants are worth a year: only when their number shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlocked_per_year: Option<u64>,
    /// Money left unclaimed ("schatting"): only when non-use shows and the
    /// team set a typical amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<EstimateShown>,
    /// Quotes residents agreed to share, newest first.
    pub quotes: Vec<String>,
}

impl Evidence {
    /// The evidence of `filter` from the team's counts for it (`summary`,
    /// per month), the typical amount of its scheme, and quotes of
    /// contacts that agreed to share (at most [`MAX_QUOTES`] are kept).
    pub fn of(
        summary: &Summary,
        filter: &SignalFilter,
        typical: Option<&crate::money::TypicalAmount>,
        quotes: Vec<String>,
    ) -> Evidence {
        let counts = summary
            .schemes
            .get(&filter.scheme)
            .cloned()
            .unwrap_or_default();
        let not_used = shown(counts.not_used);
        let discussed = shown(counts.discussed);
        let non_use_percent = match (discussed, not_used) {
            (Shown::Count(d), Shown::Count(n)) if d > 0 => Some(n * 100 / d),
            _ => None,
        };
        let barrier = filter
            .barrier
            .as_ref()
            .map(|b| shown(counts.barriers.get(b).copied().unwrap_or(0)));
        // The months sum to the total not used: one hidden month beside a
        // shown total would be given away, so core's row rule applies.
        let first = summary.periods.len().saturating_sub(MAX_MONTHS);
        let periods: Vec<(&String, u32)> = summary
            .periods
            .iter()
            .map(|(month, p)| (month, p.not_used.get(&filter.scheme).copied().unwrap_or(0)))
            .collect();
        let cells: Vec<u32> = periods.iter().map(|(_, n)| *n).collect();
        let months = periods
            .iter()
            .zip(shown_row(&cells, counts.not_used))
            .skip(first)
            .map(|((month, _), not_used)| MonthShown {
                month: (*month).clone(),
                not_used,
            })
            .collect();
        let granted = shown(counts.unlocked.with_amount);
        let unlocked_per_year = match granted {
            Shown::Count(n) if n >= SMALLEST_SHOWN => Some(counts.unlocked.euros_per_year),
            _ => None,
        };
        let estimate = match (not_used, typical) {
            (Shown::Count(n), Some(t)) if n >= SMALLEST_SHOWN => Some(EstimateShown {
                euros_per_year: u64::from(n) * u64::from(t.euros_per_year),
                typical_per_year: t.euros_per_year,
                source: t.source.clone(),
            }),
            _ => None,
        };
        let mut quotes = quotes;
        quotes.truncate(MAX_QUOTES);
        Evidence {
            contacts: shown(summary.contacts),
            discussed,
            not_used,
            non_use_percent,
            barrier,
            months,
            granted,
            unlocked_per_year,
            estimate,
            quotes,
        }
    }

    /// Every count this evidence shows, for checks.
    pub fn counts(&self) -> Vec<Shown> {
        let mut all = vec![self.contacts, self.discussed, self.not_used, self.granted];
        all.extend(self.barrier);
        all.extend(self.months.iter().map(|m| m.not_used));
        all
    }
}

/// A signal with its evidence, as the coordinator and a signal link show
/// it: names of the scheme and barrier included, for a reader without the
/// catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SignalView {
    pub team: String,
    pub signal: Signal,
    pub scheme: Label,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier: Option<Label>,
    pub evidence: Evidence,
    /// When the evidence was counted, ms since the epoch.
    pub counted_at: i64,
    /// The read-only link's code: only for the team, never on the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
}

#[cfg(test)]
mod tests;
