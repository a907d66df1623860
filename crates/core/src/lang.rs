//! The languages Drempel speaks. Dutch comes first: it is the default for
//! every new device and every message that has no other context.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>` and the manifest.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Reads a stored or browser-given language tag ("en-GB" counts as English).
    /// Anything unknown falls back to Dutch rather than failing.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    /// The language's own name, shown in the language picker.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_code() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), lang);
        }
    }

    #[test]
    fn regional_english_is_english_and_unknown_is_dutch() {
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("EN_us"), Lang::En);
        assert_eq!(Lang::from_tag("nl-BE"), Lang::Nl);
        assert_eq!(Lang::from_tag("fr"), Lang::Nl);
        assert_eq!(Lang::from_tag(""), Lang::Nl);
    }

    #[test]
    fn serialises_as_lowercase_code() {
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        assert_eq!(serde_json::from_str::<Lang>("\"nl\"").unwrap(), Lang::Nl);
    }
}
