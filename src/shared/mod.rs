//! The layer every page shares: the frame (header, navigation, the
//! connection line), i18n, storage, the typed API client, records, the
//! team's content, the sync driver and its panel, and small view helpers.
//! Screens import from here and from nowhere else in the app.

pub mod api;
pub mod chips;
pub mod content;
pub mod files;
pub mod i18n;
pub mod net;
pub mod records;
pub mod region;
pub mod report_view;
pub mod screen;
pub mod shell;
pub mod signal_view;
pub mod storage;
pub mod sw;
pub mod sync;
pub mod sync_panel;
pub mod time;

use drempel_core::Lang;
use drempel_core::catalog::Catalog;
use leptos::prelude::*;

use i18n::{T, provide_i18n};
use storage::{Settings, StorageError};

pub use records::Records;
pub use screen::{Page, Screen, navigate, this_page};
pub use shell::Connection;

/// The saved preferences of this device, and the one way to change them.
#[derive(Clone, Copy)]
pub struct Prefs {
    saved: RwSignal<Settings>,
}

impl Prefs {
    /// The saved preferences, tracked.
    pub fn with<R>(&self, read: impl FnOnce(&Settings) -> R) -> R {
        self.saved.with(read)
    }

    /// Applies `change`, writes the result, and only then shows it as saved.
    pub fn update(&self, change: impl FnOnce(&mut Settings)) -> Result<(), StorageError> {
        let mut next = self.saved.get_untracked();
        change(&mut next);
        storage::save_settings(&next)?;
        self.saved.set(next);
        Ok(())
    }
}

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// The catalog new forms are built from. Until the team's own catalog
/// arrives by sync, the default one.
pub fn use_catalog() -> Memo<Catalog> {
    expect_context::<Memo<Catalog>>()
}

pub fn storage_message(err: &StorageError, lang: Lang) -> &'static str {
    match err {
        StorageError::QuotaExceeded => T::ErrorQuota.get(lang),
        StorageError::Unavailable(_) | StorageError::Corrupt { .. } => T::ErrorStorage.get(lang),
    }
}

/// The name a device joins with: what the person typed, or else its
/// browser and system with today's date ("Chrome, Android (03-12-2026)"),
/// so two unnamed devices are still told apart.
pub fn device_name(typed: &str) -> String {
    if !typed.trim().is_empty() {
        return typed.to_string();
    }
    let agent = window().navigator().user_agent().unwrap_or_default();
    let guess = drempel_core::wire::device_guess(&agent);
    if guess.is_empty() {
        return String::new();
    }
    format!("{guess} ({})", time::date_text(&time::today()))
}

/// The screens one page renders; each app's entry point passes its own.
pub type Routes = fn(Screen) -> AnyView;

/// Mounts `page`'s app: the frame around the screens `routes` renders.
pub fn mount(page: Page, routes: Routes) {
    if start(page) {
        leptos::mount::mount_to_body(move || view! { <App routes/> });
    }
}

/// Names this wasm's page and clears its "loading" line; false when the
/// URL belongs to another page, which then opens instead.
pub fn start(page: Page) -> bool {
    screen::set_page(page);
    if leave_for_own_page() {
        return false;
    }
    remove_boot_notice();
    true
}

/// Opened at a screen of another page (a report link at `/`, the team
/// screen in the field app): that page opens instead, before anything of
/// this one starts. Returns whether it did.
fn leave_for_own_page() -> bool {
    let screen = Screen::from_hash(&window().location().hash().unwrap_or_default());
    if this_page().shows(&screen) {
        return false;
    }
    let _ = window().location().replace(&screen.href());
    true
}

/// The page's "loading" line, replaced by the app.
fn remove_boot_notice() {
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
}

/// The saved settings, or the defaults with the reason they could not be read.
pub fn load_settings() -> (Settings, Option<StorageError>) {
    match storage::load_settings() {
        Ok(settings) => (settings, None),
        Err(err) => (Settings::default(), Some(err)),
    }
}

/// Language and preferences, for every page; returns the language.
pub fn provide_prefs(settings: Settings) -> RwSignal<Lang> {
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
    lang
}

#[component]
fn App(routes: Routes) -> impl IntoView {
    let (settings, load_error) = load_settings();
    let lang = provide_prefs(settings);
    let content = content::Content::provide();
    provide_context(content.catalog());
    let records = Records::load();
    provide_context(records);
    shell::provide_connection();
    sync::Sync::provide(records);
    shell::provide_line(records);
    let waiting = sw::UpdateWaiting(RwSignal::new_local(None));
    sw::register(waiting);
    // A coordinator's phone keeps the coordinator's app for offline use.
    let session = sync::use_sync();
    // What fell outside the team's window since the last sync leaves the
    // phone now, online or not (it is on the server): after the first
    // screen is drawn, so it never delays it.
    if session.session.with_untracked(Option::is_some) {
        let keep_days = content.team.with_untracked(|t| t.keep_days);
        set_timeout(
            move || records.keep_window(records::now_ms(), keep_days),
            std::time::Duration::ZERO,
        );
    }
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || this_page() != Page::Field || !session.is_coordinator() {
            return done.unwrap_or(false);
        }
        sw::keep_coordinator_app();
        true
    });

    // "Joined team X" has been read once the first contact is saved.
    Effect::watch(
        move || records.revision.get(),
        move |_, _, _| session.joined_seen(),
        false,
    );

    let screen = RwSignal::new(Screen::from_hash(
        &window().location().hash().unwrap_or_default(),
    ));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        screen.set(Screen::from_hash(
            &window().location().hash().unwrap_or_default(),
        ));
    });

    view! {
        <shell::Header/>
        <shell::UpdateBanner waiting/>
        <Show when=move || !screen.with(Screen::stands_alone)>
            <shell::Nav screen/>
        </Show>
        <main id="main" class="content">
            <Show when=move || !screen.with(Screen::stands_alone)>
                <shell::StatusLine/>
            </Show>
            {move || session.just_joined().map(|team| view! {
                <div class="notice notice-ok notice-row" role="status" data-testid="joined-notice">
                    <span>{move || format!("{} {team}.", T::JoinedTeam.get(lang.get()))}</span>
                    <button type="button" class="link-button" on:click=move |_| session.joined_seen()>{move || T::Close.get(lang.get())}</button>
                </div>
            })}
            {load_error.map(|err| view! { <p class="notice notice-error" role="alert">{storage_message(&err, lang.get_untracked())}</p> })}
            // Safari clears the storage of sites not opened for a week; an
            // app on the home screen is exempt.
            {shell::needs_ios_install_hint().then(|| view! {
                <p class="notice notice-warn" role="note" data-testid="ios-hint">{move || T::IosHint.get(lang.get())}</p>
            })}
            {move || records.unreadable.get().then(|| view! {
                <p class="notice notice-error" role="alert">{move || T::ErrorUnreadable.get(lang.get())}</p>
            })}
            {move || records.nearly_full.get().then(|| view! {
                <p class="notice notice-warn" role="alert" data-testid="nearly-full">{move || T::NearlyFull.get(lang.get())}</p>
            })}
            {move || {
                let screen = screen.get();
                if this_page().shows(&screen) {
                    routes(screen)
                } else {
                    // Another page's screen: that page opens in place of this one.
                    let _ = window().location().replace(&screen.href());
                    ().into_any()
                }
            }}
        </main>
    }
}
