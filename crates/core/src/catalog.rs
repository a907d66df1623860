//! A team's catalog: the schemes (regelingen) it asks about and the barriers
//! (drempels) that keep residents from them. Ids are stable slugs; labels
//! may change. Each change makes a new version, and records keep the version
//! and ids they were made with, so no edit strands an old record.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A text in Dutch and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub nl: String,
    pub en: String,
}

impl Label {
    pub fn new(nl: &str, en: &str) -> Label {
        Label {
            nl: nl.to_string(),
            en: en.to_string(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Who runs a scheme, which tells a volunteer where to refer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Municipal,
    Private,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub id: String,
    pub label: Label,
    /// E.g. "Dienst Toeslagen", "SVB", "gemeente".
    pub administered_by: String,
    pub level: Level,
    /// Retired schemes stay readable in old records but leave new forms.
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Barrier {
    pub id: String,
    pub label: Label,
    pub active: bool,
}

/// The barrier whose detail is free text.
pub const OTHER_BARRIER: &str = "other";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub version: u32,
    pub schemes: Vec<Scheme>,
    pub barriers: Vec<Barrier>,
}

impl Catalog {
    pub fn scheme(&self, id: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.id == id)
    }

    pub fn barrier(&self, id: &str) -> Option<&Barrier> {
        self.barriers.iter().find(|b| b.id == id)
    }

    /// What a new form offers: the active schemes, in catalog order.
    pub fn active_schemes(&self) -> impl Iterator<Item = &Scheme> {
        self.schemes.iter().filter(|s| s.active)
    }

    pub fn active_barriers(&self) -> impl Iterator<Item = &Barrier> {
        self.barriers.iter().filter(|b| b.active)
    }

    /// The default catalog: the barrier taxonomy from the non-take-up
    /// research (Van Oorschot; SCP "Geld op de plank") and the schemes most
    /// low-income households in the Netherlands can claim. Teams edit their
    /// own copy; names and limits differ per municipality.
    pub fn default_catalog() -> Catalog {
        use Level::*;
        let scheme = |id: &str, nl: &str, en: &str, by: &str, level: Level| Scheme {
            id: id.to_string(),
            label: Label::new(nl, en),
            administered_by: by.to_string(),
            level,
            active: true,
        };
        let barrier = |id: &str, nl: &str, en: &str| Barrier {
            id: id.to_string(),
            label: Label::new(nl, en),
            active: true,
        };
        Catalog {
            version: 1,
            schemes: vec![
                scheme(
                    "huurtoeslag",
                    "Huurtoeslag",
                    "Rent benefit",
                    "Dienst Toeslagen",
                    National,
                ),
                scheme(
                    "zorgtoeslag",
                    "Zorgtoeslag",
                    "Healthcare benefit",
                    "Dienst Toeslagen",
                    National,
                ),
                scheme(
                    "kindgebonden_budget",
                    "Kindgebonden budget",
                    "Child budget",
                    "Dienst Toeslagen",
                    National,
                ),
                scheme(
                    "kinderopvangtoeslag",
                    "Kinderopvangtoeslag",
                    "Childcare benefit",
                    "Dienst Toeslagen",
                    National,
                ),
                scheme(
                    "aio_aanvulling",
                    "AIO-aanvulling",
                    "Supplementary income for older people (AIO)",
                    "SVB",
                    National,
                ),
                scheme(
                    "kinderbijslag",
                    "Kinderbijslag",
                    "Child benefit",
                    "SVB",
                    National,
                ),
                scheme(
                    "tegemoetkoming_scholieren",
                    "Tegemoetkoming scholieren",
                    "School costs allowance",
                    "DUO",
                    National,
                ),
                scheme(
                    "algemene_bijstand",
                    "Algemene bijstand",
                    "Social assistance",
                    "gemeente",
                    Municipal,
                ),
                scheme(
                    "bijzondere_bijstand",
                    "Bijzondere bijstand",
                    "Special assistance",
                    "gemeente",
                    Municipal,
                ),
                scheme(
                    "individuele_inkomenstoeslag",
                    "Individuele inkomenstoeslag",
                    "Individual income supplement",
                    "gemeente",
                    Municipal,
                ),
                scheme(
                    "individuele_studietoeslag",
                    "Individuele studietoeslag",
                    "Individual study supplement",
                    "gemeente",
                    Municipal,
                ),
                scheme(
                    "kwijtschelding",
                    "Kwijtschelding gemeentelijke belastingen / waterschapslasten",
                    "Waiver of municipal and water board taxes",
                    "gemeente / waterschap",
                    Municipal,
                ),
                scheme(
                    "collectieve_zorgverzekering",
                    "Collectieve zorgverzekering minima",
                    "Group health insurance for low incomes",
                    "gemeente",
                    Municipal,
                ),
                scheme(
                    "meedoenregeling",
                    "Meedoenregeling / stadspas / kindpakket",
                    "Participation scheme / city pass / children's package",
                    "gemeente",
                    Municipal,
                ),
                scheme(
                    "jeugdfonds_sport_cultuur",
                    "Jeugdfonds Sport & Cultuur",
                    "Youth fund for sport and culture",
                    "Jeugdfonds Sport & Cultuur",
                    Private,
                ),
            ],
            barriers: vec![
                barrier(
                    "unaware",
                    "Onbekend met regeling",
                    "Did not know the scheme exists",
                ),
                barrier(
                    "thinks_ineligible",
                    "Denkt geen recht te hebben",
                    "Thinks they are not eligible",
                ),
                barrier(
                    "too_complex",
                    "Aanvraag te ingewikkeld",
                    "Application too complicated",
                ),
                barrier(
                    "digital",
                    "Digitale drempel / DigiD",
                    "Online-only, DigiD, no device",
                ),
                barrier(
                    "language",
                    "Taal / leesvaardigheid",
                    "Language or reading skills",
                ),
                barrier(
                    "fear_repayment",
                    "Angst voor terugvordering",
                    "Fear of having to pay it back",
                ),
                barrier(
                    "fear_consequences",
                    "Angst voor gevolgen",
                    "Fear of effects on housing, savings, other benefits",
                ),
                barrier(
                    "shame",
                    "Schaamte / stigma",
                    "Shame, pride, \"not for people like me\"",
                ),
                barrier(
                    "distrust",
                    "Wantrouwen / slechte ervaring",
                    "Distrust after a bad experience",
                ),
                barrier(
                    "not_worth_it",
                    "Levert te weinig op",
                    "Too little to be worth it",
                ),
                barrier(
                    "overwhelmed",
                    "Geen overzicht / stress",
                    "Money stress, no energy to get organised",
                ),
                barrier(
                    "practical",
                    "Papieren, termijnen, wachttijd",
                    "Missing documents, deadlines, long waits",
                ),
                barrier(OTHER_BARRIER, "Anders", "Other (free text)"),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn default_catalog_has_the_designed_taxonomy() {
        let catalog = Catalog::default_catalog();
        assert_eq!(catalog.version, 1);
        assert_eq!(catalog.barriers.len(), 13);
        assert_eq!(catalog.schemes.len(), 15);
        assert!(catalog.barrier(OTHER_BARRIER).is_some());
        assert_eq!(
            catalog.scheme("kwijtschelding").unwrap().level,
            Level::Municipal
        );
        assert_eq!(
            catalog.barrier("shame").unwrap().label.get(Lang::Nl),
            "Schaamte / stigma"
        );
    }

    #[test]
    fn ids_are_unique_slugs_and_labels_are_translated() {
        let catalog = Catalog::default_catalog();
        let ids: Vec<&str> = catalog
            .schemes
            .iter()
            .map(|s| s.id.as_str())
            .chain(catalog.barriers.iter().map(|b| b.id.as_str()))
            .collect();
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "duplicate id"
        );
        for id in ids {
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{id}"
            );
        }
        let labels = catalog
            .schemes
            .iter()
            .map(|s| &s.label)
            .chain(catalog.barriers.iter().map(|b| &b.label));
        for label in labels {
            assert!(!label.nl.is_empty() && !label.en.is_empty());
        }
    }

    #[test]
    fn retired_items_leave_new_forms_but_stay_readable() {
        let mut catalog = Catalog::default_catalog();
        catalog.schemes[0].active = false;
        catalog.barriers[1].active = false;
        assert!(catalog.active_schemes().all(|s| s.id != "huurtoeslag"));
        assert!(
            catalog
                .active_barriers()
                .all(|b| b.id != "thinks_ineligible")
        );
        assert!(catalog.scheme("huurtoeslag").is_some());
        assert!(catalog.barrier("thinks_ineligible").is_some());
    }

    #[test]
    fn catalog_round_trips_through_json() {
        let catalog = Catalog::default_catalog();
        let json = serde_json::to_string(&catalog).unwrap();
        assert_eq!(serde_json::from_str::<Catalog>(&json).unwrap(), catalog);
    }
}
