//! The place a volunteer works from today: a food bank, a walk-in hour, a
//! neighbourhood centre. A site names a place, never a resident.

use serde::{Deserialize, Serialize};

/// Longest site name, in characters.
pub const SITE_NAME_MAX_CHARS: usize = 120;

/// A trimmed, non-empty site name of at most [`SITE_NAME_MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(try_from = "String", into = "String")]
pub struct SiteName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteNameError {
    Empty,
    TooLong { max: usize },
}

impl SiteName {
    /// Parses what a person typed: surrounding and repeated spaces go.
    pub fn parse(raw: &str) -> Result<SiteName, SiteNameError> {
        let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if cleaned.is_empty() {
            Err(SiteNameError::Empty)
        } else if cleaned.chars().count() > SITE_NAME_MAX_CHARS {
            Err(SiteNameError::TooLong {
                max: SITE_NAME_MAX_CHARS,
            })
        } else {
            Ok(SiteName(cleaned))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SiteName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        SiteName::parse(&value).map_err(|err| format!("invalid site name: {err:?}"))
    }
}

impl From<SiteName> for String {
    fn from(value: SiteName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_and_collapses_spaces() {
        let site = SiteName::parse("  Voedselbank   Noord \n").unwrap();
        assert_eq!(site.as_str(), "Voedselbank Noord");
    }

    #[test]
    fn rejects_empty_and_too_long() {
        assert_eq!(SiteName::parse(" \t "), Err(SiteNameError::Empty));
        let long = "é".repeat(SITE_NAME_MAX_CHARS + 1);
        assert_eq!(
            SiteName::parse(&long),
            Err(SiteNameError::TooLong {
                max: SITE_NAME_MAX_CHARS
            })
        );
        // The limit counts characters, not bytes: 120 "é" are fine.
        assert!(SiteName::parse(&"é".repeat(SITE_NAME_MAX_CHARS)).is_ok());
    }

    #[test]
    fn deserialising_applies_the_same_rules() {
        assert!(serde_json::from_str::<SiteName>("\"   \"").is_err());
        let site: SiteName = serde_json::from_str("\" De  Wijk \"").unwrap();
        assert_eq!(site.as_str(), "De Wijk");
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_accepted_names_are_stable(raw in any::<String>()) {
            if let Ok(site) = SiteName::parse(&raw) {
                prop_assert!(!site.as_str().is_empty());
                prop_assert!(site.as_str().chars().count() <= SITE_NAME_MAX_CHARS);
                prop_assert_eq!(SiteName::parse(site.as_str()), Ok(site.clone()));
                let json = serde_json::to_string(&site).unwrap();
                prop_assert_eq!(serde_json::from_str::<SiteName>(&json).unwrap(), site);
            }
        }
    }
}
