//! The records on this device, and the only way components change them:
//! every change is written first and shown after the write returned.

use std::collections::{BTreeMap, BTreeSet};

use drempel_core::keep;
use drempel_core::record::LocalRecord;
use leptos::prelude::*;

use drempel_core::contact::ContactForm;

use super::storage::{self, Draft, StorageError};

/// Characters a record takes before it was first written: about what a
/// contact with a few schemes takes.
const ESTIMATE: u64 = 800;

/// Seconds the undo offer stays after a delete.
pub const UNDO_MS: i32 = 10_000;

#[derive(Clone, Copy)]
pub struct Records {
    /// Newest first, deleted ones included (they are tombstones until synced).
    pub list: RwSignal<Vec<LocalRecord>>,
    /// Some stored keys could not be read; they are left as they were.
    pub unreadable: RwSignal<bool>,
    /// Derived from `list` once per change, however many places show it.
    unsynced: Memo<usize>,
    /// Bumped by every save the person makes (not by sync): sync follows it.
    pub revision: RwSignal<u64>,
    /// Characters each stored record takes, by id, and their sum.
    sizes: StoredValue<BTreeMap<String, u64>>,
    total: StoredValue<u64>,
    /// Characters Drempel's other keys took when the app started.
    other: StoredValue<u64>,
    /// Unsent records alone fill half of what the browser gives: sync or
    /// save a file soon.
    pub nearly_full: RwSignal<bool>,
}

impl Records {
    pub fn load() -> Records {
        let (stock, unreadable) = match storage::load_records() {
            Ok(stock) => {
                let unreadable = !stock.unreadable.is_empty();
                (stock, unreadable)
            }
            Err(_) => (storage::Stock::default(), true),
        };
        let list = RwSignal::new(stock.records);
        let records = Records {
            list,
            unreadable: RwSignal::new(unreadable),
            unsynced: Memo::new(move |_| {
                list.with(|l| l.iter().filter(|r| r.is_unsynced()).count())
            }),
            revision: RwSignal::new(0),
            total: StoredValue::new(stock.sizes.values().sum()),
            sizes: StoredValue::new(stock.sizes),
            other: StoredValue::new(stock.other),
            nearly_full: RwSignal::new(false),
        };
        records.check_unsent();
        records
    }

    pub fn get(&self, id: &str) -> Option<LocalRecord> {
        self.list
            .with_untracked(|list| list.iter().find(|r| r.contact.id == id).cloned())
    }

    /// Writes `record` (one key), then shows it.
    pub fn save(&self, record: LocalRecord) -> Result<(), StorageError> {
        let id = record.contact.id.as_str();
        self.make_room(id, self.size_of(id));
        self.write(&record)?;
        self.list.update(|list| put(list, record));
        self.revision.update(|n| *n += 1);
        self.check_unsent();
        Ok(())
    }

    /// Before `need` more characters are written: when that would pass the
    /// guard's share, synced records leave, oldest first (never `except`).
    fn make_room(&self, except: &str, need: u64) {
        let used = self.used();
        if keep::needs_room(used, need, keep::QUOTA) {
            self.clear_where(except, |held| {
                keep::make_room(held, used, need, keep::QUOTA)
            });
        }
    }

    /// Writes one record. A write the browser refuses for lack of room
    /// clears synced records (they are on the server) and is tried once
    /// more, so synced data never stops a save.
    fn write(&self, record: &LocalRecord) -> Result<(), StorageError> {
        let id = record.contact.id.as_str();
        let size = match storage::save_record(record) {
            Err(StorageError::QuotaExceeded) => {
                let wanted = (self.size_of(id) * 2).max(keep::QUOTA / 20);
                if self.clear_where(id, |held| keep::free(held, wanted)) == 0 {
                    return Err(StorageError::QuotaExceeded);
                }
                storage::save_record(record)?
            }
            other => other?,
        };
        let old = self
            .sizes
            .try_update_value(|s| s.insert(id.to_string(), size))
            .flatten();
        self.total
            .update_value(|t| *t = (*t + size).saturating_sub(old.unwrap_or(0)));
        Ok(())
    }

    fn size_of(&self, id: &str) -> u64 {
        self.sizes
            .with_value(|s| s.get(id).copied().unwrap_or(ESTIMATE))
    }

    /// Characters Drempel takes in storage, as far as this app knows.
    fn used(&self) -> u64 {
        self.other.get_value() + self.total.get_value()
    }

    /// Bytes Drempel takes in storage (two a character), from the running
    /// total: the records as saved, other keys as they were at start.
    pub fn used_bytes(&self) -> u64 {
        2 * self.used()
    }

    /// Removes the synced records `choose` names from the phone (never
    /// `except`, nor the one the form is editing): they stay on the server.
    /// Returns how many left.
    fn clear_where(
        &self,
        except: &str,
        choose: impl for<'a> FnOnce(&[keep::Held<'a>]) -> Vec<&'a str>,
    ) -> usize {
        let editing = storage::load_draft().ok().flatten().and_then(|d| d.editing);
        let gone: Vec<String> = self.list.with_untracked(|list| {
            let held: Vec<keep::Held> = list
                .iter()
                .filter(|r| r.contact.id != except && Some(&r.contact.id) != editing.as_ref())
                .map(|r| keep::Held::of(r, self.size_of(&r.contact.id)))
                .collect();
            choose(&held).into_iter().map(str::to_string).collect()
        });
        for id in &gone {
            storage::remove_record(id);
        }
        self.forget(&gone);
        gone.len()
    }

    /// Takes removed records out of the list and the sizes.
    fn forget(&self, gone: &[String]) {
        if gone.is_empty() {
            return;
        }
        let mut freed = 0;
        self.sizes.update_value(|s| {
            for id in gone {
                freed += s.remove(id).unwrap_or(0);
            }
        });
        self.total.update_value(|t| *t = t.saturating_sub(freed));
        let gone: BTreeSet<&str> = gone.iter().map(String::as_str).collect();
        self.list
            .update(|list| list.retain(|r| !gone.contains(r.contact.id.as_str())));
    }

    /// Synced records older than the team's window leave the phone.
    pub fn keep_window(&self, now: i64, keep_days: u32) {
        self.clear_where("", |held| keep::outside_window(held, now, keep_days));
    }

    fn check_unsent(&self) {
        // Unsent records are part of what is used: below the warning's
        // share in all, they cannot be above it (and no list is walked).
        let full = !keep::below_warning(self.used(), keep::QUOTA)
            && self.list.with_untracked(|list| {
                let held: Vec<keep::Held> = list
                    .iter()
                    .map(|r| keep::Held::of(r, self.size_of(&r.contact.id)))
                    .collect();
                keep::unsent_nearly_full(&held, keep::QUOTA)
            });
        if full != self.nearly_full.get_untracked() {
            self.nearly_full.set(full);
        }
    }

    /// What a sync round changed: each record written (one key each), the
    /// removed ones deleted, then all shown in one update. Stops at the
    /// first failed write; what was written stays shown.
    pub fn store_synced(
        &self,
        changed: Vec<LocalRecord>,
        removed: Vec<String>,
    ) -> Result<(), StorageError> {
        if changed.is_empty() && removed.is_empty() {
            return Ok(());
        }
        // Room for the records new to the phone, made once for the batch.
        let new: u64 = self.sizes.with_value(|s| {
            changed
                .iter()
                .filter(|r| !s.contains_key(&r.contact.id))
                .map(|_| ESTIMATE)
                .sum()
        });
        self.make_room("", new);
        let mut written = Vec::with_capacity(changed.len());
        let mut result = Ok(());
        for record in changed {
            if let Err(err) = self.write(&record) {
                result = Err(err);
                break;
            }
            written.push(record);
        }
        for id in &removed {
            storage::remove_record(id);
        }
        self.forget(&removed);
        self.list.update(|list| {
            let mut appended = false;
            for record in written {
                match position(list, &record) {
                    Ok(at) => list[at] = record,
                    Err(_) => {
                        // Sorted once at the end: a pulled page may bring
                        // hundreds of new records.
                        list.push(record);
                        appended = true;
                    }
                }
            }
            if appended {
                list.sort_by(LocalRecord::newest_first);
            }
        });
        self.check_unsent();
        result
    }

    /// Applies `change` to the stored record `id` and saves it.
    pub fn change(
        &self,
        id: &str,
        change: impl FnOnce(&mut LocalRecord),
    ) -> Result<(), StorageError> {
        let Some(mut record) = self.get(id) else {
            return Ok(());
        };
        change(&mut record);
        self.save(record)
    }

    pub fn unsynced_count(&self) -> usize {
        self.unsynced.get()
    }

    /// A new, empty form, preset from the newest record that is not deleted.
    pub fn fresh_draft(&self) -> Draft {
        let form = self.list.with_untracked(|list| {
            ContactForm::next_after(list.iter().find(|r| !r.deleted).map(|r| &r.contact))
        });
        Draft {
            editing: None,
            form,
        }
    }
}

/// Where `record` is (Ok) or belongs (Err) in the list, which is kept in
/// [`LocalRecord::newest_first`] order; a record's creation time never
/// changes, so its place doesn't either.
fn position(list: &[LocalRecord], record: &LocalRecord) -> Result<usize, usize> {
    list.binary_search_by(|r| LocalRecord::newest_first(r, record))
}

/// Replaces the record with the same id, or inserts it in its place.
fn put(list: &mut Vec<LocalRecord>, record: LocalRecord) {
    match position(list, &record) {
        Ok(at) => list[at] = record,
        Err(at) => list.insert(at, record),
    }
}

/// Milliseconds since the epoch, from the device's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh UUIDv7 for a new record.
pub fn new_id() -> String {
    let mut random = [0u8; 10];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|crypto| crypto.get_random_values_with_u8_array(&mut random).is_ok())
        .unwrap_or(false);
    if !filled {
        for byte in &mut random {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    drempel_core::record::uuid_v7(now_ms() as u64, random)
}
