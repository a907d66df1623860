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
    Navigation => "Onderdelen", "Sections";
    NavNew => "Nieuw gesprek", "New contact";
    NavContacts => "Mijn gesprekken", "My contacts";
    NavSettings => "Instellingen", "Settings";
    ServerChecking => "Verbinding controleren…", "Checking the connection…";
    ServerOnline => "Verbonden met de server", "Connected to the server";
    ServerOffline => "Geen verbinding. Alles wordt op deze telefoon bewaard.", "No connection. Everything is kept on this phone.";
    ServerDegraded => "De server werkt niet goed. Alles blijft op deze telefoon bewaard.", "The server has a problem. Everything stays on this phone.";
    CheckNow => "Nu controleren", "Check now";
    CaptureTitle => "Nieuw gesprek", "New contact";
    EditTitle => "Gesprek bewerken", "Edit contact";
    WhereAndHow => "Waar en hoe", "Where and how";
    SiteLabel => "Locatie", "Location";
    SiteHint => "Bijvoorbeeld: Voedselbank Noord. Geen namen of adressen van bewoners.", "For example: Food bank North. No names or addresses of residents.";
    PostcodeLabel => "Postcode, alleen de 4 cijfers (mag leeg)", "Postcode, the 4 digits only (optional)";
    ChannelLabel => "Hoe gesproken", "How you met";
    HouseholdLabel => "Huishouden", "Household";
    SchemesTitle => "Regelingen", "Schemes";
    SchemesHint => "Tik per besproken regeling wat de bewoner zegt. Niet besproken? Laat leeg.", "For each scheme discussed, tap what the resident says. Not discussed? Leave it.";
    BarriersFor => "Drempels bij", "Barriers for";
    OtherBarrierLabel => "Andere drempel, in een paar woorden", "Other barrier, in a few words";
    LifeEventLabel => "Recente gebeurtenis (mag leeg)", "Recent life event (optional)";
    QuoteLabel => "Citaat in de woorden van de bewoner (mag leeg)", "Quote in the resident's own words (optional)";
    QuoteConsent => "De bewoner vindt het goed dat dit citaat anoniem wordt gebruikt", "The resident agrees this quote may be used anonymously";
    FollowUpTitle => "Vervolg (mag leeg)", "Follow-up (optional)";
    ReferredToLabel => "Doorverwezen naar", "Referred to";
    ContactConsent => "De bewoner wil teruggebeld worden en geeft toestemming om contactgegevens te bewaren", "The resident wants to be contacted and agrees their details are kept";
    ContactDetailsLabel => "Contactgegevens (worden gewist na het vervolg)", "Contact details (erased after the follow-up)";
    NotesLabel => "Notities (mag leeg)", "Notes (optional)";
    Save => "Opslaan", "Save";
    SaveChanges => "Wijzigingen opslaan", "Save changes";
    CancelEdit => "Annuleren", "Cancel";
    SavedOnPhone => "Opgeslagen op deze telefoon", "Saved on this phone";
    Synced => "Gesynchroniseerd", "Synced";
    SyncProblem => "Synchronisatieprobleem", "Sync problem";
    FixErrors => "Nog niet opgeslagen: verbeter de gemarkeerde velden.", "Not saved yet: correct the marked fields.";
    PiiFoundTitle => "Mogelijk persoonsgegevens", "Possible personal data";
    PiiFoundText => "Bewaar geen gegevens waarmee iemand te herkennen is. Verwijder ze, of bewaar toch als het echt nodig is.", "Don't keep data that identifies someone. Remove it, or keep it if it is really needed.";
    PiiRemove => "Verwijderen", "Remove";
    PiiKeep => "Toch bewaren", "Keep anyway";
    PiiBsn => "BSN", "BSN (citizen service number)";
    PiiIban => "Rekeningnummer (IBAN)", "Bank account (IBAN)";
    PiiPhone => "Telefoonnummer", "Phone number";
    PiiEmail => "E-mailadres", "E-mail address";
    PiiAddress => "Postcode met huisnummer", "Postcode with house number";
    ErrorQuota => "De opslag van deze telefoon is vol. Je invoer staat nog in het formulier; exporteer of synchroniseer eerst.", "This phone's storage is full. Your input is still in the form; export or sync first.";
    ErrorStorage => "Opslaan lukte niet. Je invoer staat nog in het formulier.", "Saving failed. Your input is still in the form.";
    ErrorUnreadable => "Sommige opgeslagen gesprekken zijn onleesbaar. Ze zijn bewaard zoals ze waren.", "Some stored contacts cannot be read. They are kept as they were.";
    ContactsTitle => "Mijn gesprekken", "My contacts";
    ContactsEmpty => "Nog geen gesprekken op deze telefoon.", "No contacts on this phone yet.";
    Today => "Vandaag", "Today";
    Earlier => "Eerder", "Earlier";
    SchemesCount => "regelingen", "schemes";
    BarriersCount => "drempels", "barriers";
    Edit => "Bewerken", "Edit";
    Delete => "Verwijderen", "Delete";
    Deleted => "Gesprek verwijderd.", "Contact deleted.";
    Undo => "Ongedaan maken", "Undo";
    ShowMore => "Meer tonen", "Show more";
    ReplaceDraft => "Je hebt een gesprek in bewerking. Vervangen door dit gesprek?", "You have a contact in progress. Replace it with this one?";
    SettingsTitle => "Instellingen", "Settings";
    StorageTitle => "Opslag op deze telefoon", "Storage on this phone";
    Persisted => "Blijvende opslag: toegestaan. De browser wist je gegevens niet zomaar.", "Persistent storage: granted. The browser won't clear your data on its own.";
    NotPersisted => "Blijvende opslag: niet toegestaan. Synchroniseer regelmatig.", "Persistent storage: not granted. Sync regularly.";
    PersistUnknown => "Blijvende opslag: nog niet gevraagd.", "Persistent storage: not asked yet.";
    AskPersist => "Blijvende opslag vragen", "Ask for persistent storage";
    StorageUsed => "In gebruik door Drempel", "Used by Drempel";
    UnsyncedCount => "Nog niet gesynchroniseerd", "Not yet synced";
    ExportUnsynced => "Niet-gesynchroniseerde gesprekken exporteren (JSON)", "Export unsynced contacts (JSON)";
    ExportHint => "Alleen als noodoplossing: het bestand bevat wat bewoners vertelden. Bewaar het veilig en verwijder het na gebruik.", "Last resort only: the file holds what residents told you. Keep it safe and delete it after use.";
    IosHint => "Zet Drempel op je beginscherm (Deel → Zet op beginscherm). Anders kan Safari je gegevens na 7 dagen wissen.", "Add Drempel to your home screen (Share → Add to Home Screen). Otherwise Safari may erase your data after 7 days.";
    UpdateReady => "Er is een nieuwe versie van Drempel.", "A new version of Drempel is ready.";
    UpdateNow => "Bijwerken", "Update";
    SyncTitle => "Synchronisatie", "Sync";
    SyncNotJoined => "Deze telefoon hoort nog niet bij een team. Gesprekken blijven hier bewaard tot je je aanmeldt met de link van je coördinator.", "This phone has not joined a team yet. Contacts stay here until you join with the link from your coordinator.";
    SyncRevoked => "Deze telefoon is uit het team gehaald. Je gesprekken blijven op deze telefoon bewaard. Vraag je coördinator om een nieuwe link en meld je opnieuw aan.", "This phone was removed from the team. Your contacts stay on this phone. Ask your coordinator for a new link and join again.";
    SyncNever => "Nog nooit gesynchroniseerd.", "Never synced yet.";
    SyncLast => "Laatst gesynchroniseerd:", "Last synced:";
    SyncSending => "Versturen:", "Sending:";
    SyncOf => "van", "of";
    SyncReceiving => "Ontvangen:", "Receiving:";
    SyncFailed => "Synchroniseren lukte niet:", "Sync failed:";
    ReasonUnreachable => "de server is niet bereikbaar.", "the server cannot be reached.";
    ReasonServer => "de server heeft een probleem.", "the server has a problem.";
    ReasonUpgrade => "deze versie van de app is te oud. Werk de app bij.", "this version of the app is too old. Update the app.";
    ReasonForbidden => "een gesprek hoort bij een andere telefoon.", "a contact belongs to another phone.";
    ReasonStorage => "de opslag op deze telefoon lukte niet.", "storage on this phone failed.";
    ReasonOther => "onverwacht antwoord van de server.", "unexpected answer from the server.";
    RetryAt => "Nieuwe poging om", "Next attempt at";
    RetryNow => "Nu opnieuw proberen", "Retry now";
    SyncNow => "Nu synchroniseren", "Sync now";
    PendingCount => "Nog te versturen", "Still to send";
    TeamLabel => "Jouw team", "Your team";
    JoinTitle => "Aanmelden bij een team", "Join a team";
    JoinIntro => "Je coördinator gaf je een link of QR-code. Daarmee gaan je gesprekken naar het team.", "Your coordinator gave you a link or QR code. With it your contacts go to the team.";
    DeviceNameLabel => "Naam van deze telefoon (mag leeg)", "Name of this phone (optional)";
    DeviceNameHint => "Bijvoorbeeld: telefoon Ans. Zo herkent je coördinator hem.", "For example: Ans's phone. It helps your coordinator recognise it.";
    JoinButton => "Aanmelden", "Join";
    JoinedTeam => "Aangemeld bij", "Joined";
    JoinExpired => "Deze link is verlopen. Vraag je coördinator om een nieuwe.", "This link has expired. Ask your coordinator for a new one.";
    JoinRevoked => "Deze link is ingetrokken. Vraag je coördinator om een nieuwe.", "This link was withdrawn. Ask your coordinator for a new one.";
    JoinUnknown => "Deze link werkt niet. Controleer hem of vraag een nieuwe.", "This link does not work. Check it or ask for a new one.";
    JoinPasteLabel => "Link van je coördinator", "Link from your coordinator";
    JoinSwitch => "Deze telefoon hoort al bij een team. Gesprekken die nog niet verstuurd zijn, gaan naar het nieuwe team. Doorgaan?", "This phone already belongs to a team. Contacts not sent yet will go to the new team. Continue?";
    NoConnection => "Geen verbinding met de server. Probeer het opnieuw als je verbinding hebt.", "No connection to the server. Try again when you are online.";
    TooManyTries => "Te veel pogingen. Wacht een minuut en probeer het opnieuw.", "Too many attempts. Wait a minute and try again.";
    NavTeam => "Beheer", "Manage";
    CoordinatorLink => "Coördinator? Log hier in.", "Coordinator? Sign in here.";
    LoginTitle => "Inloggen als coördinator", "Sign in as coordinator";
    LoginName => "Gebruikersnaam", "User name";
    Password => "Wachtwoord", "Password";
    LoginButton => "Inloggen", "Sign in";
    LoginFailed => "Gebruikersnaam of wachtwoord klopt niet.", "User name or password is wrong.";
    LinksTitle => "Uitnodigingslinks", "Join links";
    LinkFor => "Voor", "For";
    RoleVolunteer => "Vrijwilliger", "Volunteer";
    RoleCoordinator => "Coördinator", "Coordinator";
    LinkValid => "Geldig", "Valid for";
    OneDay => "1 dag", "1 day";
    OneWeek => "7 dagen", "7 days";
    CreateLink => "Link maken", "Create link";
    LinkScan => "Laat de nieuwe vrijwilliger deze code scannen met de camera van de telefoon, of stuur de link.", "Let the new volunteer scan this code with the phone's camera, or send the link.";
    LinkQr => "QR-code van de uitnodigingslink", "QR code of the join link";
    LinkExpires => "verloopt", "expires";
    LinkUses => "keer gebruikt", "times used";
    Withdraw => "Intrekken", "Withdraw";
    Withdrawn => "Ingetrokken", "Withdrawn";
    Expired => "Verlopen", "Expired";
    DevicesTitle => "Apparaten in het team", "Devices in the team";
    LastSync => "laatst gesynchroniseerd", "last synced";
    Never => "nog nooit", "never";
    ThisDevice => "dit apparaat", "this device";
    RemoveDevice => "Uit het team halen", "Remove from team";
    RemoveDeviceConfirm => "Dit apparaat uit het team halen? Het kan dan niet meer synchroniseren. Wat erop staat, blijft erop.", "Remove this device from the team? It can no longer sync. What is on it stays there.";
    Removed => "Verwijderd", "Removed";
    ConflictsTitle => "Conflicten", "Conflicts";
    ConflictsNone => "Geen conflicten.", "No conflicts.";
    ConflictsIntro => "Hier wijzigden twee mensen hetzelfde veld. In het gesprek staat de laatste wijziging; hier staat wat die overschreef.", "Here two people changed the same field. The contact holds the latest change; this is what it overwrote.";
    ConflictOverwritten => "Overschreven", "Overwritten";
    ConflictNow => "Nu", "Now";
    ConflictDeleted => "(gesprek verwijderd)", "(contact deleted)";
    LogoutTitle => "Uitloggen", "Sign out";
    LogoutHint => "Bij uitloggen verdwijnen de gegevens van het team van dit apparaat, maar pas als alles gesynchroniseerd is.", "Signing out removes the team's data from this device, but only once everything is synced.";
    LogoutUnsynced => "Eerst synchroniseren: er staan nog gesprekken alleen op dit apparaat.", "Sync first: some contacts are only on this device.";
    LoggedOut => "Uitgelogd. De gegevens van het team zijn van dit apparaat verwijderd.", "Signed out. The team's data was removed from this device.";
    ActionFailed => "Dat lukte niet:", "That did not work:";
    Loading => "Laden…", "Loading…";
    NavDashboard => "Overzicht", "Dashboard";
    DashboardTitle => "Wat we horen", "What we hear";
    Filters => "Filters", "Filter options";
    PeriodLabel => "Periode", "Period";
    SpanAll => "Alles", "All time";
    Span30 => "30 dagen", "30 days";
    Span12 => "12 maanden", "12 months";
    Everywhere => "Alle locaties", "All locations";
    AllChannels => "Alle manieren", "All ways";
    ContactsCounted => "gesprekken geteld", "contacts counted";
    NonUseTitle => "Niet-gebruik per regeling", "Non-use per scheme";
    AsTable => "Als tabel", "As a table";
    SchemeColumn => "Regeling", "Scheme";
    NotUsedColumn => "Niet gebruikt", "Not used";
    DiscussedColumn => "Besproken", "Discussed";
    HeatTitle => "Welke drempels bij welke regeling", "Which barriers block which scheme";
    TrendTitle => "Gesprekken per maand", "Contacts per month";
    MonthColumn => "Maand", "Month";
    ContactsColumn => "Gesprekken", "Contacts";
    TopBarriersTitle => "Meest genoemde drempels per locatie", "Top barriers per location";
    QuotesTitle => "In hun eigen woorden", "In their own words";
    AllSchemes => "Alle regelingen", "All schemes";
    NoQuotes => "Nog geen citaten.", "No quotes yet.";
    EraseEverywhere => "Overal wissen", "Erase everywhere";
    EraseConfirm => "Dit gesprek overal wissen, ook op de server en alle telefoons? Dit kan niet ongedaan worden gemaakt.", "Erase this contact everywhere, on the server and every phone too? This cannot be undone.";
    EraseNeedsConnection => "Wissen lukt alleen met verbinding met de server. Probeer het opnieuw als je verbinding hebt.", "Erasing needs a connection to the server. Try again when you are online.";
    PrivacyTitle => "Bewaren en verantwoorden", "Retention and accountability";
    RetentionLabel => "Notities en contactgegevens bewaren (dagen)", "Keep notes and contact details (days)";
    RetentionHint => "Daarna wist de server ze, en elke telefoon bij de volgende synchronisatie. Standaard 90 dagen.", "After that the server erases them, and every phone at its next sync. 90 days by default.";
    RetentionInvalid => "Vul een aantal dagen in, van 1 tot 3650.", "Enter a number of days, from 1 to 3650.";
    SettingsSaved => "Opgeslagen.", "Saved.";
    AuditTitle => "Logboek", "Audit log";
    AuditExport => "Export", "Exported";
    AuditErase => "Gesprek overal gewist", "Contact erased everywhere";
    AuditRevokeDevice => "Apparaat uit het team gehaald", "Device removed from the team";
    AuditCreateLink => "Uitnodigingslink gemaakt", "Join link created";
    AuditRevokeLink => "Uitnodigingslink ingetrokken", "Join link withdrawn";
    AuditSettings => "Bewaartermijn gewijzigd", "Retention period changed";
    AuditPurge => "Oude notities en contactgegevens gewist", "Old notes and contact details erased";
    ExportTitle => "Exporteren (CSV)", "Export (CSV)";
    ExportIntro => "Voor Excel of een rekenblad. Zonder notities en contactgegevens; citaten alleen met toestemming van de bewoner. Bewaar de bestanden veilig.", "For Excel or a spreadsheet. Without notes and contact details; quotes only with the resident's consent. Keep the files safe.";
    ExportContacts => "Gesprekken (een regel per gesprek)", "Contacts (one row per contact)";
    ExportFindings => "Regelingen en drempels (een regel per regeling per gesprek)", "Schemes and barriers (one row per scheme per contact)";
    Exporting => "Bezig met exporteren…", "Exporting…";
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
