use super::*;
use proptest::prelude::*;

fn kinds(text: &str) -> Vec<(PiiKind, &str)> {
    scan(text)
        .into_iter()
        .map(|m| (m.kind, &text[m.start..m.end]))
        .collect()
}

#[test]
fn elfproef_accepts_valid_and_rejects_invalid_bsns() {
    for valid in ["111222333", "123456782", "010000008"] {
        let digits: Vec<u8> = valid.bytes().map(|b| b - b'0').collect();
        assert!(is_valid_bsn(&digits), "{valid}");
    }
    for invalid in ["123456789", "111222334", "000000000", "12345678"] {
        let digits: Vec<u8> = invalid.bytes().map(|b| b - b'0').collect();
        assert!(!is_valid_bsn(&digits), "{invalid}");
    }
}

#[test]
fn finds_bsns_written_in_common_ways() {
    assert_eq!(
        kinds("bsn 123456782 is van haar"),
        vec![(PiiKind::Bsn, "123456782")]
    );
    assert_eq!(
        kinds("BSN: 1234.56.782."),
        vec![(PiiKind::Bsn, "1234.56.782")]
    );
    assert_eq!(
        kinds("zijn bsn is 10000008"),
        vec![(PiiKind::Bsn, "10000008")],
        "leading zero left off"
    );
}

#[test]
fn nine_digits_failing_the_elfproef_are_not_a_bsn() {
    assert_eq!(kinds("ordernummer 123456789"), vec![]);
    assert_eq!(kinds("1234567820"), vec![], "ten digits");
}

#[test]
fn iban_mod_97() {
    assert!(is_valid_iban("NL91ABNA0417164300"));
    assert!(is_valid_iban("GB82WEST12345698765432"));
    assert!(is_valid_iban("nl91abna0417164300"));
    assert!(!is_valid_iban("NL91ABNA0417164301"), "wrong check");
    assert!(!is_valid_iban("NL91ABNA041716430"), "NL has 18 characters");
}

#[test]
fn finds_ibans_with_and_without_spaces() {
    assert_eq!(
        kinds("rekening NL91ABNA0417164300."),
        vec![(PiiKind::Iban, "NL91ABNA0417164300")]
    );
    assert_eq!(
        kinds("iban NL91 ABNA 0417 1643 00 klopt"),
        vec![(PiiKind::Iban, "NL91 ABNA 0417 1643 00")]
    );
    assert_eq!(
        kinds("NL91ABNA0417164301"),
        vec![],
        "a typo in the check digits"
    );
}

#[test]
fn finds_dutch_phone_numbers() {
    assert_eq!(
        kinds("bel 0612345678"),
        vec![(PiiKind::Phone, "0612345678")]
    );
    assert_eq!(
        kinds("bel 06-12345678!"),
        vec![(PiiKind::Phone, "06-12345678")]
    );
    assert_eq!(
        kinds("tel 010 123 45 67"),
        vec![(PiiKind::Phone, "010 123 45 67")]
    );
    assert_eq!(
        kinds("mobiel +31 6 12345678"),
        vec![(PiiKind::Phone, "+31 6 12345678")]
    );
    assert_eq!(
        kinds("0031612345678"),
        vec![(PiiKind::Phone, "0031612345678")]
    );
}

#[test]
fn finds_e_mail_addresses() {
    assert_eq!(
        kinds("mail j.de.vries+post@example.nl."),
        vec![(PiiKind::Email, "j.de.vries+post@example.nl")]
    );
    assert_eq!(kinds("@home"), vec![]);
    assert_eq!(kinds("a@b"), vec![]);
    assert_eq!(kinds("prijs 3@5.00"), vec![]);
}

#[test]
fn finds_a_postcode_with_a_house_number() {
    assert_eq!(
        kinds("woont 3512 AB 12"),
        vec![(PiiKind::PostcodeHouseNumber, "3512 AB 12")]
    );
    assert_eq!(
        kinds("3512AB, 7a"),
        vec![(PiiKind::PostcodeHouseNumber, "3512AB, 7a")]
    );
    assert_eq!(
        kinds("nummer 12, 3512 AB"),
        vec![(PiiKind::PostcodeHouseNumber, "12, 3512 AB")]
    );
}

#[test]
fn text_that_must_not_match() {
    for text in [
        "Ze heeft 3 kinderen en werkt 24 uur per week.",
        "Huur is 650 euro, toeslag 2024 aangevraagd.",
        "wijk 3512 doet mee",
        "3512 AB zonder huisnummer",
        "1234 SS 5 is geen postcode",
        "afspraak 12-03-2025 om 10.30",
        "kwijtschelding van 1200 euro",
        "",
        "😀 schaamte 😀",
    ] {
        assert_eq!(kinds(text), vec![], "{text}");
    }
}

#[test]
fn several_kinds_in_one_text_come_sorted() {
    let text = "bsn 123456782, bel 0612345678 of mail a@b.nl";
    assert_eq!(
        kinds(text),
        vec![
            (PiiKind::Bsn, "123456782"),
            (PiiKind::Phone, "0612345678"),
            (PiiKind::Email, "a@b.nl")
        ]
    );
}

#[test]
fn kind_codes_are_the_serde_names() {
    for kind in [
        PiiKind::Bsn,
        PiiKind::Iban,
        PiiKind::Phone,
        PiiKind::Email,
        PiiKind::PostcodeHouseNumber,
    ] {
        assert_eq!(
            serde_json::to_string(&kind).unwrap(),
            format!("\"{}\"", kind.code())
        );
    }
}

#[test]
fn remove_takes_out_what_was_found() {
    let text = "bsn 123456782 en bel 0612345678 morgen";
    assert_eq!(remove(text, &scan(text)), "bsn en bel morgen");
    assert_eq!(remove("niets", &scan("niets")), "niets");
    // Spans that do not fit the text are ignored, never a panic.
    let stray = PiiMatch {
        kind: PiiKind::Bsn,
        start: 1,
        end: 3,
    };
    assert_eq!(remove("é", &[stray]), "é");
}

proptest! {
    #[test]
    fn scan_never_panics_and_spans_are_sorted_char_boundaries(text in any::<String>()) {
        let found = scan(&text);
        let mut last_end = 0;
        for m in &found {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(m.start >= last_end);
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            last_end = m.end;
        }
        let cleaned = remove(&text, &found);
        prop_assert!(scan(&cleaned).len() <= found.len() + 1);
    }

    #[test]
    fn numberish_text_never_panics(text in "[0-9 .+()@a-zA-Z,-]{0,60}") {
        let _ = remove(&text, &scan(&text));
    }

    #[test]
    fn every_valid_bsn_is_found(digits in prop::collection::vec(0u8..10, 8)) {
        // Complete eight digits with the check digit that passes the elfproef.
        let sum: i32 = digits.iter().enumerate().map(|(i, &d)| (9 - i as i32) * d as i32).sum();
        let check = sum % 11;
        prop_assume!(check < 10 && digits.iter().any(|&d| d != 0) && !(digits[0] == 0 && digits[1] != 0));
        let bsn: String = digits.iter().chain(std::iter::once(&(check as u8))).map(|d| char::from(b'0' + d)).collect();
        let text = format!("bsn {bsn} genoteerd");
        prop_assert_eq!(kinds(&text), vec![(PiiKind::Bsn, bsn.as_str())]);
    }
}
