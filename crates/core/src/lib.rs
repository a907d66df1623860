//! Drempel's rules, shared by the app (wasm32) and the server (native).
//!
//! Nothing in this crate does I/O: no clock, no network, no storage. Callers
//! pass time and input in and carry the results out, so every rule can be
//! tested with plain `#[test]`s.

pub mod catalog;
pub mod consultation;
pub mod contact;
#[cfg(feature = "export")]
pub mod export;
pub mod keep;
pub mod lang;
pub mod money;
pub mod pii;
pub mod plain;
pub mod record;
pub mod region;
pub mod replica;
pub mod resident;
pub mod retry;
pub mod signal;
pub mod site;
pub mod small;
pub mod stats;
pub mod sync;
pub mod wire;

pub use lang::Lang;

/// What is wrong with an input: the field (a path such as
/// `questions[0].text.nl`) and the kind of problem, with the numbers it
/// needs. The server sends both; the app says it in the person's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub problem: ProblemKind,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem.describe())
    }
}

pub(crate) fn invalid(field: impl Into<String>, problem: ProblemKind) -> Invalid {
    Invalid {
        field: field.into(),
        problem,
    }
}

/// The kinds of problem an input can have, across every check of core and
/// the server. Typed, so no side reads meaning from English words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// Empty where something is needed.
    Required,
    /// More than `max` characters.
    TooLong { max: u32 },
    /// More than `max_bytes` bytes.
    TooBig { max_bytes: u32 },
    /// Not between `min` and `max` items.
    Count { min: u32, max: u32 },
    /// A number not between `min` and `max`.
    Range { min: i64, max: i64 },
    /// Not a date written YYYY-MM-DD.
    NotADate,
    /// A closing date before the opening date.
    ClosesBeforeOpening,
    /// An id not of the expected form, or used twice.
    BadId,
    /// Names something that does not exist (a question, say).
    Unknown,
    /// Does not fit (an answer to its question, a value to its field).
    Mismatch,
    /// Must be empty here (options of a scale question, fields of a delete).
    MustBeEmpty,
    /// A time later than now.
    InTheFuture,
    /// A time before the device joined its team.
    BeforeJoining,
    /// A time outside the consultation's dates.
    OutsideDates,
    /// An item that may be retired but not removed.
    Removed,
    /// The free-text barrier "other" must stay.
    MustStay,
    /// Nothing left active.
    NoneActive,
    /// The consultation is not published.
    NotPublished,
    /// Holds the character U+0000.
    NulCharacter,
    /// Not the app's address (http or https, a host, nothing more).
    NotAnOrigin,
    /// The value sent is not of the expected type or form.
    Malformed,
}

impl ProblemKind {
    /// In English, for logs and for clients that do not read the kind.
    pub fn describe(self) -> String {
        use ProblemKind::*;
        match self {
            Required => "required".into(),
            TooLong { max } => format!("at most {max} characters"),
            TooBig { max_bytes } => format!("at most {max_bytes} bytes"),
            Count { min, max } => format!("between {min} and {max} items"),
            Range { min, max } if max == i64::MAX => format!("at least {min}"),
            Range { min, max } => format!("between {min} and {max}"),
            NotADate => "a date YYYY-MM-DD".into(),
            ClosesBeforeOpening => "on or after the opening date".into(),
            BadId => "not a valid or unique id".into(),
            Unknown => "no such item".into(),
            Mismatch => "does not fit".into(),
            MustBeEmpty => "must be empty".into(),
            InTheFuture => "in the future".into(),
            BeforeJoining => "before this device joined its team".into(),
            OutsideDates => "outside the consultation's dates".into(),
            Removed => "items can be retired, not removed".into(),
            MustStay => "the barrier \"other\" stays".into(),
            NoneActive => "at least one active scheme and barrier".into(),
            NotPublished => "publish the consultation first".into(),
            NulCharacter => "text may not contain the character U+0000".into(),
            NotAnOrigin => "the app's address, like https://example.org".into(),
            Malformed => "not of the expected type or form".into(),
        }
    }
}

/// A text of at most `max` characters; with `required`, not blank.
pub fn check_text(field: &str, text: &str, max: usize, required: bool) -> Result<(), Invalid> {
    if required && text.trim().is_empty() {
        return Err(invalid(field, ProblemKind::Required));
    }
    if text.chars().count() > max {
        return Err(invalid(
            field,
            ProblemKind::TooLong {
                max: u32::try_from(max).unwrap_or(u32::MAX),
            },
        ));
    }
    Ok(())
}

/// A text in both languages: Dutch required when `required`, English may
/// stay empty (Dutch shows then).
pub(crate) fn check_label(
    field: &str,
    label: &catalog::Label,
    max: usize,
    required: bool,
) -> Result<(), Invalid> {
    check_text(&format!("{field}.nl"), &label.nl, max, required)?;
    check_text(&format!("{field}.en"), &label.en, max, false)?;
    for (lang, text) in &label.more {
        let field = format!("{field}.more.{}", lang.code());
        // Dutch and English have their own fields: one place for each text.
        if matches!(
            lang,
            resident::ResidentLang::Nl | resident::ResidentLang::En
        ) {
            return Err(invalid(field, ProblemKind::MustBeEmpty));
        }
        check_text(&field, text, max, false)?;
    }
    Ok(())
}
