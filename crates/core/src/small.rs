//! Small numbers in anything that leaves the team: a count of 1 to 4 could
//! point at a person, so it shows as "fewer than 5" ([`Shown::Hidden`]),
//! and a table hides one more cell when one hidden cell could otherwise
//! be worked out from the total. Zero stays zero: it points at no one.
//!
//! Public reports use this rule (and, later, signals and regions), so a
//! reader never sees a count between 1 and 4, in the page or in its data.

use serde::{Deserialize, Serialize};

/// The smallest count shown as itself outside the team.
pub const SMALLEST_SHOWN: u32 = 5;

/// A count as it may be shown outside the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    /// Zero, or at least [`SMALLEST_SHOWN`].
    Count(u32),
    /// "Minder dan 5": 1 to 4, or a larger count hidden so that a hidden
    /// neighbour cannot be worked out.
    Hidden,
}

impl Shown {
    /// The count, when it is shown.
    pub fn count(self) -> Option<u32> {
        match self {
            Shown::Count(n) => Some(n),
            Shown::Hidden => None,
        }
    }
}

/// One count on its own: hidden when it is 1 to 4.
pub fn shown(n: u32) -> Shown {
    if n == 0 || n >= SMALLEST_SHOWN {
        Shown::Count(n)
    } else {
        Shown::Hidden
    }
}

/// The cells of one table row or question whose `total` is shown beside
/// them. Cells of 1 to 4 are hidden; when that hides exactly one cell, the
/// smallest other non-zero cell is hidden too, so that the total minus the
/// cells shown does not give the hidden one away. When the total itself
/// is hidden, every non-zero cell is.
pub fn shown_row(cells: &[u32], total: u32) -> Vec<Shown> {
    if shown(total) == Shown::Hidden {
        return cells
            .iter()
            .map(|&n| {
                if n == 0 {
                    Shown::Count(0)
                } else {
                    Shown::Hidden
                }
            })
            .collect();
    }
    let mut row: Vec<Shown> = cells.iter().map(|&n| shown(n)).collect();
    let hidden = row.iter().filter(|s| **s == Shown::Hidden).count();
    if hidden == 1 {
        let smallest_other = cells
            .iter()
            .enumerate()
            .filter(|&(i, &n)| n > 0 && row[i] != Shown::Hidden)
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i);
        if let Some(i) = smallest_other {
            row[i] = Shown::Hidden;
        }
    }
    row
}

/// A mean shown only when at least [`SMALLEST_SHOWN`] answers make it.
pub fn shown_mean(mean: Option<u32>, answered: u32) -> Option<u32> {
    mean.filter(|_| answered >= SMALLEST_SHOWN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_to_four_are_hidden_zero_and_five_up_shown() {
        let all: Vec<Shown> = (0..=6).map(shown).collect();
        assert_eq!(
            all,
            [
                Shown::Count(0),
                Shown::Hidden,
                Shown::Hidden,
                Shown::Hidden,
                Shown::Hidden,
                Shown::Count(5),
                Shown::Count(6)
            ]
        );
    }

    #[test]
    fn a_lone_hidden_cell_takes_the_smallest_other_with_it() {
        use Shown::{Count, Hidden};
        // 12 answered: 3 + 9 would give the 3 away; 9 goes too.
        assert_eq!(shown_row(&[3, 9], 12), [Hidden, Hidden]);
        // Two hidden already: nothing more to hide.
        assert_eq!(shown_row(&[3, 2, 20], 25), [Hidden, Hidden, Count(20)]);
        // The smallest other, not the first: 6 goes, 20 stays.
        assert_eq!(
            shown_row(&[20, 4, 6, 0], 30),
            [Count(20), Hidden, Hidden, Count(0)]
        );
        // Nothing small: all shown.
        assert_eq!(shown_row(&[5, 0, 7], 12), [Count(5), Count(0), Count(7)]);
        // A total of 1 to 4 hides every cell but the empty ones.
        assert_eq!(shown_row(&[3, 0], 3), [Hidden, Count(0)]);
        assert_eq!(shown_mean(Some(367), 4), None);
        assert_eq!(shown_mean(Some(367), 5), Some(367));
    }

    proptest! {
        /// No count between 1 and 4 is ever shown, and a hidden non-zero
        /// cell never stands alone when the total is shown.
        #[test]
        fn no_small_count_is_shown_nor_worked_out(
            cells in proptest::collection::vec(0u32..12, 0..8),
            extra in 0u32..6,
        ) {
            let total = cells.iter().sum::<u32>() + extra;
            let row = shown_row(&cells, total);
            prop_assert_eq!(row.len(), cells.len());
            for (shown, &n) in row.iter().zip(&cells) {
                if let Shown::Count(c) = shown {
                    prop_assert_eq!(*c, n, "a shown count is the count");
                    prop_assert!(!(1..SMALLEST_SHOWN).contains(c));
                }
            }
            let hidden = row.iter().zip(&cells).filter(|(s, n)| **s == Shown::Hidden && **n > 0).count();
            if shown(total) != Shown::Hidden && hidden > 0 {
                // What the total minus the shown cells leaves is spread
                // over at least two hidden cells, or over none that count.
                let non_zero = cells.iter().filter(|&&n| n > 0).count();
                prop_assert!(hidden >= 2 || non_zero == 1, "{:?} of {} → {:?}", cells, total, row);
            }
        }
    }
}
