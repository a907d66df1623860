//! Drempel's rules, shared by the app (wasm32) and the server (native).
//!
//! Nothing in this crate does I/O: no clock, no network, no storage. Callers
//! pass time and input in and carry the results out, so every rule can be
//! tested with plain `#[test]`s.

pub mod catalog;
pub mod consultation;
pub mod contact;
pub mod export;
pub mod lang;
pub mod pii;
pub mod record;
pub mod replica;
pub mod retry;
pub mod site;
pub mod stats;
pub mod sync;
pub mod wire;

pub use lang::Lang;

/// What is wrong with an input: the field (a path such as
/// `questions[0].text.nl`) and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// A text of at most `max` characters; with `required`, not blank.
pub(crate) fn check_text(
    field: &str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<(), Invalid> {
    if required && text.trim().is_empty() {
        return Err(invalid(field, "required"));
    }
    if text.chars().count() > max {
        return Err(invalid(field, format!("at most {max} characters")));
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
    check_text(&format!("{field}.en"), &label.en, max, false)
}
