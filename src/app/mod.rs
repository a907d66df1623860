//! The app's components. They present; `drempel-core` decides, `storage`
//! and `net` do the I/O.

mod capture;
mod catalog;
mod chips;
mod consult;
mod contacts;
mod content;
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

/// The catalog new forms are built from. Until the team's own catalog
/// arrives by sync, the default one.
pub fn use_catalog() -> Memo<Catalog> {
    expect_context::<Memo<Catalog>>()
}

/// Which screen shows; kept in the URL's fragment so reload and the back
/// button keep their place.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The consultations on this device; coordinators also write them here.
    Consult,
    /// A coordinator writes a consultation: `#/consult/edit/<id>`, `new`
    /// for a new one.
    ConsultEdit(String),
    /// Results and the "you said, we did" report: `#/consult/results/<id>`.
    Results(String),
    /// Residents answer a consultation on a handed-over phone.
    Kiosk(String),
    /// A report link, opened by anyone: `#/report/<code>`.
    Report(String),
    /// The team's schemes and barriers.
    Catalog,
}

impl Screen {
    pub fn from_hash(hash: &str) -> Screen {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let id = |rest: &str| {
            let ok = !rest.is_empty()
                && rest.len() <= 128
                && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            ok.then(|| rest.to_string())
        };
        let prefixed = |prefix: &str| path.strip_prefix(prefix).and_then(id);
        if let Some(id) = prefixed("consult/edit/") {
            return Screen::ConsultEdit(id);
        }
        if let Some(id) = prefixed("consult/results/") {
            return Screen::Results(id);
        }
        if let Some(id) = prefixed("kiosk/") {
            return Screen::Kiosk(id);
        }
        if let Some(code) = prefixed(&drempel_core::wire::REPORT_FRAGMENT[1..]) {
            return Screen::Report(code);
        }
        match path {
            "contacts" => Screen::Contacts,
            "settings" => Screen::Settings,
            "team" => Screen::Team,
            "dashboard" => Screen::Dashboard,
            "consult" => Screen::Consult,
            "catalog" => Screen::Catalog,
            join if join.starts_with(drempel_core::wire::JOIN_FRAGMENT) => Screen::Join,
            _ => Screen::Capture,
        }
    }

    pub fn hash(&self) -> String {
        match self {
            Screen::Capture => "#/new".into(),
            Screen::Contacts => "#/contacts".into(),
            Screen::Settings => "#/settings".into(),
            Screen::Team => "#/team".into(),
            Screen::Dashboard => "#/dashboard".into(),
            Screen::Join => "#join=".into(),
            Screen::Consult => "#/consult".into(),
            Screen::ConsultEdit(id) => format!("#/consult/edit/{id}"),
            Screen::Results(id) => format!("#/consult/results/{id}"),
            Screen::Kiosk(id) => format!("#/kiosk/{id}"),
            Screen::Report(code) => format!("#{}{code}", drempel_core::wire::REPORT_FRAGMENT),
            Screen::Catalog => "#/catalog".into(),
        }
    }

    /// The navigation item a screen belongs to.
    pub fn section(&self) -> Screen {
        match self {
            Screen::ConsultEdit(_) | Screen::Results(_) | Screen::Kiosk(_) => Screen::Consult,
            Screen::Catalog => Screen::Team,
            other => other.clone(),
        }
    }

    /// Screens without the app's navigation: a resident holds the phone
    /// (kiosk), or anyone opened a report link.
    pub fn stands_alone(&self) -> bool {
        matches!(self, Screen::Kiosk(_) | Screen::Report(_))
    }
}

/// Shows `screen` and records it in the URL.
pub fn navigate(screen: Screen) {
    let _ = window().location().set_hash(&screen.hash());
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
    let content = content::Content::provide();
    provide_context(content.catalog());
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
        <Show when=move || !screen.with(Screen::stands_alone)>
            <shell::Nav screen/>
        </Show>
        <main id="main" class="content">
            <Show when=move || !screen.with(Screen::stands_alone)>
                <shell::ConnectionStatus/>
            </Show>
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
                Screen::Consult => view! { <consult::ConsultScreen/> }.into_any(),
                Screen::ConsultEdit(id) => view! { <consult::Builder id/> }.into_any(),
                Screen::Results(id) => view! { <consult::ResultsScreen id/> }.into_any(),
                Screen::Kiosk(id) => view! { <consult::Kiosk id/> }.into_any(),
                Screen::Report(code) => view! { <consult::SharedReport code/> }.into_any(),
                Screen::Catalog => view! { <catalog::CatalogScreen/> }.into_any(),
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
            Screen::Dashboard,
            Screen::Consult,
            Screen::Catalog,
            Screen::ConsultEdit("new".into()),
            Screen::Results("0190ab".into()),
            Screen::Kiosk("0190ab".into()),
            Screen::Report("f00d".into()),
        ] {
            assert_eq!(Screen::from_hash(&screen.hash()), screen);
        }
        assert_eq!(Screen::from_hash("#/kiosk/"), Screen::Capture);
        assert_eq!(Screen::from_hash("#/kiosk/a<b"), Screen::Capture);
        assert!(Screen::Kiosk("x".into()).stands_alone());
        assert_eq!(Screen::Results("x".into()).section(), Screen::Consult);
        assert_eq!(Screen::from_hash(""), Screen::Capture);
        assert_eq!(Screen::from_hash("#/nonsense"), Screen::Capture);
        assert_eq!(Screen::from_hash("#join=ab12"), Screen::Join);
    }
}
