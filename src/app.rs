//! The app's components. They present; `drempel-core` decides, `storage`
//! and `net` do the I/O.

use drempel_core::Lang;
use drempel_core::site::{SiteName, SiteNameError};
use leptos::prelude::*;

use crate::i18n::{T, provide_i18n, tr, use_lang};
use crate::storage::{self, Settings, StorageError};
use crate::{net, sw};

/// The saved preferences of this device, and the one way to change them.
#[derive(Clone, Copy)]
pub struct Prefs {
    saved: RwSignal<Settings>,
}

impl Prefs {
    /// Applies `change`, writes the result, and only then shows it as saved.
    pub fn update(&self, change: impl FnOnce(&mut Settings)) -> Result<(), StorageError> {
        let mut next = self.saved.get_untracked();
        change(&mut next);
        storage::save_settings(&next)?;
        self.saved.set(next);
        Ok(())
    }
}

fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// Whether the server answers, as far as the app last saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Checking,
    Online,
    Degraded,
    Offline,
}

#[component]
pub fn App() -> impl IntoView {
    let (settings, load_error) = match storage::load_settings() {
        Ok(settings) => (settings, None),
        Err(err) => (Settings::default(), Some(err)),
    };
    // Dutch by default, whatever the phone's language: English is one tap away.
    let lang = provide_i18n(settings.lang.unwrap_or_default());
    provide_context(Prefs {
        saved: RwSignal::new(settings),
    });
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });
    let connection = RwSignal::new(Connection::Checking);
    provide_context(connection);
    watch_connection(connection);
    let waiting = sw::UpdateWaiting(RwSignal::new_local(None));
    sw::register(waiting);

    view! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-name">"Drempel"</span>
                <span class="brand-tagline">{tr(T::Tagline)}</span>
            </div>
            <LanguagePicker/>
        </header>
        <UpdateBanner waiting/>
        <main id="main" class="content">
            <ConnectionStatus/>
            {load_error.map(|err| view! { <p class="notice notice-error" role="alert">{storage_message(&err, lang.get_untracked())}</p> })}
            <SiteForm/>
        </main>
    }
}

fn storage_message(err: &StorageError, lang: Lang) -> &'static str {
    match err {
        StorageError::QuotaExceeded => T::ErrorQuota.get(lang),
        StorageError::Unavailable(_) | StorageError::Corrupt { .. } => T::ErrorStorage.get(lang),
    }
}

#[component]
fn LanguagePicker() -> impl IntoView {
    let lang = use_lang();
    let prefs = use_prefs();
    let choose = move |choice: Lang| {
        lang.set(choice);
        // The choice applies now; remembering it is best effort.
        if let Err(err) = prefs.update(|s| s.lang = Some(choice)) {
            leptos::logging::warn!("language not remembered: {err}");
        }
    };
    view! {
        <div class="lang-picker" role="group" aria-label=tr(T::Language)>
            {Lang::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <button
                            type="button"
                            class="chip"
                            lang=option.code()
                            data-testid=format!("lang-{}", option.code())
                            aria-pressed=move || (lang.get() == option).to_string()
                            on:click=move |_| choose(option)
                        >
                            {option.code().to_uppercase()}
                            <span class="visually-hidden">" " {option.endonym()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn UpdateBanner(waiting: sw::UpdateWaiting) -> impl IntoView {
    view! {
        <Show when=move || waiting.0.with(Option::is_some)>
            <div class="notice notice-update" role="status">
                <span>{tr(T::UpdateReady)}</span>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| waiting.0.with_untracked(|w| if let Some(worker) = w { sw::activate(worker) })
                >
                    {tr(T::UpdateNow)}
                </button>
            </div>
        </Show>
    }
}

/// Checks the server at start, when the browser says it is online again,
/// when the app becomes visible, and on a timer that backs off while the
/// server stays away. `navigator.onLine` alone is never trusted.
fn watch_connection(connection: RwSignal<Connection>) {
    let check = move || {
        leptos::task::spawn_local(async move {
            connection.set(match net::health().await {
                Ok(health) if health.status == drempel_core::wire::HealthStatus::Ok => {
                    Connection::Online
                }
                Ok(_) => Connection::Degraded,
                Err(_) => Connection::Offline,
            });
        })
    };
    let _ = window_event_listener(leptos::ev::online, move |_| check());
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            check();
        }
    });
    provide_context(CheckNow(std::sync::Arc::new(check)));
    leptos::task::spawn_local(async move {
        let mut failures = 0;
        loop {
            let ok = matches!(net::health().await, Ok(h) if h.status == drempel_core::wire::HealthStatus::Ok);
            connection.set(if ok {
                Connection::Online
            } else {
                Connection::Offline
            });
            failures = if ok { 0 } else { failures + 1 };
            let delay = if ok {
                60_000
            } else {
                drempel_core::retry::backoff_ms(failures - 1, 2_000, 30_000, js_sys::Math::random())
            };
            sleep_ms(delay).await;
        }
    });
}

#[derive(Clone)]
struct CheckNow(std::sync::Arc<dyn Fn() + Send + Sync>);

async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            ms.min(i32::MAX as u64) as i32,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[component]
fn ConnectionStatus() -> impl IntoView {
    let connection = expect_context::<RwSignal<Connection>>();
    let check_now = expect_context::<CheckNow>();
    let lang = use_lang();
    let text = move || {
        let key = match connection.get() {
            Connection::Checking => T::ServerChecking,
            Connection::Online => T::ServerOnline,
            Connection::Degraded => T::ServerDegraded,
            Connection::Offline => T::ServerOffline,
        };
        key.get(lang.get())
    };
    let state = move || format!("{:?}", connection.get()).to_lowercase();
    view! {
        <section class="connection" data-testid="connection" data-state=state role="status" aria-live="polite">
            <span class="connection-dot" aria-hidden="true"></span>
            <span class="connection-text">{text}</span>
            <Show when=move || connection.get() != Connection::Online>
                <button type="button" class="link-button" on:click={
                    let check_now = check_now.clone();
                    move |_| (check_now.0)()
                }>{tr(T::CheckNow)}</button>
            </Show>
        </section>
    }
}

#[component]
fn SiteForm() -> impl IntoView {
    let prefs = use_prefs();
    let lang = use_lang();
    let saved_site = move || {
        prefs
            .saved
            .with(|s| s.site.as_ref().map(|site| site.as_str().to_owned()))
    };
    let draft = RwSignal::new(saved_site().unwrap_or_default());
    let field_error = RwSignal::new(None::<T>);
    let save_error = RwSignal::new(None::<StorageError>);
    let just_saved = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        just_saved.set(false);
        let site = match SiteName::parse(&draft.get_untracked()) {
            Ok(site) => site,
            Err(SiteNameError::Empty) => return field_error.set(Some(T::SiteEmpty)),
            Err(SiteNameError::TooLong { .. }) => return field_error.set(Some(T::ErrorTooLong)),
        };
        field_error.set(None);
        match prefs.update(|s| s.site = Some(site.clone())) {
            Ok(()) => {
                save_error.set(None);
                draft.set(site.as_str().to_owned());
                just_saved.set(true);
            }
            // The draft stays in the field: nothing typed is lost.
            Err(err) => save_error.set(Some(err)),
        }
    };

    view! {
        <form class="card" on:submit=submit novalidate>
            <h1 class="card-title">{tr(T::SiteHeading)}</h1>
            <label class="field-label" for="site">{tr(T::SiteLabel)}</label>
            <input
                id="site"
                name="site"
                class="field-input"
                data-testid="site-input"
                autocomplete="off"
                maxlength="200"
                aria-describedby="site-hint site-error"
                aria-invalid=move || field_error.with(Option::is_some).to_string()
                bind:value=draft
                on:input=move |_| just_saved.set(false)
            />
            <p id="site-hint" class="field-hint">{tr(T::SiteHint)}</p>
            <p id="site-error" class="field-error" role="alert">
                {move || field_error.get().map(|key| key.get(lang.get()))}
            </p>
            {move || save_error.get().map(|err| view! {
                <p class="notice notice-error" role="alert">{storage_message(&err, lang.get())}</p>
            })}
            <button type="submit" class="button button-primary" data-testid="site-save">{tr(T::Save)}</button>
            <p class="saved-site" data-testid="saved-site" role="status">
                {move || saved_site().map(|site| view! {
                    <span class="saved-mark" aria-hidden="true">"✓ "</span>
                    <span>{move || T::SavedOnPhone.get(lang.get())}": "</span>
                    <strong>{site}</strong>
                })}
            </p>
            <Show when=move || just_saved.get()>
                <span class="visually-hidden" role="status">{tr(T::SavedOnPhone)}</span>
            </Show>
        </form>
    }
}
