//! Every visible string in Dutch and English. The `texts!` table demands both
//! languages for each key, so a missing translation does not compile.

use drempel_core::Lang;
use leptos::prelude::*;

/// A table of visible strings: an enum `$name` with one key per string,
/// each in Dutch and English. Every page has [`T`]; an app's own words
/// (the coordinator's) are its own table, so they stay out of the others'
/// wasm.
macro_rules! texts {
    ($name:ident; $($key:ident => $nl:literal, $en:literal;)*) => {
        /// Visible strings, Dutch and English.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($key),* }

        impl $name {
            #[cfg(test)]
            pub const ALL: &'static [$name] = &[$($name::$key),*];

            pub fn get(self, lang: drempel_core::Lang) -> &'static str {
                <Self as $crate::shared::i18n::Text>::get(self, lang)
            }
        }

        impl $crate::shared::i18n::Text for $name {
            fn get(self, lang: drempel_core::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$key, drempel_core::Lang::Nl) => $nl,
                        ($name::$key, drempel_core::Lang::En) => $en,
                    )*
                }
            }
        }
    };
}
pub(crate) use texts;

/// A key of a table of visible strings.
pub trait Text: Copy + Send + Sync + 'static {
    fn get(self, lang: Lang) -> &'static str;
}

/// "1 antwoord", "3 antwoorden": `n` with the word that fits it.
pub fn count<K: Text>(n: usize, one: K, many: K, lang: Lang) -> String {
    format!("{n} {}", if n == 1 { one } else { many }.get(lang))
}

texts! {
    T;
    NavConsult => "Raadplegen", "Consult";
    ConsultTitle => "Raadplegingen", "Consultations";
    OpenConsultations => "Open voor antwoorden", "Open for answers";
    NoOpenConsultations => "Er staat nu geen raadpleging open. Een coördinator zet ze klaar; je telefoon haalt ze op zodra hij verbinding heeft.", "No consultation is open now. A coordinator sets them up; your phone fetches them once it is online.";
    StartKiosk => "Geef de telefoon aan een bewoner", "Hand the phone to a resident";
    KioskExplained => "Zo beantwoorden bewoners de vragen zelf. Elk antwoord wordt meteen op deze telefoon bewaard en later verstuurd; de volgende persoon ziet een leeg formulier.", "Residents then answer the questions themselves. Each answer is saved on this phone at once and sent later; the next person sees an empty form.";
    ResponseWaitingOne => "antwoord wacht op verzending; het wordt verstuurd zodra er verbinding is.", "answer is waiting to be sent; it goes as soon as there is a connection.";
    ResponsesWaiting => "antwoorden wachten op verzending; ze worden verstuurd zodra er verbinding is.", "answers are waiting to be sent; they go as soon as there is a connection.";
    ResponseRefusedOne => "antwoord is door de server geweigerd (de raadpleging bestaat niet meer of is gewijzigd). Het blijft op deze telefoon; vraag je coördinator.", "answer was refused by the server (the consultation no longer exists or changed). It stays on this phone; ask your coordinator.";
    ResponsesRefused => "antwoorden zijn door de server geweigerd (de raadpleging bestaat niet meer of is gewijzigd). Ze blijven op deze telefoon; vraag je coördinator.", "answers were refused by the server (the consultation no longer exists or changed). They stay on this phone; ask your coordinator.";
    TeamConsultations => "Raadplegingen van het team", "The team's consultations";
    Respondents => "deelnemers", "respondents";
    ByLanguage => "Per taal", "By language";
    BackToConsultations => "Terug naar raadplegingen", "Back to consultations";
    QuestionN => "Vraag", "Question";
    CheckThis => "Controleer", "Check";
    ConsultTitleLabel => "de titel", "the title";
    DatesWrong => "de data (de einddatum ligt op of na de begindatum)", "the dates (the end is on or after the start)";
    OptionsOf => "de keuzes bij vraag", "the choices of question";
    IsRequired => "(nog leeg)", "(still empty)";
    IsTooLong => "(te lang)", "(too long)";
    TwoOptions => "(2 tot 12 keuzes)", "(2 to 12 choices)";
    KioskNotOpen => "Deze raadpleging staat nu niet open op deze telefoon.", "This consultation is not open on this phone now.";
    ScaleLow => "1 = helemaal niet", "1 = not at all";
    ScaleHigh => "5 = heel erg", "5 = very much";
    TakenHereOne => "antwoord in deze sessie", "answer in this session";
    TakenHere => "antwoorden in deze sessie", "answers in this session";
    LeaveKiosk => "Terug naar de vrijwilliger", "Back to the volunteer";
    LeaveKioskConfirm => "Alleen voor de vrijwilliger: stoppen met invullen door bewoners?", "For the volunteer only: stop residents filling in?";
    LeaveYes => "Ja, verlaten", "Yes, leave";
    LeaveNo => "Nee, blijven", "No, stay";
    YouSaidWeDid => "U zei, wij deden", "You said, we did";
    Period => "Periode", "Period";
    Gathered => "Waar en hoe opgehaald", "Where and how gathered";
    Caveat => "Let op", "Note";
    WhatYouSaid => "Wat u zei", "What you said";
    Answer => "Antwoord", "Answer";
    Count => "Aantal", "Count";
    FewerThan5 => "minder dan 5", "fewer than 5";
    SmallHidden => "Aantallen onder de 5 staan er als \"minder dan 5\", zodat niemand te herkennen is.", "Numbers under 5 show as \"fewer than 5\", so no one can be recognised.";
    Chart => "Grafiek", "Chart";
    Mean => "Gemiddeld", "Average";
    WroteOwnWords => "mensen schreven iets in eigen woorden. Die antwoorden staan niet in dit openbare verslag.", "people wrote something in their own words. Those answers are not in this public report.";
    Advice => "Advies van de raad", "The council's advice";
    MunicipalityResponse => "Reactie van de gemeente", "The municipality's response";
    WeDid => "Wat we deden", "What we did";
    StatusAdopted => "Overgenomen", "Adopted";
    StatusNotAdopted => "Niet overgenomen", "Not adopted";
    StatusPending => "In behandeling", "Pending";
    SignalKicker => "Signaal aan de gemeente", "Signal to the municipality";
    SignalGone => "Dit signaal is er niet (meer). Misschien is de link ingetrokken.", "This signal does not exist (any more). Perhaps the link was withdrawn.";
    WhatGoesWrong => "Wat gaat er mis", "What goes wrong";
    WhatWeAsk => "Wat we vragen", "What we ask";
    WhatWeHeard => "Wat we hoorden", "What we heard";
    SchemeWord => "Regeling", "Scheme";
    BarrierWord => "Drempel", "Barrier";
    PlaceWord => "Plek", "Place";
    EveryPlace => "Alle plekken", "Every place";
    AllSoFar => "Alles tot nu", "Everything so far";
    CountedOn => "Geteld op", "Counted on";
    StatusWord => "Stand", "Status";
    SentOn => "Verstuurd op", "Sent on";
    EvContacts => "Gesprekken op die plek in die periode", "Conversations at that place in that period";
    EvDiscussed => "Gesprekken over deze regeling", "Conversations about this scheme";
    EvNotUsed => "De bewoner gebruikte de regeling niet", "The resident did not use the scheme";
    EvNonUse => "Niet gebruikt, van wie het erover had", "Not used, of those who discussed it";
    EvBarrier => "Met deze drempel", "With this barrier";
    EvMonths => "Niet gebruikt, per maand", "Not used, per month";
    MonthWord => "Maand", "Month";
    MoneyTitle => "Geld", "Money";
    EvUnlocked => "Geld vrijgemaakt na hulp, per jaar", "Money unlocked after help, a year";
    EvUnlockedBasis => "Toegekend met een bedrag:", "Granted with an amount:";
    EvUnlockedHidden => "Nog geen bedrag: het rust op minder dan 5 uitkomsten.", "No amount yet: it rests on fewer than 5 outcomes.";
    EvEstimate => "Geld dat blijft liggen, per jaar (schatting)", "Money left unclaimed, a year (estimate)";
    EvEstimateBasis => "Zo geschat: aantal keer niet gebruikt keer het bedrag per jaar dat het team bij de regeling zette. Niet iedereen heeft recht op het hele bedrag. Bron:", "Estimated as: times not used, times the yearly amount the team set for the scheme. Not everyone is entitled to the whole amount. Source:";
    QuotesShared => "Wat bewoners zeiden (zij gaven toestemming)", "What residents said (they agreed to share)";
    MunicipalityAnswer => "Antwoord van de gemeente", "The municipality's answer";
    ReportGone => "Dit verslag is er niet (meer). Misschien is de link ingetrokken.", "This report does not exist (any more). Perhaps the link was withdrawn.";
    Print => "Afdrukken of als PDF bewaren", "Print or save as PDF";
    Received => "ontvangen", "received";
    Tagline => "Drempels naar regelingen, opgetekend in het veld", "Barriers to benefits, recorded in the field";
    Language => "Taal", "Language";
    Navigation => "Onderdelen", "Sections";
    NavNew => "Nieuw", "New";
    NavContacts => "Gesprekken", "Contacts";
    NavSettings => "Meer", "More";
    NotSentYet => "nog niet verstuurd", "not sent yet";
    ServerChecking => "Verbinding controleren…", "Checking the connection…";
    ServerOffline => "De server is nu niet te bereiken. Alles blijft op deze telefoon.", "The server cannot be reached now. Everything stays on this phone.";
    NoNetwork => "Geen internet. Alles blijft op deze telefoon en gaat later vanzelf mee.", "No internet. Everything stays on this phone and is sent later by itself.";
    StillToSend => "Nog te versturen:", "Still to send:";
    AllSentAt => "Alles is verstuurd. Laatste keer:", "Everything is sent. Last time:";
    AllSent => "Alles is verstuurd.", "Everything is sent.";
    LineUpdating => "Gegevens van het team ophalen…", "Fetching the team's data…";
    LineAttention => "Versturen lukt niet:", "Sending does not work:";
    LineNotJoined => "Deze telefoon hoort nog niet bij een team. Gesprekken blijven hier bewaard.", "This phone is not in a team yet. Contacts are kept here.";
    LineWhatToDo => "Wat moet ik doen?", "What should I do?";
    CheckNow => "Nu controleren", "Check now";
    CaptureTitle => "Nieuw gesprek", "New contact";
    EditTitle => "Gesprek bewerken", "Edit contact";
    WhereAndHow => "Waar en hoe", "Where and how";
    SiteLabel => "Locatie", "Location";
    SiteHint => "Bijvoorbeeld: Voedselbank Noord. Geen namen of adressen van bewoners.", "For example: Food bank North. No names or addresses of residents.";
    PostcodeLabel => "Postcode, alleen de 4 cijfers (mag leeg)", "Postcode, the 4 digits only (optional)";
    ChannelLabel => "Hoe gesproken", "How you met";
    HouseholdLabel => "Huishouden", "Household";
    SchemesTitle => "Welke regelingen kwamen ter sprake?", "Which schemes came up?";
    SchemesHint => "Tik ze aan. Kies daarna per regeling wat de bewoner zei.", "Tap them. Then choose for each what the resident said.";
    MoreSchemes => "Andere regeling", "Other scheme";
    FewerSchemes => "Minder regelingen tonen", "Show fewer schemes";
    MoreBarriers => "Meer drempels", "More barriers";
    FewerBarriers => "Minder drempels tonen", "Show fewer barriers";
    FindScheme => "Zoek een regeling", "Find a scheme";
    NoSchemeFound => "Geen regeling met die naam.", "No scheme by that name.";
    RemoveScheme => "Weghalen", "Remove";
    ChangePlace => "Wijzig", "Change";
    PlaceTitle => "Plek", "Place";
    AboutResident => "Over de bewoner (mag leeg)", "About the resident (optional)";
    QuoteTitle => "Citaat (mag leeg)", "Quote (optional)";
    BarriersFor => "Drempels bij", "Barriers for";
    OtherBarrierLabel => "Andere drempel, in een paar woorden", "Other barrier, in a few words";
    LifeEventLabel => "Recente gebeurtenis (mag leeg)", "Recent life event (optional)";
    WorkLabel => "Werk of inkomen (mag leeg)", "Work or income (optional)";
    FollowUpOnLabel => "Opvolgen op (mag leeg)", "Follow up on (optional)";
    FollowUpOnHint => "Op die dag staat de bewoner bij Opvolgen: vraag dan hoe het ging.", "On that day the resident shows under Follow-up: ask then how it went.";
    FollowUpsTitle => "Opvolgen", "Follow-up";
    FollowUpsHint => "Vraag de bewoner hoe het afliep en vul het hier in. Het werkt ook zonder internet.", "Ask the resident how it went and fill it in here. It works without internet too.";
    OutcomeQuestion => "Hoe liep het af?", "How did it go?";
    OutcomeAmountLabel => "Bedrag in hele euro's (mag leeg)", "Amount in whole euros (optional)";
    OutcomeAskAgain => "Opnieuw vragen op", "Ask again on";
    OutcomeSave => "Uitkomst opslaan", "Save outcome";
    OutcomeSaved => "Uitkomst opgeslagen.", "Outcome saved.";
    OutcomeChoose => "Kies eerst hoe het afliep.", "First choose how it went.";
    ContactOn => "Gesprek van", "Contact of";
    FollowUpSince => "opvolgen sinds", "follow up since";
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
    Synced => "Verstuurd", "Sent";
    SyncProblem => "Versturen lukte niet", "Sending failed";
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
    ErrorQuota => "Deze telefoon is vol. Wat je invulde, staat nog in het formulier. Verstuur eerst je gesprekken, of bewaar ze als bestand (Instellingen).", "This phone is full. What you entered is still in the form. Send your contacts first, or save them as a file (Settings).";
    NearlyFull => "De telefoon raakt vol met gesprekken die nog niet verstuurd zijn. Zoek verbinding zodat ze verstuurd worden, of bewaar ze als bestand (Instellingen).", "The phone is filling up with contacts not yet sent. Get a connection so they are sent, or save them as a file (Settings).";
    ErrorStorage => "Opslaan lukte niet. Je invoer staat nog in het formulier.", "Saving failed. Your input is still in the form.";
    ErrorUnreadable => "Sommige opgeslagen gesprekken zijn onleesbaar. Ze zijn bewaard zoals ze waren.", "Some stored contacts cannot be read. They are kept as they were.";
    ContactsTitle => "Mijn gesprekken", "My contacts";
    ContactsEmpty => "Nog geen gesprekken op deze telefoon.", "No contacts on this phone yet.";
    Today => "Vandaag", "Today";
    Earlier => "Eerder", "Earlier";
    BarriersCount => "drempels", "barriers";
    BarrierOne => "drempel", "barrier";
    Edit => "Bewerken", "Edit";
    Delete => "Verwijderen", "Delete";
    Deleted => "Gesprek verwijderd.", "Contact deleted.";
    Undo => "Ongedaan maken", "Undo";
    ShowMore => "Meer tonen", "Show more";
    OlderTitle => "Ouder, op de server", "Older, on the server";
    TeamOnServerTitle => "Gesprekken van het team, op de server", "The team's contacts, on the server";
    OlderHint => "Verstuurde gesprekken van langer geleden staan niet meer op deze telefoon. Ze zijn veilig op de server.", "Sent contacts from longer ago are no longer on this phone. They are safe on the server.";
    FetchOlder => "Oudere gesprekken ophalen", "Fetch older contacts";
    FetchTeam => "Gesprekken van het team ophalen", "Fetch the team's contacts";
    FetchMore => "Meer ophalen", "Fetch more";
    NoOlder => "Er zijn geen oudere gesprekken op de server.", "There are no older contacts on the server.";
    OnServer => "Op de server", "On the server";
    ReplaceDraft => "Je hebt een gesprek in bewerking. Vervangen door dit gesprek?", "You have a contact in progress. Replace it with this one?";
    SettingsTitle => "Instellingen", "Settings";
    StorageTitle => "Opslag op deze telefoon", "Storage on this phone";
    Persisted => "Je gegevens blijven bewaard: de browser wist ze niet zomaar.", "Your data stays: the browser will not delete it on its own.";
    NotPersisted => "Let op: de browser mag je gegevens wissen als de telefoon vol raakt. Verstuur vaak.", "Careful: the browser may delete your data when the phone gets full. Send often.";
    PersistUnknown => "Nog niet gevraagd of je gegevens altijd bewaard mogen blijven.", "Not asked yet whether your data may always be kept.";
    AskPersist => "Vragen om alles te bewaren", "Ask to keep everything";
    StorageUsed => "Ruimte", "Space";
    UnsyncedCount => "Nog niet verstuurd", "Not sent yet";
    ExportUnsynced => "Gesprekken die nog niet verstuurd zijn als bestand opslaan", "Save contacts not sent yet as a file";
    StorageOfAbout => "van de ruimte voor Drempel op deze telefoon", "of the space for Drempel on this phone";
    LessThanOnePercent => "Minder dan 1%", "Less than 1%";
    ExportHint => "Alleen als noodoplossing: het bestand bevat wat bewoners vertelden. Bewaar het veilig en verwijder het na gebruik.", "Last resort only: the file holds what residents told you. Keep it safe and delete it after use.";
    IosHint => "Zet Drempel op je beginscherm (Deel → Zet op beginscherm). Anders kan Safari je gegevens na 7 dagen wissen.", "Add Drempel to your home screen (Share → Add to Home Screen). Otherwise Safari may erase your data after 7 days.";
    UpdateReady => "Er is een nieuwe versie van Drempel.", "A new version of Drempel is ready.";
    UpdateNow => "Bijwerken", "Update";
    SyncTitle => "Versturen en ophalen", "Sending and fetching";
    SyncNotJoined => "Deze telefoon hoort nog niet bij een team. Gesprekken blijven hier bewaard tot je je aanmeldt met de link van je coördinator.", "This phone has not joined a team yet. Contacts stay here until you join with the link from your coordinator.";
    SessionExpired => "Je bent lang niet aangemeld geweest. Meld je opnieuw aan met je wachtwoord.", "You have not signed in for a long time. Sign in again with your password.";
    SyncRevoked => "Deze telefoon is uit het team gehaald. Je gesprekken blijven op deze telefoon bewaard. Vraag je coördinator om een nieuwe link en meld je opnieuw aan.", "This phone was removed from the team. Your contacts stay on this phone. Ask your coordinator for a new link and join again.";
    SyncNever => "Nog nooit contact gehad met de server.", "Never in touch with the server yet.";
    SyncLast => "Laatste contact met de server:", "Last in touch with the server:";
    SyncSending => "Versturen:", "Sending:";
    SyncOf => "van", "of";
    SyncReceiving => "Ontvangen:", "Receiving:";
    SyncFailed => "Versturen lukte niet:", "Sending failed:";
    ReasonUnreachable => "de server is niet bereikbaar.", "the server cannot be reached.";
    ReasonServer => "de server heeft een probleem.", "the server has a problem.";
    ReasonUpgrade => "deze versie van de app is te oud. Werk de app bij.", "this version of the app is too old. Update the app.";
    ReasonForbidden => "een gesprek hoort bij een andere telefoon.", "a contact belongs to another phone.";
    ReasonStorage => "de opslag op deze telefoon lukte niet.", "storage on this phone failed.";
    ReasonOther => "onverwacht antwoord van de server.", "unexpected answer from the server.";
    RetryAt => "Nieuwe poging om", "Next attempt at";
    RetryNow => "Nu opnieuw proberen", "Retry now";
    SyncNow => "Nu versturen", "Send now";
    PendingCount => "Nog te versturen", "Still to send";
    TeamLabel => "Jouw team", "Your team";
    JoinTitle => "Aanmelden bij een team", "Join a team";
    JoinIntro => "Je coördinator gaf je een link of QR-code. Daarmee gaan je gesprekken naar het team.", "Your coordinator gave you a link or QR code. With it your contacts go to the team.";
    DeviceNameLabel => "Naam van deze telefoon (mag leeg)", "Name of this phone (optional)";
    DeviceNameHint => "Bijvoorbeeld: telefoon Ans. Zo herkent je coördinator hem.", "For example: Ans's phone. It helps your coordinator recognise it.";
    JoinButton => "Aanmelden", "Join";
    JoinedTeam => "Gelukt: deze telefoon hoort nu bij", "Done: this phone is now in";
    Close => "Sluiten", "Close";
    JoinExpired => "Deze link is verlopen. Vraag je coördinator om een nieuwe.", "This link has expired. Ask your coordinator for a new one.";
    JoinRevoked => "Deze link is ingetrokken. Vraag je coördinator om een nieuwe.", "This link was withdrawn. Ask your coordinator for a new one.";
    JoinUsedUp => "Met deze link zijn al genoeg telefoons aangemeld. Vraag je coördinator om een nieuwe.", "Enough phones have joined with this link. Ask your coordinator for a new one.";
    JoinUnknown => "Deze link werkt niet. Controleer hem of vraag een nieuwe.", "This link does not work. Check it or ask for a new one.";
    JoinPasteLabel => "Link van je coördinator", "Link from your coordinator";
    JoinSwitch => "Deze telefoon hoort al bij een team. Gesprekken die nog niet verstuurd zijn, gaan naar het nieuwe team. Doorgaan?", "This phone already belongs to a team. Contacts not sent yet will go to the new team. Continue?";
    NoConnection => "Geen verbinding met de server. Probeer het opnieuw als je verbinding hebt.", "No connection to the server. Try again when you are online.";
    TooManyTries => "Te veel pogingen. Wacht een minuut en probeer het opnieuw.", "Too many attempts. Wait a minute and try again.";
    NavTeam => "Beheer", "Manage";
    CoordinatorLink => "Coördinator? Log hier in.", "Coordinator? Sign in here.";
    LoginFailed => "Gebruikersnaam of wachtwoord klopt niet.", "User name or password is wrong.";
    ActionFailed => "Dat lukte niet:", "That did not work:";
    NavDashboard => "Cijfers", "Figures";
    EraseEverywhere => "Overal wissen", "Erase everywhere";
    EraseConfirm => "Dit gesprek overal wissen, ook op de server en alle telefoons? Dit kan niet ongedaan worden gemaakt.", "Erase this contact everywhere, on the server and every phone too? This cannot be undone.";
    EraseNeedsConnection => "Wissen lukt alleen met verbinding met de server. Probeer het opnieuw als je verbinding hebt.", "Erasing needs a connection to the server. Try again when you are online.";
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
pub fn tr(key: impl Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || key.get(lang.get())
}

/// What is wrong with an input, in plain words, from the server's typed
/// problem (never from its English message).
pub fn problem_words(problem: drempel_core::ProblemKind, lang: Lang) -> String {
    use drempel_core::ProblemKind::*;
    let en = lang == Lang::En;
    match problem {
        Required if en => "This is still empty.".into(),
        Required => "Dit is nog leeg.".into(),
        TooLong { max } if en => format!("Too long: at most {max} characters."),
        TooLong { max } => format!("Te lang: hoogstens {max} tekens."),
        TooBig { .. } if en => "Too big to save.".into(),
        TooBig { .. } => "Te groot om te bewaren.".into(),
        Count { min, max } if en => format!("Choose between {min} and {max}."),
        Count { min, max } => format!("Kies er {min} tot {max}."),
        Range { min, max } if en && max == i64::MAX => format!("At least {min}."),
        Range { min, max } if max == i64::MAX => format!("Minstens {min}."),
        Range { min, max } if en => format!("A number from {min} to {max}."),
        Range { min, max } => format!("Een getal van {min} tot {max}."),
        NotADate if en => "Not a date.".into(),
        NotADate => "Dit is geen datum.".into(),
        ClosesBeforeOpening if en => "The end date is before the start date.".into(),
        ClosesBeforeOpening => "De einddatum ligt voor de begindatum.".into(),
        BadId if en => "This name is not allowed, or used twice.".into(),
        BadId => "Deze naam mag niet, of staat er twee keer.".into(),
        Unknown if en => "This does not exist (any more).".into(),
        Unknown => "Dit bestaat niet (meer).".into(),
        Mismatch if en => "This does not fit.".into(),
        Mismatch => "Dit past niet.".into(),
        MustBeEmpty if en => "This must stay empty.".into(),
        MustBeEmpty => "Dit moet leeg blijven.".into(),
        InTheFuture if en => "The time lies in the future.".into(),
        InTheFuture => "De tijd ligt in de toekomst.".into(),
        BeforeJoining if en => "Given before this phone joined the team.".into(),
        BeforeJoining => "Gegeven voordat deze telefoon bij het team kwam.".into(),
        OutsideDates if en => "Given when the consultation was closed.".into(),
        OutsideDates => "Gegeven toen de raadpleging dicht was.".into(),
        Removed if en => "You cannot remove an item; switch it off instead.".into(),
        Removed => "Je kunt iets niet weghalen; zet het uit.".into(),
        MustStay if en => "The barrier \"Other\" must stay.".into(),
        MustStay => "De drempel \"Anders\" moet blijven.".into(),
        NoneActive if en => "Keep at least one scheme and one barrier switched on.".into(),
        NoneActive => "Laat minstens één regeling en één drempel aan staan.".into(),
        NotPublished if en => "Publish the consultation first.".into(),
        NotPublished => "Publiceer de raadpleging eerst.".into(),
        NulCharacter if en => "The text holds a sign that is not allowed.".into(),
        NulCharacter => "De tekst bevat een teken dat niet mag.".into(),
        NotAnOrigin if en => "This is not the address of the app.".into(),
        NotAnOrigin => "Dit is niet het adres van de app.".into(),
        Malformed if en => "Something was sent in a form the server does not know.".into(),
        Malformed => "Er is iets verstuurd in een vorm die de server niet kent.".into(),
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Both checks below, for any table.
    pub fn check_table<K: Text + std::fmt::Debug>(all: &[K]) {
        for &key in all {
            for lang in Lang::ALL {
                let text = key.get(lang);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
            // A copy-pasted Dutch string in the English column is a missing translation.
            assert_ne!(
                key.get(Lang::Nl),
                key.get(Lang::En),
                "{key:?} is not translated"
            );
        }
    }

    #[test]
    fn every_text_is_in_both_languages_and_translated() {
        check_table(T::ALL);
    }
}
