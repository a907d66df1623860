//! What a phone keeps. Every unsent record stays until the server has it.
//! Of the synced ones, the phone keeps those made in the last `keep_days`
//! days (a team setting) or the newest [`KEEP_AT_LEAST`], whichever is
//! more; older synced records live on the server alone and are fetched a
//! page at a time when someone asks for them.
//!
//! A guard watches the phone's share of browser storage: above
//! [`CLEAR_ABOVE`] of [`QUOTA`] it clears synced records, oldest first,
//! until the share is back at [`CLEAR_TO`], so that a save never fails
//! because synced data filled the phone. When unsent records alone pass
//! [`WARN_UNSENT`] the person is told to sync or save a file.
//!
//! Sizes are in stored characters (key and value), the unit in which
//! browsers count localStorage's quota.

use std::ops::RangeInclusive;

use crate::record::LocalRecord;
use crate::stats::DAY_MS;

/// Days of synced records a phone keeps unless the team says otherwise.
pub const DEFAULT_KEEP_DAYS: u32 = 60;
/// The shortest and longest window a team may set.
pub const KEEP_DAYS: RangeInclusive<u32> = 7..=730;
/// However old, the newest this many synced records stay on the phone.
pub const KEEP_AT_LEAST: usize = 500;
/// What browsers give one origin's localStorage: 5 MiB characters
/// (Chromium and Firefox; Safari gives about the same).
pub const QUOTA: u64 = 5 * 1024 * 1024;
/// Above this share (per mille) of the quota the guard clears synced records.
pub const CLEAR_ABOVE: u64 = 700;
/// …down to this share.
pub const CLEAR_TO: u64 = 600;
/// Unsent records alone above this share: the person is warned.
pub const WARN_UNSENT: u64 = 500;

/// A stored record as the rules here see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held<'a> {
    pub id: &'a str,
    pub created_at: i64,
    /// The server has everything of it: it may leave the phone.
    pub synced: bool,
    /// Characters it takes in storage.
    pub size: u64,
}

impl<'a> Held<'a> {
    pub fn of(record: &'a LocalRecord, size: u64) -> Held<'a> {
        Held {
            id: &record.contact.id,
            created_at: record.contact.created_at,
            synced: !record.is_unsynced(),
            size,
        }
    }
}

/// Oldest first, as the guard clears them; ids break ties.
fn oldest_synced<'h, 'a>(held: &'h [Held<'a>]) -> Vec<&'h Held<'a>> {
    let mut synced: Vec<&Held> = held.iter().filter(|h| h.synced).collect();
    synced.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(b.id)));
    synced
}

/// The synced records outside the window at `now`: older than `keep_days`
/// days and not among the newest [`KEEP_AT_LEAST`] synced ones.
pub fn outside_window<'a>(held: &[Held<'a>], now: i64, keep_days: u32) -> Vec<&'a str> {
    let since = now - i64::from(keep_days) * DAY_MS;
    let synced = oldest_synced(held);
    let beyond_minimum = synced.len().saturating_sub(KEEP_AT_LEAST);
    synced
        .into_iter()
        .take(beyond_minimum)
        .filter(|h| h.created_at < since)
        .map(|h| h.id)
        .collect()
}

/// The synced records to clear, oldest first, before `need` more
/// characters are written where `used` are taken of `quota`: none while
/// the total stays within [`CLEAR_ABOVE`], else enough to come back to
/// [`CLEAR_TO`] (or every synced record, when that is not enough).
pub fn make_room<'a>(held: &[Held<'a>], used: u64, need: u64, quota: u64) -> Vec<&'a str> {
    if !needs_room(used, need, quota) {
        return Vec::new();
    }
    let after = used.saturating_add(need);
    let target = quota.saturating_mul(CLEAR_TO) / 1000;
    free(held, after.saturating_sub(target))
}

/// Writing `need` more characters where `used` are taken passes
/// [`CLEAR_ABOVE`] of `quota`: the cheap test before [`make_room`].
pub fn needs_room(used: u64, need: u64, quota: u64) -> bool {
    used.saturating_add(need).saturating_mul(1000) > quota.saturating_mul(CLEAR_ABOVE)
}

/// The synced records to clear, oldest first, to free at least `wanted`
/// characters (every synced record, when they hold less).
pub fn free<'a>(held: &[Held<'a>], wanted: u64) -> Vec<&'a str> {
    let mut freed = 0;
    let mut out = Vec::new();
    for h in oldest_synced(held) {
        if freed >= wanted {
            break;
        }
        freed += h.size;
        out.push(h.id);
    }
    out
}

/// Unsent records alone take more than [`WARN_UNSENT`] of `quota`.
pub fn unsent_nearly_full(held: &[Held], quota: u64) -> bool {
    let unsent: u64 = held.iter().filter(|h| !h.synced).map(|h| h.size).sum();
    unsent.saturating_mul(1000) > quota.saturating_mul(WARN_UNSENT)
}

/// All that is stored, `used` characters, is within [`WARN_UNSENT`] of
/// `quota`, so unsent records cannot pass it: the cheap test before
/// [`unsent_nearly_full`].
pub fn below_warning(used: u64, quota: u64) -> bool {
    used.saturating_mul(1000) <= quota.saturating_mul(WARN_UNSENT)
}

/// Where the pages of older records from the server start (`before` of
/// the first page): below the phone's oldest synced record, since the
/// window keeps every synced record newer than that one; from the newest
/// for a phone that keeps none of them (`whole_team`: a coordinator reads
/// the team's records, which its phone never held).
pub fn older_pages_start<'a>(
    synced_ids: impl IntoIterator<Item = &'a str>,
    whole_team: bool,
) -> Option<&'a str> {
    if whole_team {
        return None;
    }
    synced_ids.into_iter().min()
}

/// `days` within [`KEEP_DAYS`], or a `Range` problem.
pub fn check_keep_days(days: u32) -> Result<(), crate::Invalid> {
    crate::wire::check_range("keep_days", days, KEEP_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_000 * DAY_MS;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("r{i:05}")).collect()
    }

    /// Record `i` made `age(i)` days before `NOW`, synced unless `unsent(i)`.
    fn held<'a>(
        ids: &'a [String],
        age: impl Fn(usize) -> i64,
        unsent: impl Fn(usize) -> bool,
    ) -> Vec<Held<'a>> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| Held {
                id,
                created_at: NOW - age(i) * DAY_MS,
                synced: !unsent(i),
                size: 500,
            })
            .collect()
    }

    #[test]
    fn the_newest_five_hundred_stay_however_old() {
        let ids = ids(600);
        // Record i is 100 + i days old: all outside a 60-day window.
        let held = held(&ids, |i| 100 + i as i64, |_| false);
        let leaving = outside_window(&held, NOW, 60);
        assert_eq!(leaving.len(), 100);
        // The oldest hundred leave: records 500..600.
        assert!(leaving.iter().all(|id| *id >= "r00500"));
    }

    #[test]
    fn records_of_the_window_stay_beyond_five_hundred() {
        let ids = ids(900);
        // 800 within the last 40 days, 100 older than the window.
        let held = held(
            &ids,
            |i| {
                if i < 800 {
                    i as i64 / 20
                } else {
                    i as i64 - 739
                }
            },
            |_| false,
        );
        let leaving = outside_window(&held, NOW, 60);
        assert_eq!(leaving.len(), 100);
        assert!(leaving.iter().all(|id| *id >= "r00800"));
        // A longer window keeps them all.
        assert!(outside_window(&held, NOW, 730).is_empty());
    }

    #[test]
    fn unsent_records_never_leave() {
        let ids = ids(1_200);
        let held = held(&ids, |i| 100 + i as i64, |i| i % 2 == 0);
        let leaving = outside_window(&held, NOW, 7);
        // 600 synced, the newest 500 stay.
        assert_eq!(leaving.len(), 100);
        for id in &leaving {
            let i: usize = id[1..].parse().unwrap();
            assert_eq!(i % 2, 1, "{id} is unsent");
        }
        assert!(
            free(&held, u64::MAX)
                .iter()
                .all(|id| id[1..].parse::<usize>().unwrap() % 2 == 1)
        );
    }

    #[test]
    fn the_guard_clears_only_above_seventy_percent_and_back_to_sixty() {
        let ids = ids(100);
        let held = held(&ids, |i| i as i64, |_| false);
        let quota = 100_000;
        // 69,500 + 500 = 70%: nothing to do.
        assert!(make_room(&held, 69_500, 500, quota).is_empty());
        // 71,000 + 500 → down to 60,000: 11,500 to free, 23 records of 500.
        let cleared = make_room(&held, 71_000, 500, quota);
        assert_eq!(cleared.len(), 23);
        // Oldest first: record 99 is the oldest.
        assert_eq!(cleared[0], "r00099");
    }

    #[test]
    fn unsent_data_alone_warns_at_half_the_quota() {
        let ids = ids(200);
        let held = held(&ids, |i| i as i64, |i| i < 101);
        assert!(unsent_nearly_full(&held, 100_000));
        let held2 = held_all_synced(&ids);
        assert!(!unsent_nearly_full(&held2, 100_000));
        // 200 records of 500 take 100,000: the cheap test cannot rule it out.
        assert!(!below_warning(100_000, 100_000));
        assert!(below_warning(50_000, 100_000));
    }

    fn held_all_synced(ids: &[String]) -> Vec<Held<'_>> {
        held(ids, |i| i as i64, |_| false)
    }

    #[test]
    fn older_pages_start_below_the_oldest_synced_record() {
        let synced = ["0190-b", "0190-a", "0190-c"];
        assert_eq!(older_pages_start(synced, false), Some("0190-a"));
        assert_eq!(older_pages_start(synced, true), None);
        assert_eq!(older_pages_start([], false), None);
    }

    #[test]
    fn keep_days_are_checked() {
        assert!(check_keep_days(DEFAULT_KEEP_DAYS).is_ok());
        assert!(check_keep_days(6).is_err());
        assert!(check_keep_days(731).is_err());
    }

    proptest! {
        /// Whatever the records: unsent ones are never named, the newest
        /// 500 synced never leave by age, everything named is older than
        /// the window, and what the guard clears brings the total back
        /// under the target whenever the synced records can.
        #[test]
        fn the_rules_hold_for_any_phone(
            rows in proptest::collection::vec((0i64..800, any::<bool>(), 1u64..5_000), 0..1_200),
            keep_days in KEEP_DAYS,
            other in 0u64..1_000_000,
        ) {
            let ids = ids(rows.len());
            let held: Vec<Held> = rows.iter().zip(&ids).map(|((age, unsent, size), id)| Held {
                id,
                created_at: NOW - age * DAY_MS,
                synced: !unsent,
                size: *size,
            }).collect();
            let leaving = outside_window(&held, NOW, keep_days);
            let synced = held.iter().filter(|h| h.synced).count();
            prop_assert!(synced - leaving.len() >= synced.min(KEEP_AT_LEAST));
            for id in &leaving {
                let h = held.iter().find(|h| h.id == *id).unwrap();
                prop_assert!(h.synced);
                prop_assert!(h.created_at < NOW - i64::from(keep_days) * DAY_MS);
            }
            let used: u64 = other + held.iter().map(|h| h.size).sum::<u64>();
            let quota = QUOTA / 4;
            let cleared = make_room(&held, used, 1_000, quota);
            let freed: u64 = held.iter().filter(|h| cleared.contains(&h.id)).map(|h| h.size).sum();
            prop_assert!(held.iter().filter(|h| cleared.contains(&h.id)).all(|h| h.synced));
            let all_synced: u64 = held.iter().filter(|h| h.synced).map(|h| h.size).sum();
            if !cleared.is_empty() && freed < all_synced {
                prop_assert!((used + 1_000 - freed) * 1000 <= quota * CLEAR_TO);
            }
            if cleared.is_empty() {
                prop_assert!((used + 1_000) * 1000 <= quota * CLEAR_ABOVE || all_synced == 0);
            }
        }
    }
}
