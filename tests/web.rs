//! The storage module in a real browser (headless Chromium through
//! wasm-bindgen-test): what it writes is what it reads back.
#![cfg(target_arch = "wasm32")]

use drempel::storage::{self, SETTINGS_KEY, Settings, StorageError};
use drempel_core::Lang;
use drempel_core::site::SiteName;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn clear() {
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn settings_round_trip_through_local_storage() {
    clear();
    assert_eq!(
        storage::load_settings(),
        Ok(Settings::default()),
        "nothing stored yet"
    );
    let settings = Settings {
        lang: Some(Lang::En),
        site: Some(SiteName::parse("Buurthuis De Ster").unwrap()),
    };
    storage::save_settings(&settings).unwrap();
    assert_eq!(storage::load_settings(), Ok(settings));
    // One key, with the schema version beside the value.
    let raw = local_storage().get_item(SETTINGS_KEY).unwrap().unwrap();
    assert!(raw.contains("\"schema\":1"), "{raw}");
    assert_eq!(local_storage().length().unwrap(), 1);
}

#[wasm_bindgen_test]
fn an_unreadable_value_is_reported_and_left_in_place() {
    clear();
    local_storage().set_item(SETTINGS_KEY, "{not json").unwrap();
    match storage::load_settings() {
        Err(StorageError::Corrupt { key, .. }) => assert_eq!(key, SETTINGS_KEY),
        other => panic!("expected a corrupt-value error, got {other:?}"),
    }
    assert_eq!(
        local_storage().get_item(SETTINGS_KEY).unwrap().as_deref(),
        Some("{not json")
    );
}

#[wasm_bindgen_test]
fn a_full_storage_is_reported_as_quota_exceeded_and_keeps_the_old_value() {
    clear();
    let before = Settings {
        lang: Some(Lang::Nl),
        site: Some(SiteName::parse("Inloop Oost").unwrap()),
    };
    storage::save_settings(&before).unwrap();
    fill_storage();
    let after = Settings {
        lang: Some(Lang::En),
        site: Some(SiteName::parse(&"z".repeat(120)).unwrap()),
    };
    let result = storage::save_settings(&after);
    assert_eq!(result, Err(StorageError::QuotaExceeded));
    assert_eq!(
        storage::load_settings(),
        Ok(before),
        "the previous value is intact"
    );
    clear();
}

/// Fills the origin's localStorage to within a few characters of its quota,
/// with ever smaller filler values until the browser refuses even one.
fn fill_storage() {
    let mut size = 512 * 1024;
    let mut index = 0;
    while size > 0 {
        if local_storage()
            .set_item(&format!("f{index}"), &"x".repeat(size))
            .is_ok()
        {
            index += 1;
            assert!(index < 10_000, "localStorage never filled up");
        } else {
            size /= 2;
        }
    }
}
