//! Teams' counting rows held in memory (core's [`Tally`]), so a dashboard
//! is counted without scanning the database. Each change to a team's rows
//! raises `teams.counting_rev` in its transaction; after the commit the
//! change waits here under that revision, and the next dashboard applies
//! the waiting changes in order. A dashboard first reads the revision: when
//! the held tally is behind it and no waiting change closes the gap (another
//! process wrote, or this one dropped changes), the team's rows are read
//! again from one snapshot.
//!
//! Bounded: at most [`TALLY_CONTACTS`] contacts over all teams (the least
//! recently counted teams are dropped first) and [`WAITING_RECORDS`]
//! changed records waiting per team (beyond that the team is read again).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use drempel_core::stats::{Facts, Tally};

use super::TeamId;

/// Contacts held in memory over all teams: about 200 bytes each with their
/// ids and the map around them (the bench's server held a 1,000,000-contact
/// team in 242 MB).
pub const TALLY_CONTACTS: usize = 2_000_000;
/// Changed records that may wait for a team's next dashboard.
pub const WAITING_RECORDS: usize = 20_000;

/// The records one transaction changed in one team: their facts, or none
/// for a record that is gone.
pub type Changed = Vec<(String, Option<Facts>)>;

/// A team's tally at the revision it holds.
pub struct Held {
    pub rev: i64,
    pub tally: Tally,
}

#[derive(Default)]
pub struct Slot {
    held: Arc<tokio::sync::Mutex<Option<Held>>>,
    waiting: Mutex<Waiting>,
    /// Set when waiting changes were dropped: the next dashboard reads again.
    stale: AtomicBool,
    /// When last counted, on [`Tallies`]'s clock.
    used: AtomicU64,
    contacts: AtomicUsize,
}

#[derive(Default)]
struct Waiting {
    by_rev: BTreeMap<i64, Changed>,
    records: usize,
}

#[derive(Default)]
pub struct Tallies {
    teams: Mutex<HashMap<TeamId, Arc<Slot>>>,
    clock: AtomicU64,
}

impl std::fmt::Debug for Tallies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let teams = self.teams.lock().map_or(0, |t| t.len());
        f.debug_struct("Tallies").field("teams", &teams).finish()
    }
}

impl Tallies {
    /// The team's slot, made on first use.
    pub fn slot(&self, team: TeamId) -> Arc<Slot> {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        let slot = teams.entry(team).or_default().clone();
        slot.used.store(
            self.clock.fetch_add(1, Ordering::Relaxed),
            Ordering::Relaxed,
        );
        slot
    }

    /// A committed transaction's changes to `team` at revision `rev`. Kept
    /// only for a team whose dashboard was counted here.
    pub fn committed(&self, team: TeamId, rev: i64, changed: Changed) {
        let slot = {
            let teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
            match teams.get(&team) {
                Some(slot) => slot.clone(),
                None => return,
            }
        };
        let mut waiting = slot.waiting.lock().unwrap_or_else(|e| e.into_inner());
        waiting.records += changed.len();
        waiting.by_rev.insert(rev, changed);
        if waiting.records > WAITING_RECORDS {
            *waiting = Waiting::default();
            slot.stale.store(true, Ordering::Release);
        }
    }

    /// Drops the tallies of the least recently counted teams, other than
    /// `keep`, while more than [`TALLY_CONTACTS`] contacts are held. A team
    /// being counted right now is left alone.
    pub fn bound(&self, keep: TeamId) {
        let teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        let mut total: usize = teams
            .values()
            .map(|s| s.contacts.load(Ordering::Relaxed))
            .sum();
        let mut by_age: Vec<(&TeamId, &Arc<Slot>)> =
            teams.iter().filter(|(team, _)| **team != keep).collect();
        by_age.sort_by_key(|(_, slot)| slot.used.load(Ordering::Relaxed));
        for (_, slot) in by_age {
            if total <= TALLY_CONTACTS {
                break;
            }
            if let Ok(mut held) = slot.held.try_lock() {
                total -= slot.contacts.swap(0, Ordering::Relaxed);
                *held = None;
            }
        }
    }
}

impl Slot {
    /// The held tally, locked for this caller (dashboards of one team take
    /// turns), brought up to date with the changes waiting for it.
    pub async fn lock(&self) -> tokio::sync::OwnedMutexGuard<Option<Held>> {
        let mut held = self.held.clone().lock_owned().await;
        if self.stale.swap(false, Ordering::AcqRel) {
            *held = None;
        }
        self.catch_up(&mut held);
        held
    }

    /// Applies waiting changes that follow the held revision, in order, and
    /// forgets those it already holds.
    pub fn catch_up(&self, held: &mut Option<Held>) {
        let Some(held) = held.as_mut() else {
            return;
        };
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        let later = waiting.by_rev.split_off(&(held.rev + 1));
        let dropped: usize = waiting.by_rev.values().map(Vec::len).sum();
        waiting.by_rev = later;
        waiting.records -= dropped;
        while let Some(changed) = waiting.by_rev.remove(&(held.rev + 1)) {
            waiting.records -= changed.len();
            for (id, facts) in &changed {
                held.tally.set(id, facts.as_ref());
            }
            held.rev += 1;
        }
        self.contacts.store(held.tally.len(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(site: &str) -> Option<Facts> {
        Some(Facts {
            created_at: 1_700_000_000_000,
            catalog_version: 1,
            quote: None,
            site: site.into(),
            channel: "phone",
            household: None,
            work: None,
            findings: Vec::new(),
            outcomes: Vec::new(),
        })
    }

    #[tokio::test]
    async fn waiting_changes_apply_in_revision_order_and_a_gap_waits() {
        let tallies = Tallies::default();
        let slot = tallies.slot(1);
        *slot.lock().await = Some(Held {
            rev: 4,
            tally: Tally::default(),
        });
        tallies.committed(1, 6, vec![("b".into(), facts("Zuid"))]);
        tallies.committed(1, 4, vec![("old".into(), facts("Oud"))]);
        {
            let held = slot.lock().await;
            // 5 is missing: 6 waits, 4 was already held.
            assert_eq!(held.as_ref().map(|h| (h.rev, h.tally.len())), Some((4, 0)));
        }
        tallies.committed(1, 5, vec![("a".into(), facts("Noord"))]);
        let held = slot.lock().await;
        assert_eq!(held.as_ref().map(|h| (h.rev, h.tally.len())), Some((6, 2)));
        assert_eq!(slot.contacts.load(Ordering::Relaxed), 2);
    }

    #[tokio::test]
    async fn too_many_waiting_records_make_the_team_read_again() {
        let tallies = Tallies::default();
        let slot = tallies.slot(1);
        *slot.lock().await = Some(Held {
            rev: 0,
            tally: Tally::default(),
        });
        tallies.committed(1, 2, vec![("x".into(), None); WAITING_RECORDS + 1]);
        assert!(slot.lock().await.is_none());
        // A team never counted here keeps nothing.
        tallies.committed(2, 1, vec![("y".into(), facts("Noord"))]);
        assert!(!tallies.teams.lock().unwrap().contains_key(&2));
    }

    #[tokio::test]
    async fn the_least_recently_counted_teams_leave_first() {
        let tallies = Tallies::default();
        for team in 1..=3 {
            let slot = tallies.slot(team);
            *slot.held.lock().await = Some(Held {
                rev: 0,
                tally: Tally::default(),
            });
            slot.contacts.store(TALLY_CONTACTS / 2, Ordering::Relaxed);
        }
        tallies.bound(3);
        let held = |team| {
            let slot = tallies.slot(team);
            slot.held.try_lock().map(|h| h.is_some()).unwrap_or(true)
        };
        assert_eq!((held(1), held(2), held(3)), (false, true, true));
    }
}
