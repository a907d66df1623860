use super::*;
use proptest::prelude::*;

fn catalog() -> Catalog {
    Catalog::default_catalog()
}

fn finding(scheme: &str, status: Status, barriers: &[&str]) -> FindingForm {
    FindingForm {
        scheme: scheme.into(),
        status: Some(status),
        barriers: barriers.iter().map(|b| b.to_string()).collect(),
        other_barrier: String::new(),
        follow: OutcomeForm::default(),
    }
}

/// The typical contact: three schemes, two barriers.
fn typical() -> ContactForm {
    ContactForm {
        site: "Voedselbank Noord".into(),
        channel: Some(Channel::FoodBank),
        household: Some(Household::SingleParent),
        findings: vec![
            finding("huurtoeslag", Status::Uses, &[]),
            finding("kwijtschelding", Status::NotUsed, &["unaware"]),
            finding("bijzondere_bijstand", Status::NotUsed, &["shame"]),
        ],
        ..ContactForm::default()
    }
}

fn problems(form: &ContactForm) -> Vec<(Field, Problem)> {
    form.validate(&catalog())
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect()
}

#[test]
fn a_typical_contact_validates() {
    let input = typical().validate(&catalog()).unwrap();
    assert_eq!(input.site.as_str(), "Voedselbank Noord");
    assert_eq!(input.findings.len(), 3);
    assert_eq!(input.findings[1].barriers, vec!["unaware"]);
    assert_eq!(input.quote, None);
    assert_eq!(input.follow_up, None);
}

#[test]
fn a_picked_scheme_needs_a_status() {
    let mut form = typical();
    form.findings.push(FindingForm {
        scheme: "zorgtoeslag".into(),
        ..FindingForm::default()
    });
    assert_eq!(
        problems(&form),
        vec![(Field::Scheme("zorgtoeslag".into()), Problem::StatusMissing)]
    );
}

#[test]
fn site_channel_and_one_scheme_are_required() {
    let form = ContactForm::default();
    assert!(!form.has_place());
    assert!(typical().has_place());
    assert_eq!(
        problems(&form),
        vec![
            (Field::Site, Problem::Required),
            (Field::Channel, Problem::Required),
            (Field::Findings, Problem::NoSchemeDiscussed),
        ]
    );
}

#[test]
fn unknown_ids_are_rejected() {
    let mut form = typical();
    form.findings.push(finding("lottery", Status::NotUsed, &[]));
    form.findings
        .push(finding("zorgtoeslag", Status::NotUsed, &["bad_luck"]));
    assert_eq!(
        problems(&form),
        vec![
            (Field::Scheme("lottery".into()), Problem::UnknownScheme),
            (
                Field::Barriers("zorgtoeslag".into()),
                Problem::UnknownBarrier
            ),
        ]
    );
}

#[test]
fn barriers_on_a_used_scheme_are_impossible() {
    let mut form = typical();
    form.findings[0].barriers = vec!["shame".into()];
    assert_eq!(
        problems(&form),
        vec![(
            Field::Barriers("huurtoeslag".into()),
            Problem::BarriersOnUsedScheme
        )]
    );
}

#[test]
fn a_scheme_counts_once() {
    let mut form = typical();
    form.findings
        .push(finding("huurtoeslag", Status::NotUsed, &[]));
    assert_eq!(
        problems(&form),
        vec![(
            Field::Scheme("huurtoeslag".into()),
            Problem::DuplicateScheme
        )]
    );
}

#[test]
fn barriers_are_kept_in_catalog_order_without_repeats() {
    let mut form = typical();
    form.findings[1].barriers = vec!["shame".into(), "unaware".into(), "shame".into()];
    let input = form.validate(&catalog()).unwrap();
    assert_eq!(input.findings[1].barriers, vec!["unaware", "shame"]);
}

#[test]
fn other_barrier_needs_words_and_keeps_them() {
    let mut form = typical();
    form.findings[1].barriers = vec![OTHER_BARRIER.into()];
    assert_eq!(
        problems(&form),
        vec![(
            Field::OtherBarrier("kwijtschelding".into()),
            Problem::OtherBarrierWithoutText
        )]
    );
    form.findings[1].other_barrier = "  wist niet waar het formulier was ".into();
    let input = form.validate(&catalog()).unwrap();
    assert_eq!(
        input.findings[1].other_barrier.as_deref(),
        Some("wist niet waar het formulier was")
    );
    // Text without the "other" chip is dropped, not stored.
    form.findings[1].barriers = vec!["unaware".into()];
    assert_eq!(
        form.validate(&catalog()).unwrap().findings[1].other_barrier,
        None
    );
}

#[test]
fn a_quote_needs_consent() {
    let mut form = typical();
    form.quote = "Ik schaam me om het te vragen".into();
    assert_eq!(
        problems(&form),
        vec![(Field::Quote, Problem::QuoteWithoutConsent)]
    );
    form.quote_consent = true;
    let input = form.validate(&catalog()).unwrap();
    assert_eq!(input.quote.unwrap().text, "Ik schaam me om het te vragen");
}

#[test]
fn contact_details_need_consent_and_a_referral() {
    let mut form = typical();
    form.contact_details = "06 12345678".into();
    assert_eq!(
        problems(&form),
        vec![(Field::ContactDetails, Problem::ContactDetailsWithoutConsent)]
    );
    form.contact_consent = true;
    assert_eq!(
        problems(&form),
        vec![(
            Field::ContactDetails,
            Problem::ContactDetailsWithoutReferral
        )]
    );
    form.referred_to = "Schuldhulp gemeente".into();
    let follow_up = form.validate(&catalog()).unwrap().follow_up.unwrap();
    assert_eq!(follow_up.referred_to, "Schuldhulp gemeente");
    assert_eq!(follow_up.contact_details.as_deref(), Some("06 12345678"));
}

#[test]
fn over_long_text_is_rejected_per_field() {
    let mut form = typical();
    form.notes = "a".repeat(NOTES_MAX_CHARS + 1);
    form.quote = "b".repeat(QUOTE_MAX_CHARS + 1);
    form.quote_consent = true;
    form.referred_to = "c".repeat(REFERRED_TO_MAX_CHARS + 1);
    assert_eq!(
        problems(&form),
        vec![
            (
                Field::Quote,
                Problem::TooLong {
                    max: QUOTE_MAX_CHARS
                }
            ),
            (
                Field::ReferredTo,
                Problem::TooLong {
                    max: REFERRED_TO_MAX_CHARS
                }
            ),
            (
                Field::Notes,
                Problem::TooLong {
                    max: NOTES_MAX_CHARS
                }
            ),
        ]
    );
}

#[test]
fn postcode_is_four_digits_at_most() {
    let mut form = typical();
    for bad in ["1234 AB", "123", "0123", "12a4"] {
        form.postcode = bad.into();
        assert_eq!(
            problems(&form),
            vec![(Field::Postcode, Problem::PostcodeNotFourDigits)],
            "{bad}"
        );
    }
    form.postcode = " 3512 ".into();
    assert_eq!(
        form.validate(&catalog()).unwrap().postcode4.as_deref(),
        Some("3512")
    );
}

#[test]
fn every_problem_has_a_message_in_both_languages() {
    let fields = [Field::Site, Field::Channel, Field::Notes];
    let problems = [
        Problem::Required,
        Problem::TooLong { max: 9 },
        Problem::PostcodeNotFourDigits,
        Problem::NoSchemeDiscussed,
        Problem::UnknownScheme,
        Problem::DuplicateScheme,
        Problem::UnknownBarrier,
        Problem::BarriersOnUsedScheme,
        Problem::OtherBarrierWithoutText,
        Problem::QuoteWithoutConsent,
        Problem::ContactDetailsWithoutConsent,
        Problem::ContactDetailsWithoutReferral,
    ];
    for field in fields {
        for problem in problems.clone() {
            let error = FieldError {
                field: field.clone(),
                problem,
            };
            let (nl, en) = (error.message(Lang::Nl), error.message(Lang::En));
            assert!(!nl.is_empty() && !en.is_empty());
            assert_ne!(nl, en, "{error:?}");
        }
    }
}

#[test]
fn a_contact_round_trips_through_its_form() {
    let mut form = typical();
    form.quote = "Te veel papieren".into();
    form.quote_consent = true;
    form.postcode = "3512".into();
    form.life_event = Some(LifeEvent::JobLoss);
    let input = form.validate(&catalog()).unwrap();
    let contact = Contact::new("0193-test".into(), 1_700_000_000_000, 1, input.clone());
    assert_eq!(contact.to_form().validate(&catalog()).unwrap(), input);
}

#[test]
fn tapping_chips_selects_clears_and_drops_barriers_of_used_schemes() {
    let mut form = ContactForm::default();
    form.tap_status("huurtoeslag", Status::NotUsed);
    form.tap_barrier("huurtoeslag", "shame");
    form.tap_barrier("huurtoeslag", OTHER_BARRIER);
    *form
        .text_mut(&Field::OtherBarrier("huurtoeslag".into()))
        .unwrap() = "te trots".into();
    assert_eq!(
        form.finding("huurtoeslag").unwrap().barriers,
        vec!["shame", OTHER_BARRIER]
    );
    assert_eq!(
        form.text(&Field::OtherBarrier("huurtoeslag".into())),
        "te trots"
    );
    form.tap_barrier("huurtoeslag", OTHER_BARRIER);
    assert_eq!(
        form.text(&Field::OtherBarrier("huurtoeslag".into())),
        "",
        "untapping other clears its words"
    );
    form.tap_status("huurtoeslag", Status::Uses);
    assert!(form.finding("huurtoeslag").unwrap().barriers.is_empty());
    form.tap_status("huurtoeslag", Status::Uses);
    assert_eq!(
        form.finding("huurtoeslag").unwrap().status,
        None,
        "a second tap clears"
    );
    assert_eq!(form.findings.len(), 1, "the scheme stays picked");
    assert!(
        problems(&form).contains(&(Field::Scheme("huurtoeslag".into()), Problem::StatusMissing))
    );
    form.tap_barrier("huurtoeslag", "shame");
    assert_eq!(
        form.finding("huurtoeslag").unwrap().status,
        Some(Status::NotUsed),
        "a barrier before a status means not used"
    );
    form.tap_status("huurtoeslag", Status::DoesNotKnow);
    form.tap_barrier("huurtoeslag", "digital");
    let finding = form.finding("huurtoeslag").unwrap();
    assert_eq!(
        finding.status,
        Some(Status::DoesNotKnow),
        "a chosen status stays"
    );
    assert_eq!(finding.barriers, vec!["shame", "digital"]);
    form.toggle_scheme("zorgtoeslag");
    assert_eq!(form.finding("zorgtoeslag").unwrap().status, None);
    form.toggle_scheme("huurtoeslag");
    form.toggle_scheme("huurtoeslag");
    assert_eq!(
        form.finding("huurtoeslag").unwrap(),
        &FindingForm {
            scheme: "huurtoeslag".into(),
            ..FindingForm::default()
        },
        "removing a scheme forgets what was chosen for it"
    );
}

#[test]
fn free_texts_skip_consented_contact_details() {
    let mut form = typical();
    form.notes = "belt terug".into();
    form.contact_details = "06 12345678".into();
    let fields: Vec<Field> = form.free_texts().into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec![Field::Site, Field::Notes]);
}

/// Issue 16: a phone number in "Locatie" passed unscanned.
#[test]
fn the_location_is_scanned_for_personal_data_too() {
    let mut form = typical();
    form.site = "Dorpsstraat, bel 06 12345678".into();
    let found: Vec<(Field, Vec<crate::pii::PiiKind>)> = form
        .free_texts()
        .into_iter()
        .map(|(field, text)| {
            (
                field,
                crate::pii::scan(text)
                    .into_iter()
                    .map(|m| m.kind)
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, kinds)| !kinds.is_empty())
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Field::Site);
}

#[test]
fn the_next_form_keeps_site_and_channel_only() {
    let mut form = typical();
    form.notes = "privé".into();
    let contact = Contact::new("id".into(), 0, 1, form.validate(&catalog()).unwrap());
    let next = ContactForm::next_after(Some(&contact));
    assert_eq!(next.site, "Voedselbank Noord");
    assert_eq!(next.channel, Some(Channel::FoodBank));
    assert_eq!(
        next,
        ContactForm {
            site: next.site.clone(),
            channel: next.channel,
            ..ContactForm::default()
        }
    );
    assert_eq!(ContactForm::next_after(None), ContactForm::default());
}

#[test]
fn codes_are_the_serde_names() {
    fn check<T: serde::Serialize>(value: T, code: &str) {
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            format!("\"{code}\"")
        );
    }
    Channel::ALL.into_iter().for_each(|v| check(v, v.code()));
    Household::ALL.into_iter().for_each(|v| check(v, v.code()));
    LifeEvent::ALL.into_iter().for_each(|v| check(v, v.code()));
    Status::ALL.into_iter().for_each(|v| check(v, v.code()));
}

fn arb_status() -> impl Strategy<Value = Option<Status>> {
    prop::option::of(prop::sample::select(Status::ALL.to_vec()))
}

fn arb_id() -> impl Strategy<Value = String> {
    let catalog = Catalog::default_catalog();
    let mut known: Vec<String> = catalog.schemes.iter().map(|s| s.id.clone()).collect();
    known.extend(catalog.barriers.iter().map(|b| b.id.clone()));
    prop_oneof![prop::sample::select(known), any::<String>()]
}

fn arb_follow() -> impl Strategy<Value = OutcomeForm> {
    (
        prop_oneof![
            Just(String::new()),
            Just("2026-12-10".to_string()),
            any::<String>()
        ],
        prop::option::of(prop::sample::select(Decision::ALL.to_vec())),
        prop_oneof![
            Just(String::new()),
            (0u32..200_000).prop_map(|n| n.to_string()),
            any::<String>()
        ],
        prop::sample::select(vec![Per::Month, Per::Once]),
    )
        .prop_map(|(follow_up_on, decision, euros, per)| OutcomeForm {
            follow_up_on,
            decision,
            euros,
            per,
        })
}

prop_compose! {
    fn arb_form()(
        site in any::<String>(),
        postcode in "[0-9 a-zA-Z]{0,6}",
        channel in prop::option::of(prop::sample::select(Channel::ALL.to_vec())),
        household in prop::option::of(prop::sample::select(Household::ALL.to_vec())),
        findings in prop::collection::vec(
            (arb_id(), arb_status(), prop::collection::vec(arb_id(), 0..4), any::<String>(), arb_follow()), 0..6),
        quote in any::<String>(), quote_consent in any::<bool>(),
        referred_to in any::<String>(), contact_details in any::<String>(), contact_consent in any::<bool>(),
        notes in any::<String>(),
    ) -> ContactForm {
        ContactForm {
            site, postcode, channel, household, life_event: None, work: None,
            findings: findings.into_iter().map(|(scheme, status, barriers, other_barrier, follow)| FindingForm { scheme, status, barriers, other_barrier, follow }).collect(),
            quote, quote_consent, referred_to, contact_details, contact_consent, notes,
        }
    }
}

proptest! {
    #[test]
    fn validation_never_panics_and_accepted_input_is_consistent(form in arb_form()) {
        let catalog = catalog();
        match form.validate(&catalog) {
            Ok(input) => {
                prop_assert!(!input.findings.is_empty());
                for f in &input.findings {
                    prop_assert!(catalog.scheme(&f.scheme).is_some());
                    prop_assert!(f.barriers.iter().all(|b| catalog.barrier(b).is_some()));
                    prop_assert!(f.status.allows_barriers() || f.barriers.is_empty());
                }
                prop_assert!(input.notes.chars().count() <= NOTES_MAX_CHARS);
                for o in &input.outcomes {
                    let finding = input.findings.iter().find(|f| f.scheme == o.scheme);
                    prop_assert!(finding.is_some_and(|f| f.status.allows_follow_up()));
                    prop_assert!(o.follow_up_on.as_deref().is_none_or(|d| crate::consultation::date_days(d).is_some()));
                    if let Some(outcome) = &o.outcome {
                        prop_assert!(outcome.validate("o").is_ok());
                    }
                }
                // Accepted input is stable: its own form validates to itself.
                let contact = Contact::new("id".into(), 0, catalog.version, input.clone());
                prop_assert_eq!(contact.to_form().validate(&catalog), Ok(input));
                let json = serde_json::to_string(&contact).unwrap();
                prop_assert_eq!(serde_json::from_str::<Contact>(&json).unwrap(), contact);
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    #[test]
    fn forms_round_trip_through_json(form in arb_form()) {
        let json = serde_json::to_string(&form).unwrap();
        prop_assert_eq!(serde_json::from_str::<ContactForm>(&json).unwrap(), form);
    }
}

/// The server refuses a record past its limits (defect 3 of the outside
/// attack); the form refuses first, while the volunteer can still change
/// it. Only a catalog far beyond any team's gets there.
#[test]
fn a_contact_too_large_for_one_record_is_refused_by_the_form() {
    use crate::catalog::{Barrier, Scheme};
    let mut huge = Catalog::default_catalog();
    let template_scheme = huge.schemes[0].clone();
    let template_barrier = huge.barriers[0].clone();
    huge.schemes = (0..crate::catalog::MAX_ITEMS)
        .map(|i| Scheme {
            id: format!("regeling_met_een_lange_naam_{i:03}"),
            ..template_scheme.clone()
        })
        .collect();
    huge.barriers = (0..crate::catalog::MAX_ITEMS)
        .map(|i| Barrier {
            id: format!("drempel_met_een_lange_naam_{i:03}"),
            ..template_barrier.clone()
        })
        .collect();
    let every_barrier: Vec<String> = huge.barriers.iter().map(|b| b.id.clone()).collect();
    let mut form = typical();
    form.findings = huge
        .schemes
        .iter()
        .map(|s| FindingForm {
            scheme: s.id.clone(),
            status: Some(Status::NotUsed),
            barriers: every_barrier.clone(),
            other_barrier: String::new(),
            follow: OutcomeForm::default(),
        })
        .collect();
    let refused = form.validate(&huge).unwrap_err();
    assert_eq!(
        refused
            .iter()
            .map(|e| (&e.field, &e.problem))
            .collect::<Vec<_>>(),
        [(&Field::Findings, &Problem::TooLarge)]
    );
    assert!(refused[0].message(Lang::Nl).contains("te groot"));
    // A handful of those schemes still fits.
    form.findings.truncate(5);
    let input = form.validate(&huge).unwrap();
    let fields = crate::replica::record_fields(1, 1, &input);
    assert!(crate::sync::record_fits(fields.iter()));
}

fn referral_with(follow: OutcomeForm) -> ContactForm {
    let mut form = typical();
    form.findings = vec![FindingForm {
        follow,
        ..finding("huurtoeslag", Status::Referred, &[])
    }];
    form
}

#[test]
fn a_referral_keeps_its_follow_up_date_and_later_its_outcome() {
    let follow = OutcomeForm {
        follow_up_on: "2026-12-10".into(),
        ..OutcomeForm::default()
    };
    let input = referral_with(follow).validate(&catalog()).unwrap();
    let outcome = input.outcome("huurtoeslag").unwrap();
    assert_eq!(outcome.follow_up_on.as_deref(), Some("2026-12-10"));
    assert!(!outcome.due("2026-12-09") && outcome.due("2026-12-10") && outcome.due("2027-01-01"));

    let granted = OutcomeForm {
        follow_up_on: "2026-12-10".into(),
        decision: Some(Decision::Granted),
        euros: " 45 ".into(),
        per: Per::Month,
    };
    let input = referral_with(granted).validate(&catalog()).unwrap();
    let outcome = input.outcome("huurtoeslag").unwrap();
    assert_eq!(
        outcome.outcome,
        Some(Outcome {
            decision: Decision::Granted,
            amount: Some(Amount {
                euros: 45,
                per: Per::Month
            })
        })
    );
    assert!(!outcome.due("2027-01-01"), "decided: no longer due");
    let pending = SchemeOutcome {
        outcome: Some(Outcome {
            decision: Decision::Pending,
            amount: None,
        }),
        ..outcome.clone()
    };
    assert!(pending.due("2026-12-10"), "no decision yet: still due");
}

#[test]
fn follow_ups_belong_to_applications_and_referrals_only() {
    let follow = OutcomeForm {
        follow_up_on: "2026-12-10".into(),
        ..OutcomeForm::default()
    };
    let mut form = referral_with(follow);
    form.findings[0].status = Some(Status::NotUsed);
    assert!(form.validate(&catalog()).unwrap().outcomes.is_empty());
    form.findings[0].status = Some(Status::AppliedWithHelp);
    assert_eq!(form.validate(&catalog()).unwrap().outcomes.len(), 1);
}

#[test]
fn a_bad_date_or_amount_is_named_at_its_field() {
    let bad = |follow: OutcomeForm| referral_with(follow).validate(&catalog()).unwrap_err();
    let errors = bad(OutcomeForm {
        follow_up_on: "2026-02-30".into(),
        ..OutcomeForm::default()
    });
    assert_eq!(errors[0].field, Field::FollowUpOn("huurtoeslag".into()));
    assert_eq!(errors[0].problem, Problem::DateNotValid);
    for euros in ["0", "-5", "4,50", "100001", "veel"] {
        let errors = bad(OutcomeForm {
            decision: Some(Decision::Granted),
            euros: euros.into(),
            ..OutcomeForm::default()
        });
        assert_eq!(
            errors[0].field,
            Field::Amount("huurtoeslag".into()),
            "{euros}"
        );
        assert_eq!(
            errors[0].problem,
            Problem::AmountNotValid { max: MAX_EUROS }
        );
    }
    // An amount means nothing without a grant: it is dropped, not refused.
    let input = referral_with(OutcomeForm {
        decision: Some(Decision::Refused),
        euros: "45".into(),
        ..OutcomeForm::default()
    })
    .validate(&catalog())
    .unwrap();
    assert_eq!(
        input
            .outcome("huurtoeslag")
            .unwrap()
            .outcome
            .as_ref()
            .unwrap()
            .amount,
        None
    );
}

#[test]
fn an_outcome_is_a_field_of_its_own_beside_the_finding() {
    let before = referral_with(OutcomeForm {
        follow_up_on: "2026-12-10".into(),
        ..OutcomeForm::default()
    })
    .validate(&catalog())
    .unwrap();
    let mut after = before.clone();
    let mut outcome = after.outcome("huurtoeslag").unwrap().clone();
    outcome.outcome = Some(Outcome {
        decision: Decision::Refused,
        amount: None,
    });
    after.set_outcome("huurtoeslag", Some(outcome));
    assert_eq!(before.changed_fields(&after), ["outcomes.huurtoeslag"]);
    after.work = Some(Work::SelfEmployed);
    assert_eq!(
        before.changed_fields(&after),
        ["work", "outcomes.huurtoeslag"]
    );
    let contact = Contact::new("id".into(), 5, 1, after.clone());
    let fields = crate::replica::contact_fields(&contact);
    assert!(
        fields.contains_key("outcomes.huurtoeslag") && fields.contains_key("findings.huurtoeslag")
    );
    assert_eq!(
        crate::replica::contact_from_fields("id", &fields)
            .unwrap()
            .input,
        after
    );
}

#[test]
fn the_follow_up_list_holds_what_is_due_longest_waiting_first() {
    let at = |id: &str, created_at: i64, day: &str, decision: Option<Decision>| {
        let mut input = ContactInput::plain("");
        input.outcomes.push(SchemeOutcome {
            scheme: "huurtoeslag".into(),
            follow_up_on: Some(day.into()),
            outcome: decision.map(|decision| Outcome {
                decision,
                amount: None,
            }),
        });
        Contact::new(id.into(), created_at, 1, input)
    };
    let contacts = [
        at("a", 1, "2026-12-08", None),
        at("b", 2, "2026-12-01", Some(Decision::Pending)),
        at("c", 3, "2026-12-20", None),
        at("d", 4, "2026-12-01", Some(Decision::Granted)),
    ];
    let due: Vec<&str> = due_follow_ups(&contacts, "2026-12-10")
        .iter()
        .map(|d| d.contact.id.as_str())
        .collect();
    assert_eq!(due, ["b", "a"]);
}
