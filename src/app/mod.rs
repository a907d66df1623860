//! The app's components. They present; `drempel-core` decides, `storage`
//! and `net` do the I/O.

mod capture;
mod chips;
mod contacts;
mod dashboard;
mod records;
mod settings;
mod shell;
mod sync;
mod team;

use drempel_core::Lang;
use drempel_core::catalog::Catalog;
use leptos::prelude::*;

use crate::i18n::{T, provide_i18n};
use crate::storage::{self, Settings, StorageError};
use crate::sw;

pub use records::Records;
pub use shell::Connection;

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

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// The catalog the forms are built from. Until the team's own catalog
/// arrives by sync, the default one.
pub fn use_catalog() -> StoredValue<Catalog> {
    expect_context::<StoredValue<Catalog>>()
}

/// Which screen shows; kept in the URL's fragment so reload and the back
/// button keep their place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Capture,
    Contacts,
    Settings,
    /// The coordinator's screen (or its sign-in).
    Team,
    /// The coordinator's counts and charts.
    Dashboard,
    /// Opened from a join link: `#join=<code>`.
    Join,
}

impl Screen {
    pub fn from_hash(hash: &str) -> Screen {
        match hash.trim_start_matches('#').trim_start_matches('/') {
            "contacts" => Screen::Contacts,
            "settings" => Screen::Settings,
            "team" => Screen::Team,
            "dashboard" => Screen::Dashboard,
            join if join.starts_with(drempel_core::wire::JOIN_FRAGMENT) => Screen::Join,
            _ => Screen::Capture,
        }
    }

    pub fn hash(self) -> &'static str {
        match self {
            Screen::Capture => "#/new",
            Screen::Contacts => "#/contacts",
            Screen::Settings => "#/settings",
            Screen::Team => "#/team",
            Screen::Dashboard => "#/dashboard",
            Screen::Join => "#join=",
        }
    }
}

/// Shows `screen` and records it in the URL.
pub fn navigate(screen: Screen) {
    let _ = window().location().set_hash(screen.hash());
}

pub fn storage_message(err: &StorageError, lang: Lang) -> &'static str {
    match err {
        StorageError::QuotaExceeded => T::ErrorQuota.get(lang),
        StorageError::Unavailable(_) | StorageError::Corrupt { .. } => T::ErrorStorage.get(lang),
    }
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
    provide_context(StoredValue::new(Catalog::default_catalog()));
    let records = Records::load();
    provide_context(records);
    shell::provide_connection();
    sync::Sync::provide(records);
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });
    let waiting = sw::UpdateWaiting(RwSignal::new_local(None));
    sw::register(waiting);

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
        <shell::Nav screen/>
        <main id="main" class="content">
            <shell::ConnectionStatus/>
            {load_error.map(|err| view! { <p class="notice notice-error" role="alert">{storage_message(&err, lang.get_untracked())}</p> })}
            // Safari clears the storage of sites not opened for a week; an
            // app on the home screen is exempt.
            {settings::needs_ios_install_hint().then(|| view! {
                <p class="notice notice-warn" role="note" data-testid="ios-hint">{move || T::IosHint.get(lang.get())}</p>
            })}
            {move || records.unreadable.get().then(|| view! {
                <p class="notice notice-error" role="alert">{move || T::ErrorUnreadable.get(lang.get())}</p>
            })}
            {move || match screen.get() {
                Screen::Capture => view! { <capture::Capture/> }.into_any(),
                Screen::Contacts => view! { <contacts::Contacts/> }.into_any(),
                Screen::Settings => view! { <settings::SettingsScreen/> }.into_any(),
                Screen::Team => view! { <team::TeamScreen/> }.into_any(),
                Screen::Dashboard => view! { <dashboard::Dashboard/> }.into_any(),
                Screen::Join => view! { <team::JoinScreen/> }.into_any(),
            }}
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_round_trip_through_the_url_fragment() {
        for screen in [
            Screen::Capture,
            Screen::Contacts,
            Screen::Settings,
            Screen::Team,
        ] {
            assert_eq!(Screen::from_hash(screen.hash()), screen);
        }
        assert_eq!(Screen::from_hash(""), Screen::Capture);
        assert_eq!(Screen::from_hash("#/nonsense"), Screen::Capture);
        assert_eq!(Screen::from_hash("#join=ab12"), Screen::Join);
    }
}
