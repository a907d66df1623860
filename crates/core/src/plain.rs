//! Plain language for residents: the builder's B1 hint flags sentences of
//! more than [`MAX_SENTENCE_WORDS`] words and words of more than
//! [`MAX_SYLLABLES`] syllables (Dutch and English), and the kiosk shows a
//! pictogram beside the answers "yes", "no" and "don't know".

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Words a sentence may have before the hint flags it.
pub const MAX_SENTENCE_WORDS: usize = 15;
/// Syllables a word may have before the hint flags it.
pub const MAX_SYLLABLES: usize = 4;

/// Something to make plainer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlainHint {
    /// A sentence of `words` words.
    LongSentence { words: usize },
    /// A word of `syllables` syllables.
    LongWord { word: String, syllables: usize },
}

fn is_vowel(c: char, lang: Lang) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'á'
            | 'é'
            | 'í'
            | 'ó'
            | 'ú'
            | 'à'
            | 'è'
            | 'ë'
            | 'ï'
            | 'ö'
            | 'ü'
            | 'â'
            | 'ê'
            | 'ô'
    ) || (c == 'y' && lang == Lang::En)
}

/// Syllables of `word`, counted as groups of vowels (so Dutch "oe", "ie",
/// "eu" and English "ea" count once; a diaeresis starts a new one), with
/// English's silent final "e".
pub fn syllables(word: &str, lang: Lang) -> usize {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut groups = 0;
    let mut in_group = false;
    for &c in &lower {
        let vowel = is_vowel(c, lang) || (c == 'y' && lang == Lang::Nl && !in_group);
        // "ë" and "ï" begin a syllable of their own (ideeën, geïnd).
        if vowel && (!in_group || matches!(c, 'ë' | 'ï')) {
            groups += 1;
        }
        in_group = vowel;
    }
    if lang == Lang::En
        && groups > 1
        && lower.last() == Some(&'e')
        && !lower.ends_with(&['l', 'e'])
        && lower
            .len()
            .checked_sub(2)
            .and_then(|i| lower.get(i))
            .is_some_and(|c| !is_vowel(*c, lang))
    {
        groups -= 1;
    }
    groups.max(usize::from(lower.iter().any(|c| c.is_alphabetic())))
}

/// What the B1 hint flags in `text`, in order: each sentence that is too
/// long, then each word that is (once each).
pub fn hints(text: &str, lang: Lang) -> Vec<PlainHint> {
    let mut found = Vec::new();
    for sentence in text.split(['.', '!', '?', ';', '\n']) {
        let words = sentence
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if words > MAX_SENTENCE_WORDS {
            found.push(PlainHint::LongSentence { words });
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for word in text.split(|c: char| !c.is_alphabetic() && c != '-') {
        // A compound with hyphens reads as its parts.
        let longest = word
            .split('-')
            .map(|part| syllables(part, lang))
            .max()
            .unwrap_or(0);
        if longest > MAX_SYLLABLES && seen.insert(word.to_lowercase()) {
            found.push(PlainHint::LongWord {
                word: word.to_string(),
                syllables: longest,
            });
        }
    }
    found
}

/// A pictogram the kiosk shows beside an answer, with its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pictogram {
    Yes,
    No,
    DontKnow,
}

impl Pictogram {
    /// The pictogram of an answer option, read from its Dutch or English
    /// words ("Ja", "Nee", "Weet ik niet"; "Yes", "No", "Don't know").
    pub fn of_option(option: &crate::catalog::Label) -> Option<Pictogram> {
        let plain = |text: &str| {
            text.trim()
                .trim_end_matches(['.', '!'])
                .to_lowercase()
                .replace('’', "'")
        };
        [plain(&option.nl), plain(&option.en)]
            .iter()
            .find_map(|text| match text.as_str() {
                "ja" | "yes" => Some(Pictogram::Yes),
                "nee" | "no" => Some(Pictogram::No),
                "weet ik niet" | "weet niet" | "geen idee" | "don't know" | "i don't know"
                | "not sure" => Some(Pictogram::DontKnow),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Label;

    #[test]
    fn syllables_are_counted_as_a_reader_says_them() {
        for (word, n) in [
            ("huurtoeslag", 3),
            ("kwijtschelding", 3),
            ("participatieraad", 6),
            ("ideeën", 3),
            ("geïnd", 2),
            ("gemeente", 3),
            ("inkomensondersteuning", 7),
        ] {
            assert_eq!(syllables(word, Lang::Nl), n, "{word}");
        }
        for (word, n) in [
            ("benefit", 3),
            ("make", 1),
            ("people", 2),
            ("eligibility", 6),
            ("city", 2),
        ] {
            assert_eq!(syllables(word, Lang::En), n, "{word}");
        }
    }

    #[test]
    fn long_sentences_and_long_words_are_flagged() {
        let short = "Kent u de stadspas? Wij helpen u graag.";
        assert_eq!(hints(short, Lang::Nl), vec![]);
        let long = "Heeft u in de afgelopen twaalf maanden wel eens overwogen om een aanvraag voor bijzondere bijstand te doen";
        assert_eq!(
            hints(long, Lang::Nl),
            vec![PlainHint::LongSentence { words: 18 }]
        );
        assert_eq!(
            hints(
                "De participatieraad vraagt het. De Participatieraad ook.",
                Lang::Nl
            ),
            vec![PlainHint::LongWord {
                word: "participatieraad".into(),
                syllables: 6
            }],
            "a word is flagged once"
        );
        assert_eq!(
            hints("Is your eligibility clear?", Lang::En),
            vec![PlainHint::LongWord {
                word: "eligibility".into(),
                syllables: 6
            }]
        );
    }

    #[test]
    fn yes_no_and_dont_know_get_their_pictograms() {
        let of = |nl: &str, en: &str| Pictogram::of_option(&Label::new(nl, en));
        assert_eq!(of("Ja", ""), Some(Pictogram::Yes));
        assert_eq!(of(" nee. ", ""), Some(Pictogram::No));
        assert_eq!(of("Weet ik niet", "Don’t know"), Some(Pictogram::DontKnow));
        assert_eq!(of("Soms", "Yes"), Some(Pictogram::Yes));
        assert_eq!(of("Buurthuis", "Community centre"), None);
    }
}
