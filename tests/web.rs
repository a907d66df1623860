//! The storage module in a real browser (headless Chromium through
//! wasm-bindgen-test): what it writes is what it reads back, older layouts
//! keep their unsynced edits, and a full storage loses nothing.
#![cfg(target_arch = "wasm32")]

use drempel::shared::storage::{self, Draft, RECORD_SCHEMA, SETTINGS_KEY, Settings, StorageError};
use drempel_core::Lang;
use drempel_core::catalog::Catalog;
use drempel_core::contact::{Channel, Contact, ContactForm, FindingForm, Status};
use drempel_core::record::{ALL_FIELDS, EditKind, LocalRecord, RecordState};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn clear() {
    local_storage().clear().unwrap();
}

fn record(id: &str, created_at: i64, notes: &str) -> LocalRecord {
    let form = ContactForm {
        site: "Buurthuis De Ster".into(),
        channel: Some(Channel::WalkIn),
        findings: vec![FindingForm {
            scheme: "kwijtschelding".into(),
            status: Some(Status::NotUsed),
            barriers: vec!["fear_repayment".into()],
            ..FindingForm::default()
        }],
        notes: notes.into(),
        ..ContactForm::default()
    };
    let input = form.validate(&Catalog::default_catalog()).unwrap();
    LocalRecord::create(Contact::new(id.into(), created_at, 1, input))
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
        persistence: Some(false),
    };
    storage::save_settings(&settings).unwrap();
    assert_eq!(storage::load_settings(), Ok(settings));
    let raw = local_storage().get_item(SETTINGS_KEY).unwrap().unwrap();
    assert!(raw.contains("\"schema\":1"), "{raw}");
}

#[wasm_bindgen_test]
fn records_round_trip_one_key_each_newest_first() {
    clear();
    let older = record("0190-a", 1_000, "eerste");
    let newer = record("0190-b", 2_000, "tweede");
    storage::save_record(&older).unwrap();
    let written = storage::save_record(&newer).unwrap();
    local_storage().set_item("other-app", "untouched").unwrap();
    let storage::Stock {
        records,
        unreadable,
        sizes,
        ..
    } = storage::load_records().unwrap();
    assert_eq!(records, vec![newer.clone(), older.clone()]);
    assert!(unreadable.is_empty());
    let raw = local_storage()
        .get_item(&storage::record_key("0190-b"))
        .unwrap()
        .unwrap();
    // Sizes in stored characters, key and value, as the quota counts them.
    let size = (storage::record_key("0190-b").len() + raw.len()) as u64;
    assert_eq!((written, sizes["0190-b"]), (size, size));
    assert!(
        raw.contains(&format!("\"schema\":{RECORD_SCHEMA}")),
        "{raw}"
    );
    // Saving again replaces the one key; nothing else changes.
    let mut edited = newer.clone();
    edited.delete(3_000);
    storage::save_record(&edited).unwrap();
    let records = storage::load_records().unwrap().records;
    assert_eq!(records, vec![edited, older]);
    assert_eq!(local_storage().length().unwrap(), 3);
}

#[wasm_bindgen_test]
fn a_record_of_the_previous_layout_keeps_its_unsynced_edits() {
    clear();
    let current = record("0190-c", 5_000, "oud formaat");
    // Layout 1 had no changed fields per edit.
    let mut value = serde_json::to_value(&current).unwrap();
    value["pending"] =
        serde_json::json!([{ "kind": "create", "at": 5000 }, { "kind": "update", "at": 6000 }]);
    let v1 = serde_json::json!({ "schema": 1, "value": value });
    local_storage()
        .set_item(&storage::record_key("0190-c"), &v1.to_string())
        .unwrap();

    let storage::Stock {
        records,
        unreadable,
        ..
    } = storage::load_records().unwrap();
    assert!(unreadable.is_empty(), "{unreadable:?}");
    let migrated = &records[0];
    assert_eq!(migrated.contact, current.contact);
    assert_eq!(migrated.state(), RecordState::OnThisPhone);
    let kinds: Vec<EditKind> = migrated.pending.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![EditKind::Create, EditKind::Update]);
    assert!(
        migrated
            .pending
            .iter()
            .all(|e| e.fields == vec![ALL_FIELDS])
    );
}

#[wasm_bindgen_test]
fn unreadable_and_newer_records_are_reported_and_left_in_place() {
    clear();
    storage::save_record(&record("0190-d", 1, "leesbaar")).unwrap();
    local_storage()
        .set_item(&storage::record_key("bad"), "{not json")
        .unwrap();
    let future = format!("{{\"schema\":{},\"value\":{{}}}}", RECORD_SCHEMA + 1);
    local_storage()
        .set_item(&storage::record_key("future"), &future)
        .unwrap();
    let storage::Stock {
        records,
        unreadable,
        ..
    } = storage::load_records().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(unreadable.len(), 2);
    assert_eq!(
        local_storage()
            .get_item(&storage::record_key("bad"))
            .unwrap()
            .as_deref(),
        Some("{not json")
    );
    assert_eq!(
        local_storage()
            .get_item(&storage::record_key("future"))
            .unwrap(),
        Some(future)
    );
}

#[wasm_bindgen_test]
fn a_draft_round_trips_and_clears() {
    clear();
    assert_eq!(storage::load_draft(), Ok(None));
    let draft = Draft {
        editing: Some("0190-e".into()),
        form: record("0190-e", 1, "half af").contact.to_form(),
    };
    storage::save_draft(&draft).unwrap();
    assert_eq!(storage::load_draft(), Ok(Some(draft)));
    storage::clear_draft();
    assert_eq!(storage::load_draft(), Ok(None));
}

#[wasm_bindgen_test]
fn a_full_storage_reports_quota_exceeded_and_keeps_the_previous_record() {
    clear();
    let before = record("0190-f", 1_000, "kort");
    storage::save_record(&before).unwrap();
    fill_storage();
    let mut after = before.clone();
    let mut input = after.contact.input.clone();
    input.notes = "veel langer dan daarnet, ".repeat(30);
    after.edit(input, 2_000);
    assert_eq!(
        storage::save_record(&after),
        Err(StorageError::QuotaExceeded)
    );
    let records = storage::load_records().unwrap().records;
    assert_eq!(records, vec![before], "the previous record is intact");
    clear();
}

#[wasm_bindgen_test]
fn stored_sizes_count_only_drempel_keys() {
    clear();
    local_storage()
        .set_item("other-app", &"x".repeat(1_000))
        .unwrap();
    let saved = storage::save_record(&record("0190-g", 1, "")).unwrap();
    let raw = local_storage()
        .get_item(&storage::record_key("0190-g"))
        .unwrap()
        .unwrap();
    let expected = (storage::record_key("0190-g").len() + raw.len()) as u64;
    assert_eq!(saved, expected);
    let stock = storage::load_records().unwrap();
    assert_eq!(stock.sizes.get("0190-g"), Some(&expected));
    assert_eq!(stock.other, 0, "another app's key is not Drempel's");
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

#[wasm_bindgen_test]
fn session_and_sync_state_round_trip_and_leave_on_sign_out() {
    clear();
    assert_eq!(storage::load_session(), Ok(None));
    assert_eq!(storage::load_sync_state(), Ok(None));
    let session = storage::StoredSession {
        token: "t".repeat(64),
        device: "d1".into(),
        role: drempel_core::wire::Role::Coordinator,
        team: "Voedselbank Noord".into(),
        revoked: false,
    };
    storage::save_session(&session).unwrap();
    let state = drempel_core::sync::EngineState {
        next_seq: 8,
        acked_through: 7,
        cursor: 42,
        last_success: Some(1_700_000_000_000),
    };
    storage::save_sync_state(&state).unwrap();
    assert_eq!(storage::load_session(), Ok(Some(session)));
    assert_eq!(storage::load_sync_state(), Ok(Some(state)));

    let kept = record("keep", 1, "");
    storage::save_record(&kept).unwrap();
    storage::save_draft(&Draft::default()).unwrap();
    storage::clear_team_data(&[kept]);
    assert_eq!(storage::load_session(), Ok(None));
    assert_eq!(storage::load_sync_state(), Ok(None));
    assert_eq!(storage::load_draft(), Ok(None));
    let left = storage::load_records().unwrap().records;
    assert!(left.is_empty(), "the team's records left the device");
    storage::save_settings(&Settings::default()).unwrap();
    assert!(local_storage().get_item(SETTINGS_KEY).unwrap().is_some());
}

#[wasm_bindgen_test]
fn a_numbered_record_keeps_its_sync_state_through_storage() {
    clear();
    let mut r = record("r1", 5, "belt terug");
    let mut seq = 0;
    r.number_edits(10, 0, &mut || {
        seq += 1;
        seq
    });
    r.base = 3;
    storage::save_record(&r).unwrap();
    let read = storage::load_records().unwrap().records;
    assert_eq!(read, vec![r.clone()]);
    assert_eq!(read[0].changes()[0].seq, 1);
    storage::remove_record("r1");
    assert!(storage::load_records().unwrap().records.is_empty());
}
