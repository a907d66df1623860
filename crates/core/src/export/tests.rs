use super::*;
use crate::catalog::Catalog;
use crate::contact::{Channel, ContactInput, Household, Quote, SchemeFinding, Status};
use crate::site::SiteName;
use crate::stats::{Filter, Period, summarise};

fn names(catalog: &Catalog, lang: Lang) -> Names<'_> {
    Names { catalog, lang }
}

fn write(separator: u8, rows: &[Vec<&str>]) -> String {
    let mut csv = CsvWriter::new(Vec::new(), separator, true).unwrap();
    for row in rows {
        csv.row(row).unwrap();
    }
    String::from_utf8(csv.finish().unwrap()).unwrap()
}

fn contact() -> Contact {
    let input = ContactInput {
        site: SiteName::parse("Buurthuis \"De Ster\", Zuid").unwrap(),
        postcode4: Some("1234".into()),
        channel: Channel::FoodBank,
        household: Some(Household::SingleParent),
        life_event: None,
        work: Some(crate::contact::Work::SelfEmployed),
        outcomes: vec![crate::contact::SchemeOutcome {
            scheme: "huurtoeslag".into(),
            follow_up_on: Some("2026-12-10".into()),
            outcome: Some(crate::money::Outcome {
                decision: crate::money::Decision::Granted,
                amount: Some(crate::money::Amount {
                    euros: 45,
                    per: crate::money::Per::Month,
                }),
            }),
        }],
        findings: vec![
            SchemeFinding {
                scheme: "huurtoeslag".into(),
                status: Status::NotUsed,
                barriers: vec!["unaware".into(), "other".into()],
                other_barrier: Some("=HYPERLINK(\"x\")".into()),
            },
            SchemeFinding {
                scheme: "zorgtoeslag".into(),
                status: Status::Uses,
                barriers: vec![],
                other_barrier: None,
            },
        ],
        quote: Some(Quote {
            text: "Ik schaam me, één keer\nen nooit weer".into(),
        }),
        follow_up: None,
        notes: "geheim".into(),
    };
    Contact::new("c1".into(), 1_700_000_000_000, 3, input)
}

#[test]
fn the_file_starts_with_a_bom_and_quotes_what_needs_it() {
    let text = write(b',', &[vec!["a", "b,c", "say \"hi\"", "two\nlines", "é ë"]]);
    assert!(text.starts_with(BOM));
    assert_eq!(
        &text[BOM.len()..],
        "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",é ë\r\n"
    );
    let semicolons = write(b';', &[vec!["a", "b,c", "d;e"]]);
    assert_eq!(&semicolons[BOM.len()..], "a;b,c;\"d;e\"\r\n");
    let mut plain = CsvWriter::new(Vec::new(), b',', false).unwrap();
    plain.row(["x"]).unwrap();
    assert_eq!(plain.finish().unwrap(), b"x\r\n");
}

#[test]
fn formulas_are_neutralised() {
    for dangerous in ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tx", "\rx"] {
        let text = write(b',', &[vec![dangerous]]);
        let field = text[BOM.len()..].trim_end_matches("\r\n");
        let unquoted = field.trim_matches('"');
        assert!(unquoted.starts_with('\''), "{dangerous:?} became {field:?}");
    }
    assert_eq!(neutralise("Noord"), "Noord");
    assert_eq!(neutralise(""), "");
    assert_eq!(neutralise("2026-11-23"), "2026-11-23");
}

/// Defect 14 of the outside attack: spreadsheets skip leading whitespace
/// and control characters before they look for a formula, and `|` starts
/// a DDE call.
#[test]
fn formulas_behind_whitespace_or_a_pipe_are_neutralised() {
    for dangerous in [
        "\n=cmd|' /C calc'!A0",
        " =1+1",
        "\t=1+1",
        "  \u{0}@SUM(A1)",
        "|cmd",
        "\u{a0}+31 6",
        "\r\n-2",
    ] {
        assert!(
            neutralise(dangerous).starts_with('\''),
            "{dangerous:?} passed unchanged"
        );
    }
    for harmless in ["Noord = Zuid", " Noord", "a|b", "\n"] {
        assert_eq!(neutralise(harmless), harmless);
    }
}

#[test]
fn a_contact_row_keeps_counting_data_and_leaves_notes_out() {
    let catalog = Catalog::default_catalog();
    let row = contact_row(&contact(), names(&catalog, Lang::Nl));
    assert_eq!(row.len(), CONTACT_HEADER.len());
    let field = |name: &str| &row[CONTACT_HEADER.iter().position(|h| *h == name).unwrap()];
    assert_eq!(field("created_at"), "2023-11-14T23:13:20+01:00");
    assert_eq!(field("site"), "Buurthuis \"De Ster\", Zuid");
    assert_eq!(
        [field("channel"), field("channel_label")],
        ["food_bank", "Voedselbank"]
    );
    assert_eq!(field("household"), "single_parent");
    assert_eq!(
        field("household_label"),
        Household::SingleParent.label(Lang::Nl)
    );
    assert_eq!([field("life_event"), field("life_event_label")], ["", ""]);
    assert!(field("quote").contains("één keer"));
    let english = contact_row(&contact(), names(&catalog, Lang::En));
    assert_eq!(
        english[7], "Food bank",
        "names follow the coordinator's language"
    );
    assert!(!row.iter().any(|f| f.contains("geheim")), "notes stay out");
    let text = {
        let mut csv = CsvWriter::new(Vec::new(), b',', true).unwrap();
        csv.row(CONTACT_HEADER).unwrap();
        csv.row(&row).unwrap();
        String::from_utf8(csv.finish().unwrap()).unwrap()
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(&text.as_bytes()[BOM.len()..]);
    let read: Vec<String> = reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(read, row, "a CSV reader gets the fields back");
}

#[test]
fn findings_have_a_row_per_scheme_and_a_column_per_barrier() {
    let barriers = ["unaware", "shame", "other"];
    let header = finding_header(&barriers);
    assert_eq!(
        header[9..],
        [
            "barrier_unaware",
            "barrier_shame",
            "barrier_other",
            "barrier_labels",
            "other_barrier",
            "follow_up_on",
            "decision",
            "decision_label",
            "amount_euros",
            "amount_per",
            "euros_per_year"
        ]
    );
    let catalog = Catalog::default_catalog();
    let rows = finding_rows(&contact(), &barriers, names(&catalog, Lang::Nl));
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    assert_eq!(
        rows[0][5..12],
        [
            "huurtoeslag",
            "Huurtoeslag",
            "not_used",
            "Gebruikt niet",
            "1",
            "0",
            "1"
        ]
    );
    assert_eq!(rows[0][12], "Onbekend met regeling, Anders");
    assert_eq!(
        rows[0][14..],
        ["2026-12-10", "granted", "Toegekend", "45", "month", "540"]
    );
    assert!(
        rows[1][14..].iter().all(String::is_empty),
        "no follow-up: empty"
    );
    assert_eq!(
        rows[1][5..12],
        [
            "zorgtoeslag",
            "Zorgtoeslag",
            "uses",
            "Gebruikt",
            "0",
            "0",
            "0"
        ]
    );
    let mut csv = CsvWriter::new(Vec::new(), b',', false).unwrap();
    csv.row(&rows[0]).unwrap();
    let text = String::from_utf8(csv.finish().unwrap()).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
}

#[test]
fn the_aggregated_tables_follow_the_summary() {
    let contacts = [contact()];
    let summary = summarise(&contacts, &Filter::default(), Period::Month, 0);
    let catalog = Catalog::default_catalog();
    let schemes = scheme_table(&summary, names(&catalog, Lang::Nl));
    assert_eq!(
        schemes[0],
        [
            "huurtoeslag",
            "Huurtoeslag",
            "1",
            "0",
            "1",
            "0",
            "0",
            "0",
            "1000",
            "",
            "",
            "",
            "1",
            "0",
            "0",
            "0",
            "540",
            "1"
        ]
    );
    assert_eq!(schemes[1][..2], ["zorgtoeslag", "Zorgtoeslag"]);
    // With the team's yearly amount: the estimate and its source beside it.
    let mut priced = catalog.clone();
    priced.schemes[0].typical = Some(crate::money::TypicalAmount {
        euros_per_year: 744,
        source: "team 2026".into(),
    });
    let priced_rows = scheme_table(&summary, names(&priced, Lang::Nl));
    assert_eq!(priced_rows[0][9..12], ["744", "744", "team 2026"]);
    assert_eq!(priced_rows[0].len(), SCHEME_TABLE_HEADER.len());
    assert_eq!(
        barrier_table(&summary, names(&catalog, Lang::En)),
        [
            [
                "huurtoeslag",
                "Rent benefit",
                "other",
                "Other (free text)",
                "1"
            ],
            [
                "huurtoeslag",
                "Rent benefit",
                "unaware",
                "Did not know the scheme exists",
                "1"
            ]
        ]
    );
    // A name the catalog does not know stays its code.
    assert_eq!(names(&catalog, Lang::Nl).scheme("gone"), "gone");
}

#[test]
fn a_response_row_has_a_column_per_question_and_per_option_of_multiple_choice() {
    use crate::Lang;
    use crate::catalog::Label;
    use crate::consultation::{Answer, Consultation, Phase, Question, QuestionKind, Response};
    let question = |id: &str, kind, options: &[&str]| Question {
        id: id.into(),
        kind,
        text: Label::new(&format!("Vraag {id}"), ""),
        options: options.iter().map(|o| Label::new(o, "")).collect(),
    };
    let poll = Consultation {
        id: "c".into(),
        title: Label::new("Peiling", ""),
        intro: Label::default(),
        questions: vec![
            question("q1", QuestionKind::Single, &["Ja", "Nee"]),
            question("q2", QuestionKind::Multiple, &["Bus", "Fiets", "Lopen"]),
            question("q3", QuestionKind::Scale, &[]),
            question("q4", QuestionKind::Text, &[]),
        ],
        opens: "2026-11-01".into(),
        closes: "2026-11-30".into(),
        phase: Phase::Published,
    };
    assert_eq!(
        response_header(&poll, Lang::Nl),
        [
            "response",
            "at",
            "lang",
            "q1: Vraag q1",
            "q2: Bus",
            "q2: Fiets",
            "q2: Lopen",
            "q3: Vraag q3",
            "q4: Vraag q4"
        ]
    );
    let response = Response {
        id: "r1".into(),
        consultation: "c".into(),
        at: 1_764_000_000_000,
        lang: crate::resident::ResidentLang::En,
        answers: [
            ("q1".to_string(), Answer::Single(1)),
            ("q2".to_string(), Answer::Multiple(vec![0, 2])),
            ("q4".to_string(), Answer::Text("=cmd".into())),
        ]
        .into_iter()
        .collect(),
    };
    let row = response_row(&poll, &response, Lang::Nl);
    assert_eq!(
        row,
        [
            "r1",
            "2025-11-24T17:00:00+01:00",
            "en",
            "Nee",
            "1",
            "0",
            "1",
            "",
            "=cmd"
        ]
    );
    let text = write(b';', &[row.iter().map(String::as_str).collect()]);
    assert!(text.contains(";'=cmd"), "formula neutralised: {text}");
}

#[test]
fn times_are_dutch_with_their_offset_across_the_clock_changes() {
    // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    let at = |iso: &str| {
        jiff::Timestamp::from_str(iso)
            .map(|t| t.as_millisecond())
            .unwrap()
    };
    use std::str::FromStr;
    for (utc, dutch) in [
        ("2026-01-15T12:00:00Z", "2026-01-15T13:00:00+01:00"),
        ("2026-03-29T00:59:59Z", "2026-03-29T01:59:59+01:00"),
        ("2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00"),
        ("2026-07-01T22:30:00Z", "2026-07-02T00:30:00+02:00"),
        ("2026-10-25T00:59:59Z", "2026-10-25T02:59:59+02:00"),
        ("2026-10-25T01:00:00Z", "2026-10-25T02:00:00+01:00"),
        ("2026-12-31T23:00:00Z", "2027-01-01T00:00:00+01:00"),
    ] {
        assert_eq!(dutch_datetime(at(utc)), dutch, "{utc}");
    }
    // Beyond what a time can hold: UTC, never a panic.
    assert_eq!(dutch_datetime(i64::MAX), iso_datetime(i64::MAX));
}
