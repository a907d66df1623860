//! Settings: how safe this phone's storage is, how much is used, and a last
//! resort export of what has not reached the server.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Records, use_prefs};
use crate::i18n::{T, tr, use_lang};
use crate::storage;

/// Safari on iPhone or iPad, not started from the home screen: its storage
/// may be cleared after seven days without a visit.
pub fn needs_ios_install_hint() -> bool {
    let navigator = window().navigator();
    let agent = navigator.user_agent().unwrap_or_default();
    let ios = agent.contains("iPhone") || agent.contains("iPad") || agent.contains("iPod");
    let standalone = window()
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
        || js_sys::Reflect::get(&navigator, &"standalone".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
    ios && !standalone
}

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let prefs = use_prefs();
    let records = expect_context::<Records>();
    let lang = use_lang();
    let used = RwSignal::new(storage::used_bytes());
    // The browser may have granted persistence without being asked again.
    leptos::task::spawn_local(async move {
        if let Some(granted) = storage::is_persisted().await
            && granted
        {
            let _ = prefs.update(|s| s.persistence = Some(true));
        }
    });
    let persistence = move || prefs.saved.with(|s| s.persistence);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            let granted = storage::request_persistence().await;
            let _ = prefs.update(|s| s.persistence = granted);
        })
    };
    let export = move |_| {
        let unsynced: Vec<_> = records
            .list
            .with_untracked(|l| l.iter().filter(|r| r.is_unsynced()).cloned().collect());
        let Ok(json) = serde_json::to_string(&unsynced) else {
            return;
        };
        download("drempel-niet-gesynchroniseerd.json", &json);
        used.set(storage::used_bytes());
    };

    view! {
        <section class="settings" aria-labelledby="settings-title">
            <h1 id="settings-title" class="screen-title">{tr(T::SettingsTitle)}</h1>
            <super::team::SyncPanel/>
            <super::team::TeamCard/>
            <div class="card">
                <h2 class="card-title">{tr(T::StorageTitle)}</h2>
                <p data-testid="persistence">
                    {move || match persistence() {
                        Some(true) => T::Persisted.get(lang.get()),
                        Some(false) => T::NotPersisted.get(lang.get()),
                        None => T::PersistUnknown.get(lang.get()),
                    }}
                </p>
                <Show when=move || persistence() != Some(true)>
                    <button type="button" class="button" on:click=ask>{tr(T::AskPersist)}</button>
                </Show>
                <dl class="facts">
                    <dt>{tr(T::StorageUsed)}</dt>
                    <dd data-testid="storage-used">{move || format!("{} KB / ± 5 MB", used.get().div_ceil(1024))}</dd>
                    <dt>{tr(T::UnsyncedCount)}</dt>
                    <dd data-testid="unsynced-count">{move || records.unsynced_count()}</dd>
                </dl>
                <button type="button" class="button" data-testid="export-unsynced" on:click=export>{tr(T::ExportUnsynced)}</button>
                <p class="field-hint">{tr(T::ExportHint)}</p>
            </div>
        </section>
    }
}

/// Offers `text` as a file download, without leaving the page.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        save_file(name, &blob);
    }
}

/// Offers `blob` as a file named `name`, without leaving the page.
pub(super) fn save_file(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(anchor) = document().create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
