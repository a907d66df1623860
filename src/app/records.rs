//! The records on this device, and the only way components change them:
//! every change is written first and shown after the write returned.

use drempel_core::record::LocalRecord;
use leptos::prelude::*;

use drempel_core::contact::ContactForm;

use crate::storage::{self, Draft, StorageError};

#[derive(Clone, Copy)]
pub struct Records {
    /// Newest first, deleted ones included (they are tombstones until synced).
    pub list: RwSignal<Vec<LocalRecord>>,
    /// Some stored keys could not be read; they are left as they were.
    pub unreadable: RwSignal<bool>,
    /// Derived from `list` once per change, however many places show it.
    unsynced: Memo<usize>,
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
        }
    }

    pub fn get(&self, id: &str) -> Option<LocalRecord> {
        self.list
            .with_untracked(|list| list.iter().find(|r| r.contact.id == id).cloned())
    }

    /// Writes `record` (one key), then shows it.
    pub fn save(&self, record: LocalRecord) -> Result<(), StorageError> {
        storage::save_record(&record)?;
        self.list.update(|list| {
            match list.iter_mut().find(|r| r.contact.id == record.contact.id) {
                // An edit keeps its place: the order follows creation time.
                Some(existing) => *existing = record,
                None => {
                    let at =
                        list.partition_point(|r| LocalRecord::newest_first(r, &record).is_lt());
                    list.insert(at, record);
                }
            }
        });
        Ok(())
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
