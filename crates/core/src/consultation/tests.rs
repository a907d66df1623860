use proptest::prelude::*;

use super::*;
use crate::small::Shown;

fn label(text: &str) -> Label {
    Label::new(text, "")
}

fn poll() -> Consultation {
    Consultation {
        id: "c1".into(),
        title: Label::new("Stadspas", "City pass"),
        intro: Label::new("", ""),
        questions: vec![
            Question {
                id: "q1".into(),
                kind: QuestionKind::Single,
                text: label("Kent u de stadspas?"),
                options: vec![label("Ja"), label("Nee")],
            },
            Question {
                id: "q2".into(),
                kind: QuestionKind::Multiple,
                text: label("Waar hoorde u ervan?"),
                options: vec![label("Buurthuis"), label("Voedselbank"), label("Krant")],
            },
            Question {
                id: "q3".into(),
                kind: QuestionKind::Scale,
                text: label("Hoe makkelijk is aanvragen?"),
                options: vec![],
            },
            Question {
                id: "q4".into(),
                kind: QuestionKind::Text,
                text: label("Wat moet beter?"),
                options: vec![],
            },
        ],
        opens: "2026-11-01".into(),
        closes: "2026-11-30".into(),
        phase: Phase::Published,
    }
}

fn response(id: &str, at: i64, answers: Vec<(&str, Answer)>) -> Response {
    Response {
        id: id.into(),
        consultation: "c1".into(),
        at,
        lang: crate::resident::ResidentLang::Nl,
        answers: answers
            .into_iter()
            .map(|(q, a)| (q.to_string(), a))
            .collect(),
    }
}

#[test]
fn a_well_formed_consultation_passes_and_faults_are_named() {
    assert_eq!(poll().validate(), Ok(()));
    let mut bad = poll();
    bad.title.nl = "  ".into();
    assert_eq!(bad.validate().unwrap_err().field, "title.nl");
    let mut bad = poll();
    bad.closes = "2026-10-31".into();
    assert_eq!(bad.validate().unwrap_err().field, "closes");
    let mut bad = poll();
    bad.opens = "2026-02-30".into();
    assert_eq!(bad.validate().unwrap_err().field, "opens");
    let mut bad = poll();
    bad.questions[0].options.pop();
    assert_eq!(bad.validate().unwrap_err().field, "questions[0].options");
    let mut bad = poll();
    bad.questions[2].options.push(label("x"));
    assert_eq!(bad.validate().unwrap_err().field, "questions[2].options");
    let mut bad = poll();
    bad.questions[1].id = "q1".into();
    assert_eq!(bad.validate().unwrap_err().field, "questions[1].id");
    let mut bad = poll();
    bad.questions.clear();
    assert_eq!(bad.validate().unwrap_err().field, "questions");
}

#[test]
fn a_draft_is_open_for_two_weeks_and_needs_writing() {
    let draft = Consultation::draft("2026-12-24");
    assert_eq!(draft.closes, "2027-01-07");
    assert_eq!(draft.phase, Phase::Draft);
    assert_eq!(draft.validate().unwrap_err().field, "title.nl");
}

#[test]
fn dates_are_checked_and_counted_like_the_calendar() {
    assert_eq!(date_days("1970-01-01"), Some(0));
    assert_eq!(date_days("2024-02-29"), Some(19_782));
    assert_eq!(date_days("2023-02-29"), None);
    assert_eq!(date_days("2026-13-01"), None);
    assert_eq!(date_days("26-11-01"), None);
    for days in [-1000, 0, 19_782, 20_000, 30_000] {
        let (y, m, d) = crate::stats::civil_from_days(days);
        assert_eq!(date_days(&format!("{y:04}-{m:02}-{d:02}")), Some(days));
    }
}

#[test]
fn only_published_consultations_are_open_and_only_between_their_dates() {
    let mut poll = poll();
    assert!(poll.open_on("2026-11-01") && poll.open_on("2026-11-30"));
    assert!(!poll.open_on("2026-10-31") && !poll.open_on("2026-12-01"));
    poll.phase = Phase::Draft;
    assert!(!poll.open_on("2026-11-15"));
}

#[test]
fn a_published_consultation_keeps_its_questions_but_texts_may_change() {
    let published = poll();
    let mut edit = poll();
    edit.questions[0].text.nl = "Kent u de Rotterdampas?".into();
    edit.closes = "2026-12-15".into();
    assert!(edit.keeps_answers_of(&published));
    edit.questions[1].options.pop();
    assert!(!edit.keeps_answers_of(&published));
    let mut edit = poll();
    edit.questions[2].kind = QuestionKind::Text;
    assert!(!edit.keeps_answers_of(&published));
}

#[test]
fn responses_must_fit_their_questions() {
    let poll = poll();
    let good = response(
        "0190-a",
        1,
        vec![
            ("q1", Answer::Single(1)),
            ("q2", Answer::Multiple(vec![0, 2])),
            ("q3", Answer::Scale(5)),
            ("q4", Answer::Text("Minder formulieren".into())),
        ],
    );
    assert_eq!(good.validate(&poll), Ok(()));
    for (question, answer) in [
        ("q1", Answer::Single(2)),
        ("q1", Answer::Scale(1)),
        ("q2", Answer::Multiple(vec![])),
        ("q2", Answer::Multiple(vec![2, 0])),
        ("q2", Answer::Multiple(vec![1, 1])),
        ("q3", Answer::Scale(0)),
        ("q3", Answer::Scale(6)),
        ("q4", Answer::Text(" ".into())),
        ("q4", Answer::Text("x".repeat(MAX_ANSWER + 1))),
        ("q9", Answer::Single(0)),
    ] {
        let bad = response("0190-b", 1, vec![(question, answer.clone())]);
        let err = bad.validate(&poll).unwrap_err();
        assert_eq!(err.field, format!("answers.{question}"), "{answer:?}");
    }
    assert_eq!(
        response("0190-c", 1, vec![])
            .validate(&poll)
            .unwrap_err()
            .field,
        "answers"
    );
    let mut elsewhere = good.clone();
    elsewhere.consultation = "c2".into();
    assert_eq!(elsewhere.validate(&poll).unwrap_err().field, "consultation");
    let mut bad_id = good;
    bad_id.id = "<script>".into();
    assert_eq!(bad_id.validate(&poll).unwrap_err().field, "id");
}

#[test]
fn results_count_per_question_and_the_public_form_drops_texts() {
    let poll = poll();
    let responses = [
        response(
            "a",
            300,
            vec![
                ("q1", Answer::Single(0)),
                ("q2", Answer::Multiple(vec![0, 1])),
                ("q3", Answer::Scale(4)),
                ("q4", Answer::Text("Hulp bij DigiD".into())),
            ],
        ),
        response(
            "b",
            100,
            vec![("q1", Answer::Single(1)), ("q3", Answer::Scale(1))],
        ),
        response("c", 200, vec![("q1", Answer::Single(0))]),
    ];
    let results = tally(&poll, &responses);
    assert_eq!(results.respondents, 3);
    assert_eq!((results.first_at, results.last_at), (Some(100), Some(300)));
    let q = &results.questions;
    assert_eq!((q[0].answered, q[0].counts.clone()), (3, vec![2, 1]));
    assert_eq!((q[1].answered, q[1].counts.clone()), (1, vec![1, 1, 0]));
    assert_eq!(q[2].counts, vec![1, 0, 0, 1, 0]);
    assert_eq!(q[2].mean_centi, Some(250));
    assert_eq!(
        (q[3].answered, q[3].texts.clone()),
        (1, vec!["Hulp bij DigiD".to_string()])
    );
    // Public: no texts (the type has no room for them), and three
    // respondents are "fewer than 5" everywhere, the mean too.
    let public = results.public();
    assert_eq!(public.respondents, Shown::Hidden);
    assert_eq!(public.questions[0].counts, [Shown::Hidden; 2]);
    assert_eq!(
        public.questions[1].counts,
        [Shown::Hidden, Shown::Hidden, Shown::Count(0)]
    );
    assert_eq!(public.questions[3].answered, Shown::Hidden);
    assert_eq!(public.questions[2].mean_centi, None);
}

#[test]
fn a_report_is_checked_for_length_and_empty_points() {
    let mut report = Report {
        advice: "Maak de stadspas automatisch".into(),
        points: vec![Point {
            text: "Automatisch toekennen".into(),
            status: PointStatus::Pending,
            reason: String::new(),
        }],
        ..Report::default()
    };
    assert_eq!(report.validate(), Ok(()));
    report.points[0].text.clear();
    assert_eq!(report.validate().unwrap_err().field, "points[0].text");
    report.points.clear();
    report.caveat = "x".repeat(MAX_REPORT_TEXT + 1);
    assert_eq!(report.validate().unwrap_err().field, "caveat");
}

fn arb_answer() -> impl Strategy<Value = (String, Answer)> {
    prop_oneof![
        (0u32..3).prop_map(|i| ("q1".to_string(), Answer::Single(i))),
        proptest::collection::btree_set(0u32..4, 0..4)
            .prop_map(|s| ("q2".to_string(), Answer::Multiple(s.into_iter().collect()))),
        (0u8..7).prop_map(|n| ("q3".to_string(), Answer::Scale(n))),
        "[a-z ]{0,8}".prop_map(|t| ("q4".to_string(), Answer::Text(t))),
    ]
}

proptest! {
    /// Whatever arrives, the counts stay within the respondents, and valid
    /// responses are counted exactly once per question answered.
    #[test]
    fn counts_add_up(answers in proptest::collection::vec(proptest::collection::vec(arb_answer(), 0..5), 0..30)) {
        let poll = poll();
        let responses: Vec<Response> = answers
            .into_iter()
            .enumerate()
            .map(|(i, answers)| Response {
                id: format!("r{i}"),
                consultation: "c1".into(),
                at: i as i64,
                lang: crate::resident::ResidentLang::Nl,
                answers: answers.into_iter().collect(),
            })
            .collect();
        let results = tally(&poll, &responses);
        prop_assert_eq!(results.respondents as usize, responses.len());
        for (question, result) in poll.questions.iter().zip(&results.questions) {
            prop_assert!(result.answered <= results.respondents);
            let valid = responses
                .iter()
                .filter(|r| {
                    let one = Response {
                        answers: r.answers.get(&question.id).map(|a| (question.id.clone(), a.clone())).into_iter().collect(),
                        ..(*r).clone()
                    };
                    one.validate(&poll).is_ok()
                })
                .count() as u32;
            if question.kind == QuestionKind::Single || question.kind == QuestionKind::Scale {
                prop_assert_eq!(result.counts.iter().sum::<u32>(), result.answered);
                prop_assert_eq!(result.answered, valid);
            }
        }
    }
}

/// Defect 5 of the outside attack: a consultation closed long ago took
/// responses, and `at` of -1 and 9e15 passed.
#[test]
fn a_response_must_be_given_while_open_after_joining_and_not_in_the_future() {
    let poll = poll();
    let day = 86_400_000;
    let opens = date_days("2026-11-01").unwrap() * day;
    let closes_end = (date_days("2026-11-30").unwrap() + 1) * day;
    let joined = opens - 30 * day;
    let now = closes_end + 10 * day;
    let at = |at: i64| response("r", at, vec![("q1", Answer::Single(0))]);
    let field =
        |result: Result<(), crate::Invalid>| result.err().map(|e| (e.field, e.problem.describe()));
    // Answered while open, sent ten days after closing: fine.
    assert_eq!(field(at(opens + day).check_time(&poll, joined, now)), None);
    assert_eq!(
        field(at(closes_end - 1).check_time(&poll, joined, now)),
        None
    );
    // Midnight in Amsterdam on the opening day is still the day before in UTC.
    assert_eq!(
        field(at(opens - 3_600_000).check_time(&poll, joined, now)),
        None
    );
    for (time, reason) in [
        (-1, "before this device joined its team"),
        (9_000_000_000_000_000, "in the future"),
        (now + CLOCK_SKEW_MS + 1, "in the future"),
        (
            joined - CLOCK_SKEW_MS - 1,
            "before this device joined its team",
        ),
        (opens - day, "outside the consultation's dates"),
        (closes_end, "outside the consultation's dates"),
    ] {
        assert_eq!(
            field(at(time).check_time(&poll, joined, now)),
            Some(("at".to_string(), reason.to_string())),
            "{time}"
        );
    }
}

#[test]
fn the_status_on_a_day_compares_dates_not_text() {
    let mut poll = poll();
    assert_eq!(poll.status_on("2026-10-31"), Status::Upcoming);
    assert_eq!(poll.status_on("2026-11-01"), Status::Open);
    assert_eq!(poll.status_on("2026-11-30"), Status::Open);
    assert_eq!(poll.status_on("2026-12-01"), Status::Closed);
    assert_eq!(poll.status_on("not a date"), Status::Upcoming);
    assert!(poll.open_on("2026-11-15"));
    poll.phase = Phase::Draft;
    assert_eq!(poll.status_on("2026-11-15"), Status::Draft);
    assert!(!poll.open_on("2026-11-15"));
}

#[test]
fn a_new_question_gets_an_id_no_question_had() {
    let mut poll = poll();
    assert_eq!(poll.next_question_id(), "q5");
    poll.questions.remove(3);
    assert_eq!(poll.next_question_id(), "q4");
    poll.questions[0].id = "q41".into();
    assert_eq!(poll.next_question_id(), "q42");
}

#[test]
fn kiosk_answers_leave_out_what_was_left_open_and_are_trimmed() {
    let given: BTreeMap<String, Answer> = [
        ("q1".to_string(), Answer::Single(0)),
        ("q2".to_string(), Answer::Multiple(vec![])),
        ("q3".to_string(), Answer::Scale(4)),
        ("q4".to_string(), Answer::Text("  beter  ".into())),
        ("q5".to_string(), Answer::Text("   ".into())),
    ]
    .into();
    let clean = clean_answers(given);
    assert_eq!(
        clean,
        [
            ("q1".to_string(), Answer::Single(0)),
            ("q3".to_string(), Answer::Scale(4)),
            ("q4".to_string(), Answer::Text("beter".into())),
        ]
        .into()
    );
}

/// Issue 16: the report showed 3,66 for 11/3.
#[test]
fn the_mean_is_rounded_not_cut_off() {
    let poll = poll();
    let mut tally = Tally::new(&poll);
    for (i, n) in [4u8, 2, 5].into_iter().enumerate() {
        tally.add(&response(
            &format!("r{i}"),
            0,
            vec![("q3", Answer::Scale(n))],
        ));
    }
    let results = tally.finish();
    assert_eq!(results.questions[2].mean_centi, Some(367));
}

proptest::proptest! {
    /// Whatever residents answered, the public results hold no count
    /// between 1 and 4, and a mean only over 5 answers or more.
    #[test]
    fn public_results_never_hold_a_small_count(
        answers in proptest::collection::vec((0u32..2, proptest::collection::vec(0u32..3, 0..3), 1u8..=5), 0..20),
    ) {
        let poll = poll();
        let responses: Vec<Response> = answers
            .iter()
            .enumerate()
            .map(|(i, (choice, several, scale))| {
                let mut several = several.clone();
                several.sort_unstable();
                several.dedup();
                response(&format!("r{i}"), i as i64, vec![
                    ("q1", Answer::Single(*choice)),
                    ("q2", Answer::Multiple(several)),
                    ("q3", Answer::Scale(*scale)),
                    ("q4", Answer::Text("Jansen".into())),
                ])
            })
            .collect();
        let public = tally(&poll, &responses).public();
        let json = serde_json::to_value(&public).unwrap();
        proptest::prop_assert!(!json.to_string().contains("Jansen"));
        let mut counts = Vec::new();
        fn walk(value: &serde_json::Value, out: &mut Vec<u64>) {
            match value {
                serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
                    if k == "count" { out.extend(v.as_u64()); }
                    walk(v, out);
                }),
                serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        walk(&json, &mut counts);
        proptest::prop_assert!(counts.iter().all(|n| *n == 0 || *n >= 5), "{:?}", counts);
        for q in &public.questions {
            if q.mean_centi.is_some() {
                proptest::prop_assert!(q.answered.count().is_some_and(|n| n >= 5));
            }
        }
    }
}

/// `poll()` with every text written in Arabic too, except `leave_out`
/// (a question id, "title", or none).
fn in_arabic(leave_out: &str) -> Consultation {
    use crate::resident::ResidentLang::Ar;
    let mut poll = poll();
    if leave_out != "title" {
        poll.title.more.insert(Ar, "بطاقة المدينة".into());
    }
    for question in &mut poll.questions {
        if question.id != leave_out {
            question
                .text
                .more
                .insert(Ar, format!("سؤال {}", question.id));
        }
        for (i, option) in question.options.iter_mut().enumerate() {
            option.more.insert(Ar, format!("خيار {i}"));
        }
    }
    poll
}

#[test]
fn a_language_is_offered_once_every_text_is_written_in_it() {
    use crate::resident::ResidentLang::{Ar, En, Nl, Tr};
    let whole = in_arabic("");
    assert!(whole.complete_in(Ar));
    assert_eq!(
        whole.languages(),
        vec![Nl, Ar],
        "English questions are missing"
    );
    assert!(whole.validate().is_ok());
    assert_eq!(
        whole.first_language(crate::Lang::En),
        Nl,
        "no English questions"
    );
    let mut english = whole.clone();
    english.title.en = "City pass".into();
    english.questions.iter_mut().for_each(|q| {
        q.text.en = "?".into();
        q.options.iter_mut().for_each(|o| o.en = "o".into());
    });
    assert_eq!(english.first_language(crate::Lang::En), En);
    for missing in ["title", "q2", "q3"] {
        let poll = in_arabic(missing);
        assert!(!poll.complete_in(Ar), "{missing} is not written in Arabic");
        assert_eq!(poll.languages(), vec![Nl]);
    }
    // One option without its Arabic words keeps the question incomplete.
    let mut option = in_arabic("");
    option.questions[1].options[2].more.clear();
    assert!(!option.questions[1].complete_in(Ar) && option.questions[0].complete_in(Ar));
    assert!(!option.complete_in(Ar));
    // An introduction, once there is one, must be written too.
    let mut intro = in_arabic("");
    intro.intro = label("Welkom");
    assert!(!intro.complete_in(Ar));
    intro.intro.more.insert(Ar, "أهلاً".into());
    assert!(intro.complete_in(Ar));
    // A response in a language the consultation is not written in is refused;
    // English always counts (the app showed the Dutch texts).
    let mut turkish = response("r1", 1_793_000_000_000, vec![("q1", Answer::Single(0))]);
    turkish.lang = Tr;
    assert_eq!(
        turkish.validate(&whole).unwrap_err(),
        invalid("lang", ProblemKind::Unknown)
    );
    turkish.lang = En;
    assert!(turkish.validate(&whole).is_ok());
    // Dutch and English texts have their own fields, not the extra ones.
    let mut doubled = whole.clone();
    doubled.title.more.insert(Nl, "Stadspas".into());
    assert_eq!(doubled.validate().unwrap_err().field, "title.more.nl");
}

#[test]
fn answers_count_together_and_per_language() {
    use crate::resident::ResidentLang::{Ar, Nl};
    let poll = in_arabic("");
    let mut responses = Vec::new();
    for i in 0..7 {
        let mut r = response(
            &format!("r{i}"),
            1_793_000_000_000 + i,
            vec![("q1", Answer::Single(1))],
        );
        r.lang = if i < 2 { Ar } else { Nl };
        responses.push(r);
    }
    let results = tally(&poll, &responses);
    assert_eq!(
        results.questions[0].counts,
        vec![0, 7],
        "one option, whatever the language"
    );
    assert_eq!(results.languages, [(Ar, 2), (Nl, 5)].into_iter().collect());
    let public = results.public();
    assert_eq!(
        public.languages[&Nl],
        Shown::Hidden,
        "5 of 7 would give Arabic's 2 away"
    );
    assert_eq!(public.languages[&Ar], Shown::Hidden);
}
