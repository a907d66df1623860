//! Settings: the team this phone belongs to and joining one (a join link
//! opens the same form), the sync panel, how safe this phone's storage is,
//! how much is used, and a last resort export of what has not reached the
//! server.

use drempel_core::wire::paths;
use drempel_core::wire::{EnrolRequest, MAX_DEVICE_LABEL, Session, join_code};
use leptos::prelude::*;

use crate::shared::api::net_message;
use crate::shared::files::download;
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::net::{self, NetError};
use crate::shared::sync::use_sync;
use crate::shared::sync_panel::SyncPanel;
use crate::shared::{Records, Screen, storage, use_prefs};

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let prefs = use_prefs();
    let records = expect_context::<Records>();
    let lang = use_lang();
    let used = RwSignal::new(records.used_bytes());
    // The browser may have granted persistence without being asked again.
    leptos::task::spawn_local(async move {
        if let Some(granted) = storage::is_persisted().await
            && granted
        {
            let _ = prefs.update(|s| s.persistence = Some(true));
        }
    });
    let persistence = move || prefs.with(|s| s.persistence);
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
        used.set(records.used_bytes());
    };

    view! {
        <section class="settings" aria-labelledby="settings-title">
            <h1 id="settings-title" class="screen-title">{tr(T::SettingsTitle)}</h1>
            <SyncPanel/>
            <TeamCard/>
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
                    <dd data-testid="storage-used">{move || share_text(used.get(), lang.get())}</dd>
                    <dt>{tr(T::UnsyncedCount)}</dt>
                    <dd data-testid="unsynced-count">{move || records.unsynced_count()}</dd>
                </dl>
                <button type="button" class="button" data-testid="export-unsynced" on:click=export>{tr(T::ExportUnsynced)}</button>
                <p class="field-hint">{tr(T::ExportHint)}</p>
            </div>
        </section>
    }
}

/// "4% van de ruimte": Drempel's share of what the browser gives it
/// (`used` in bytes, two a character).
fn share_text(used: u64, lang: drempel_core::Lang) -> String {
    let percent = used as f64 / 2.0 / drempel_core::keep::QUOTA as f64 * 100.0;
    let share = match percent {
        p if p <= 0.0 => "0%".to_string(),
        p if p < 1.0 => T::LessThanOnePercent.get(lang).to_string(),
        p => format!("{}%", p.round()),
    };
    format!("{share} {}", T::StorageOfAbout.get(lang))
}

/// Sends the join code; on success the device belongs to the team.
async fn enrol(
    code: String,
    label: String,
    previous_token: Option<String>,
) -> Result<Session, NetError> {
    let request = EnrolRequest {
        code,
        label,
        previous_token,
    };
    net::post(paths::ENROL, None, &request).await
}

/// The form that joins a team: a device name and, when no link was
/// opened, the link pasted by hand.
#[component]
fn JoinForm(#[prop(optional)] code: Option<String>) -> impl IntoView {
    let sync = use_sync();
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let from_link = code.is_some();
    let code = StoredValue::new(code);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let Some(code) = code
            .get_value()
            .or_else(|| join_code(&pasted.get_untracked()).map(String::from))
        else {
            error.set(Some(T::JoinUnknown.get(lang).to_string()));
            return;
        };
        let switching = sync
            .session
            .with_untracked(|s| s.as_ref().is_some_and(|s| !s.revoked));
        if switching
            && !window()
                .confirm_with_message(T::JoinSwitch.get(lang))
                .unwrap_or(false)
        {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let previous = sync
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
            let label = crate::shared::device_name(&name.get_untracked());
            match enrol(code, label, previous).await {
                Ok(session) => match sync.join(session) {
                    Ok(()) => {
                        // The code leaves the address bar and the history.
                        let _ = window().location().replace(&Screen::Capture.hash());
                    }
                    Err(err) => {
                        error.set(Some(crate::shared::storage_message(&err, lang).to_string()))
                    }
                },
                Err(err) => error.set(Some(net_message(&err, lang))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="stack" on:submit=submit data-testid="join-form">
            {(!from_link).then(|| view! {
                <label class="field-label" for="join-link">{tr(T::JoinPasteLabel)}</label>
                <input id="join-link" class="field-input" type="url" autocomplete="off" data-testid="join-link"
                    prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))/>
            })}
            <label class="field-label" for="device-name">{tr(T::DeviceNameLabel)}</label>
            <input id="device-name" class="field-input" type="text" maxlength=MAX_DEVICE_LABEL.to_string() autocomplete="off"
                aria-describedby="device-name-hint" data-testid="device-name"
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            <p id="device-name-hint" class="field-hint">{tr(T::DeviceNameHint)}</p>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="join-error">{text}</p> })}
            <button type="submit" class="button button-primary" data-testid="join-submit" disabled=move || busy.get()>{tr(T::JoinButton)}</button>
        </form>
    }
}

/// Opened from a join link.
#[component]
pub fn JoinScreen() -> impl IntoView {
    let hash = window().location().hash().unwrap_or_default();
    let code = join_code(&hash).map(String::from);
    view! {
        <section class="join" aria-labelledby="join-title">
            <h1 id="join-title" class="screen-title">{tr(T::JoinTitle)}</h1>
            <p>{tr(T::JoinIntro)}</p>
            {match code {
                Some(code) => view! { <JoinForm code/> }.into_any(),
                None => view! { <JoinForm/> }.into_any(),
            }}
        </section>
    }
}

/// In Settings: the team this phone belongs to, or how to join one.
#[component]
pub fn TeamCard() -> impl IntoView {
    let sync = use_sync();
    let needs_join = move || sync.session.with(|s| s.as_ref().is_none_or(|s| s.revoked));
    view! {
        <Show when=needs_join>
            <section class="card" aria-labelledby="team-join-title">
                <h2 id="team-join-title" class="card-title">{tr(T::JoinTitle)}</h2>
                <p>{tr(T::JoinIntro)}</p>
                <JoinForm/>
                <p><a href=Screen::Team.href() data-testid="coordinator-login-link">{tr(T::CoordinatorLink)}</a></p>
            </section>
        </Show>
    }
}
