//! A team's projection held in memory, small enough for a million contacts:
//! names (sites, schemes, barriers) are stored once and referred to by
//! number, so a contact's own facts take a few dozen bytes (its id and the
//! map around it about as much again). Counting it gives the very
//! [`Grouped`] the database's scans give, without reading a row.

use std::collections::HashMap;

use super::{DAY_MS, Facts, Filter, Grouped};
use crate::contact::{Channel, Household, Status};

/// The projection of a team's live contacts, by record id.
#[derive(Debug, Default)]
pub struct Tally {
    names: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32>,
    contacts: HashMap<Box<str>, Compact>,
}

/// One contact: its time, numbered names and coded choices.
#[derive(Debug)]
struct Compact {
    created_at: i64,
    site: u32,
    channel: u8,
    /// 0 for none, else one more than its place in [`Household::ALL`].
    household: u8,
    /// (scheme, place of the status in [`Status::ALL`])
    findings: Vec<(u32, u8)>,
    /// (scheme, barrier), per barrier named
    barriers: Vec<(u32, u32)>,
}

fn place<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str, wanted: &str) -> Option<u8> {
    all.iter()
        .position(|x| code(*x) == wanted)
        .and_then(|i| u8::try_from(i).ok())
}

impl Tally {
    /// Contacts held.
    pub fn len(&self) -> usize {
        self.contacts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty()
    }

    fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.into());
        self.numbers.insert(name.into(), n);
        n
    }

    /// Holds `facts` for record `id`, replacing what it held; `None` (a
    /// deleted or unreadable record) forgets it.
    pub fn set(&mut self, id: &str, facts: Option<&Facts>) {
        let Some(facts) = facts else {
            self.contacts.remove(id);
            return;
        };
        if !self.add_contact(
            id,
            facts.created_at,
            &facts.site,
            facts.channel,
            facts.household,
        ) {
            return;
        }
        for (scheme, status, named) in &facts.findings {
            self.add_finding(id, scheme, status);
            for barrier in named {
                self.add_barrier(id, scheme, barrier);
            }
        }
    }

    /// A contact without findings, replacing what `id` held ([`Tally::set`]
    /// and reading a team's rows table by table both start here). False, and nothing held, for a channel
    /// core does not know.
    pub fn add_contact(
        &mut self,
        id: &str,
        created_at: i64,
        site: &str,
        channel: &str,
        household: Option<&str>,
    ) -> bool {
        let Some(channel) = place(&Channel::ALL, Channel::code, channel) else {
            self.contacts.remove(id);
            return false;
        };
        let site = self.number(site);
        let household = household
            .and_then(|h| place(&Household::ALL, Household::code, h))
            .map_or(0, |i| i + 1);
        self.contacts.insert(
            id.into(),
            Compact {
                created_at,
                site,
                channel,
                household,
                findings: Vec::new(),
                barriers: Vec::new(),
            },
        );
        true
    }

    /// A finding of contact `id`, added before with [`Tally::add_contact`];
    /// one of another or with a status core does not know is left out.
    pub fn add_finding(&mut self, id: &str, scheme: &str, status: &str) {
        let Some(status) = place(&Status::ALL, Status::code, status) else {
            return;
        };
        if self.contacts.contains_key(id) {
            let scheme = self.number(scheme);
            if let Some(c) = self.contacts.get_mut(id) {
                c.findings.push((scheme, status));
            }
        }
    }

    /// A barrier named for `scheme` in contact `id`.
    pub fn add_barrier(&mut self, id: &str, scheme: &str, barrier: &str) {
        if self.contacts.contains_key(id) {
            let pair = (self.number(scheme), self.number(barrier));
            if let Some(c) = self.contacts.get_mut(id) {
                c.barriers.push(pair);
            }
        }
    }

    /// The counts over the contacts `filter` passes, days in local time
    /// `offset_minutes` from UTC: what a database's scans of the same
    /// projection give.
    pub fn grouped(&self, filter: &Filter, offset_minutes: i32) -> Grouped {
        let site = match &filter.site {
            Some(site) => match self.numbers.get(site.as_str()) {
                Some(&n) => Some(n),
                // No contact was made at a site never named.
                None => return Grouped::default(),
            },
            None => None,
        };
        let channel = filter
            .channel
            .map(|c| place(&Channel::ALL, Channel::code, c.code()).unwrap_or(u8::MAX));
        let household = filter
            .household
            .map(|h| place(&Household::ALL, Household::code, h.code()).map_or(u8::MAX, |i| i + 1));
        let offset = i64::from(offset_minutes) * 60_000;
        let mut by_contact: HashMap<(i64, u32, u8), i64> = HashMap::new();
        let mut by_finding: HashMap<(i64, u32, u8), i64> = HashMap::new();
        let mut by_barrier: HashMap<(u32, u32, u32), i64> = HashMap::new();
        for c in self.contacts.values() {
            if filter.from.is_some_and(|from| c.created_at < from)
                || filter.until.is_some_and(|until| c.created_at >= until)
                || site.is_some_and(|s| c.site != s)
                || channel.is_some_and(|ch| c.channel != ch)
                || household.is_some_and(|h| c.household != h)
            {
                continue;
            }
            let day = (c.created_at + offset).div_euclid(DAY_MS);
            *by_contact.entry((day, c.site, c.channel)).or_default() += 1;
            for &(scheme, status) in &c.findings {
                *by_finding.entry((day, scheme, status)).or_default() += 1;
            }
            for &(scheme, barrier) in &c.barriers {
                *by_barrier.entry((c.site, scheme, barrier)).or_default() += 1;
            }
        }
        let name = |n: u32| self.names[n as usize].to_string();
        let channel_code = |i: u8| Channel::ALL.get(usize::from(i)).map_or("", |c| c.code());
        let status_code = |i: u8| Status::ALL.get(usize::from(i)).map_or("", |s| s.code());
        Grouped::of_scans(
            by_contact
                .into_iter()
                .map(|((day, site, ch), n)| (day, name(site), channel_code(ch).to_string(), n))
                .collect(),
            by_finding
                .into_iter()
                .map(|((day, scheme, st), n)| (day, name(scheme), status_code(st).to_string(), n))
                .collect(),
            by_barrier
                .into_iter()
                .map(|((site, scheme, barrier), n)| (name(site), name(scheme), name(barrier), n))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::stats::tests::{arb_contact, grouped_like_sql};
    use crate::stats::{Period, summarise};

    proptest! {
        /// Whatever was set, replaced and forgotten, and whatever the
        /// filter, the tally counts what core counts over the contacts it
        /// holds now.
        #[test]
        fn a_tally_counts_as_core_does(
            contacts in prop::collection::vec(arb_contact(), 0..60),
            replaced in prop::collection::vec(arb_contact(), 0..20),
            forgotten in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
            site in prop::option::of(prop::sample::select(vec!["Noord", "Zuid", "Nergens"])),
            channel in prop::option::of(prop::sample::select(Channel::ALL.to_vec())),
            household in prop::option::of(prop::sample::select(Household::ALL.to_vec())),
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
            prop_assert_eq!(tally.len(), now.len());
            let held: Vec<_> = now.into_values().collect();
            // The same contacts read table by table, findings and barriers
            // in any order, count the same.
            let mut by_rows = Tally::default();
            for c in &held {
                let f = Facts::of(c);
                prop_assert!(by_rows.add_contact(&c.id, f.created_at, &f.site, f.channel, f.household));
            }
            for c in held.iter().rev() {
                for (scheme, status, named) in &Facts::of(c).findings {
                    by_rows.add_finding(&c.id, scheme, status);
                    for barrier in named {
                        by_rows.add_barrier(&c.id, scheme, barrier);
                    }
                }
            }
            by_rows.add_finding("nobody", "huurtoeslag", "uses");
            prop_assert!(!by_rows.add_contact("odd", 0, "Noord", "pigeon", None));
            let filter = Filter { from, until, site: site.map(String::from), channel, household };
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
