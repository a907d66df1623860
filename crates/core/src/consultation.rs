//! Consultations (flash polls) for participation councils: a coordinator
//! writes the questions, devices take responses offline (often in kiosk
//! mode, the phone handed from resident to resident), and the results are
//! counted per question. The "you said, we did" report tells residents what
//! was done with their input; its public form holds aggregates only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Label;

pub const MAX_TITLE: usize = 120;
pub const MAX_INTRO: usize = 1_000;
pub const MAX_QUESTION: usize = 300;
pub const MAX_OPTION: usize = 100;
pub const MAX_OPTIONS: usize = 12;
pub const MAX_QUESTIONS: usize = 20;
pub const MAX_ANSWER: usize = 500;
pub const MAX_REPORT_TEXT: usize = 5_000;
pub const MAX_POINTS: usize = 30;
/// The points of a scale question: 1 to 5.
pub const SCALE: u8 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of the options.
    Single,
    /// Any number of the options.
    Multiple,
    /// 1 (not at all) to 5 (very much).
    Scale,
    /// A short text in the resident's words.
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] = [
        QuestionKind::Single,
        QuestionKind::Multiple,
        QuestionKind::Scale,
        QuestionKind::Text,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Scale => "scale",
            QuestionKind::Text => "text",
        }
    }

    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Question {
    /// Stable within the consultation: `q1`, `q2`…
    pub id: String,
    pub kind: QuestionKind,
    pub text: Label,
    /// For single and multiple choice; answers refer to them by index.
    #[serde(default)]
    pub options: Vec<Label>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Being written: devices don't see it.
    Draft,
    /// Devices receive it and may take responses between its dates.
    Published,
}

/// Where a consultation stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Upcoming,
    Open,
    Closed,
}

/// What a resident filled in, as it is sent: questions left open (empty
/// text, nothing chosen) are left out and texts are trimmed.
pub fn clean_answers(answers: BTreeMap<String, Answer>) -> BTreeMap<String, Answer> {
    answers
        .into_iter()
        .filter_map(|(id, answer)| match answer {
            Answer::Text(text) => {
                let text = text.trim();
                (!text.is_empty()).then(|| (id, Answer::Text(text.to_string())))
            }
            Answer::Multiple(chosen) if chosen.is_empty() => None,
            answer => Some((id, answer)),
        })
        .collect()
}

/// A consultation as its coordinator wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Consultation {
    /// Given by the server.
    pub id: String,
    pub title: Label,
    pub intro: Label,
    pub questions: Vec<Question>,
    /// ISO dates (`2026-11-24`), both inclusive, in Dutch local time.
    pub opens: String,
    pub closes: String,
    pub phase: Phase,
}

use crate::resident::ResidentLang;
use crate::small::{Shown, shown, shown_mean, shown_row};
use crate::{Invalid, ProblemKind, check_label, check_text, invalid};

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD`.
pub fn date_days(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = date[0..4].parse().ok()?;
    let month: u32 = date[5..7].parse().ok()?;
    let day: u32 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`, the inverse of
/// [`crate::stats::civil_from_days`].
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Consultation {
    /// A fresh draft: one question, open today for two weeks.
    pub fn draft(today: &str) -> Consultation {
        let closes = date_days(today)
            .map(|d| {
                let (y, m, d) = crate::stats::civil_from_days(d + 14);
                format!("{y:04}-{m:02}-{d:02}")
            })
            .unwrap_or_else(|| today.to_string());
        Consultation {
            id: String::new(),
            title: Label::new("", ""),
            intro: Label::new("", ""),
            questions: vec![Question {
                id: "q1".into(),
                kind: QuestionKind::Single,
                text: Label::new("", ""),
                options: vec![Label::new("", ""), Label::new("", "")],
            }],
            opens: today.to_string(),
            closes,
            phase: Phase::Draft,
        }
    }

    /// Every rule a consultation must meet before it is stored.
    pub fn validate(&self) -> Result<(), Invalid> {
        check_label("title", &self.title, MAX_TITLE, true)?;
        check_label("intro", &self.intro, MAX_INTRO, false)?;
        let opens =
            date_days(&self.opens).ok_or_else(|| invalid("opens", ProblemKind::NotADate))?;
        let closes =
            date_days(&self.closes).ok_or_else(|| invalid("closes", ProblemKind::NotADate))?;
        if closes < opens {
            return Err(invalid("closes", ProblemKind::ClosesBeforeOpening));
        }
        if self.questions.is_empty() || self.questions.len() > MAX_QUESTIONS {
            return Err(invalid(
                "questions",
                ProblemKind::Count {
                    min: 1,
                    max: MAX_QUESTIONS as u32,
                },
            ));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, question) in self.questions.iter().enumerate() {
            let field = format!("questions[{i}]");
            let id_ok = !question.id.is_empty()
                && question.id.len() <= 16
                && question.id.bytes().all(|b| b.is_ascii_alphanumeric());
            if !id_ok || !ids.insert(question.id.as_str()) {
                return Err(invalid(format!("{field}.id"), ProblemKind::BadId));
            }
            check_label(&format!("{field}.text"), &question.text, MAX_QUESTION, true)?;
            if question.kind.has_options() {
                if !(2..=MAX_OPTIONS).contains(&question.options.len()) {
                    return Err(invalid(
                        format!("{field}.options"),
                        ProblemKind::Count {
                            min: 2,
                            max: MAX_OPTIONS as u32,
                        },
                    ));
                }
                for (j, option) in question.options.iter().enumerate() {
                    check_label(&format!("{field}.options[{j}]"), option, MAX_OPTION, true)?;
                }
            } else if !question.options.is_empty() {
                return Err(invalid(
                    format!("{field}.options"),
                    ProblemKind::MustBeEmpty,
                ));
            }
        }
        Ok(())
    }

    /// Whether an edit keeps every response already given meaningful: once
    /// published, the questions (ids, kinds, number of options) stay; texts
    /// and dates may be corrected.
    pub fn keeps_answers_of(&self, published: &Consultation) -> bool {
        self.questions.len() == published.questions.len()
            && self
                .questions
                .iter()
                .zip(&published.questions)
                .all(|(a, b)| {
                    a.id == b.id && a.kind == b.kind && a.options.len() == b.options.len()
                })
    }

    /// Whether responses may be taken on `today` (an ISO date).
    pub fn open_on(&self, today: &str) -> bool {
        self.status_on(today) == Status::Open
    }

    /// Where the consultation stands on `today` (YYYY-MM-DD), compared as
    /// dates: a date that does not parse counts as not yet open.
    pub fn status_on(&self, today: &str) -> Status {
        if self.phase == Phase::Draft {
            return Status::Draft;
        }
        let (Some(today), Some(opens), Some(closes)) = (
            date_days(today),
            date_days(&self.opens),
            date_days(&self.closes),
        ) else {
            return Status::Upcoming;
        };
        if today < opens {
            Status::Upcoming
        } else if today > closes {
            Status::Closed
        } else {
            Status::Open
        }
    }

    /// An id for a question added now: `q` and a number no question of
    /// this consultation has had.
    pub fn next_question_id(&self) -> String {
        let highest = self
            .questions
            .iter()
            .filter_map(|q| q.id.strip_prefix('q').and_then(|n| n.parse::<u32>().ok()))
            .max()
            .unwrap_or(0);
        format!("q{}", highest.saturating_add(1))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Whether every text a resident reads is written in `lang`: the
    /// title, the introduction (when there is one), and every question
    /// with its options.
    pub fn complete_in(&self, lang: ResidentLang) -> bool {
        self.title.in_lang(lang).is_some()
            && (self.intro.nl.trim().is_empty() || self.intro.in_lang(lang).is_some())
            && self.questions.iter().all(|q| q.complete_in(lang))
    }

    /// The languages residents are offered: Dutch always (every text has
    /// it), the others once complete; in the order of
    /// [`ResidentLang::ALL`].
    pub fn languages(&self) -> Vec<ResidentLang> {
        ResidentLang::ALL
            .into_iter()
            .filter(|lang| *lang == ResidentLang::Nl || self.complete_in(*lang))
            .collect()
    }

    /// The language the kiosk starts in for each resident: the
    /// volunteer's, when the consultation is written in it, else Dutch.
    pub fn first_language(&self, app: crate::Lang) -> ResidentLang {
        let lang = ResidentLang::of_app(app);
        if self.languages().contains(&lang) {
            lang
        } else {
            ResidentLang::Nl
        }
    }

    /// Whether a response in `lang` is taken: the offered languages, and
    /// English always (the volunteer's app showed Dutch texts where English
    /// ones were missing, and phones that did so still send them).
    pub fn takes(&self, lang: ResidentLang) -> bool {
        lang == ResidentLang::En || self.languages().contains(&lang)
    }
}

impl Question {
    /// Whether the question and all its options are written in `lang`.
    pub fn complete_in(&self, lang: ResidentLang) -> bool {
        self.text.in_lang(lang).is_some() && self.options.iter().all(|o| o.in_lang(lang).is_some())
    }
}

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The index of the option chosen.
    Single(u32),
    /// The indices chosen, ascending.
    Multiple(Vec<u32>),
    /// 1 to 5.
    Scale(u8),
    Text(String),
}

/// One resident's response, made on a device (offline) and sent later. The
/// id (a UUIDv7 made on the device) makes a resend harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Response {
    pub id: String,
    pub consultation: String,
    /// When it was given, milliseconds since the epoch.
    pub at: i64,
    /// The language the resident answered in.
    pub lang: ResidentLang,
    /// Per question id; questions left open are absent.
    pub answers: BTreeMap<String, Answer>,
}

/// How far a phone's clock may run ahead of the server's.
pub const CLOCK_SKEW_MS: i64 = 10 * 60 * 1000;
const DAY_MS: i64 = 86_400_000;

impl Response {
    /// The response was given while its consultation was open, after the
    /// device joined (`joined_at`) and not after `now`, each with
    /// [`CLOCK_SKEW_MS`] of room. Sent later is fine: a kiosk may be offline
    /// for days. Dates are whole days; the Dutch day starts up to two hours
    /// before the UTC one, which the window allows for.
    pub fn check_time(
        &self,
        consultation: &Consultation,
        joined_at: i64,
        now: i64,
    ) -> Result<(), Invalid> {
        if self.at > now.saturating_add(CLOCK_SKEW_MS) {
            return Err(invalid("at", ProblemKind::InTheFuture));
        }
        if self.at < joined_at.saturating_sub(CLOCK_SKEW_MS) {
            return Err(invalid("at", ProblemKind::BeforeJoining));
        }
        let (Some(opens), Some(closes)) = (
            date_days(&consultation.opens),
            date_days(&consultation.closes),
        ) else {
            return Err(invalid("at", ProblemKind::OutsideDates));
        };
        let first = opens.saturating_mul(DAY_MS).saturating_sub(2 * 3_600_000);
        let last = closes.saturating_add(1).saturating_mul(DAY_MS);
        if self.at < first || self.at >= last {
            return Err(invalid("at", ProblemKind::OutsideDates));
        }
        Ok(())
    }

    /// The response fits the consultation's questions. An empty response
    /// is refused: nothing was said.
    pub fn validate(&self, consultation: &Consultation) -> Result<(), Invalid> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !id_ok {
            return Err(invalid("id", ProblemKind::BadId));
        }
        if self.consultation != consultation.id {
            return Err(invalid("consultation", ProblemKind::Mismatch));
        }
        if self.answers.is_empty() {
            return Err(invalid("answers", ProblemKind::Required));
        }
        // A language the consultation is not written in was never offered.
        if !consultation.takes(self.lang) {
            return Err(invalid("lang", ProblemKind::Unknown));
        }
        for (id, answer) in &self.answers {
            let field = format!("answers.{id}");
            let Some(question) = consultation.question(id) else {
                return Err(invalid(field, ProblemKind::Unknown));
            };
            let options = question.options.len() as u32;
            let ok = match (question.kind, answer) {
                (QuestionKind::Single, Answer::Single(i)) => *i < options,
                (QuestionKind::Multiple, Answer::Multiple(chosen)) => {
                    !chosen.is_empty()
                        && chosen.windows(2).all(|w| w[0] < w[1])
                        && chosen.iter().all(|i| *i < options)
                }
                (QuestionKind::Scale, Answer::Scale(n)) => (1..=SCALE).contains(n),
                (QuestionKind::Text, Answer::Text(text)) => {
                    check_text(&field, text, MAX_ANSWER, true)?;
                    true
                }
                _ => false,
            };
            if !ok {
                return Err(invalid(field, ProblemKind::Mismatch));
            }
        }
        Ok(())
    }
}

/// The counts of one question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QuestionResult {
    pub question: String,
    /// Respondents who answered it.
    pub answered: u32,
    /// Per option (choice questions) or per point 1–5 (scale): how many
    /// chose it.
    pub counts: Vec<u32>,
    /// Scale questions: the mean, in hundredths (integer, so every machine
    /// shows the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_centi: Option<u32>,
    /// Text questions: the answers, oldest first. Never in a public report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Results {
    pub respondents: u32,
    /// Respondents per language they answered in (every language the
    /// consultation was answered in; answers count per question and option
    /// whatever the language).
    #[serde(default)]
    pub languages: std::collections::BTreeMap<ResidentLang, u32>,
    /// The first and last response, milliseconds since the epoch.
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    pub questions: Vec<QuestionResult>,
}

impl Results {
    /// The counts as anyone outside the team may see them: no resident's
    /// own words, and no count between 1 and 4 ([`crate::small`]).
    pub fn public(self) -> PublicResults {
        let (langs, counts): (Vec<ResidentLang>, Vec<u32>) = self.languages.into_iter().unzip();
        PublicResults {
            respondents: shown(self.respondents),
            languages: langs
                .into_iter()
                .zip(shown_row(&counts, self.respondents))
                .collect(),
            first_at: self.first_at,
            last_at: self.last_at,
            questions: self
                .questions
                .into_iter()
                .map(|q| PublicQuestion {
                    counts: shown_row(&q.counts, q.answered),
                    mean_centi: shown_mean(q.mean_centi, q.answered),
                    answered: shown(q.answered),
                    question: q.question,
                })
                .collect(),
        }
    }
}

/// A consultation's results as a report shows them to anyone: counts of
/// 1 to 4 hidden, and a neighbour hidden where the total would give one
/// away; no text answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublicResults {
    pub respondents: Shown,
    /// Respondents per language, counts of 1 to 4 hidden.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<ResidentLang, Shown>,
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    pub questions: Vec<PublicQuestion>,
}

/// One question of [`PublicResults`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublicQuestion {
    pub question: String,
    pub answered: Shown,
    /// Per option or per point 1–5, as [`QuestionResult::counts`].
    pub counts: Vec<Shown>,
    /// Scale questions answered by at least 5: the mean, in hundredths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_centi: Option<u32>,
}

/// Counts `responses` per question of `consultation`, in question order.
/// Answers that don't fit (an option index out of range) are not counted.
pub fn tally<'a>(
    consultation: &Consultation,
    responses: impl IntoIterator<Item = &'a Response>,
) -> Results {
    let mut tally = Tally::new(consultation);
    for response in responses {
        tally.add(response);
    }
    tally.finish()
}

/// [`tally`] one response at a time, for responses that arrive as a stream.
pub struct Tally<'c> {
    consultation: &'c Consultation,
    results: Results,
    sums: Vec<u64>,
}

impl<'c> Tally<'c> {
    pub fn new(consultation: &'c Consultation) -> Tally<'c> {
        let questions = consultation
            .questions
            .iter()
            .map(|q| QuestionResult {
                question: q.id.clone(),
                counts: match q.kind {
                    QuestionKind::Single | QuestionKind::Multiple => vec![0; q.options.len()],
                    QuestionKind::Scale => vec![0; usize::from(SCALE)],
                    QuestionKind::Text => Vec::new(),
                },
                ..QuestionResult::default()
            })
            .collect();
        Tally {
            consultation,
            results: Results {
                questions,
                ..Results::default()
            },
            sums: vec![0; consultation.questions.len()],
        }
    }

    pub fn add(&mut self, response: &Response) {
        let results = &mut self.results;
        results.respondents += 1;
        *results.languages.entry(response.lang).or_default() += 1;
        results.first_at = Some(results.first_at.map_or(response.at, |a| a.min(response.at)));
        results.last_at = Some(results.last_at.map_or(response.at, |a| a.max(response.at)));
        for ((question, result), sum) in self
            .consultation
            .questions
            .iter()
            .zip(&mut results.questions)
            .zip(&mut self.sums)
        {
            let Some(answer) = response.answers.get(&question.id) else {
                continue;
            };
            let mut count = |i: usize| match result.counts.get_mut(i) {
                Some(slot) => {
                    *slot += 1;
                    true
                }
                None => false,
            };
            let counted = match (question.kind, answer) {
                (QuestionKind::Single, Answer::Single(i)) => count(*i as usize),
                (QuestionKind::Multiple, Answer::Multiple(chosen)) => {
                    chosen.iter().fold(false, |any, i| count(*i as usize) | any)
                }
                (QuestionKind::Scale, Answer::Scale(n)) if (1..=SCALE).contains(n) => {
                    *sum += u64::from(*n);
                    count(usize::from(*n) - 1)
                }
                (QuestionKind::Text, Answer::Text(text)) => {
                    result.texts.push(text.clone());
                    true
                }
                _ => false,
            };
            if counted {
                result.answered += 1;
            }
        }
    }

    pub fn finish(mut self) -> Results {
        for ((question, result), sum) in self
            .consultation
            .questions
            .iter()
            .zip(&mut self.results.questions)
            .zip(&self.sums)
        {
            if question.kind == QuestionKind::Scale && result.answered > 0 {
                // Rounded to the nearest hundredth, halves up: 11/3 is 3.67.
                let answered = u64::from(result.answered);
                result.mean_centi = Some(((sum * 100 + answered / 2) / answered) as u32);
            }
        }
        self.results
    }
}

/// What became of one point of the council's advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointStatus {
    Adopted,
    NotAdopted,
    Pending,
}

impl PointStatus {
    pub const ALL: [PointStatus; 3] = [
        PointStatus::Adopted,
        PointStatus::NotAdopted,
        PointStatus::Pending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PointStatus::Adopted => "adopted",
            PointStatus::NotAdopted => "not_adopted",
            PointStatus::Pending => "pending",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Point {
    pub text: String,
    pub status: PointStatus,
    /// Why not, or what is still awaited.
    #[serde(default)]
    pub reason: String,
}

/// "You said, we did": what the council and the municipality did with the
/// residents' input. Written in one language, the council's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Report {
    /// Where and how the input was gathered.
    pub gathered: String,
    /// How representative the respondents are, in plain words.
    pub caveat: String,
    pub advice: String,
    /// The municipality's answer to the advice.
    pub response: String,
    pub points: Vec<Point>,
}

impl Report {
    pub fn validate(&self) -> Result<(), Invalid> {
        for (field, text) in [
            ("gathered", &self.gathered),
            ("caveat", &self.caveat),
            ("advice", &self.advice),
            ("response", &self.response),
        ] {
            check_text(field, text, MAX_REPORT_TEXT, false)?;
        }
        if self.points.len() > MAX_POINTS {
            return Err(invalid(
                "points",
                ProblemKind::Count {
                    min: 0,
                    max: MAX_POINTS as u32,
                },
            ));
        }
        for (i, point) in self.points.iter().enumerate() {
            check_text(
                &format!("points[{i}].text"),
                &point.text,
                MAX_QUESTION,
                true,
            )?;
            check_text(
                &format!("points[{i}].reason"),
                &point.reason,
                MAX_QUESTION,
                false,
            )?;
        }
        Ok(())
    }
}

/// A consultation as a coordinator sees it in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ConsultationInfo {
    pub consultation: Consultation,
    pub responses: u32,
    pub report: Report,
    /// The read-only report link's code, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
}

/// `GET /api/v1/public/reports/{code}`: what anyone with the link sees. No
/// individual response, no text answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublicReport {
    pub team: String,
    pub consultation: Consultation,
    pub results: PublicResults,
    pub report: Report,
}

#[cfg(test)]
mod tests;
