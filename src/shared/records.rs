//! The records on this device, and the only way components change them:
//! every change is written first and shown after the write returned.

use drempel_core::record::LocalRecord;
use leptos::prelude::*;

use drempel_core::contact::ContactForm;

use super::storage::{self, Draft, StorageError};

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
}

impl Records {
    pub fn load() -> Records {
        let (list, unreadable) = match storage::load_records() {
            Ok((list, unreadable)) => (list, !unreadable.is_empty()),
            Err(_) => (Vec::new(), true),
        };
        let list = RwSignal::new(list);
        Records {
            list,
            unreadable: RwSignal::new(unreadable),
            unsynced: Memo::new(move |_| {
                list.with(|l| l.iter().filter(|r| r.is_unsynced()).count())
            }),
            revision: RwSignal::new(0),
        }
    }

    pub fn get(&self, id: &str) -> Option<LocalRecord> {
        self.list
            .with_untracked(|list| list.iter().find(|r| r.contact.id == id).cloned())
    }

    /// Writes `record` (one key), then shows it.
    pub fn save(&self, record: LocalRecord) -> Result<(), StorageError> {
        storage::save_record(&record)?;
        self.list.update(|list| put(list, record));
        self.revision.update(|n| *n += 1);
        Ok(())
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
        let mut written = Vec::with_capacity(changed.len());
        let mut result = Ok(());
        for record in changed {
            if let Err(err) = storage::save_record(&record) {
                result = Err(err);
                break;
            }
            written.push(record);
        }
        for id in &removed {
            storage::remove_record(id);
        }
        self.list.update(|list| {
            if !removed.is_empty() {
                let removed: std::collections::BTreeSet<&str> =
                    removed.iter().map(String::as_str).collect();
                list.retain(|r| !removed.contains(r.contact.id.as_str()));
            }
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
