//! The only module that touches browser storage (through `gloo-storage`).
//!
//! Each record lives under its own key, so saving it is a single `setItem`:
//! a crash leaves the old or the new value, never half of each. Callers say
//! "saved" only after a function here returned `Ok`.

use drempel_core::Lang;
use drempel_core::contact::ContactForm;
use drempel_core::record::LocalRecord;
use drempel_core::wire::TeamContent;
use gloo_storage::errors::StorageError as GlooError;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// Every key Drempel writes starts with this, so nothing else on the origin
/// is touched or counted.
pub const KEY_PREFIX: &str = "drempel:";
/// The device's own preferences.
pub const SETTINGS_KEY: &str = "drempel:settings";
/// Bumped when the stored shape changes; older values are migrated on load.
pub const SETTINGS_SCHEMA: u32 = 1;
/// One key per contact: `drempel:c:<id>`, holding the record and its
/// unsynced edits together.
pub const RECORD_PREFIX: &str = "drempel:c:";
pub use drempel_core::record::RECORD_SCHEMA;
/// The capture form in progress.
pub const DRAFT_KEY: &str = "drempel:draft";
/// The team this device belongs to, and its token.
pub const SESSION_KEY: &str = "drempel:session";
/// Where sync stands: next sequence number, what the server has, the pull cursor.
pub const SYNC_KEY: &str = "drempel:sync";
/// The team's catalog versions and published consultations, as last received.
pub const CONTENT_KEY: &str = "drempel:content";
/// One key per consultation response not yet on the server: `drempel:r:<id>`.
/// Sent ones are removed, so a kiosk phone keeps no one's answers.
pub const RESPONSE_PREFIX: &str = "drempel:r:";
/// The dashboard answers the server gave last (`stats::KeptAnswers`).
pub const DASHBOARD_KEY: &str = "drempel:dashboard";
const DASHBOARD_SCHEMA: u32 = 1;
const SESSION_SCHEMA: u32 = 1;
const CONTENT_SCHEMA: u32 = 1;
const RESPONSE_SCHEMA: u32 = 1;
const SYNC_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The origin's quota (about 5 MB of localStorage) is used up.
    #[error("browser storage is full")]
    QuotaExceeded,
    /// Storage is switched off, blocked, or failed in another way.
    #[error("browser storage failed: {0}")]
    Unavailable(String),
    /// A stored value no longer parses; it is left in place, untouched.
    #[error("stored value under {key} is unreadable: {reason}")]
    Corrupt { key: String, reason: String },
}

impl From<GlooError> for StorageError {
    fn from(err: GlooError) -> Self {
        match err {
            GlooError::JsError(js) if is_quota_error(&js.name) => StorageError::QuotaExceeded,
            GlooError::JsError(js) => {
                StorageError::Unavailable(format!("{}: {}", js.name, js.message))
            }
            other => StorageError::Unavailable(other.to_string()),
        }
    }
}

/// Classifies an exception thrown by the Storage API by its `name`.
fn js_error(err: &wasm_bindgen::JsValue) -> StorageError {
    let name = js_sys::Reflect::get(err, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default();
    if is_quota_error(&name) {
        StorageError::QuotaExceeded
    } else {
        StorageError::Unavailable(format!("{err:?}"))
    }
}

/// Browsers name the quota error differently (Firefox used its own name).
fn is_quota_error(name: &str) -> bool {
    matches!(name, "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED")
}

/// The device's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Option<Lang>,
    /// The browser's answer to `navigator.storage.persist()`, once asked.
    pub persistence: Option<bool>,
}

#[derive(Serialize, Deserialize)]
struct Stored<T> {
    schema: u32,
    value: T,
}

/// Writes `value` under `key` in one `setItem`.
fn write<T: Serialize>(key: &str, schema: u32, value: &T) -> Result<(), StorageError> {
    LocalStorage::set(key, Stored { schema, value }).map_err(StorageError::from)
}

/// Characters a key and its value take: the unit of the browser's quota.
fn chars(key: &str, value: &str) -> u64 {
    (key.encode_utf16().count() + value.encode_utf16().count()) as u64
}

fn raw_item(key: &str) -> Result<Option<String>, StorageError> {
    LocalStorage::raw()
        .get_item(key)
        .map_err(|err| js_error(&err))
}

/// Reads the value under `key` with its schema; `None` when nothing is stored there.
fn read_stored<T: for<'de> Deserialize<'de>>(key: &str) -> Result<Option<Stored<T>>, StorageError> {
    let Some(raw) = raw_item(key)? else {
        return Ok(None);
    };
    parse(key, &raw)
}

fn parse<T: for<'de> Deserialize<'de>>(
    key: &str,
    raw: &str,
) -> Result<Option<Stored<T>>, StorageError> {
    serde_json::from_str::<Stored<T>>(raw)
        .map(Some)
        .map_err(|err| StorageError::Corrupt {
            key: key.to_string(),
            reason: err.to_string(),
        })
}

fn read<T: for<'de> Deserialize<'de>>(key: &str) -> Result<Option<T>, StorageError> {
    read_stored(key).map(|stored| stored.map(|s| s.value))
}

/// The stored settings; defaults when none were saved yet.
pub fn load_settings() -> Result<Settings, StorageError> {
    read(SETTINGS_KEY).map(Option::unwrap_or_default)
}

/// Saves the settings in one write.
pub fn save_settings(settings: &Settings) -> Result<(), StorageError> {
    write(SETTINGS_KEY, SETTINGS_SCHEMA, settings)
}

pub fn record_key(id: &str) -> String {
    format!("{RECORD_PREFIX}{id}")
}

/// Saves one record with its unsynced edits: a single write, whatever the
/// number of records stored. Returns the characters it takes.
pub fn save_record(record: &LocalRecord) -> Result<u64, StorageError> {
    let key = record_key(&record.contact.id);
    let text = serde_json::to_string(&Stored {
        schema: RECORD_SCHEMA,
        value: record,
    })
    .map_err(|err| StorageError::Unavailable(err.to_string()))?;
    LocalStorage::raw()
        .set_item(&key, &text)
        .map_err(|err| js_error(&err))?;
    Ok(chars(&key, &text))
}

/// What is stored: the records newest first with the characters each
/// takes, the characters of Drempel's other keys, and the keys that could
/// not be read (left in place, untouched, so nothing is lost).
#[derive(Default)]
pub struct Stock {
    pub records: Vec<LocalRecord>,
    pub sizes: std::collections::BTreeMap<String, u64>,
    pub other: u64,
    pub unreadable: Vec<StorageError>,
}

pub fn load_records() -> Result<Stock, StorageError> {
    let storage = LocalStorage::raw();
    let length = storage.length().map_err(|err| js_error(&err))?;
    let mut stock = Stock::default();
    for index in 0..length {
        let Ok(Some(key)) = storage.key(index) else {
            continue;
        };
        if !key.starts_with(KEY_PREFIX) {
            continue;
        }
        let raw = match raw_item(&key) {
            Ok(Some(raw)) => raw,
            Ok(None) => continue,
            Err(err) => {
                stock.unreadable.push(err);
                continue;
            }
        };
        let size = chars(&key, &raw);
        if !key.starts_with(RECORD_PREFIX) {
            stock.other += size;
            continue;
        }
        match record_from(&key, &raw) {
            Ok(Some(record)) => {
                stock.sizes.insert(record.contact.id.clone(), size);
                stock.records.push(record);
            }
            Ok(None) => {}
            Err(err) => {
                stock.other += size;
                stock.unreadable.push(err);
            }
        }
    }
    stock.records.sort_by(LocalRecord::newest_first);
    Ok(stock)
}

/// One record in whatever layout it was written, upgrading older layouts
/// in memory (the next save writes the current one). A record this
/// version cannot read stays in storage exactly as it was.
fn record_from(key: &str, raw: &str) -> Result<Option<LocalRecord>, StorageError> {
    let Some(stored) = parse::<serde_json::Value>(key, raw)? else {
        return Ok(None);
    };
    drempel_core::record::migrate(stored.schema, stored.value)
        .map(Some)
        .map_err(|err| StorageError::Corrupt {
            key: key.to_string(),
            reason: format!("{err:?}"),
        })
}

/// Removes a record (a delete the server has: nothing left to keep).
pub fn remove_record(id: &str) {
    LocalStorage::delete(record_key(id));
}

/// This device's membership of a team. The token is the device's only
/// credential; it never leaves this origin except to the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub token: String,
    pub device: String,
    pub role: drempel_core::wire::Role,
    pub team: String,
    /// The server said this device was removed from the team: sync stops,
    /// the records stay, and the person is told to join again.
    #[serde(default)]
    pub revoked: bool,
}

pub fn load_session() -> Result<Option<StoredSession>, StorageError> {
    read(SESSION_KEY)
}

pub fn save_session(session: &StoredSession) -> Result<(), StorageError> {
    write(SESSION_KEY, SESSION_SCHEMA, session)
}

pub fn load_sync_state() -> Result<Option<drempel_core::sync::EngineState>, StorageError> {
    read(SYNC_KEY)
}

pub fn save_sync_state(state: &drempel_core::sync::EngineState) -> Result<(), StorageError> {
    write(SYNC_KEY, SYNC_SCHEMA, state)
}

pub fn load_content() -> Result<Option<TeamContent>, StorageError> {
    read(CONTENT_KEY)
}

pub fn save_content(content: &TeamContent) -> Result<(), StorageError> {
    write(CONTENT_KEY, CONTENT_SCHEMA, content)
}

pub use drempel_core::sync::PendingResponse;

/// Saves one response in one write.
pub fn save_response(pending: &PendingResponse) -> Result<(), StorageError> {
    let key = format!("{RESPONSE_PREFIX}{}", pending.response.id);
    write(&key, RESPONSE_SCHEMA, pending)
}

/// Every response waiting to be sent, oldest first. Unreadable ones stay
/// in place, untouched.
pub fn load_responses() -> Vec<PendingResponse> {
    let storage = LocalStorage::raw();
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(RESPONSE_PREFIX))
        .collect();
    let mut all: Vec<PendingResponse> =
        keys.iter().filter_map(|k| read(k).ok().flatten()).collect();
    all.sort_by(|a, b| {
        a.response
            .at
            .cmp(&b.response.at)
            .then_with(|| a.response.id.cmp(&b.response.id))
    });
    all
}

/// The server has it: nothing of it stays here.
pub fn remove_response(id: &str) {
    LocalStorage::delete(format!("{RESPONSE_PREFIX}{id}"));
}

/// After a logout that the server confirmed and with nothing left unsynced:
/// the team's records, the sync state and the session leave this device.
pub fn clear_team_data(records: &[LocalRecord]) {
    for record in records {
        remove_record(&record.contact.id);
    }
    LocalStorage::delete(CONTENT_KEY);
    LocalStorage::delete(SYNC_KEY);
    LocalStorage::delete(SESSION_KEY);
    LocalStorage::delete(DASHBOARD_KEY);
    clear_draft();
}

/// The dashboard answers kept for offline use; none when unreadable (they
/// are a copy of what the server has).
pub fn load_dashboard() -> drempel_core::stats::KeptAnswers {
    read(DASHBOARD_KEY).ok().flatten().unwrap_or_default()
}

pub fn save_dashboard(kept: &drempel_core::stats::KeptAnswers) -> Result<(), StorageError> {
    write(DASHBOARD_KEY, DASHBOARD_SCHEMA, kept)
}

/// The form in progress, and the record it edits (if any).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Draft {
    pub editing: Option<String>,
    pub form: ContactForm,
}

pub fn load_draft() -> Result<Option<Draft>, StorageError> {
    read(DRAFT_KEY)
}

pub fn save_draft(draft: &Draft) -> Result<(), StorageError> {
    write(DRAFT_KEY, RECORD_SCHEMA, draft)
}

pub fn clear_draft() {
    LocalStorage::delete(DRAFT_KEY);
}

/// Asks the browser to keep this origin's storage under pressure; the
/// answer says whether it will.
pub async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}

/// Whether the browser already granted persistence.
pub async fn is_persisted() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persisted().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_errors_are_recognised_by_name() {
        assert!(is_quota_error("QuotaExceededError"));
        assert!(is_quota_error("NS_ERROR_DOM_QUOTA_REACHED"));
        assert!(!is_quota_error("SecurityError"));
    }
}
