//! A contact (gesprek): one conversation with a resident, what they said
//! about each scheme, and what stands in the way. No names, addresses or
//! birth dates: a resident is never identified unless they ask for
//! follow-up and agree.
//!
//! The app holds a [`ContactForm`] (raw input, also the autosaved draft);
//! [`ContactForm::validate`] turns it into a [`ContactInput`] or a message
//! per field; [`Contact`] is the stored record.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::catalog::{Catalog, OTHER_BARRIER};
use crate::money::{Amount, Decision, MAX_EUROS, Outcome, Per};
use crate::site::{SiteName, SiteNameError};

pub const QUOTE_MAX_CHARS: usize = 500;
pub const NOTES_MAX_CHARS: usize = 1_000;
pub const OTHER_BARRIER_MAX_CHARS: usize = 200;
pub const REFERRED_TO_MAX_CHARS: usize = 120;
pub const CONTACT_DETAILS_MAX_CHARS: usize = 200;

/// How the volunteer met the resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    FoodBank,
    WalkIn,
    DoorToDoor,
    Event,
    Phone,
    Other,
}

impl Channel {
    /// The stable name, as stored and sent (same as its serde form).
    pub fn code(self) -> &'static str {
        match self {
            Channel::FoodBank => "food_bank",
            Channel::WalkIn => "walk_in",
            Channel::DoorToDoor => "door_to_door",
            Channel::Event => "event",
            Channel::Phone => "phone",
            Channel::Other => "other",
        }
    }

    pub const ALL: [Channel; 6] = [
        Channel::FoodBank,
        Channel::WalkIn,
        Channel::DoorToDoor,
        Channel::Event,
        Channel::Phone,
        Channel::Other,
    ];
}

/// The household, in coarse bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Household {
    Single,
    SingleParent,
    Couple,
    CoupleWithChildren,
    Other,
}

impl Household {
    /// The stable name, as stored and sent (same as its serde form).
    pub fn code(self) -> &'static str {
        match self {
            Household::Single => "single",
            Household::SingleParent => "single_parent",
            Household::Couple => "couple",
            Household::CoupleWithChildren => "couple_with_children",
            Household::Other => "other",
        }
    }

    pub const ALL: [Household; 5] = [
        Household::Single,
        Household::SingleParent,
        Household::Couple,
        Household::CoupleWithChildren,
        Household::Other,
    ];
}

/// A recent life event: the classic trigger of a new entitlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LifeEvent {
    Birth,
    Separation,
    JobLoss,
    Retirement,
    Move,
}

impl LifeEvent {
    /// The stable name, as stored and sent (same as its serde form).
    pub fn code(self) -> &'static str {
        match self {
            LifeEvent::Birth => "birth",
            LifeEvent::Separation => "separation",
            LifeEvent::JobLoss => "job_loss",
            LifeEvent::Retirement => "retirement",
            LifeEvent::Move => "move",
        }
    }

    pub const ALL: [LifeEvent; 5] = [
        LifeEvent::Birth,
        LifeEvent::Separation,
        LifeEvent::JobLoss,
        LifeEvent::Retirement,
        LifeEvent::Move,
    ];
}

/// The resident's work situation, in coarse groups: who falls between
/// the counters (the working poor, the self-employed, farmers) shows in
/// the counts. Optional, and never more precise than this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Work {
    Employed,
    SelfEmployed,
    Farmer,
    Retired,
    Benefit,
    Student,
    Other,
}

impl Work {
    /// The stable name, as stored and sent (same as its serde form).
    pub fn code(self) -> &'static str {
        match self {
            Work::Employed => "employed",
            Work::SelfEmployed => "self_employed",
            Work::Farmer => "farmer",
            Work::Retired => "retired",
            Work::Benefit => "benefit",
            Work::Student => "student",
            Work::Other => "other",
        }
    }

    pub const ALL: [Work; 7] = [
        Work::Employed,
        Work::SelfEmployed,
        Work::Farmer,
        Work::Retired,
        Work::Benefit,
        Work::Student,
        Work::Other,
    ];
}

/// What the resident says about one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Uses,
    NotUsed,
    DoesNotKnow,
    AppliedWithHelp,
    Referred,
}

impl Status {
    /// The stable name, as stored and sent (same as its serde form).
    pub fn code(self) -> &'static str {
        match self {
            Status::Uses => "uses",
            Status::NotUsed => "not_used",
            Status::DoesNotKnow => "does_not_know",
            Status::AppliedWithHelp => "applied_with_help",
            Status::Referred => "referred",
        }
    }

    /// The status a [`Status::code`] names.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub const ALL: [Status; 5] = [
        Status::Uses,
        Status::NotUsed,
        Status::DoesNotKnow,
        Status::AppliedWithHelp,
        Status::Referred,
    ];

    /// Barriers describe why a scheme is not (yet) used; a scheme the
    /// resident uses has none.
    pub fn allows_barriers(self) -> bool {
        self != Status::Uses
    }

    /// Whether something may still come of it: an application made with
    /// help or a referral gets a follow-up date and, later, an outcome.
    pub fn allows_follow_up(self) -> bool {
        matches!(self, Status::AppliedWithHelp | Status::Referred)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SchemeFinding {
    pub scheme: String,
    pub status: Status,
    /// Barrier ids from the catalog, in catalog order, without repeats.
    pub barriers: Vec<String>,
    /// The words for the "other" barrier; present exactly when it is ticked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_barrier: Option<String>,
}

/// A quote in the resident's own words, kept only with their consent to
/// use it anonymously.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Quote {
    pub text: String,
}

/// A referral. Contact details exist only with explicit consent and are
/// purged when the follow-up is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FollowUp {
    pub referred_to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_details: Option<String>,
}

/// What came of one scheme's application or referral: the day to ask
/// again, and the outcome once known. It is a field of its own per scheme
/// (`outcomes.<scheme>`), so an outcome recorded weeks later on another
/// phone never collides with an edit of what the resident said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SchemeOutcome {
    pub scheme: String,
    /// `YYYY-MM-DD`, local date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

impl SchemeOutcome {
    /// To ask about on `today` (`YYYY-MM-DD`): its day has come and there
    /// is no decision yet.
    pub fn due(&self, today: &str) -> bool {
        self.follow_up_on.as_deref().is_some_and(|day| day <= today)
            && self
                .outcome
                .as_ref()
                .is_none_or(|o| o.decision == Decision::Pending)
    }
}

/// A follow-up that is due: which contact, which scheme, since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due<'a> {
    pub contact: &'a Contact,
    pub outcome: &'a SchemeOutcome,
}

/// The follow-ups due on `today` among `contacts`, the longest waiting first.
pub fn due_follow_ups<'a>(
    contacts: impl IntoIterator<Item = &'a Contact>,
    today: &str,
) -> Vec<Due<'a>> {
    let mut due: Vec<Due> = contacts
        .into_iter()
        .flat_map(|contact| {
            contact
                .input
                .outcomes
                .iter()
                .filter(|o| o.due(today))
                .map(move |outcome| Due { contact, outcome })
        })
        .collect();
    due.sort_by(|a, b| {
        a.outcome
            .follow_up_on
            .cmp(&b.outcome.follow_up_on)
            .then(a.contact.created_at.cmp(&b.contact.created_at))
    });
    due
}

/// The validated content of a contact: everything the volunteer entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ContactInput {
    pub site: SiteName,
    /// At most the four digits of a postcode: a neighbourhood, not a door.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode4: Option<String>,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<Household>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life_event: Option<LifeEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<Work>,
    pub findings: Vec<SchemeFinding>,
    /// Per scheme applied for or referred: follow-up date and outcome.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<SchemeOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl ContactInput {
    /// A contact at the food bank of "Noord" with only `notes`, for tests
    /// that need a record and not its content.
    #[cfg(test)]
    pub(crate) fn plain(notes: &str) -> ContactInput {
        ContactInput {
            site: SiteName::parse("Noord").expect("a site name"),
            postcode4: None,
            channel: Channel::FoodBank,
            household: None,
            life_event: None,
            work: None,
            findings: Vec::new(),
            outcomes: Vec::new(),
            quote: None,
            follow_up: None,
            notes: notes.into(),
        }
    }

    /// The fields that differ between `self` and `other`, by name; findings
    /// count per scheme (`findings.huurtoeslag`), so two people editing
    /// different schemes of one contact do not collide.
    pub fn changed_fields(&self, other: &ContactInput) -> Vec<String> {
        let mut changed = Vec::new();
        let mut check = |name: &str, same: bool| {
            if !same {
                changed.push(name.to_string());
            }
        };
        check("site", self.site == other.site);
        check("postcode4", self.postcode4 == other.postcode4);
        check("channel", self.channel == other.channel);
        check("household", self.household == other.household);
        check("life_event", self.life_event == other.life_event);
        check("work", self.work == other.work);
        check("quote", self.quote == other.quote);
        check("follow_up", self.follow_up == other.follow_up);
        check("notes", self.notes == other.notes);
        let mut schemes: Vec<&str> = self
            .findings
            .iter()
            .chain(&other.findings)
            .map(|f| f.scheme.as_str())
            .collect();
        schemes.sort_unstable();
        schemes.dedup();
        for scheme in schemes {
            let find =
                |input: &ContactInput| input.findings.iter().find(|f| f.scheme == scheme).cloned();
            check(&format!("findings.{scheme}"), find(self) == find(other));
        }
        let mut schemes: Vec<&str> = self
            .outcomes
            .iter()
            .chain(&other.outcomes)
            .map(|o| o.scheme.as_str())
            .collect();
        schemes.sort_unstable();
        schemes.dedup();
        for scheme in schemes {
            check(
                &format!("outcomes.{scheme}"),
                self.outcome(scheme) == other.outcome(scheme),
            );
        }
        changed
    }

    /// The follow-up and outcome of `scheme`, if any.
    pub fn outcome(&self, scheme: &str) -> Option<&SchemeOutcome> {
        self.outcomes.iter().find(|o| o.scheme == scheme)
    }

    /// Replaces the follow-up and outcome of `scheme` (`None` removes it).
    pub fn set_outcome(&mut self, scheme: &str, outcome: Option<SchemeOutcome>) {
        self.outcomes.retain(|o| o.scheme != scheme);
        if let Some(outcome) = outcome {
            self.outcomes.push(outcome);
            self.outcomes.sort_by(|a, b| a.scheme.cmp(&b.scheme));
        }
    }
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Contact {
    /// A UUIDv7 made on the device, so it sorts by creation time.
    pub id: String,
    /// Milliseconds since the Unix epoch, from the device's clock.
    pub created_at: i64,
    pub updated_at: i64,
    /// The catalog version the form showed: ids are read against it.
    pub catalog_version: u32,
    /// Nested rather than flattened: serde's flatten buffers every field
    /// and costs the app kilobytes of wasm.
    pub input: ContactInput,
}

impl Contact {
    pub fn new(id: String, now: i64, catalog_version: u32, input: ContactInput) -> Contact {
        Contact {
            id,
            created_at: now,
            updated_at: now,
            catalog_version,
            input,
        }
    }

    /// The form that edits this contact.
    pub fn to_form(&self) -> ContactForm {
        let input = &self.input;
        ContactForm {
            site: input.site.as_str().to_string(),
            postcode: input.postcode4.clone().unwrap_or_default(),
            channel: Some(input.channel),
            household: input.household,
            life_event: input.life_event,
            work: input.work,
            findings: input
                .findings
                .iter()
                .map(|f| FindingForm {
                    scheme: f.scheme.clone(),
                    status: Some(f.status),
                    barriers: f.barriers.clone(),
                    other_barrier: f.other_barrier.clone().unwrap_or_default(),
                    follow: input
                        .outcome(&f.scheme)
                        .map(OutcomeForm::of)
                        .unwrap_or_default(),
                })
                .collect(),
            quote: input
                .quote
                .as_ref()
                .map(|q| q.text.clone())
                .unwrap_or_default(),
            quote_consent: input.quote.is_some(),
            referred_to: input
                .follow_up
                .as_ref()
                .map(|f| f.referred_to.clone())
                .unwrap_or_default(),
            contact_details: input
                .follow_up
                .as_ref()
                .and_then(|f| f.contact_details.clone())
                .unwrap_or_default(),
            contact_consent: input
                .follow_up
                .as_ref()
                .is_some_and(|f| f.contact_details.is_some()),
            notes: input.notes.clone(),
        }
    }
}

/// The capture form as the person filled it in so far: also the draft that
/// survives a reload. Anything may be in here; [`ContactForm::validate`]
/// decides what is acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ContactForm {
    pub site: String,
    pub postcode: String,
    pub channel: Option<Channel>,
    pub household: Option<Household>,
    pub life_event: Option<LifeEvent>,
    pub work: Option<Work>,
    pub findings: Vec<FindingForm>,
    pub quote: String,
    pub quote_consent: bool,
    pub referred_to: String,
    pub contact_details: String,
    pub contact_consent: bool,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct FindingForm {
    pub scheme: String,
    pub status: Option<Status>,
    pub barriers: Vec<String>,
    pub other_barrier: String,
    /// Follow-up date and outcome, for a scheme applied for or referred.
    pub follow: OutcomeForm,
}

/// The follow-up of one scheme as typed so far: on the capture form, and
/// on the phone's follow-up list when the outcome comes in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct OutcomeForm {
    /// `YYYY-MM-DD`, as a date input gives it; empty for none.
    pub follow_up_on: String,
    pub decision: Option<Decision>,
    /// Whole euros, when granted; empty when not known.
    pub euros: String,
    pub per: Per,
}

impl OutcomeForm {
    pub fn of(outcome: &SchemeOutcome) -> OutcomeForm {
        let decided = outcome.outcome.as_ref();
        let amount = decided.and_then(|o| o.amount);
        OutcomeForm {
            follow_up_on: outcome.follow_up_on.clone().unwrap_or_default(),
            decision: decided.map(|o| o.decision),
            euros: amount.map(|a| a.euros.to_string()).unwrap_or_default(),
            per: amount.map(|a| a.per).unwrap_or_default(),
        }
    }

    /// The follow-up of `scheme`: `None` when nothing was filled in, else
    /// it or the problems, each tied to its field.
    pub fn validate(&self, scheme: &str) -> Result<Option<SchemeOutcome>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let day = self.follow_up_on.trim();
        let follow_up_on = if day.is_empty() {
            None
        } else if crate::consultation::date_days(day).is_some() {
            Some(day.to_string())
        } else {
            errors.push(FieldError {
                field: Field::FollowUpOn(scheme.to_string()),
                problem: Problem::DateNotValid,
            });
            None
        };
        let euros = self.euros.trim();
        let amount = match self.decision {
            Some(Decision::Granted) if !euros.is_empty() => match euros.parse::<u32>() {
                Ok(n) if (1..=MAX_EUROS).contains(&n) => Some(Amount {
                    euros: n,
                    per: self.per,
                }),
                _ => {
                    errors.push(FieldError {
                        field: Field::Amount(scheme.to_string()),
                        problem: Problem::AmountNotValid { max: MAX_EUROS },
                    });
                    None
                }
            },
            _ => None,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let outcome = self.decision.map(|decision| Outcome { decision, amount });
        Ok(
            (follow_up_on.is_some() || outcome.is_some()).then(|| SchemeOutcome {
                scheme: scheme.to_string(),
                follow_up_on,
                outcome,
            }),
        )
    }
}

/// Which input a problem is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "field", content = "scheme", rename_all = "snake_case")]
pub enum Field {
    Site,
    Postcode,
    Channel,
    Findings,
    Scheme(String),
    Barriers(String),
    OtherBarrier(String),
    Quote,
    ReferredTo,
    ContactDetails,
    Notes,
    FollowUpOn(String),
    Amount(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    PostcodeNotFourDigits,
    NoSchemeDiscussed,
    /// A scheme was picked as discussed, but not what the resident said.
    StatusMissing,
    UnknownScheme,
    DuplicateScheme,
    UnknownBarrier,
    BarriersOnUsedScheme,
    OtherBarrierWithoutText,
    QuoteWithoutConsent,
    ContactDetailsWithoutConsent,
    ContactDetailsWithoutReferral,
    /// Not a date (the date field gives `YYYY-MM-DD`).
    DateNotValid,
    /// Not whole euros between 1 and `max`.
    AmountNotValid {
        max: u32,
    },
    /// The contact would be larger than a record may be
    /// ([`crate::sync::MAX_RECORD_FIELDS`], [`crate::sync::MAX_RECORD_BYTES`]).
    TooLarge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    /// A sentence for the person who filled in the form.
    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match &self.problem {
            Problem::Required => match (&self.field, en) {
                (Field::Site, false) => "Vul de locatie in.".into(),
                (Field::Site, true) => "Enter the location.".into(),
                (Field::Channel, false) => "Kies hoe je de bewoner sprak.".into(),
                (Field::Channel, true) => "Choose how you met the resident.".into(),
                (_, false) => "Dit veld is nodig.".into(),
                (_, true) => "This field is required.".into(),
            },
            Problem::TooLong { max } if en => format!("Too long: use at most {max} characters."),
            Problem::TooLong { max } => format!("Te lang: gebruik hoogstens {max} tekens."),
            Problem::PostcodeNotFourDigits if en => "Only the four digits of the postcode, e.g. 3512.".into(),
            Problem::PostcodeNotFourDigits => "Alleen de vier cijfers van de postcode, bijv. 3512.".into(),
            Problem::NoSchemeDiscussed if en => "Choose for at least one scheme what the resident said.".into(),
            Problem::NoSchemeDiscussed => "Kies bij minstens één regeling wat de bewoner zei.".into(),
            Problem::StatusMissing if en => "Choose what the resident said about this scheme, or remove it.".into(),
            Problem::StatusMissing => "Kies wat de bewoner over deze regeling zei, of haal hem weg.".into(),
            Problem::UnknownScheme if en => "This scheme is not in the team's list.".into(),
            Problem::UnknownScheme => "Deze regeling staat niet in de lijst van het team.".into(),
            Problem::DuplicateScheme if en => "This scheme appears twice.".into(),
            Problem::DuplicateScheme => "Deze regeling staat er twee keer in.".into(),
            Problem::UnknownBarrier if en => "A barrier is not in the team's list.".into(),
            Problem::UnknownBarrier => "Een drempel staat niet in de lijst van het team.".into(),
            Problem::BarriersOnUsedScheme if en => "The resident uses this scheme: remove the barriers.".into(),
            Problem::BarriersOnUsedScheme => "De bewoner gebruikt deze regeling: haal de drempels weg.".into(),
            Problem::OtherBarrierWithoutText if en => "Describe the other barrier in a few words.".into(),
            Problem::OtherBarrierWithoutText => "Beschrijf de andere drempel in een paar woorden.".into(),
            Problem::QuoteWithoutConsent if en => "Keep the quote only if the resident agrees: tick consent or clear it.".into(),
            Problem::QuoteWithoutConsent => "Bewaar het citaat alleen als de bewoner het goedvindt: vink toestemming aan of maak het leeg.".into(),
            Problem::ContactDetailsWithoutConsent if en => "Contact details only with the resident's consent: tick it or clear them.".into(),
            Problem::ContactDetailsWithoutConsent => "Contactgegevens alleen met toestemming van de bewoner: vink die aan of maak ze leeg.".into(),
            Problem::ContactDetailsWithoutReferral if en => "Say first to whom you referred the resident.".into(),
            Problem::ContactDetailsWithoutReferral => "Vul eerst in naar wie je hebt doorverwezen.".into(),
            Problem::DateNotValid if en => "Choose a date.".into(),
            Problem::DateNotValid => "Kies een datum.".into(),
            Problem::AmountNotValid { max } if en => format!("Whole euros only, from 1 to {max}. For example 45."),
            Problem::AmountNotValid { max } => format!("Alleen hele euro's, van 1 tot {max}. Bijvoorbeeld 45."),
            Problem::TooLarge if en => "This conversation is too big to save: remove some schemes, barriers or text.".into(),
            Problem::TooLarge => "Dit gesprek is te groot om te bewaren: haal wat regelingen, drempels of tekst weg.".into(),
        }
    }
}

fn clean(text: &str) -> String {
    text.trim().to_string()
}

fn check_len(text: &str, max: usize, field: Field, errors: &mut Vec<FieldError>) {
    if text.chars().count() > max {
        errors.push(FieldError {
            field,
            problem: Problem::TooLong { max },
        });
    }
}

impl ContactForm {
    /// A new, empty form after `last`: a volunteer records many contacts at
    /// one place in a row, so site and channel carry over.
    pub fn next_after(last: Option<&Contact>) -> ContactForm {
        match last {
            Some(contact) => ContactForm {
                site: contact.input.site.as_str().to_string(),
                channel: Some(contact.input.channel),
                ..ContactForm::default()
            },
            None => ContactForm::default(),
        }
    }

    /// Parses the form against the catalog it was shown with. Schemes left
    /// without a status were not discussed and are left out. Returns every
    /// problem at once, one per field at most, so the person fixes them in one go.
    pub fn validate(&self, catalog: &Catalog) -> Result<ContactInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let push = |errors: &mut Vec<FieldError>, field: Field, problem: Problem| {
            errors.push(FieldError { field, problem })
        };

        let site = match SiteName::parse(&self.site) {
            Ok(site) => Some(site),
            Err(SiteNameError::Empty) => {
                push(&mut errors, Field::Site, Problem::Required);
                None
            }
            Err(SiteNameError::TooLong { max }) => {
                push(&mut errors, Field::Site, Problem::TooLong { max });
                None
            }
        };

        let postcode = self.postcode.trim();
        let postcode4 = if postcode.is_empty() {
            None
        } else if postcode.len() == 4
            && postcode.bytes().all(|b| b.is_ascii_digit())
            && !postcode.starts_with('0')
        {
            Some(postcode.to_string())
        } else {
            push(&mut errors, Field::Postcode, Problem::PostcodeNotFourDigits);
            None
        };

        if self.channel.is_none() {
            push(&mut errors, Field::Channel, Problem::Required);
        }

        let mut findings: Vec<SchemeFinding> = Vec::new();
        let mut outcomes: Vec<SchemeOutcome> = Vec::new();
        for form in &self.findings {
            let scheme = form.scheme.clone();
            let Some(status) = form.status else {
                push(&mut errors, Field::Scheme(scheme), Problem::StatusMissing);
                continue;
            };
            if catalog.scheme(&scheme).is_none() {
                push(&mut errors, Field::Scheme(scheme), Problem::UnknownScheme);
                continue;
            }
            if findings.iter().any(|f| f.scheme == scheme) {
                push(&mut errors, Field::Scheme(scheme), Problem::DuplicateScheme);
                continue;
            }
            if form.barriers.iter().any(|b| catalog.barrier(b).is_none()) {
                push(
                    &mut errors,
                    Field::Barriers(scheme),
                    Problem::UnknownBarrier,
                );
                continue;
            }
            if !status.allows_barriers() && !form.barriers.is_empty() {
                push(
                    &mut errors,
                    Field::Barriers(scheme),
                    Problem::BarriersOnUsedScheme,
                );
                continue;
            }
            // Catalog order, no repeats, whatever order they were tapped in.
            let barriers: Vec<String> = catalog
                .barriers
                .iter()
                .filter(|b| form.barriers.contains(&b.id))
                .map(|b| b.id.clone())
                .collect();
            let other_text = clean(&form.other_barrier);
            let other_barrier = if barriers.iter().any(|b| b == OTHER_BARRIER) {
                if other_text.is_empty() {
                    push(
                        &mut errors,
                        Field::OtherBarrier(scheme),
                        Problem::OtherBarrierWithoutText,
                    );
                    continue;
                }
                check_len(
                    &other_text,
                    OTHER_BARRIER_MAX_CHARS,
                    Field::OtherBarrier(scheme.clone()),
                    &mut errors,
                );
                Some(other_text)
            } else {
                None
            };
            if status.allows_follow_up() {
                match form.follow.validate(&scheme) {
                    Ok(Some(outcome)) => outcomes.push(outcome),
                    Ok(None) => {}
                    Err(mut problems) => errors.append(&mut problems),
                }
            }
            findings.push(SchemeFinding {
                scheme,
                status,
                barriers,
                other_barrier,
            });
        }
        if findings.is_empty()
            && !errors.iter().any(|e| {
                matches!(
                    e.field,
                    Field::Scheme(_) | Field::Barriers(_) | Field::OtherBarrier(_)
                )
            })
        {
            push(&mut errors, Field::Findings, Problem::NoSchemeDiscussed);
        }

        let quote_text = clean(&self.quote);
        let quote = if quote_text.is_empty() {
            None
        } else if !self.quote_consent {
            push(&mut errors, Field::Quote, Problem::QuoteWithoutConsent);
            None
        } else {
            check_len(&quote_text, QUOTE_MAX_CHARS, Field::Quote, &mut errors);
            Some(Quote { text: quote_text })
        };

        let referred_to = clean(&self.referred_to);
        let details = clean(&self.contact_details);
        check_len(
            &referred_to,
            REFERRED_TO_MAX_CHARS,
            Field::ReferredTo,
            &mut errors,
        );
        let contact_details = if details.is_empty() {
            None
        } else if !self.contact_consent {
            push(
                &mut errors,
                Field::ContactDetails,
                Problem::ContactDetailsWithoutConsent,
            );
            None
        } else if referred_to.is_empty() {
            push(
                &mut errors,
                Field::ContactDetails,
                Problem::ContactDetailsWithoutReferral,
            );
            None
        } else {
            check_len(
                &details,
                CONTACT_DETAILS_MAX_CHARS,
                Field::ContactDetails,
                &mut errors,
            );
            Some(details)
        };
        let follow_up = (!referred_to.is_empty()).then_some(FollowUp {
            referred_to,
            contact_details,
        });

        let notes = clean(&self.notes);
        check_len(&notes, NOTES_MAX_CHARS, Field::Notes, &mut errors);

        let input = match (site, self.channel) {
            (Some(site), Some(channel)) if errors.is_empty() => ContactInput {
                site,
                postcode4,
                channel,
                household: self.household,
                life_event: self.life_event,
                work: self.work,
                findings,
                outcomes: {
                    outcomes.sort_by(|a, b| a.scheme.cmp(&b.scheme));
                    outcomes
                },
                quote,
                follow_up,
                notes,
            },
            _ => return Err(errors),
        };
        // The server refuses a record past its limits; the form says so
        // first, while the volunteer can still change it.
        let fields = crate::replica::record_fields(i64::MAX, u32::MAX, &input);
        if !crate::sync::record_fits(fields.iter()) {
            push(&mut errors, Field::Findings, Problem::TooLarge);
            return Err(errors);
        }
        Ok(input)
    }

    /// The text typed into `field`, if it is a text field.
    pub fn text(&self, field: &Field) -> &str {
        match field {
            Field::Site => &self.site,
            Field::Postcode => &self.postcode,
            Field::Quote => &self.quote,
            Field::ReferredTo => &self.referred_to,
            Field::ContactDetails => &self.contact_details,
            Field::Notes => &self.notes,
            Field::OtherBarrier(scheme) => self
                .findings
                .iter()
                .find(|f| &f.scheme == scheme)
                .map_or("", |f| f.other_barrier.as_str()),
            Field::FollowUpOn(scheme) => self
                .finding(scheme)
                .map_or("", |f| f.follow.follow_up_on.as_str()),
            Field::Amount(scheme) => self.finding(scheme).map_or("", |f| f.follow.euros.as_str()),
            Field::Channel | Field::Findings | Field::Scheme(_) | Field::Barriers(_) => "",
        }
    }

    /// Where the text of `field` is kept; `None` for fields that are not text.
    pub fn text_mut(&mut self, field: &Field) -> Option<&mut String> {
        match field {
            Field::Site => Some(&mut self.site),
            Field::Postcode => Some(&mut self.postcode),
            Field::Quote => Some(&mut self.quote),
            Field::ReferredTo => Some(&mut self.referred_to),
            Field::ContactDetails => Some(&mut self.contact_details),
            Field::Notes => Some(&mut self.notes),
            Field::OtherBarrier(scheme) => Some(&mut self.finding_mut(scheme).other_barrier),
            Field::FollowUpOn(scheme) => Some(&mut self.finding_mut(scheme).follow.follow_up_on),
            Field::Amount(scheme) => Some(&mut self.finding_mut(scheme).follow.euros),
            Field::Channel | Field::Findings | Field::Scheme(_) | Field::Barriers(_) => None,
        }
    }

    /// The finding for `scheme`, added (undiscussed) when missing.
    pub fn finding_mut(&mut self, scheme: &str) -> &mut FindingForm {
        let index = match self.findings.iter().position(|f| f.scheme == scheme) {
            Some(index) => index,
            None => {
                self.findings.push(FindingForm {
                    scheme: scheme.to_string(),
                    ..FindingForm::default()
                });
                self.findings.len() - 1
            }
        };
        &mut self.findings[index]
    }

    /// Whether site and channel are filled in (as they come preset from
    /// the last contact).
    pub fn has_place(&self) -> bool {
        !self.site.trim().is_empty() && self.channel.is_some()
    }

    pub fn finding(&self, scheme: &str) -> Option<&FindingForm> {
        self.findings.iter().find(|f| f.scheme == scheme)
    }

    /// Picks `scheme` as discussed (no status yet), or removes it with all
    /// that was chosen for it.
    pub fn toggle_scheme(&mut self, scheme: &str) {
        match self.findings.iter().position(|f| f.scheme == scheme) {
            Some(index) => {
                self.findings.remove(index);
            }
            None => {
                self.finding_mut(scheme);
            }
        }
    }

    /// Taps a status chip: selects it, or clears it when it was selected
    /// (the scheme stays picked). A used scheme has no barriers.
    pub fn tap_status(&mut self, scheme: &str, status: Status) {
        let finding = self.finding_mut(scheme);
        finding.status = (finding.status != Some(status)).then_some(status);
        if finding.status.is_none_or(|s| !s.allows_barriers()) {
            finding.barriers.clear();
            finding.other_barrier.clear();
        }
    }

    /// Taps a barrier chip: toggles it. A barrier tapped before any status
    /// says the resident does not use the scheme, which one tap changes:
    /// that saves a tap in the common case and is shown at once.
    pub fn tap_barrier(&mut self, scheme: &str, barrier: &str) {
        let finding = self.finding_mut(scheme);
        if finding.status.is_none() {
            finding.status = Some(Status::NotUsed);
        }
        match finding.barriers.iter().position(|b| b == barrier) {
            Some(index) => {
                finding.barriers.remove(index);
                if barrier == OTHER_BARRIER {
                    finding.other_barrier.clear();
                }
            }
            None => finding.barriers.push(barrier.to_string()),
        }
    }

    /// The free texts the personal-data scan reads before saving.
    pub fn free_texts(&self) -> Vec<(Field, &str)> {
        let mut texts = vec![
            // The location is a place, but people type a name or a phone
            // number there too; it reaches the dashboard and the exports.
            (Field::Site, self.site.as_str()),
            (Field::Quote, self.quote.as_str()),
            (Field::Notes, self.notes.as_str()),
            (Field::ReferredTo, self.referred_to.as_str()),
        ];
        for finding in &self.findings {
            texts.push((
                Field::OtherBarrier(finding.scheme.clone()),
                finding.other_barrier.as_str(),
            ));
        }
        texts.retain(|(_, text)| !text.trim().is_empty());
        texts
    }
}

#[cfg(test)]
mod tests;

/// The options of the capture form's chips: a label per language and the
/// stable code behind it.
pub trait ChipLabel: Copy {
    fn label(self, lang: Lang) -> &'static str;
    fn code(self) -> &'static str;
}

impl ChipLabel for Channel {
    fn code(self) -> &'static str {
        Channel::code(self)
    }

    fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            Channel::FoodBank => ("Voedselbank", "Food bank"),
            Channel::WalkIn => ("Inloop", "Walk-in"),
            Channel::DoorToDoor => ("Huis aan huis", "Door to door"),
            Channel::Event => ("Activiteit", "Event"),
            Channel::Phone => ("Telefoon", "Phone"),
            Channel::Other => ("Anders", "Other"),
        };
        if lang == Lang::En { en } else { nl }
    }
}

impl ChipLabel for Household {
    fn code(self) -> &'static str {
        Household::code(self)
    }

    fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            Household::Single => ("Alleen", "Single"),
            Household::SingleParent => ("Alleen met kind(eren)", "Single parent"),
            Household::Couple => ("Samen", "Couple"),
            Household::CoupleWithChildren => ("Samen met kind(eren)", "Couple with children"),
            Household::Other => ("Anders", "Other"),
        };
        if lang == Lang::En { en } else { nl }
    }
}

impl ChipLabel for LifeEvent {
    fn code(self) -> &'static str {
        LifeEvent::code(self)
    }

    fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            LifeEvent::Birth => ("Geboorte", "Birth"),
            LifeEvent::Separation => ("Scheiding", "Separation"),
            LifeEvent::JobLoss => ("Baanverlies", "Job loss"),
            LifeEvent::Retirement => ("Pensioen", "Retirement"),
            LifeEvent::Move => ("Verhuizing", "Move"),
        };
        if lang == Lang::En { en } else { nl }
    }
}

impl ChipLabel for Status {
    fn code(self) -> &'static str {
        Status::code(self)
    }

    fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            Status::Uses => ("Gebruikt", "Uses it"),
            Status::NotUsed => ("Gebruikt niet", "Doesn't use"),
            Status::DoesNotKnow => ("Weet niet", "Doesn't know"),
            Status::AppliedWithHelp => ("Nu aangevraagd", "Applied today"),
            Status::Referred => ("Doorverwezen", "Referred"),
        };
        if lang == Lang::En { en } else { nl }
    }
}

impl ChipLabel for Work {
    fn code(self) -> &'static str {
        Work::code(self)
    }

    fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            Work::Employed => ("Heeft werk", "Employed"),
            Work::SelfEmployed => ("Eigen bedrijf (zzp)", "Self-employed"),
            Work::Farmer => ("Boer of tuinder", "Farmer"),
            Work::Retired => ("Met pensioen", "Retired"),
            Work::Benefit => ("Uitkering", "On benefits"),
            Work::Student => ("Studeert", "Student"),
            Work::Other => ("Anders", "Other"),
        };
        if lang == Lang::En { en } else { nl }
    }
}

impl ChipLabel for Decision {
    fn code(self) -> &'static str {
        Decision::code(self)
    }

    fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            Decision::Granted => ("Toegekend", "Granted"),
            Decision::Refused => ("Afgewezen", "Refused"),
            Decision::Withdrawn => ("Ingetrokken", "Withdrawn"),
            Decision::Pending => ("Nog geen besluit", "No decision yet"),
        };
        if lang == Lang::En { en } else { nl }
    }
}

impl ChipLabel for Per {
    fn code(self) -> &'static str {
        Per::code(self)
    }

    fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            Per::Month => ("Per maand", "A month"),
            Per::Once => ("Eenmalig", "One-off"),
        };
        if lang == Lang::En { en } else { nl }
    }
}
