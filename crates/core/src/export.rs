//! CSV for coordinators: contacts, scheme findings, the aggregated tables
//! and consultation responses, written row by row so a server can stream any number of them.
//!
//! UTF-8 with a byte order mark (Excel then shows é and ë), ISO 8601
//! times, quoting where a field needs it (the `csv` crate), and every
//! field that starts like a formula (`=`, `+`, `-`, `@`, `|`, after any
//! leading whitespace or control characters) prefixed with `'`, so a spreadsheet shows it instead of running
//! it (OWASP's advice against CSV injection).
//!
//! Exports leave the system, so they carry what counting needs and no
//! more: no notes and no contact details; a quote only because the
//! resident agreed to its anonymous use.

use std::borrow::Cow;
use std::io::Write;

use crate::consultation::{Answer, Consultation, QuestionKind, Response};
use crate::contact::Contact;
use crate::stats::{Summary, iso_datetime};

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

pub const CONTACT_HEADER: [&str; 10] = [
    "id",
    "created_at",
    "updated_at",
    "catalog_version",
    "site",
    "postcode4",
    "channel",
    "household",
    "life_event",
    "quote",
];

/// One row per contact.
pub fn contact_row(contact: &Contact) -> Vec<String> {
    let input = &contact.input;
    vec![
        contact.id.clone(),
        iso_datetime(contact.created_at),
        iso_datetime(contact.updated_at),
        contact.catalog_version.to_string(),
        input.site.as_str().to_string(),
        input.postcode4.clone().unwrap_or_default(),
        input.channel.code().to_string(),
        input
            .household
            .map(|h| h.code())
            .unwrap_or_default()
            .to_string(),
        input
            .life_event
            .map(|e| e.code())
            .unwrap_or_default()
            .to_string(),
        input
            .quote
            .as_ref()
            .map(|q| q.text.clone())
            .unwrap_or_default(),
    ]
}

/// The header of the findings table: one 0/1 column per barrier id.
pub fn finding_header(barriers: &[&str]) -> Vec<String> {
    [
        "contact",
        "created_at",
        "site",
        "channel",
        "scheme",
        "status",
    ]
    .into_iter()
    .map(String::from)
    .chain(barriers.iter().map(|b| format!("barrier_{b}")))
    .chain(["other_barrier".to_string()])
    .collect()
}

/// One row per contact and scheme discussed.
pub fn finding_rows(contact: &Contact, barriers: &[&str]) -> Vec<Vec<String>> {
    let input = &contact.input;
    input
        .findings
        .iter()
        .map(|finding| {
            let mut row = vec![
                contact.id.clone(),
                iso_datetime(contact.created_at),
                input.site.as_str().to_string(),
                input.channel.code().to_string(),
                finding.scheme.clone(),
                finding.status.code().to_string(),
            ];
            row.extend(barriers.iter().map(|b| {
                let named = finding.barriers.iter().any(|x| x == b);
                if named { "1" } else { "0" }.to_string()
            }));
            row.push(finding.other_barrier.clone().unwrap_or_default());
            row
        })
        .collect()
}

pub const SCHEME_TABLE_HEADER: [&str; 8] = [
    "scheme",
    "discussed",
    "uses",
    "not_used",
    "does_not_know",
    "applied_with_help",
    "referred",
    "non_use_permille",
];

/// The per-scheme table of a summary, one row per scheme.
pub fn scheme_table(summary: &Summary) -> Vec<Vec<String>> {
    summary
        .schemes
        .iter()
        .map(|(scheme, c)| {
            vec![
                scheme.clone(),
                c.discussed.to_string(),
                c.uses.to_string(),
                c.not_used.to_string(),
                c.does_not_know.to_string(),
                c.applied_with_help.to_string(),
                c.referred.to_string(),
                c.non_use_permille()
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

pub const BARRIER_TABLE_HEADER: [&str; 3] = ["scheme", "barrier", "contacts"];

/// The scheme × barrier table of a summary: one row per pair named.
pub fn barrier_table(summary: &Summary) -> Vec<Vec<String>> {
    summary
        .schemes
        .iter()
        .flat_map(|(scheme, c)| {
            c.barriers
                .iter()
                .map(move |(barrier, n)| vec![scheme.clone(), barrier.clone(), n.to_string()])
        })
        .collect()
}

/// The header of a consultation's responses: one column per question, and
/// for multiple choice one 0/1 column per option. Headers carry the
/// question id and the Dutch text, so the file reads on its own.
pub fn response_header(consultation: &Consultation) -> Vec<String> {
    let mut header: Vec<String> = ["response", "at", "lang"].map(String::from).to_vec();
    for question in &consultation.questions {
        match question.kind {
            QuestionKind::Multiple => {
                for option in &question.options {
                    header.push(format!("{}: {}", question.id, option.nl));
                }
            }
            _ => header.push(format!("{}: {}", question.id, question.text.nl)),
        }
    }
    header
}

/// One response as a row under [`response_header`]: a choice as its Dutch
/// option text, a scale as its number, an unanswered question empty.
pub fn response_row(consultation: &Consultation, response: &Response) -> Vec<String> {
    let mut row = vec![
        response.id.clone(),
        iso_datetime(response.at),
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
                    .map(|o| o.nl.clone())
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
