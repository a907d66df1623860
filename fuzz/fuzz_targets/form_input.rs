//! The capture form's validation on raw input, as a person could type it:
//! it never panics, and what it accepts keeps the form's promises.
#![no_main]

use arbitrary::Unstructured;
use drempel_core::catalog::Catalog;
use drempel_core::contact::{
    Channel, ContactForm, FindingForm, Household, LifeEvent, OutcomeForm, Status, Work,
};
use drempel_core::money::{Decision, MAX_EUROS, Per};
use libfuzzer_sys::fuzz_target;

fn pick<T: Copy>(u: &mut Unstructured, all: &[T]) -> arbitrary::Result<Option<T>> {
    Ok(if u.arbitrary()? {
        Some(*u.choose(all)?)
    } else {
        None
    })
}

fn form(u: &mut Unstructured, catalog: &Catalog) -> arbitrary::Result<ContactForm> {
    let schemes: Vec<&str> = catalog.schemes.iter().map(|s| s.id.as_str()).collect();
    let barriers: Vec<&str> = catalog.barriers.iter().map(|b| b.id.as_str()).collect();
    let mut findings = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let scheme = if u.arbitrary()? {
            u.choose(&schemes)?.to_string()
        } else {
            u.arbitrary()?
        };
        let mut ticked = Vec::new();
        for _ in 0..u.int_in_range(0..=3)? {
            ticked.push(if u.arbitrary()? {
                u.choose(&barriers)?.to_string()
            } else {
                u.arbitrary()?
            });
        }
        findings.push(FindingForm {
            scheme,
            status: pick(u, &Status::ALL)?,
            barriers: ticked,
            other_barrier: u.arbitrary()?,
            follow: OutcomeForm {
                follow_up_on: if u.arbitrary()? {
                    format!(
                        "{:04}-{:02}-{:02}",
                        u.int_in_range(1990..=2100)?,
                        u.int_in_range(0..=13)?,
                        u.int_in_range(0..=32)?
                    )
                } else {
                    u.arbitrary()?
                },
                decision: pick(u, &Decision::ALL)?,
                euros: if u.arbitrary()? {
                    u.int_in_range(0..=MAX_EUROS + 1)?.to_string()
                } else {
                    u.arbitrary()?
                },
                per: *u.choose(&Per::ALL)?,
            },
        });
    }
    Ok(ContactForm {
        site: u.arbitrary()?,
        postcode: u.arbitrary()?,
        channel: pick(u, &Channel::ALL)?,
        household: pick(u, &Household::ALL)?,
        life_event: pick(u, &LifeEvent::ALL)?,
        work: pick(u, &Work::ALL)?,
        findings,
        quote: u.arbitrary()?,
        quote_consent: u.arbitrary()?,
        referred_to: u.arbitrary()?,
        contact_details: u.arbitrary()?,
        contact_consent: u.arbitrary()?,
        notes: u.arbitrary()?,
    })
}

fuzz_target!(|data: &[u8]| {
    let catalog = Catalog::default_catalog();
    let Ok(form) = form(&mut Unstructured::new(data), &catalog) else {
        return;
    };
    if let Ok(input) = form.validate(&catalog) {
        assert!(!input.site.as_str().trim().is_empty());
        if let Some(postcode) = &input.postcode4 {
            assert!(postcode.len() == 4 && postcode.bytes().all(|b| b.is_ascii_digit()));
        }
        assert!(
            !input.findings.is_empty(),
            "a contact discusses at least one scheme"
        );
        for finding in &input.findings {
            assert!(catalog.scheme(&finding.scheme).is_some());
            assert!(
                finding
                    .barriers
                    .iter()
                    .all(|b| catalog.barrier(b).is_some())
            );
        }
        // An outcome belongs to a scheme discussed; its date is a real day;
        // an amount only with a grant, in whole euros within the bound.
        for outcome in &input.outcomes {
            assert!(input.findings.iter().any(|f| f.scheme == outcome.scheme));
            if let Some(day) = &outcome.follow_up_on {
                assert!(drempel_core::consultation::date_days(day).is_some());
            }
            if let Some(decided) = &outcome.outcome
                && let Some(amount) = decided.amount
            {
                assert_eq!(decided.decision, Decision::Granted);
                assert!((1..=MAX_EUROS).contains(&amount.euros));
            }
        }
        // Contact details only with the resident's consent; a quote only with theirs.
        let details = input
            .follow_up
            .as_ref()
            .and_then(|f| f.contact_details.as_ref());
        assert!(details.is_none() || form.contact_consent);
        assert!(input.quote.is_none() || form.quote_consent);
    }
});
