//! The coordinator's own words: in the coordinator's app alone, so a
//! volunteer's phone never downloads them.

crate::shared::i18n::texts! {
    CT;
    BarrierColumn => "Drempel", "Barrier";
    AllBarriers => "Alle drempels", "All barriers";
    ConsultationTotals => "Raadplegingen", "Consultations";
    NewConsultation => "Nieuwe raadpleging", "New consultation";
    ResultsButton => "Resultaten en verslag", "Results and report";
    PhaseDraft => "Concept", "Draft";
    PhaseOpen => "Staat open", "Open";
    PhaseUpcoming => "Nog niet open", "Not open yet";
    PhaseClosed => "Gesloten", "Closed";
    BuilderTitle => "Raadpleging opstellen", "Write a consultation";
    QuestionsFixedNote => "Deze raadpleging is gepubliceerd: teksten en data kun je nog verbeteren, de vragen en keuzes blijven zoals ze zijn, zodat antwoorden hun betekenis houden.", "This consultation is published: you can still correct texts and dates; the questions and choices stay as they are, so answers keep their meaning.";
    TitleNl => "Titel (Nederlands)", "Title (Dutch)";
    TitleEn => "Titel (Engels, mag leeg)", "Title (English, optional)";
    IntroNl => "Inleiding (Nederlands, mag leeg)", "Introduction (Dutch, optional)";
    IntroEn => "Inleiding (Engels, mag leeg)", "Introduction (English, optional)";
    Opens => "Open vanaf", "Opens on";
    Closes => "Open tot en met", "Open until";
    QuestionKindLabel => "Soort vraag", "Kind of question";
    KindSingle => "Eén keuze", "Single choice";
    KindMultiple => "Meerdere keuzes", "Multiple choice";
    KindScale => "Schaal 1 tot 5", "Scale 1 to 5";
    KindText => "Kort antwoord in eigen woorden", "Short answer in own words";
    QuestionNl => "Vraag (Nederlands)", "Question (Dutch)";
    QuestionEn => "Vraag (Engels, mag leeg)", "Question (English, optional)";
    Options => "Keuzes", "Choices";
    OptionN => "Keuze", "Choice";
    AddOption => "Keuze toevoegen", "Add a choice";
    RemoveOption => "Verwijder keuze", "Remove choice";
    AddQuestion => "Vraag toevoegen", "Add a question";
    RemoveQuestion => "Vraag verwijderen", "Remove question";
    SaveDraft => "Opslaan", "Save";
    Publish => "Publiceren", "Publish";
    DraftSaved => "Opgeslagen.", "Saved.";
    Published => "Gepubliceerd: telefoons van het team krijgen de raadpleging zodra ze verbinding hebben.", "Published: the team's phones receive the consultation once they are online.";
    NotFound => "Niet gevonden. Misschien is het verwijderd.", "Not found. Perhaps it was removed.";
    DefaultCaveat => "Wie meedeed, koos daar zelf voor. De antwoorden laten zien wat deze bewoners vinden, niet wat alle inwoners vinden.", "People chose to take part. The answers show what these residents think, not what all residents think.";
    ShareAndPrint => "Delen en afdrukken", "Share and print";
    PublishFirst => "Publiceer de raadpleging om een deellink te maken.", "Publish the consultation to make a share link.";
    ShareExplained => "Iedereen met deze link ziet het verslag met de aantallen, zonder in te loggen. Losse antwoorden staan er niet in.", "Anyone with this link sees the report with the counts, without signing in. No individual answers are in it.";
    MakeShare => "Deellink maken", "Make a share link";
    Unshare => "Deellink intrekken", "Withdraw the share link";
    OwnWords => "Antwoorden in eigen woorden", "Answers in own words";
    OwnWordsPrivate => "Alleen voor coördinatoren; niet in het verslag of de deellink.", "For coordinators only; not in the report or the share link.";
    WriteReport => "Verslag schrijven", "Write the report";
    PointN => "Punt", "Point";
    PointText => "wat", "what";
    PointStatusLabel => "stand", "status";
    PointReason => "waarom of wanneer", "why or when";
    AddPoint => "Punt toevoegen", "Add a point";
    RemovePoint => "Punt verwijderen", "Remove point";
    SaveReport => "Verslag opslaan", "Save the report";
    ExportResponses => "Antwoorden (CSV)", "Answers (CSV)";
    ExportSchemeTotals => "Totalen per regeling (CSV)", "Totals per scheme (CSV)";
    ExportBarrierTotals => "Totalen per drempel (CSV)", "Totals per barrier (CSV)";
    TeamWriting => "Lijsten en raadplegingen", "Lists and consultations";
    EditCatalog => "Regelingen en drempels", "Schemes and barriers";
    BackToTeam => "Terug naar beheer", "Back to management";
    CatalogExplained => "Elke wijziging wordt een nieuwe versie. Zet iets uit in plaats van het te verwijderen: eerdere gesprekken houden hun namen, nieuwe formulieren tonen het niet meer.", "Every change becomes a new version. Switch items off instead of removing them: earlier contacts keep their names, new forms no longer show them.";
    Version => "Versie", "Version";
    BarriersTitle => "Drempels", "Barriers";
    AddScheme => "Regeling toevoegen", "Add a scheme";
    AddBarrier => "Drempel toevoegen", "Add a barrier";
    NewItem => "Nieuw", "New";
    NameNl => "naam (Nederlands)", "name (Dutch)";
    NameEn => "naam (Engels, mag leeg)", "name (English, optional)";
    DescriptionNl => "korte uitleg (Nederlands, mag leeg)", "short description (Dutch, optional)";
    UnlockedTitle => "Geld vrijgemaakt", "Money unlocked";
    UnlockedPerYear => "per jaar", "a year";
    UnlockedBasis => "Toegekende bedragen, omgerekend naar een jaar (per maand keer 12; eenmalig telt één keer). Aantal uitkomsten met een bedrag:", "Granted amounts, converted to a year (a month's amount times 12; one-off counts once). Outcomes with an amount:";
    UnlockedWithout => "Toegekend zonder bedrag (niet meegeteld):", "Granted without an amount (not counted):";
    NoOutcomesYet => "Nog geen uitkomsten. Zet bij een aanvraag of verwijzing een datum om op te volgen, en vul later in hoe het afliep.", "No outcomes yet. Set a follow-up date on an application or referral, and record later how it went.";
    WorkTitle => "Werk van de bewoners", "Residents' work";
    WorkColumn => "Werk", "Work";
    AllWork => "Elk werk (of niet gezegd)", "Any work (or not said)";
    EstimateTitle => "Geld dat blijft liggen (schatting)", "Money left unclaimed (estimate)";
    EstimatePerYear => "per jaar, een schatting", "a year, an estimate";
    EstimateBasis => "Zo geschat: het aantal keer dat iemand een regeling niet gebruikte, keer het bedrag per jaar dat het team bij die regeling zette. Het rust op", "Estimated as: the number of times someone did not use a scheme, times the yearly amount the team set for that scheme. It rests on";
    EstimateBasisEnd => "keer niet gebruikt. Niet iedereen heeft recht op het hele bedrag.", "times not used. Not everyone is entitled to the whole amount.";
    EstimateWithout => "Niet meegeteld, want er staat geen bedrag bij:", "Not counted, as no amount is set:";
    TypicalColumn => "Bedrag per jaar", "Amount a year";
    EstimateColumn => "Schatting", "Estimate";
    SourceColumn => "Bron", "Source";
    TypicalPerYear => "bedrag per jaar in euro's, voor de schatting (mag leeg)", "amount a year in euros, for the estimate (optional)";
    TypicalSource => "bron van dat bedrag", "source of that amount";
    TypicalHint => "Bedrag per jaar: wat een regeling een huishouden meestal oplevert. Daarmee schat Drempel hoeveel geld blijft liggen. Zet de bron erbij. Ter vergelijking: volgens het CPB (2025) bleef in 2021 meer dan 1 miljard euro per jaar aan huurtoeslag, zorgtoeslag en kindgebonden budget liggen; mensen die net met pensioen waren en iets niet aanvroegen, misten meestal 62 tot 67 euro per maand.", "Amount a year: what a scheme usually brings a household. Drempel uses it to estimate how much money is left unclaimed. Add the source. For comparison: according to the CPB (2025), over 1 billion euros a year of rent benefit, healthcare benefit and child budget went unclaimed in 2021; recent retirees who did not claim usually missed 62 to 67 euros a month (median).";
    DescriptionEn => "korte uitleg (Engels, mag leeg)", "short description (English, optional)";
    AdministeredBy => "uitgevoerd door", "administered by";
    InUse => "In gebruik op nieuwe formulieren", "In use on new forms";
    CatalogSaved => "Opgeslagen als versie", "Saved as version";
    CatalogStale => "Iemand anders wijzigde de lijst intussen. De nieuwste versie is geladen; breng je wijziging opnieuw aan.", "Someone else changed the list meanwhile. The newest version is loaded; make your change again.";
    CatalogInvalid => "Nog niet opgeslagen: elke regeling en drempel heeft een Nederlandse naam nodig.", "Not saved yet: every scheme and barrier needs a Dutch name.";
    AuditCatalog => "Lijst van regelingen en drempels gewijzigd", "List of schemes and barriers changed";
    AuditPublish => "Raadpleging gepubliceerd", "Consultation published";
    AuditShare => "Link naar het verslag gemaakt", "Report link made";
    AuditUnshare => "Link naar het verslag ingetrokken", "Report link withdrawn";
    LoginTitle => "Inloggen als coördinator", "Sign in as coordinator";
    LoginName => "Gebruikersnaam", "User name";
    Password => "Wachtwoord", "Password";
    LoginButton => "Inloggen", "Sign in";
    LinksTitle => "Uitnodigingslinks", "Join links";
    LinkFor => "Voor", "For";
    RoleVolunteer => "Vrijwilliger", "Volunteer";
    RoleCoordinator => "Coördinator", "Coordinator";
    RoleRegion => "Regiocoördinator", "Region coordinator";
    LinkValid => "Geldig", "Valid for";
    OneDay => "1 dag", "1 day";
    OneWeek => "7 dagen", "7 days";
    WeekOfYear => "Week {w} van {y}", "Week {w} of {y}";
    CreateLink => "Link maken", "Create link";
    LinkScan => "Laat de nieuwe vrijwilliger deze code scannen met de camera van de telefoon, of stuur de link.", "Let the new volunteer scan this code with the phone's camera, or send the link.";
    LinkQr => "QR-code van de uitnodigingslink", "QR code of the join link";
    LinkExpires => "verloopt", "expires";
    LinkPhones => "Voor hoeveel telefoons", "For how many phones";
    OnePhone => "1 telefoon", "1 phone";
    TenPhones => "10 telefoons", "10 phones";
    NoLimit => "Geen grens", "No limit";
    UsedUp => "Op", "Used up";
    LinkUseOne => "keer gebruikt", "time used";
    LinkUses => "keer gebruikt", "times used";
    Withdraw => "Intrekken", "Withdraw";
    Withdrawn => "Ingetrokken", "Withdrawn";
    Expired => "Verlopen", "Expired";
    DevicesTitle => "Apparaten in het team", "Devices in the team";
    LastSync => "laatste contact", "last in touch";
    Never => "nog nooit", "never";
    ThisDevice => "dit apparaat", "this device";
    RemoveDevice => "Uit het team halen", "Remove from team";
    RemoveDeviceConfirm => "Dit apparaat uit het team halen? Het kan dan niets meer versturen of ophalen. Wat erop staat, blijft erop.", "Remove this device from the team? It can no longer send or fetch. What is on it stays on it.";
    Removed => "Verwijderd", "Removed";
    ConflictsTitle => "Conflicten", "Conflicts";
    ConflictsNone => "Geen conflicten.", "No conflicts.";
    ConflictsIntro => "Hier wijzigden twee mensen hetzelfde veld. In het gesprek staat de laatste wijziging; hier staat wat die overschreef.", "Here two people changed the same field. The contact holds the latest change; this is what it overwrote.";
    ConflictOverwritten => "Overschreven", "Overwritten";
    ConflictNow => "Nu", "Now";
    ConflictDeleted => "(gesprek verwijderd)", "(contact deleted)";
    LogoutTitle => "Uitloggen", "Sign out";
    LogoutHint => "Bij uitloggen verdwijnen de gegevens van het team van dit apparaat, maar pas als alles verstuurd is.", "Signing out removes the team's data from this device, but only once everything is sent.";
    LogoutUnsynced => "Eerst versturen: er staan nog gesprekken alleen op dit apparaat.", "Send first: some contacts are only on this device.";
    LoggedOut => "Uitgelogd. De gegevens van het team zijn van dit apparaat verwijderd.", "Signed out. The team's data was removed from this device.";
    Loading => "Laden…", "Loading…";
    FiguresOf => "Cijfers van", "Figures of";
    MaybeOutdated => "Geen verbinding met de server: deze cijfers kunnen verouderd zijn", "No connection to the server: these figures may be out of date";
    NoFiguresYet => "Deze cijfers staan nog niet op deze telefoon.", "These figures are not on this phone yet.";
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
    PrivacyTitle => "Bewaren en verantwoorden", "Retention and accountability";
    RetentionLabel => "Notities en contactgegevens bewaren (dagen)", "Keep notes and contact details (days)";
    RetentionHint => "Daarna wist de server ze, en elke telefoon zodra die weer verbinding heeft. Standaard 90 dagen.", "After that the server erases them, and every phone once it is online again. 90 days unless set.";
    RetentionInvalid => "Vul een aantal dagen in, van 1 tot 3650.", "Enter a number of days, from 1 to 3650.";
    KeepLabel => "Gesprekken op de telefoon houden (dagen)", "Keep contacts on the phone (days)";
    KeepHint => "Verstuurde gesprekken die ouder zijn, gaan van de telefoon af. Ze blijven op de server en je kunt ze weer ophalen. De nieuwste 500 blijven altijd op de telefoon, en alles wat nog niet verstuurd is ook. Standaard 60 dagen.", "Sent contacts older than this leave the phone. They stay on the server and can be fetched again. The newest 500 always stay on the phone, and so does everything not yet sent. 60 days by default.";
    KeepInvalid => "Vul een aantal dagen in, van 7 tot 730.", "Enter a number of days, from 7 to 730.";
    SettingsSaved => "Opgeslagen.", "Saved.";
    AuditTitle => "Logboek", "Audit log";
    TeamCounts => "Precieze aantallen", "Exact numbers";
    TeamCountsPrivate => "Alleen voor het team. In het verslag en via de link staan aantallen onder de 5 als \"minder dan 5\".", "For the team only. In the report and through its link, numbers under 5 show as \"fewer than 5\".";
    AuditExport => "Bestand gedownload", "File downloaded";
    AuditErase => "Gesprek overal gewist", "Contact erased everywhere";
    AuditRevokeDevice => "Apparaat uit het team gehaald", "Device removed from the team";
    AuditCreateLink => "Uitnodigingslink gemaakt", "Join link created";
    AuditRevokeLink => "Uitnodigingslink ingetrokken", "Join link withdrawn";
    AuditSettings => "Bewaartermijn gewijzigd", "Retention period changed";
    AuditPurge => "Oude notities en contactgegevens gewist", "Old notes and contact details erased";
    SignalsTitle => "Signalen aan de gemeente", "Signals to the municipality";
    SignalsIntro => "Zie je steeds dezelfde drempel? Schrijf een signaal: wat gaat er mis, en wat vraag je de gemeente. De cijfers en citaten komen uit jullie gesprekken. Aantallen onder de 5 staan er niet in.", "Do you keep seeing the same barrier? Write a signal: what goes wrong, and what you ask the municipality. The figures and quotes come from your conversations. Numbers under 5 are left out.";
    NewSignal => "Nieuw signaal", "New signal";
    NoSignals => "Nog geen signalen.", "No signals yet.";
    BackToSignals => "Terug naar de signalen", "Back to the signals";
    SignalTitleLabel => "Titel", "Title";
    SignalProblemLabel => "Wat gaat er mis?", "What goes wrong?";
    SignalAskLabel => "Wat vraag je de gemeente?", "What do you ask the municipality?";
    SignalEvidenceTitle => "Welke gesprekken tellen mee", "Which conversations count";
    AnyBarrier => "Elke drempel", "Any barrier";
    SignalSiteLabel => "Plek (leeg: alle plekken)", "Place (empty: every place)";
    FromLabel => "Vanaf (mag leeg)", "From (optional)";
    UntilLabel => "Tot en met (mag leeg)", "Up to and including (optional)";
    SignalStatusLabel => "Stand", "Status";
    SentOnLabel => "Verstuurd op", "Sent on";
    AnswerLabel => "Antwoord van de gemeente", "The municipality's answer";
    AnsweredOnLabel => "Antwoord ontvangen op", "Answer received on";
    SaveSignal => "Signaal opslaan", "Save signal";
    SignalSaved => "Opgeslagen. De cijfers hieronder zijn net geteld.", "Saved. The figures below were just counted.";
    SignalShareExplained => "Iedereen met deze link ziet het signaal met de cijfers, zonder in te loggen. Losse gesprekken staan er niet in.", "Anyone with this link sees the signal with its figures, without signing in. No single conversation is in it.";
    OpenSignals => "Signalen aan de gemeente", "Signals to the municipality";
    AuditSignalNew => "Signaal gemaakt", "Signal created";
    AuditSignalChange => "Signaal gewijzigd", "Signal changed";
    AuditSignalStatus => "Stand van signaal gewijzigd", "Signal status changed";
    AuditSignalShare => "Link naar signaal gemaakt", "Signal link made";
    AuditSignalUnshare => "Link naar signaal ingetrokken", "Signal link withdrawn";
    RegionIntro => "De cijfers van de teams in deze regio bij elkaar. U ziet alleen aantallen: nooit een gesprek of een telefoon. Citaten ziet u alleen als een team ze met de regio deelt.", "The figures of this region's teams together. You see counts only: never a contact or a phone. You see quotes only when a team shares them with the region.";
    RegionAllHouseholds => "Alle huishoudens", "All households";
    RegionUnclaimed => "Geld dat blijft liggen (schatting)", "Money left unclaimed (estimate)";
    RegionUnclaimedHint => "Schatting: hoe vaak een regeling niet gebruikt werd, keer het bedrag dat het team opgaf. Alleen regelingen waar elk team 0 of 5 of meer heeft.", "Estimate: how often a scheme was not used, times the amount the team gave. Only schemes where every team has 0 or 5 or more.";
    RegionNoUnclaimed => "Nog geen schatting: geen team gaf een bedrag op, of de aantallen zijn te klein.", "No estimate yet: no team gave an amount, or the numbers are too small.";
    RegionQuotes => "Citaten die teams delen", "Quotes teams share";
    RegionNoQuotes => "Nog geen citaten gedeeld.", "No quotes shared yet.";
    RegionSignals => "Signalen van de regio", "Region signals";
    RegionSignalsIntro => "Schrijf een signaal voor de hele regio. De cijfers komen uit alle teams, per hele maand. Aantallen onder de 5 staan er niet in.", "Write a signal for the whole region. The figures come from every team, per whole month. Numbers under 5 are left out.";
    RegionBack => "Terug naar de regio", "Back to the region";
    RegionByTeam => "Per team", "By team";
    RegionMonthsCounted => "Maanden die meetellen:", "Months counted:";
    RegionFromNeeded => "Van maand (nodig)", "From month (needed)";
    RegionUntilNeeded => "Tot en met maand (nodig)", "Up to and including month (needed)";
    ShareWithRegion => "Deel met de regio", "Share with the region";
    StopRegionShare => "Niet meer delen met de regio", "Stop sharing with the region";
    SharedWithRegion => "De regio ziet dit citaat.", "The region sees this quote.";
    TranslationsTitle => "Andere talen voor bewoners", "Other languages for residents";
    TranslationsHint => "Schrijf de vragen ook in een andere taal. Bewoners kunnen een taal pas kiezen als alles in die taal geschreven is.", "Write the questions in another language too. Residents can pick a language once everything is written in it.";
    OfferedLanguages => "Bewoners kunnen kiezen uit:", "Residents can pick from:";
    TranslationLanguage => "Taal", "Language";
    TranslationComplete => "Alles is geschreven in deze taal.", "Everything is written in this language.";
    TranslationMissing => "Nog niet klaar, vraag:", "Not done yet, question:";
    QuestionWord => "Vraag", "Question";
    WrittenIn => "Klaar in:", "Written in:";
    TitleWord => "Titel", "Title";
    PlainTitle => "Makkelijke taal (B1)", "Plain language (B1)";
    PlainHint => "Korte zinnen en korte woorden lezen makkelijker. Hoogstens zoveel woorden in een zin", "Short sentences and short words are easier to read. At most this many words in a sentence";
    PlainOk => "Geen lange zinnen of lange woorden gevonden.", "No long sentences or long words found.";
    PlainSentenceOf => "zin van", "sentence of";
    PlainWords => "woorden", "words";
    PlainLongWord => "lang woord", "long word";
    PlainSyllables => "lettergrepen", "syllables";
    IntroWord => "Inleiding", "Introduction";
    OptionWord => "Antwoord", "Answer option";
    AuditShareQuoteRegion => "Citaat gedeeld met de regio", "Quote shared with the region";
    AuditUnshareQuoteRegion => "Citaat niet meer gedeeld met de regio", "Quote no longer shared with the region";
    RegionCsv => "Cijfers downloaden (voor Excel)", "Download the figures (for Excel)";
    RegionFrom => "Van maand", "From month";
    RegionUntil => "Tot en met maand", "Up to and including month";
    RegionTeams => "Teams in de regio", "Teams in the region";
    RegionContacts => "Gesprekken per team en maand", "Contacts per team and month";
    RegionStatuses => "Regelingen: hoe vaak wat", "Schemes: how often what";
    RegionBarriers => "Drempels per regeling", "Barriers per scheme";
    RegionNotUsed => "Niet gebruikt, per team", "Not used, per team";
    RegionMoney => "Opgeleverd geld", "Money won";
    RegionPerYear => "per jaar", "a year";
    RegionGrants => "toekenningen:", "grants:";
    RegionTotal => "Totaal", "Total";
    RegionNothing => "Nog niets in deze maanden.", "Nothing in these months yet.";
    RegionsTitle => "Regio's", "Regions";
    RegionsNone => "Uw team doet in geen regio mee.", "Your team is in no region.";
    RegionsWhat => "Een regio ziet de aantallen van uw team, nooit onder de 5, en nooit een gesprek of een telefoon. Een citaat alleen als u het deelt (bij de citaten op het overzicht).", "A region sees your team's counts, never under 5, and never a contact or a phone. A quote only when you share it (with the quotes on the overview).";
    RegionsTeams => "teams doen mee", "teams take part";
    AuditJoinRegion => "Team doet mee in regio", "Team joined a region";
    AuditLeaveRegion => "Team uit regio gehaald", "Team left a region";
    AuditRefused => "Antwoorden geweigerd (te veel in een uur)", "Answers refused (too many in one hour)";
    AuditBy => "door", "by";
    AuditByServer => "de server zelf", "the server itself";
    AuditContactOf => "gesprek van", "contact of";
    AuditNotesKept => "notities bewaren", "keep notes";
    AuditPhoneKeeps => "telefoon bewaart", "phone keeps";
    DayOne => "dag", "day";
    Days => "dagen", "days";
    ContactOne => "gesprek", "contact";
    Contacts => "gesprekken", "contacts";
    AnswerOne => "antwoord", "answer";
    Answers => "antwoorden", "answers";
    ExportTitle => "Exporteren (CSV)", "Export (CSV)";
    ExportIntro => "Voor Excel of een rekenblad. Zonder notities en contactgegevens; citaten alleen met toestemming van de bewoner. Bewaar de bestanden veilig.", "For Excel or a spreadsheet. Without notes and contact details; quotes only with the resident's consent. Keep the files safe.";
    ExportContacts => "Gesprekken (een regel per gesprek)", "Contacts (one row per contact)";
    ExportFindings => "Regelingen en drempels (een regel per regeling per gesprek)", "Schemes and barriers (one row per scheme per contact)";
}

/// A signal field's label, for a message about it (a region's signal
/// needs both months).
fn signal_field_name(field: &str, lang: drempel_core::Lang, region: bool) -> &'static str {
    let text = match field {
        "title" => CT::SignalTitleLabel,
        "problem" => CT::SignalProblemLabel,
        "ask" => CT::SignalAskLabel,
        "answer" => CT::AnswerLabel,
        "filter.until" if region => CT::RegionUntilNeeded,
        "filter.from" if region => CT::RegionFromNeeded,
        "filter.until" => CT::UntilLabel,
        "filter.from" => CT::FromLabel,
        "filter.site" => CT::SignalSiteLabel,
        "sent_on" => CT::SentOnLabel,
        "answered_on" => CT::AnsweredOnLabel,
        _ => CT::SignalEvidenceTitle,
    };
    text.get(lang)
}

/// What to fix in a signal (a team's, or with `region` a region's).
pub fn signal_invalid_text(
    invalid: &drempel_core::Invalid,
    lang: drempel_core::Lang,
    region: bool,
) -> String {
    format!(
        "{}: {} ({})",
        crate::shared::i18n::T::CheckThis.get(lang),
        signal_field_name(&invalid.field, lang, region),
        crate::shared::i18n::problem_words(invalid.problem, lang)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages_and_translated() {
        crate::shared::i18n::tests::check_table(super::CT::ALL);
    }
}
