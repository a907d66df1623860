//! Where the app is: the screen, kept in the URL's fragment so reload and
//! the back button keep their place, and the page (one of three apps, each
//! its own wasm) that shows it.

use std::cell::Cell;

use leptos::prelude::*;

/// The three apps Drempel is built as. A volunteer's phone loads the field
/// app alone; the coordinator's screens and the public report are their
/// own pages, fetched only by those who open them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/`: recording, my contacts, settings, joining, consultations and
    /// the kiosk.
    Field,
    /// `/coordinator.html`: every field screen too, so a coordinator stays
    /// in one app, plus the team, dashboard, builder, results and catalog.
    Coordinator,
    /// `/report.html`: a report link, for anyone.
    Report,
}

impl Page {
    pub fn path(self) -> &'static str {
        match self {
            Page::Field => "/",
            Page::Coordinator => "/coordinator.html",
            Page::Report => "/report.html",
        }
    }

    /// Whether this page has `screen` in its own wasm.
    pub fn shows(self, screen: &Screen) -> bool {
        match self {
            Page::Coordinator => screen.page() != Page::Report,
            page => screen.page() == page,
        }
    }
}

thread_local! {
    static PAGE: Cell<Page> = const { Cell::new(Page::Field) };
}

/// Which page this wasm is; set once by its entry point.
pub fn set_page(page: Page) {
    PAGE.set(page);
}

pub fn this_page() -> Page {
    PAGE.get()
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
    /// The team's signals to the municipality.
    Signals,
    /// A coordinator writes a signal: `#/signals/<id>`, `new` for a new one.
    SignalEdit(String),
    /// A signal link, opened by anyone: `#/signal/<code>`.
    SignalReport(String),
}

impl Screen {
    /// The page whose wasm holds this screen.
    pub fn page(&self) -> Page {
        match self {
            Screen::Team
            | Screen::Dashboard
            | Screen::ConsultEdit(_)
            | Screen::Results(_)
            | Screen::Catalog
            | Screen::Signals
            | Screen::SignalEdit(_) => Page::Coordinator,
            Screen::Report(_) | Screen::SignalReport(_) => Page::Report,
            _ => Page::Field,
        }
    }

    /// The link to this screen from the page that is open: its fragment
    /// alone when this page shows it, else the page that does.
    pub fn href(&self) -> String {
        if this_page().shows(self) {
            self.hash()
        } else {
            self.on(self.page())
        }
    }

    /// The link to this screen in `page`'s app.
    pub fn on(&self, page: Page) -> String {
        format!("{}{}", page.path(), self.hash())
    }

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
        if let Some(code) = prefixed(&drempel_core::wire::SIGNAL_FRAGMENT[1..]) {
            return Screen::SignalReport(code);
        }
        if let Some(id) = prefixed("signals/") {
            return Screen::SignalEdit(id);
        }
        match path {
            "contacts" => Screen::Contacts,
            "settings" => Screen::Settings,
            "team" => Screen::Team,
            "dashboard" => Screen::Dashboard,
            "consult" => Screen::Consult,
            "catalog" => Screen::Catalog,
            "signals" => Screen::Signals,
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
            Screen::Signals => "#/signals".into(),
            Screen::SignalEdit(id) => format!("#/signals/{id}"),
            Screen::SignalReport(code) => {
                format!("#{}{code}", drempel_core::wire::SIGNAL_FRAGMENT)
            }
        }
    }

    /// The navigation item a screen belongs to.
    pub fn section(&self) -> Screen {
        match self {
            Screen::ConsultEdit(_) | Screen::Results(_) | Screen::Kiosk(_) => Screen::Consult,
            Screen::Catalog => Screen::Team,
            Screen::Signals | Screen::SignalEdit(_) => Screen::Dashboard,
            other => other.clone(),
        }
    }

    /// Screens without the app's navigation: a resident holds the phone
    /// (kiosk), or anyone opened a report link.
    pub fn stands_alone(&self) -> bool {
        matches!(
            self,
            Screen::Kiosk(_) | Screen::Report(_) | Screen::SignalReport(_)
        )
    }
}

/// Shows `screen` and records it in the URL; a screen of another page
/// opens that page.
pub fn navigate(screen: Screen) {
    let location = window().location();
    let _ = if this_page().shows(&screen) {
        location.set_hash(&screen.hash())
    } else {
        location.assign(&screen.href())
    };
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
            Screen::Signals,
            Screen::SignalEdit("new".into()),
            Screen::SignalEdit("0190ab".into()),
            Screen::SignalReport("f00d".into()),
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

    #[test]
    fn each_page_shows_its_own_screens() {
        assert!(Page::Field.shows(&Screen::Capture));
        assert!(Page::Field.shows(&Screen::Kiosk("x".into())));
        assert!(!Page::Field.shows(&Screen::Dashboard));
        assert!(!Page::Field.shows(&Screen::Report("x".into())));
        assert!(Page::Coordinator.shows(&Screen::Capture));
        assert!(Page::Coordinator.shows(&Screen::Results("x".into())));
        assert!(!Page::Coordinator.shows(&Screen::Report("x".into())));
        assert!(Page::Report.shows(&Screen::Report("x".into())));
        assert!(!Page::Report.shows(&Screen::Capture));
        assert_eq!(Screen::Dashboard.page().path(), "/coordinator.html");
    }
}
