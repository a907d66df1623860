//! Money on the table: what a follow-up won (an outcome with an amount),
//! that amount by the year, and the estimate of what residents leave
//! unclaimed. The dashboard, the exports, reports and signals all take
//! their euros from here, so every screen and file says the same.
//!
//! Amounts are whole euros. A yearly figure is a `u64`: no sum of a team's
//! outcomes can overflow it.

use serde::{Deserialize, Serialize};

use crate::{Invalid, ProblemKind, invalid};

/// The largest amount one outcome may hold, per month or once.
pub const MAX_EUROS: u32 = 100_000;

/// What came of an application or referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Granted,
    Refused,
    Withdrawn,
    /// No decision yet: the follow-up stays open.
    Pending,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Granted => "granted",
            Decision::Refused => "refused",
            Decision::Withdrawn => "withdrawn",
            Decision::Pending => "pending",
        }
    }

    pub const ALL: [Decision; 4] = [
        Decision::Granted,
        Decision::Refused,
        Decision::Withdrawn,
        Decision::Pending,
    ];
}

/// How often an amount is paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Per {
    #[default]
    Month,
    /// Paid once (a one-off grant, a remission).
    Once,
}

impl Per {
    pub const ALL: [Per; 2] = [Per::Month, Per::Once];

    pub fn code(self) -> &'static str {
        match self {
            Per::Month => "month",
            Per::Once => "once",
        }
    }
}

/// An amount granted: whole euros, per month or once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Amount {
    pub euros: u32,
    pub per: Per,
}

impl Amount {
    /// What it is worth in a year: twelve months, or the one payment.
    pub fn yearly(self) -> u64 {
        match self.per {
            Per::Month => u64::from(self.euros) * 12,
            Per::Once => u64::from(self.euros),
        }
    }
}

/// The outcome of one scheme's follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Outcome {
    pub decision: Decision,
    /// Only when granted, and then optional (not every grant is known in
    /// euros).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

impl Outcome {
    /// An amount belongs to a grant, and lies between 1 and
    /// [`MAX_EUROS`] euros.
    pub fn validate(&self, field: &str) -> Result<(), Invalid> {
        match (self.decision, self.amount) {
            (_, None) => Ok(()),
            (Decision::Granted, Some(amount)) if (1..=MAX_EUROS).contains(&amount.euros) => Ok(()),
            (Decision::Granted, Some(_)) => Err(invalid(
                format!("{field}.amount.euros"),
                ProblemKind::Range {
                    min: 1,
                    max: i64::from(MAX_EUROS),
                },
            )),
            (_, Some(_)) => Err(invalid(format!("{field}.amount"), ProblemKind::Mismatch)),
        }
    }
}

/// Money unlocked: granted amounts by the year, with how many outcomes
/// they rest on (grants without an amount are counted apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Unlocked {
    pub euros_per_year: u64,
    /// Grants with an amount: the basis of `euros_per_year`.
    pub with_amount: u32,
    /// Grants whose amount is not known.
    pub without_amount: u32,
}

impl Unlocked {
    pub fn add(&mut self, outcome: &Outcome) {
        if outcome.decision != Decision::Granted {
            return;
        }
        match outcome.amount {
            Some(amount) => {
                self.euros_per_year += amount.yearly();
                self.with_amount += 1;
            }
            None => self.without_amount += 1,
        }
    }
}

/// [`Unlocked`] over `outcomes`.
pub fn unlocked<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Unlocked {
    let mut total = Unlocked::default();
    for outcome in outcomes {
        total.add(outcome);
    }
    total
}

/// A team's typical yearly amount of one scheme, for the estimate, with
/// where it comes from (shown beside every estimate).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TypicalAmount {
    pub euros_per_year: u32,
    /// E.g. "CPB 2025: mediaan €62–67 per maand".
    pub source: String,
}

/// One scheme's part of the estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct EstimateLine {
    pub scheme: String,
    /// Contacts where the resident did not use the scheme.
    pub not_used: u32,
    pub typical_per_year: u32,
    pub euros_per_year: u64,
    pub source: String,
}

/// An estimate ("schatting") of money left unclaimed a year: non-use
/// counted × the team's typical yearly amount, per scheme that has one.
/// Schemes without an amount are named, so the basis is always clear.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Estimate {
    pub lines: Vec<EstimateLine>,
    pub euros_per_year: u64,
    /// Schemes with non-use counted but no typical amount set.
    pub without_amount: Vec<String>,
}

/// The estimate from `not_used` (scheme id, contacts) and each scheme's
/// typical amount as `typical` gives it.
pub fn estimate<'a>(
    not_used: impl IntoIterator<Item = (&'a str, u32)>,
    typical: impl Fn(&str) -> Option<&'a TypicalAmount>,
) -> Estimate {
    let mut estimate = Estimate::default();
    for (scheme, count) in not_used {
        if count == 0 {
            continue;
        }
        match typical(scheme) {
            Some(amount) => {
                let euros = u64::from(count) * u64::from(amount.euros_per_year);
                estimate.euros_per_year += euros;
                estimate.lines.push(EstimateLine {
                    scheme: scheme.to_string(),
                    not_used: count,
                    typical_per_year: amount.euros_per_year,
                    euros_per_year: euros,
                    source: amount.source.clone(),
                });
            }
            None => estimate.without_amount.push(scheme.to_string()),
        }
    }
    estimate
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn granted(euros: u32, per: Per) -> Outcome {
        Outcome {
            decision: Decision::Granted,
            amount: Some(Amount { euros, per }),
        }
    }

    #[test]
    fn forty_five_a_month_is_five_hundred_forty_a_year() {
        assert_eq!(
            Amount {
                euros: 45,
                per: Per::Month
            }
            .yearly(),
            540
        );
        assert_eq!(
            Amount {
                euros: 300,
                per: Per::Once
            }
            .yearly(),
            300
        );
        let outcomes = [
            granted(45, Per::Month),
            granted(300, Per::Once),
            Outcome {
                decision: Decision::Granted,
                amount: None,
            },
            Outcome {
                decision: Decision::Refused,
                amount: None,
            },
            Outcome {
                decision: Decision::Pending,
                amount: None,
            },
        ];
        assert_eq!(
            unlocked(&outcomes),
            Unlocked {
                euros_per_year: 840,
                with_amount: 2,
                without_amount: 1
            }
        );
    }

    #[test]
    fn only_a_grant_holds_an_amount_of_one_to_the_maximum() {
        assert!(granted(45, Per::Month).validate("o").is_ok());
        assert!(granted(MAX_EUROS, Per::Once).validate("o").is_ok());
        let zero = granted(0, Per::Month).validate("o").unwrap_err();
        assert_eq!(zero.field, "o.amount.euros");
        assert!(granted(MAX_EUROS + 1, Per::Month).validate("o").is_err());
        let refused = Outcome {
            decision: Decision::Refused,
            amount: Some(Amount {
                euros: 10,
                per: Per::Month,
            }),
        };
        assert_eq!(
            refused.validate("o").unwrap_err().problem,
            ProblemKind::Mismatch
        );
    }

    #[test]
    fn the_estimate_names_its_basis_and_what_it_leaves_out() {
        let huur = TypicalAmount {
            euros_per_year: 744,
            source: "team".into(),
        };
        let found = estimate(
            [("huurtoeslag", 3), ("kwijtschelding", 2), ("stadspas", 0)],
            |scheme| (scheme == "huurtoeslag").then_some(&huur),
        );
        assert_eq!(found.euros_per_year, 2_232);
        assert_eq!(found.lines.len(), 1);
        assert_eq!(
            (found.lines[0].not_used, found.lines[0].typical_per_year),
            (3, 744)
        );
        assert_eq!(found.without_amount, ["kwijtschelding"]);
    }

    proptest! {
        /// The total is the sum of the parts; a month is a twelfth of a
        /// year; refusals and pending outcomes add nothing.
        #[test]
        fn unlocked_adds_up(
            outcomes in proptest::collection::vec(
                (0usize..4, proptest::option::of((1u32..=MAX_EUROS, any::<bool>()))),
                0..50,
            )
        ) {
            let outcomes: Vec<Outcome> = outcomes
                .into_iter()
                .map(|(d, amount)| {
                    let decision = Decision::ALL[d];
                    let amount = amount
                        .filter(|_| decision == Decision::Granted)
                        .map(|(euros, monthly)| Amount { euros, per: if monthly { Per::Month } else { Per::Once } });
                    Outcome { decision, amount }
                })
                .collect();
            let total = unlocked(&outcomes);
            let expected: u64 = outcomes.iter().filter_map(|o| o.amount).map(|a| match a.per {
                Per::Month => u64::from(a.euros) * 12,
                Per::Once => u64::from(a.euros),
            }).sum();
            prop_assert_eq!(total.euros_per_year, expected);
            let grants = outcomes.iter().filter(|o| o.decision == Decision::Granted).count() as u32;
            prop_assert_eq!(total.with_amount + total.without_amount, grants);
            prop_assert!(outcomes.iter().all(|o| o.validate("o").is_ok()));
        }

        #[test]
        fn the_estimate_is_the_sum_of_its_lines(
            counts in proptest::collection::vec((0u32..100_000, proptest::option::of(1u32..50_000)), 0..20)
        ) {
            let typical: Vec<Option<TypicalAmount>> = counts
                .iter()
                .map(|(_, t)| t.map(|euros_per_year| TypicalAmount { euros_per_year, source: String::new() }))
                .collect();
            let ids: Vec<String> = (0..counts.len()).map(|i| format!("s{i}")).collect();
            let found = estimate(
                ids.iter().zip(&counts).map(|(id, (n, _))| (id.as_str(), *n)),
                |id| typical[id[1..].parse::<usize>().unwrap()].as_ref(),
            );
            let sum: u64 = found.lines.iter().map(|l| l.euros_per_year).sum();
            prop_assert_eq!(found.euros_per_year, sum);
            for line in &found.lines {
                prop_assert_eq!(line.euros_per_year, u64::from(line.not_used) * u64::from(line.typical_per_year));
            }
            let counted = counts.iter().filter(|(n, _)| *n > 0).count();
            prop_assert_eq!(found.lines.len() + found.without_amount.len(), counted);
        }
    }
}
