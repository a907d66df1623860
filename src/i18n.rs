//! Every visible string in Dutch and English. The `texts!` table demands both
//! languages for each key, so a missing translation does not compile.

use drempel_core::Lang;
use leptos::prelude::*;

macro_rules! texts {
    ($($key:ident => $nl:literal, $en:literal;)*) => {
        /// A visible string of the app.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (T::$key, Lang::Nl) => $nl,
                        (T::$key, Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

texts! {
    Tagline => "Drempels naar regelingen, opgetekend in het veld", "Barriers to benefits, recorded in the field";
    Language => "Taal", "Language";
    ServerChecking => "Verbinding controleren…", "Checking the connection…";
    ServerOnline => "Verbonden met de server", "Connected to the server";
    ServerOffline => "Geen verbinding. Alles wordt op deze telefoon bewaard.", "No connection. Everything is kept on this phone.";
    ServerDegraded => "De server werkt niet goed. Alles blijft op deze telefoon bewaard.", "The server has a problem. Everything stays on this phone.";
    CheckNow => "Nu controleren", "Check now";
    SiteHeading => "Waar ben je vandaag?", "Where are you today?";
    SiteLabel => "Locatie", "Location";
    SiteEmpty => "Vul een locatie in.", "Enter a location.";
    SiteHint => "Bijvoorbeeld: Voedselbank Noord, uitgiftepunt De Wijk. Geen namen of adressen van bewoners.", "For example: Food bank North, distribution point De Wijk. No names or addresses of residents.";
    Save => "Opslaan", "Save";
    SavedOnPhone => "Opgeslagen op deze telefoon", "Saved on this phone";
    ErrorQuota => "De opslag van deze telefoon is vol. Je invoer staat nog in het formulier; exporteer of synchroniseer eerst.", "This phone's storage is full. Your input is still in the form; export or sync first.";
    ErrorStorage => "Opslaan lukte niet. Je invoer staat nog in het formulier.", "Saving failed. Your input is still in the form.";
    ErrorTooLong => "Te lang: gebruik hoogstens 120 tekens.", "Too long: use at most 120 characters.";
    UpdateReady => "Er is een nieuwe versie van Drempel.", "A new version of Drempel is ready.";
    UpdateNow => "Bijwerken", "Update";
}

/// Provides the current language to the component tree.
pub fn provide_i18n(initial: Lang) -> RwSignal<Lang> {
    let lang = RwSignal::new(initial);
    provide_context(lang);
    lang
}

/// The current language; Dutch outside a provider.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Nl))
}

/// A reactive translation of `key`.
pub fn tr(key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || key.get(lang.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_present_in_both_languages() {
        for &key in T::ALL {
            for lang in Lang::ALL {
                let text = key.get(lang);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn dutch_and_english_differ() {
        // A copy-pasted Dutch string in the English column is a missing translation.
        for &key in T::ALL {
            assert_ne!(
                key.get(Lang::Nl),
                key.get(Lang::En),
                "{key:?} is not translated"
            );
        }
    }
}
