//! The only module that touches browser storage (through `gloo-storage`).
//!
//! Each record lives under its own key, so saving it is a single `setItem`:
//! a crash leaves the old or the new value, never half of each. Callers say
//! "saved" only after a function here returned `Ok`.

use drempel_core::Lang;
use drempel_core::site::SiteName;
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

/// The device's preferences: its language and the site it records from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Settings {
    pub lang: Option<Lang>,
    pub site: Option<SiteName>,
}

#[derive(Serialize, Deserialize)]
struct Stored<T> {
    schema: u32,
    value: T,
}

/// The stored settings; defaults when none were saved yet.
pub fn load_settings() -> Result<Settings, StorageError> {
    let raw = match LocalStorage::raw().get_item(SETTINGS_KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Ok(Settings::default()),
        Err(err) => return Err(js_error(&err)),
    };
    serde_json::from_str::<Stored<Settings>>(&raw)
        .map(|stored| stored.value)
        .map_err(|err| StorageError::Corrupt {
            key: SETTINGS_KEY.to_string(),
            reason: err.to_string(),
        })
}

/// Saves the settings in one write.
pub fn save_settings(settings: &Settings) -> Result<(), StorageError> {
    let stored = Stored {
        schema: SETTINGS_SCHEMA,
        value: settings,
    };
    LocalStorage::set(SETTINGS_KEY, stored).map_err(StorageError::from)
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
