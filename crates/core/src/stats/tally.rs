//! A team's projection held in memory, small enough for a million contacts
//! and quick to count: names (sites, schemes, barriers) are stored once and
//! referred to by number, and contacts are kept column by column (time,
//! site, channel, household, then each one's findings and barriers in one
//! short slice), so counting reads memory in order. Counting it gives the
//! very [`Grouped`] that core's grouping of the contacts gives.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::{DAY_MS, Facts, Filter, Grouped};
use crate::contact::{Channel, Household, Status, Work};
use crate::money::Decision;

/// The projection of a team's live contacts, by record id.
#[derive(Debug, Default)]
pub struct Tally {
    sites: Names,
    schemes: Names,
    barriers: Names,
    /// Record id → place in the columns below. Ids come from phones, so
    /// this map keeps std's keyed hashing.
    places: HashMap<Box<str>, u32>,
    created_at: Vec<i64>,
    site: Vec<u32>,
    /// Place in [`Channel::ALL`], or [`EMPTY`] for a place no contact holds.
    channel: Vec<u8>,
    /// 0 for none, else one more than its place in [`Household::ALL`].
    household: Vec<u8>,
    /// 0 for none, else one more than its place in [`Work::ALL`].
    work: Vec<u8>,
    facts: Vec<Box<[Fact]>>,
    /// Places freed by forgotten contacts, used again first.
    free: Vec<u32>,
}

/// The channel of a place no contact holds.
const EMPTY: u8 = u8::MAX;

/// A finding (scheme, place of its status in [`Status::ALL`]), a barrier
/// named for a scheme, or an outcome.
#[derive(Debug, Clone, Copy)]
enum Fact {
    Finding {
        scheme: u32,
        status: u8,
    },
    Barrier {
        scheme: u32,
        barrier: u32,
    },
    /// An outcome: place of its decision in [`Decision::ALL`], and the
    /// yearly euros of a grant's amount (0: none known).
    Outcome {
        scheme: u32,
        decision: u8,
        yearly: u32,
    },
}

/// Names numbered in the order they were first met.
#[derive(Debug, Default)]
struct Names {
    names: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32>,
}

impl Names {
    fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.into());
        self.numbers.insert(name.into(), n);
        n
    }

    fn name(&self, n: u32) -> String {
        self.names
            .get(n as usize)
            .map(|name| name.to_string())
            .unwrap_or_default()
    }

    fn len(&self) -> usize {
        self.names.len()
    }
}

fn place<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str, wanted: &str) -> Option<u8> {
    all.iter()
        .position(|x| code(*x) == wanted)
        .and_then(|i| u8::try_from(i).ok())
}

impl Tally {
    /// Contacts held.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Holds `facts` for record `id`, replacing what it held; `None` (a
    /// deleted or unreadable record) forgets it.
    pub fn set(&mut self, id: &str, facts: Option<&Facts>) {
        let Some(facts) = facts else {
            self.forget(id);
            return;
        };
        if !self.add_contact(
            id,
            facts.created_at,
            &facts.site,
            facts.channel,
            facts.household,
            facts.work,
        ) {
            return;
        }
        for (scheme, status, named) in &facts.findings {
            self.add_finding(id, scheme, status);
            for barrier in named {
                self.add_barrier(id, scheme, barrier);
            }
        }
        for (scheme, decision, yearly) in &facts.outcomes {
            self.add_outcome(id, scheme, decision, *yearly);
        }
    }

    fn forget(&mut self, id: &str) {
        if let Some(at) = self.places.remove(id) {
            let i = at as usize;
            self.channel[i] = EMPTY;
            self.facts[i] = Box::default();
            self.free.push(at);
        }
    }

    /// A contact without findings, replacing what `id` held ([`Tally::set`]
    /// and reading a team's rows table by table both start here). False,
    /// and nothing held, for a channel core does not know.
    pub fn add_contact(
        &mut self,
        id: &str,
        created_at: i64,
        site: &str,
        channel: &str,
        household: Option<&str>,
        work: Option<&str>,
    ) -> bool {
        let Some(channel) = place(&Channel::ALL, Channel::code, channel) else {
            self.forget(id);
            return false;
        };
        let site = self.sites.number(site);
        let household = household
            .and_then(|h| place(&Household::ALL, Household::code, h))
            .map_or(0, |i| i + 1);
        let work = work
            .and_then(|w| place(&Work::ALL, Work::code, w))
            .map_or(0, |i| i + 1);
        let at = match self.places.get(id) {
            Some(&at) => at,
            None => {
                let at = match self.free.pop() {
                    Some(at) => at,
                    None => {
                        self.created_at.push(0);
                        self.site.push(0);
                        self.channel.push(EMPTY);
                        self.household.push(0);
                        self.work.push(0);
                        self.facts.push(Box::default());
                        u32::try_from(self.channel.len() - 1).unwrap_or(u32::MAX)
                    }
                };
                self.places.insert(id.into(), at);
                at
            }
        };
        let i = at as usize;
        self.created_at[i] = created_at;
        self.site[i] = site;
        self.channel[i] = channel;
        self.household[i] = household;
        self.work[i] = work;
        self.facts[i] = Box::default();
        true
    }

    /// Adds `fact` to contact `id`, if held.
    fn add_fact(&mut self, id: &str, fact: Fact) {
        if let Some(&at) = self.places.get(id) {
            let facts = &mut self.facts[at as usize];
            let mut grown = std::mem::take(facts).into_vec();
            grown.push(fact);
            *facts = grown.into_boxed_slice();
        }
    }

    /// A finding of contact `id`, added before with [`Tally::add_contact`];
    /// one of another or with a status core does not know is left out.
    pub fn add_finding(&mut self, id: &str, scheme: &str, status: &str) {
        let Some(status) = place(&Status::ALL, Status::code, status) else {
            return;
        };
        if self.places.contains_key(id) {
            let scheme = self.schemes.number(scheme);
            self.add_fact(id, Fact::Finding { scheme, status });
        }
    }

    /// A barrier named for `scheme` in contact `id`.
    pub fn add_barrier(&mut self, id: &str, scheme: &str, barrier: &str) {
        if self.places.contains_key(id) {
            let scheme = self.schemes.number(scheme);
            let barrier = self.barriers.number(barrier);
            self.add_fact(id, Fact::Barrier { scheme, barrier });
        }
    }

    /// An outcome recorded for `scheme` in contact `id`; one with a
    /// decision core does not know is left out.
    pub fn add_outcome(&mut self, id: &str, scheme: &str, decision: &str, yearly: Option<u32>) {
        let Some(decision) = place(&Decision::ALL, Decision::code, decision) else {
            return;
        };
        if self.places.contains_key(id) {
            let scheme = self.schemes.number(scheme);
            let yearly = yearly.unwrap_or(0);
            self.add_fact(
                id,
                Fact::Outcome {
                    scheme,
                    decision,
                    yearly,
                },
            );
        }
    }

    /// The counts over the contacts `filter` passes, days in local time
    /// `offset_minutes` from UTC. Counts that are few per team (sites,
    /// channels, scheme × status) go in arrays; the rest in maps keyed by
    /// numbers, with a quick hash for those.
    pub fn grouped(&self, filter: &Filter, offset_minutes: i32) -> Grouped {
        let site = match &filter.site {
            Some(site) => match self.sites.numbers.get(site.as_str()) {
                Some(&n) => Some(n),
                // No contact was made at a site never named.
                None => return Grouped::default(),
            },
            None => None,
        };
        let channel = filter
            .channel
            .map(|c| place(&Channel::ALL, Channel::code, c.code()).unwrap_or(EMPTY - 1));
        let household = filter
            .household
            .map(|h| place(&Household::ALL, Household::code, h.code()).map_or(u8::MAX, |i| i + 1));
        let work = filter
            .work
            .map(|w| place(&Work::ALL, Work::code, w.code()).map_or(u8::MAX, |i| i + 1));
        let offset = i64::from(offset_minutes) * 60_000;
        let statuses = Status::ALL.len();
        let not_used = place(&Status::ALL, Status::code, Status::NotUsed.code()).unwrap_or(EMPTY);
        let mut days: FxHashMap<i64, u32> = FxHashMap::default();
        let mut day_not_used: FxHashMap<(i64, u32), u32> = FxHashMap::default();
        let mut sites = vec![0u32; self.sites.len()];
        let mut site_barriers: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut channels = [0u32; Channel::ALL.len()];
        let mut scheme_statuses = vec![0u32; self.schemes.len() * statuses];
        let mut scheme_barriers: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut works = [0u32; Work::ALL.len() + 1];
        // (scheme, decision) → (outcomes, with an amount, yearly euros)
        let mut scheme_outcomes: FxHashMap<(u32, u8), (u32, u32, u64)> = FxHashMap::default();
        let columns = self
            .created_at
            .iter()
            .zip(&self.site)
            .zip(&self.channel)
            .zip(&self.household)
            .zip(&self.work)
            .zip(&self.facts);
        for (((((&created_at, &s), &ch), &h), &w), facts) in columns {
            if ch == EMPTY
                || work.is_some_and(|wanted| w != wanted)
                || filter.from.is_some_and(|from| created_at < from)
                || filter.until.is_some_and(|until| created_at >= until)
                || site.is_some_and(|wanted| s != wanted)
                || channel.is_some_and(|wanted| ch != wanted)
                || household.is_some_and(|wanted| h != wanted)
            {
                continue;
            }
            let day = (created_at + offset).div_euclid(DAY_MS);
            *days.entry(day).or_default() += 1;
            sites[s as usize] += 1;
            channels[usize::from(ch)] += 1;
            works[usize::from(w)] += 1;
            for fact in facts {
                match *fact {
                    Fact::Finding { scheme, status } => {
                        scheme_statuses[scheme as usize * statuses + usize::from(status)] += 1;
                        if status == not_used {
                            *day_not_used.entry((day, scheme)).or_default() += 1;
                        }
                    }
                    Fact::Barrier { scheme, barrier } => {
                        *site_barriers.entry((s, barrier)).or_default() += 1;
                        *scheme_barriers.entry((scheme, barrier)).or_default() += 1;
                    }
                    Fact::Outcome {
                        scheme,
                        decision,
                        yearly,
                    } => {
                        let at = scheme_outcomes.entry((scheme, decision)).or_default();
                        at.0 += 1;
                        if yearly > 0 {
                            at.1 += 1;
                            at.2 += u64::from(yearly);
                        }
                    }
                }
            }
        }
        let status_code = |i: usize| Status::ALL.get(i).map_or("", |s| s.code()).to_string();
        let mut grouped = Grouped {
            days: days.into_iter().collect(),
            day_not_used: day_not_used
                .into_iter()
                .map(|((day, scheme), n)| (day, self.schemes.name(scheme), n))
                .collect(),
            sites: sites
                .into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .map(|(s, n)| (self.sites.names[s].to_string(), n))
                .collect(),
            site_barriers: site_barriers
                .into_iter()
                .map(|((s, b), n)| (self.sites.name(s), self.barriers.name(b), n))
                .collect(),
            channels: Channel::ALL
                .iter()
                .zip(channels)
                .filter(|&(_, n)| n > 0)
                .map(|(c, n)| (c.code().to_string(), n))
                .collect(),
            scheme_statuses: scheme_statuses
                .into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .map(|(i, n)| {
                    (
                        self.schemes.name((i / statuses) as u32),
                        status_code(i % statuses),
                        n,
                    )
                })
                .collect(),
            scheme_barriers: scheme_barriers
                .into_iter()
                .map(|((s, b), n)| (self.schemes.name(s), self.barriers.name(b), n))
                .collect(),
            works: Work::ALL
                .iter()
                .zip(works.into_iter().skip(1))
                .filter(|&(_, n)| n > 0)
                .map(|(w, n)| (w.code().to_string(), n))
                .collect(),
            scheme_outcomes: scheme_outcomes
                .into_iter()
                .map(|((s, d), (n, with_amount, euros))| {
                    let decision = Decision::ALL.get(usize::from(d)).map_or("", |d| d.code());
                    (
                        self.schemes.name(s),
                        decision.to_string(),
                        n,
                        with_amount,
                        euros,
                    )
                })
                .collect(),
        };
        grouped.sort();
        grouped
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::stats::tests::{arb_contact, grouped_like_sql};
    use crate::stats::{Period, summarise};

    proptest! {
        /// Whatever was set, replaced, forgotten and set again, and whatever the
        /// filter, the tally counts what core counts over the contacts it
        /// holds now.
        #[test]
        fn a_tally_counts_as_core_does(
            contacts in prop::collection::vec(arb_contact(), 0..60),
            replaced in prop::collection::vec(arb_contact(), 0..20),
            forgotten in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
            later in prop::collection::vec(arb_contact(), 0..10),
            site in prop::option::of(prop::sample::select(vec!["Noord", "Zuid", "Nergens"])),
            channel in prop::option::of(prop::sample::select(Channel::ALL.to_vec())),
            household in prop::option::of(prop::sample::select(Household::ALL.to_vec())),
            work in prop::option::of(prop::sample::select(Work::ALL.to_vec())),
            from in prop::option::of(1_600_000_000_000i64..1_700_000_000_000),
            until in prop::option::of(1_600_000_000_000i64..1_700_000_000_000),
            week in any::<bool>(),
            offset in -840i32..=840,
        ) {
            let mut tally = Tally::default();
            let mut now: std::collections::BTreeMap<String, crate::contact::Contact> =
                Default::default();
            for c in contacts.iter().chain(&replaced) {
                tally.set(&c.id, Some(&Facts::of(c)));
                now.insert(c.id.clone(), c.clone());
            }
            for index in forgotten {
                if now.is_empty() {
                    break;
                }
                let id = now.keys().nth(index.index(now.len())).cloned().unwrap_or_default();
                tally.set(&id, None);
                now.remove(&id);
            }
            // Contacts set after others were forgotten take their places.
            for c in &later {
                tally.set(&c.id, Some(&Facts::of(c)));
                now.insert(c.id.clone(), c.clone());
            }
            prop_assert_eq!(tally.len(), now.len());
            let held: Vec<_> = now.into_values().collect();
            // The same contacts read table by table, findings and barriers
            // in any order, count the same.
            let mut by_rows = Tally::default();
            for c in &held {
                let f = Facts::of(c);
                prop_assert!(by_rows.add_contact(&c.id, f.created_at, &f.site, f.channel, f.household, f.work));
            }
            for c in held.iter().rev() {
                let facts = Facts::of(c);
                for (scheme, status, named) in &facts.findings {
                    by_rows.add_finding(&c.id, scheme, status);
                    for barrier in named {
                        by_rows.add_barrier(&c.id, scheme, barrier);
                    }
                }
                for (scheme, decision, yearly) in &facts.outcomes {
                    by_rows.add_outcome(&c.id, scheme, decision, *yearly);
                }
            }
            by_rows.add_finding("nobody", "huurtoeslag", "uses");
            prop_assert!(!by_rows.add_contact("odd", 0, "Noord", "pigeon", None, None));
            let filter = Filter { from, until, site: site.map(String::from), channel, household, work };
            let period = if week { Period::Week } else { Period::Month };
            prop_assert_eq!(&tally.grouped(&filter, offset), &grouped_like_sql(&held, &filter, offset));
            prop_assert_eq!(&by_rows.grouped(&filter, offset), &grouped_like_sql(&held, &filter, offset));
            prop_assert_eq!(
                tally.grouped(&filter, offset).summary(period),
                summarise(&held, &filter, period, offset)
            );
        }
    }
}
