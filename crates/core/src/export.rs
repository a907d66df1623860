//! CSV for coordinators: contacts, scheme findings, the aggregated tables
//! and consultation responses, written row by row so a server can stream any number of them.
//!
//! UTF-8 with a byte order mark (Excel then shows é and ë), ISO 8601
//! times in Dutch time with their offset (`2026-11-24T14:05:00+01:00`,
//! as the app showed them), each code beside its name in the
//! coordinator's language (`food_bank`, `Voedselbank`), quoting where a field needs it (the `csv` crate), and every
//! field that starts like a formula (`=`, `+`, `-`, `@`, `|`, after any
//! leading whitespace or control characters) prefixed with `'`, so a spreadsheet shows it instead of running
//! it (OWASP's advice against CSV injection).
//!
//! Exports leave the system, so they carry what counting needs and no
//! more: no notes and no contact details; a quote only because the
//! resident agreed to its anonymous use.

use std::borrow::Cow;
use std::io::Write;

use std::sync::LazyLock;

use crate::Lang;
use crate::catalog::Catalog;
use crate::consultation::{Answer, Consultation, QuestionKind, Response};
use crate::contact::{ChipLabel, Contact};
use crate::stats::{Summary, iso_datetime};

/// The Netherlands' time zone, from the tz database compiled in (so a
/// server without `tzdata` writes the same times).
static DUTCH_TIME: LazyLock<Option<jiff::tz::TimeZone>> =
    LazyLock::new(|| jiff::tz::TimeZone::get("Europe/Amsterdam").ok());

/// `at` (ms since 1970, UTC) in Dutch time with its offset:
/// `2026-11-24T14:05:00+01:00` in winter, `…+02:00` in summer. Falls back
/// to UTC (`…Z`) only if the zone or the time cannot be had.
pub fn dutch_datetime(at: i64) -> String {
    let (Some(zone), Ok(time)) = (DUTCH_TIME.as_ref(), jiff::Timestamp::from_millisecond(at))
    else {
        return iso_datetime(at);
    };
    time.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// What names the codes in an export: the team's catalog and the
/// coordinator's language. An id the catalog does not know keeps its id.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    pub catalog: &'a Catalog,
    pub lang: Lang,
}

impl Names<'_> {
    pub fn scheme(&self, id: &str) -> String {
        self.catalog
            .scheme(id)
            .map_or(id, |s| s.label.get(self.lang))
            .to_string()
    }

    pub fn barrier(&self, id: &str) -> String {
        self.catalog
            .barrier(id)
            .map_or(id, |b| b.label.get(self.lang))
            .to_string()
    }

    fn chip<C: ChipLabel>(&self, chip: Option<C>) -> [String; 2] {
        match chip {
            Some(chip) => [chip.code().to_string(), chip.label(self.lang).to_string()],
            None => [String::new(), String::new()],
        }
    }
}

pub const BOM: &str = "\u{feff}";

/// `'` before anything a spreadsheet would read as a formula: a field
/// that starts with `=`, `+`, `-`, `@` or `|`, also when whitespace or
/// control characters (a newline, a tab, a space) come first, since
/// spreadsheets skip those before they look; and any field that starts
/// with a tab or carriage return.
pub fn neutralise(field: &str) -> Cow<'_, str> {
    let starts_like_formula = matches!(field.chars().next(), Some('\t' | '\r'))
        || matches!(
            field
                .trim_start_matches(|c: char| c.is_whitespace() || c.is_control())
                .chars()
                .next(),
            Some('=' | '+' | '-' | '@' | '|')
        );
    if starts_like_formula {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a file: the byte order mark when `bom`, fields separated by
    /// `separator` (`,`, or `;` as Dutch Excel expects).
    pub fn new(mut out: W, separator: u8, bom: bool) -> std::io::Result<CsvWriter<W>> {
        if bom {
            out.write_all(BOM.as_bytes())?;
        }
        let inner = csv::WriterBuilder::new()
            .delimiter(separator)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        Ok(CsvWriter { inner })
    }

    /// Writes one row, each field neutralised and quoted as needed.
    pub fn row<I, S>(&mut self, fields: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let fields: Vec<String> = fields
            .into_iter()
            .map(|f| neutralise(f.as_ref()).into_owned())
            .collect();
        self.inner
            .write_record(&fields)
            .map_err(std::io::Error::other)
    }

    /// Flushes and hands back the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|err| std::io::Error::other(err.to_string()))
    }
}

pub const CONTACT_HEADER: [&str; 15] = [
    "id",
    "created_at",
    "updated_at",
    "catalog_version",
    "site",
    "postcode4",
    "channel",
    "channel_label",
    "household",
    "household_label",
    "life_event",
    "life_event_label",
    "work",
    "work_label",
    "quote",
];

/// One row per contact.
pub fn contact_row(contact: &Contact, names: Names<'_>) -> Vec<String> {
    let input = &contact.input;
    let mut row = vec![
        contact.id.clone(),
        dutch_datetime(contact.created_at),
        dutch_datetime(contact.updated_at),
        contact.catalog_version.to_string(),
        input.site.as_str().to_string(),
        input.postcode4.clone().unwrap_or_default(),
    ];
    row.extend(names.chip(Some(input.channel)));
    row.extend(names.chip(input.household));
    row.extend(names.chip(input.life_event));
    row.extend(names.chip(input.work));
    row.push(
        input
            .quote
            .as_ref()
            .map(|q| q.text.clone())
            .unwrap_or_default(),
    );
    row
}

/// The header of the findings table: one 0/1 column per barrier id, and
/// the barriers named in words.
pub fn finding_header(barriers: &[&str]) -> Vec<String> {
    [
        "contact",
        "created_at",
        "site",
        "channel",
        "channel_label",
        "scheme",
        "scheme_label",
        "status",
        "status_label",
    ]
    .into_iter()
    .map(String::from)
    .chain(barriers.iter().map(|b| format!("barrier_{b}")))
    .chain(
        [
            "barrier_labels",
            "other_barrier",
            "follow_up_on",
            "decision",
            "decision_label",
            "amount_euros",
            "amount_per",
            "euros_per_year",
        ]
        .map(String::from),
    )
    .collect()
}

/// One row per contact and scheme discussed.
pub fn finding_rows(contact: &Contact, barriers: &[&str], names: Names<'_>) -> Vec<Vec<String>> {
    let input = &contact.input;
    input
        .findings
        .iter()
        .map(|finding| {
            let mut row = vec![
                contact.id.clone(),
                dutch_datetime(contact.created_at),
                input.site.as_str().to_string(),
            ];
            row.extend(names.chip(Some(input.channel)));
            row.push(finding.scheme.clone());
            row.push(names.scheme(&finding.scheme));
            row.extend(names.chip(Some(finding.status)));
            row.extend(barriers.iter().map(|b| {
                let named = finding.barriers.iter().any(|x| x == b);
                if named { "1" } else { "0" }.to_string()
            }));
            let named: Vec<String> = finding.barriers.iter().map(|b| names.barrier(b)).collect();
            row.push(named.join(", "));
            row.push(finding.other_barrier.clone().unwrap_or_default());
            let follow = input.outcome(&finding.scheme);
            let outcome = follow.and_then(|o| o.outcome.as_ref());
            let amount = outcome.and_then(|o| o.amount);
            row.push(
                follow
                    .and_then(|o| o.follow_up_on.clone())
                    .unwrap_or_default(),
            );
            row.extend(names.chip(outcome.map(|o| o.decision)));
            row.push(amount.map(|a| a.euros.to_string()).unwrap_or_default());
            row.push(amount.map(|a| a.per.code()).unwrap_or_default().to_string());
            row.push(amount.map(|a| a.yearly().to_string()).unwrap_or_default());
            row
        })
        .collect()
}

pub const SCHEME_TABLE_HEADER: [&str; 18] = [
    "scheme",
    "scheme_label",
    "discussed",
    "uses",
    "not_used",
    "does_not_know",
    "applied_with_help",
    "referred",
    "non_use_permille",
    "typical_euros_per_year",
    "estimate_unclaimed_euros_per_year",
    "typical_source",
    "granted",
    "refused",
    "withdrawn",
    "no_decision_yet",
    "unlocked_euros_per_year",
    "unlocked_from_grants_with_amount",
];

/// The per-scheme table of a summary, one row per scheme.
pub fn scheme_table(summary: &Summary, names: Names<'_>) -> Vec<Vec<String>> {
    summary
        .schemes
        .iter()
        .map(|(scheme, c)| {
            let mut row = vec![
                scheme.clone(),
                names.scheme(scheme),
                c.discussed.to_string(),
                c.uses.to_string(),
                c.not_used.to_string(),
                c.does_not_know.to_string(),
                c.applied_with_help.to_string(),
                c.referred.to_string(),
                c.non_use_permille()
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
            ];
            // The estimate ("schatting") as core makes it, with its source.
            let typical = names.catalog.typical(scheme);
            let line = crate::money::estimate([(scheme.as_str(), c.not_used)], |_| typical);
            match (typical, line.lines.first()) {
                (Some(t), found) => row.extend([
                    t.euros_per_year.to_string(),
                    found.map_or(0, |l| l.euros_per_year).to_string(),
                    t.source.clone(),
                ]),
                (None, _) => row.extend([String::new(), String::new(), String::new()]),
            }
            for decision in crate::money::Decision::ALL {
                row.push(
                    c.decisions
                        .get(decision.code())
                        .copied()
                        .unwrap_or(0)
                        .to_string(),
                );
            }
            row.push(c.unlocked.euros_per_year.to_string());
            row.push(c.unlocked.with_amount.to_string());
            row
        })
        .collect()
}

pub const BARRIER_TABLE_HEADER: [&str; 5] = [
    "scheme",
    "scheme_label",
    "barrier",
    "barrier_label",
    "contacts",
];

/// The scheme × barrier table of a summary: one row per pair named.
pub fn barrier_table(summary: &Summary, names: Names<'_>) -> Vec<Vec<String>> {
    summary
        .schemes
        .iter()
        .flat_map(|(scheme, c)| {
            c.barriers.iter().map(move |(barrier, n)| {
                vec![
                    scheme.clone(),
                    names.scheme(scheme),
                    barrier.clone(),
                    names.barrier(barrier),
                    n.to_string(),
                ]
            })
        })
        .collect()
}

/// The header of a consultation's responses: one column per question, and
/// for multiple choice one 0/1 column per option. Headers carry the
/// question id and its text in `lang`, so the file reads on its own.
pub fn response_header(consultation: &Consultation, lang: Lang) -> Vec<String> {
    let mut header: Vec<String> = ["response", "at", "lang"].map(String::from).to_vec();
    for question in &consultation.questions {
        match question.kind {
            QuestionKind::Multiple => {
                for option in &question.options {
                    header.push(format!("{}: {}", question.id, option.get(lang)));
                }
            }
            _ => header.push(format!("{}: {}", question.id, question.text.get(lang))),
        }
    }
    header
}

/// One response as a row under [`response_header`]: a choice as its
/// option text in `lang`, a scale as its number, an unanswered question
/// empty.
pub fn response_row(consultation: &Consultation, response: &Response, lang: Lang) -> Vec<String> {
    let mut row = vec![
        response.id.clone(),
        dutch_datetime(response.at),
        response.lang.code().to_string(),
    ];
    for question in &consultation.questions {
        let answer = response.answers.get(&question.id);
        match (question.kind, answer) {
            (QuestionKind::Multiple, answer) => {
                let chosen: &[u32] = match answer {
                    Some(Answer::Multiple(chosen)) => chosen,
                    _ => &[],
                };
                for i in 0..question.options.len() as u32 {
                    let mark = match answer {
                        None => "",
                        Some(_) if chosen.contains(&i) => "1",
                        Some(_) => "0",
                    };
                    row.push(mark.to_string());
                }
            }
            (_, None) => row.push(String::new()),
            (_, Some(Answer::Single(i))) => row.push(
                question
                    .options
                    .get(*i as usize)
                    .map(|o| o.get(lang).to_string())
                    .unwrap_or_default(),
            ),
            (_, Some(Answer::Scale(n))) => row.push(n.to_string()),
            (_, Some(Answer::Text(text))) => row.push(text.clone()),
            (_, Some(Answer::Multiple(_))) => row.push(String::new()),
        }
    }
    row
}

#[cfg(test)]
mod tests;
