//! A team's catalog: the schemes (regelingen) it asks about and the barriers
//! (drempels) that keep residents from them. Ids are stable slugs; labels
//! may change. Each change makes a new version, and records keep the version
//! and ids they were made with, so no edit strands an old record.

use serde::{Deserialize, Serialize};

use crate::money::TypicalAmount;

use crate::Lang;

/// A text in Dutch and English, and (for what residents read in a
/// consultation) in their other languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Label {
    pub nl: String,
    pub en: String,
    /// The text in other resident languages (Arabic, Turkish, Polish,
    /// Ukrainian): never Dutch or English, which have their own fields.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub more: std::collections::BTreeMap<crate::resident::ResidentLang, String>,
}

impl Label {
    pub fn new(nl: &str, en: &str) -> Label {
        Label {
            nl: nl.to_string(),
            en: en.to_string(),
            more: Default::default(),
        }
    }

    /// The text a resident reads in `lang`, when it is written in it.
    pub fn in_lang(&self, lang: crate::resident::ResidentLang) -> Option<&str> {
        use crate::resident::ResidentLang;
        let text = match lang {
            ResidentLang::Nl => self.nl.as_str(),
            ResidentLang::En => self.en.as_str(),
            other => self.more.get(&other).map_or("", String::as_str),
        };
        (!text.trim().is_empty()).then_some(text)
    }

    /// The text in `lang`, Dutch when it is not written in it.
    pub fn for_resident(&self, lang: crate::resident::ResidentLang) -> &str {
        self.in_lang(lang).unwrap_or(&self.nl)
    }

    /// The text in `lang`; Dutch when the English one was left empty.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.trim().is_empty() => &self.en,
            _ => &self.nl,
        }
    }
}

/// Who runs a scheme, which tells a volunteer where to refer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Municipal,
    Private,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Scheme {
    pub id: String,
    pub label: Label,
    /// E.g. "Dienst Toeslagen", "SVB", "gemeente".
    pub administered_by: String,
    pub level: Level,
    /// One line on what the scheme is, for volunteers.
    #[serde(default)]
    pub description: Label,
    /// Retired schemes stay readable in old records but leave new forms.
    pub active: bool,
    /// What the scheme is typically worth a year to a household that uses
    /// it, set by the team, with its source: the basis of the estimate of
    /// money left unclaimed ([`crate::money::estimate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical: Option<TypicalAmount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Barrier {
    pub id: String,
    pub label: Label,
    pub active: bool,
}

/// The barrier whose detail is free text.
pub const OTHER_BARRIER: &str = "other";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Catalog {
    pub version: u32,
    pub schemes: Vec<Scheme>,
    pub barriers: Vec<Barrier>,
}

/// The active `items`, the most used first, ties in their own order.
fn by_use<'c, 's, T>(
    items: &'c [T],
    id_active: impl Fn(&T) -> (&str, bool),
    used: impl IntoIterator<Item = &'s str>,
) -> Vec<&'c T> {
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for id in used {
        *counts.entry(id).or_default() += 1;
    }
    let mut active: Vec<(usize, &T)> = items
        .iter()
        .filter(|item| id_active(item).1)
        .map(|item| (counts.get(id_active(item).0).copied().unwrap_or(0), item))
        .collect();
    // Stable: equal counts keep the catalog's order.
    active.sort_by_key(|a| std::cmp::Reverse(a.0));
    active.into_iter().map(|(_, item)| item).collect()
}

impl Catalog {
    /// The active schemes, the most used first (`used`: the schemes of the
    /// contacts at hand, once per contact), ties in catalog order: the
    /// order the form offers them in.
    pub fn schemes_by_use<'s>(&self, used: impl IntoIterator<Item = &'s str>) -> Vec<&Scheme> {
        by_use(&self.schemes, |s| (&s.id, s.active), used)
    }

    /// The active barriers in the order the form offers them, as
    /// [`Catalog::schemes_by_use`] (`used`: once per time named).
    pub fn barriers_by_use<'s>(&self, used: impl IntoIterator<Item = &'s str>) -> Vec<&Barrier> {
        by_use(&self.barriers, |b| (&b.id, b.active), used)
    }

    /// The typical yearly amount of scheme `id`, when the team set one.
    pub fn typical(&self, id: &str) -> Option<&TypicalAmount> {
        self.scheme(id).and_then(|s| s.typical.as_ref())
    }

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
            description: Label::default(),
            active: true,
            typical: None,
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

pub const MAX_ITEM_LABEL: usize = 80;
pub const MAX_DESCRIPTION: usize = 200;
pub const MAX_ITEMS: usize = 100;
const MAX_ID: usize = 40;

/// A coordinator's edit of the team's catalog (`PUT /api/v1/team/catalog`):
/// the whole list, made on version `base`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CatalogEdit {
    pub base: u32,
    pub schemes: Vec<Scheme>,
    pub barriers: Vec<Barrier>,
}

/// Why an edit was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// Someone saved a newer version since `base`: reload and redo.
    Stale {
        current: u32,
    },
    Invalid(crate::Invalid),
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A stable id for a new item named `name`, not among `taken`: lower case
/// ASCII letters, digits and `_` (é → e).
pub fn slug<'a>(name: &str, taken: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let mut base = String::new();
    for c in name.trim().to_lowercase().chars() {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('_') {
            base.push('_');
        }
        if base.len() >= MAX_ID - 4 {
            break;
        }
    }
    let base = base.trim_end_matches('_');
    let base = if base.is_empty() { "item" } else { base };
    let free = |id: &str| !taken.clone().into_iter().any(|t| t == id);
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|id| free(id))
        .expect("a free number")
}

impl Catalog {
    /// The next version after `edit`, or why not. Items are never removed,
    /// only retired, so every id an old record holds keeps its label; ids
    /// never change; the free-text barrier stays. `None`: nothing changed.
    pub fn apply_edit(&self, edit: CatalogEdit) -> Result<Option<Catalog>, EditError> {
        use crate::{ProblemKind, invalid};
        if edit.base != self.version {
            return Err(EditError::Stale {
                current: self.version,
            });
        }
        let bad = |field: String, problem: ProblemKind| EditError::Invalid(invalid(field, problem));
        if edit.schemes.len() > MAX_ITEMS || edit.barriers.len() > MAX_ITEMS {
            return Err(bad(
                "schemes".into(),
                ProblemKind::Count {
                    min: 1,
                    max: MAX_ITEMS as u32,
                },
            ));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, scheme) in edit.schemes.iter().enumerate() {
            let field = format!("schemes[{i}]");
            if !is_slug(&scheme.id) || !ids.insert(("s", scheme.id.as_str())) {
                return Err(bad(format!("{field}.id"), ProblemKind::BadId));
            }
            crate::check_label(
                &format!("{field}.label"),
                &scheme.label,
                MAX_ITEM_LABEL,
                true,
            )
            .map_err(EditError::Invalid)?;
            crate::check_label(
                &format!("{field}.description"),
                &scheme.description,
                MAX_DESCRIPTION,
                false,
            )
            .map_err(EditError::Invalid)?;
            crate::check_text(
                &format!("{field}.administered_by"),
                &scheme.administered_by,
                MAX_ITEM_LABEL,
                false,
            )
            .map_err(EditError::Invalid)?;
            if let Some(typical) = &scheme.typical {
                if !(1..=crate::money::MAX_EUROS).contains(&typical.euros_per_year) {
                    return Err(bad(
                        format!("{field}.typical.euros_per_year"),
                        ProblemKind::Range {
                            min: 1,
                            max: i64::from(crate::money::MAX_EUROS),
                        },
                    ));
                }
                // An estimate always says where its amount comes from.
                crate::check_text(
                    &format!("{field}.typical.source"),
                    &typical.source,
                    MAX_DESCRIPTION,
                    true,
                )
                .map_err(EditError::Invalid)?;
            }
        }
        for (i, barrier) in edit.barriers.iter().enumerate() {
            let field = format!("barriers[{i}]");
            if !is_slug(&barrier.id) || !ids.insert(("b", barrier.id.as_str())) {
                return Err(bad(format!("{field}.id"), ProblemKind::BadId));
            }
            crate::check_label(
                &format!("{field}.label"),
                &barrier.label,
                MAX_ITEM_LABEL,
                true,
            )
            .map_err(EditError::Invalid)?;
        }
        if self
            .schemes
            .iter()
            .any(|s| edit.schemes.iter().all(|e| e.id != s.id))
        {
            return Err(bad("schemes".into(), ProblemKind::Removed));
        }
        if self
            .barriers
            .iter()
            .any(|b| edit.barriers.iter().all(|e| e.id != b.id))
        {
            return Err(bad("barriers".into(), ProblemKind::Removed));
        }
        if !edit.barriers.iter().any(|b| b.id == OTHER_BARRIER) {
            return Err(bad("barriers".into(), ProblemKind::MustStay));
        }
        if !edit.schemes.iter().any(|s| s.active) || !edit.barriers.iter().any(|b| b.active) {
            return Err(bad("schemes".into(), ProblemKind::NoneActive));
        }
        if edit.schemes == self.schemes && edit.barriers == self.barriers {
            return Ok(None);
        }
        Ok(Some(Catalog {
            version: self.version + 1,
            schemes: edit.schemes,
            barriers: edit.barriers,
        }))
    }
}

/// Every version of a team's catalog, oldest first, so a record shows the
/// labels it was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CatalogHistory {
    versions: Vec<Catalog>,
}

impl Default for CatalogHistory {
    fn default() -> CatalogHistory {
        CatalogHistory {
            versions: vec![Catalog::default_catalog()],
        }
    }
}

impl CatalogHistory {
    /// Sorted by version; an empty list is the default catalog.
    pub fn new(mut versions: Vec<Catalog>) -> CatalogHistory {
        versions.sort_by_key(|c| c.version);
        versions.dedup_by_key(|c| c.version);
        if versions.is_empty() {
            return CatalogHistory::default();
        }
        CatalogHistory { versions }
    }

    /// The newest version: what new forms are built from.
    pub fn current(&self) -> &Catalog {
        self.versions.last().expect("never empty")
    }

    pub fn versions(&self) -> &[Catalog] {
        &self.versions
    }

    /// The version a record made with `version` was shown: the newest one
    /// not after it (the first one for anything older).
    fn at(&self, version: u32) -> impl Iterator<Item = &Catalog> {
        let upto = self.versions.partition_point(|c| c.version <= version);
        self.versions[..upto]
            .iter()
            .rev()
            .chain(self.versions[upto..].iter())
    }

    /// The label scheme `id` had in catalog `version`.
    pub fn scheme_label(&self, version: u32, id: &str) -> Option<&Label> {
        self.at(version)
            .find_map(|c| c.scheme(id))
            .map(|s| &s.label)
    }

    pub fn barrier_label(&self, version: u32, id: &str) -> Option<&Label> {
        self.at(version)
            .find_map(|c| c.barrier(id))
            .map(|b| &b.label)
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

    fn edit_of(catalog: &Catalog) -> CatalogEdit {
        CatalogEdit {
            base: catalog.version,
            schemes: catalog.schemes.clone(),
            barriers: catalog.barriers.clone(),
        }
    }

    #[test]
    fn an_edit_makes_a_new_version_and_old_records_keep_their_labels() {
        let v1 = Catalog::default_catalog();
        let mut edit = edit_of(&v1);
        edit.schemes[0].label.nl = "Huurtoeslag (Rijk)".into();
        edit.schemes[1].active = false;
        edit.barriers.push(Barrier {
            id: slug(
                "Geen bankrekening",
                v1.barriers.iter().map(|b| b.id.as_str()),
            ),
            label: Label::new("Geen bankrekening", "No bank account"),
            active: true,
        });
        let v2 = v1.apply_edit(edit).unwrap().unwrap();
        assert_eq!(v2.version, 2);
        assert!(v2.active_schemes().all(|s| s.id != "zorgtoeslag"));
        let history = CatalogHistory::new(vec![v2.clone(), v1.clone()]);
        assert_eq!(history.current().version, 2);
        assert_eq!(
            history.scheme_label(1, "huurtoeslag").unwrap().nl,
            "Huurtoeslag"
        );
        assert_eq!(
            history.scheme_label(2, "huurtoeslag").unwrap().nl,
            "Huurtoeslag (Rijk)"
        );
        // A barrier added later is found for an older record's id lookup too.
        assert_eq!(
            history.barrier_label(1, "geen_bankrekening").unwrap().en,
            "No bank account"
        );
        assert_eq!(
            history.scheme_label(7, "zorgtoeslag").unwrap().nl,
            "Zorgtoeslag"
        );
        assert!(history.scheme_label(1, "nonexistent").is_none());
    }

    #[test]
    fn edits_are_refused_when_stale_removing_or_malformed() {
        let v1 = Catalog::default_catalog();
        let unchanged = edit_of(&v1);
        assert_eq!(v1.apply_edit(unchanged.clone()), Ok(None));
        let mut stale = unchanged.clone();
        stale.base = 0;
        assert_eq!(v1.apply_edit(stale), Err(EditError::Stale { current: 1 }));
        let field = |edit: CatalogEdit| match v1.apply_edit(edit) {
            Err(EditError::Invalid(invalid)) => invalid.field,
            other => panic!("{other:?}"),
        };
        let mut removed = unchanged.clone();
        removed.schemes.remove(3);
        assert_eq!(field(removed), "schemes");
        let mut no_other = unchanged.clone();
        no_other.barriers.retain(|b| b.id != OTHER_BARRIER);
        assert_eq!(field(no_other), "barriers");
        let mut bad_id = unchanged.clone();
        bad_id.schemes[2].id = "Huur Toeslag".into();
        assert_eq!(field(bad_id), "schemes[2].id");
        let mut twice = unchanged.clone();
        twice.barriers[1].id = twice.barriers[0].id.clone();
        assert_eq!(field(twice), "barriers[1].id");
        let mut unnamed = unchanged.clone();
        unnamed.barriers[4].label.nl = " ".into();
        assert_eq!(field(unnamed), "barriers[4].label.nl");
        let mut long = unchanged;
        long.schemes[0].description.en = "x".repeat(MAX_DESCRIPTION + 1);
        assert_eq!(field(long), "schemes[0].description.en");
    }

    #[test]
    fn slugs_are_ascii_and_unique() {
        assert_eq!(slug("Bijzondere bijstand", []), "bijzondere_bijstand");
        assert_eq!(slug("Één & ander!", []), "een_ander");
        assert_eq!(slug("???", []), "item");
        assert_eq!(slug("Stadspas", ["stadspas", "stadspas_2"]), "stadspas_3");
    }

    #[test]
    fn an_empty_english_label_falls_back_to_dutch() {
        let label = Label::new("Stadspas", " ");
        assert_eq!(label.get(Lang::En), "Stadspas");
    }

    #[test]
    fn catalog_round_trips_through_json() {
        let catalog = Catalog::default_catalog();
        let json = serde_json::to_string(&catalog).unwrap();
        assert_eq!(serde_json::from_str::<Catalog>(&json).unwrap(), catalog);
    }

    #[test]
    fn the_form_offers_the_most_used_schemes_first() {
        let mut catalog = Catalog::default_catalog();
        let order: Vec<String> = catalog.schemes.iter().map(|s| s.id.clone()).collect();
        catalog.schemes[1].active = false;
        let used = [
            order[5].as_str(),
            order[3].as_str(),
            order[5].as_str(),
            order[1].as_str(),
            "gone",
        ];
        let offered: Vec<&str> = catalog
            .schemes_by_use(used)
            .into_iter()
            .map(|s| s.id.as_str())
            .collect();
        let mut expected = vec![order[5].as_str(), order[3].as_str()];
        expected.extend(
            order
                .iter()
                .enumerate()
                .filter(|(i, _)| ![1, 3, 5].contains(i))
                .map(|(_, id)| id.as_str()),
        );
        assert_eq!(
            offered, expected,
            "retired and unknown schemes are left out"
        );
    }
}
