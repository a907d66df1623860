//! Small numbers in anything that leaves the team: a count of 1 to 4 could
//! point at a person, so it shows as "fewer than 5" ([`Shown::Hidden`]),
//! and a table hides one more cell when one hidden cell could otherwise
//! be worked out from the total. Zero stays zero: it points at no one.
//!
//! Public reports and signals use this rule, so a reader never sees a
//! count between 1 and 4, in the page or in its data. [`shown_table`] is
//! the rule for a table summed over several teams (a region's view): it
//! also keeps one team's or one month's share from being worked out.

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

/// A table of counts that adds up (rows × columns, with row totals,
/// column totals and a grand total), as a region sees it summed over its
/// teams, with every figure suppressed so that no count of 1 to 4 can be
/// seen or worked out:
///
/// - **primary**: a figure of 1 to 4 is hidden; so is a figure one of
///   whose *pieces* is 1 to 4. A piece is a part of a figure that a reader
///   can take away by asking again with one thing left out: one team's
///   contribution (a filter without that team), or the first or last
///   month of the period (a filter one month shorter). So the difference
///   of two answers that differ by one team or one month is never 1 to 4.
/// - **secondary**: in every line of the table (a row with its total, a
///   column with its total, the row totals with the grand total, the
///   column totals with the grand total) that shows its total, what the
///   total leaves after the shown cells is 0 or at least 5 and is spread
///   over at least two hidden figures; a hidden total has at least one
///   hidden cell beside it. Cells are hidden in turn, smallest first,
///   until every line holds. Lines are checked one by one, as is usual for
///   tables of this size; no linear solver looks across lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownTable {
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Vec<Shown>,
    pub column_totals: Vec<Shown>,
    pub total: Shown,
}

/// Which figure of a table: a cell, a row total, a column total, the
/// grand total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figure {
    Cell(usize, usize),
    Row(usize),
    Column(usize),
    Total,
}

/// Suppresses `cells` (rows of equal length) whose `pieces` are given as
/// tables of the same shape (each piece a part of every cell: one team's
/// counts, or the first or last month's). See [`ShownTable`].
pub fn shown_table(cells: &[Vec<u32>], pieces: &[Vec<Vec<u32>>]) -> ShownTable {
    let rows = cells.len();
    let columns = cells.first().map_or(0, Vec::len);
    let at = |table: &[Vec<u32>], r: usize, c: usize| -> u32 {
        table
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0)
    };
    let value = |table: &[Vec<u32>], figure: Figure| -> u32 {
        match figure {
            Figure::Cell(r, c) => at(table, r, c),
            Figure::Row(r) => (0..columns).map(|c| at(table, r, c)).sum(),
            Figure::Column(c) => (0..rows).map(|r| at(table, r, c)).sum(),
            Figure::Total => (0..rows)
                .flat_map(|r| (0..columns).map(move |c| (r, c)))
                .map(|(r, c)| at(table, r, c))
                .sum(),
        }
    };
    let small = |n: u32| (1..SMALLEST_SHOWN).contains(&n);
    let primary = |figure: Figure| {
        small(value(cells, figure)) || pieces.iter().any(|piece| small(value(piece, figure)))
    };
    let mut hidden_cells: Vec<Vec<bool>> = (0..rows)
        .map(|r| (0..columns).map(|c| primary(Figure::Cell(r, c))).collect())
        .collect();
    let mut hidden_rows: Vec<bool> = (0..rows).map(|r| primary(Figure::Row(r))).collect();
    let mut hidden_columns: Vec<bool> = (0..columns).map(|c| primary(Figure::Column(c))).collect();
    let mut hidden_total = primary(Figure::Total);

    // The lines, each as its members and its total.
    let mut lines: Vec<(Vec<Figure>, Figure)> = Vec::new();
    for r in 0..rows {
        lines.push((
            (0..columns).map(|c| Figure::Cell(r, c)).collect(),
            Figure::Row(r),
        ));
    }
    for c in 0..columns {
        lines.push((
            (0..rows).map(|r| Figure::Cell(r, c)).collect(),
            Figure::Column(c),
        ));
    }
    lines.push(((0..rows).map(Figure::Row).collect(), Figure::Total));
    lines.push(((0..columns).map(Figure::Column).collect(), Figure::Total));

    loop {
        let is_hidden =
            |figure: Figure, cells: &[Vec<bool>], rows: &[bool], columns: &[bool], total: bool| {
                match figure {
                    Figure::Cell(r, c) => cells[r][c],
                    Figure::Row(r) => rows[r],
                    Figure::Column(c) => columns[c],
                    Figure::Total => total,
                }
            };
        let mut to_hide = None;
        for (members, sum) in &lines {
            let hidden = |f: Figure| {
                is_hidden(
                    f,
                    &hidden_cells,
                    &hidden_rows,
                    &hidden_columns,
                    hidden_total,
                )
            };
            let hidden_members: Vec<Figure> =
                members.iter().copied().filter(|&f| hidden(f)).collect();
            let left = value(cells, *sum)
                - members
                    .iter()
                    .filter(|&&f| !hidden(f))
                    .map(|&f| value(cells, f))
                    .sum::<u32>();
            let safe = if hidden(*sum) {
                // A hidden total and one hidden member: two unknowns in
                // one sum. With every member shown, the total is theirs.
                !hidden_members.is_empty()
            } else {
                left == 0 && hidden_members.iter().all(|&f| value(cells, f) == 0)
                    || (!small(left) && hidden_members.len() >= 2)
            };
            if safe {
                continue;
            }
            // Hide the smallest non-zero member still shown; with none
            // left, the total.
            let next = members
                .iter()
                .copied()
                .filter(|&f| !hidden(f) && value(cells, f) > 0)
                .min_by_key(|&f| value(cells, f))
                .unwrap_or(*sum);
            if hidden(next) {
                // Every member zero under a hidden total: nothing to find.
                continue;
            }
            to_hide = Some(next);
            break;
        }
        match to_hide {
            None => break,
            Some(Figure::Cell(r, c)) => hidden_cells[r][c] = true,
            Some(Figure::Row(r)) => hidden_rows[r] = true,
            Some(Figure::Column(c)) => hidden_columns[c] = true,
            Some(Figure::Total) => hidden_total = true,
        }
    }
    let show = |figure: Figure, hide: bool| {
        if hide {
            Shown::Hidden
        } else {
            Shown::Count(value(cells, figure))
        }
    };
    ShownTable {
        cells: (0..rows)
            .map(|r| {
                (0..columns)
                    .map(|c| show(Figure::Cell(r, c), hidden_cells[r][c]))
                    .collect()
            })
            .collect(),
        row_totals: (0..rows)
            .map(|r| show(Figure::Row(r), hidden_rows[r]))
            .collect(),
        column_totals: (0..columns)
            .map(|c| show(Figure::Column(c), hidden_columns[c]))
            .collect(),
        total: show(Figure::Total, hidden_total),
    }
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

    /// Counts per team, month, row and column, and the table a region sees
    /// of them: summed over teams and months, with each team and the
    /// first and last month as pieces.
    fn region(counts: &[Vec<Vec<Vec<u32>>>]) -> (Vec<Vec<u32>>, Vec<Vec<Vec<u32>>>) {
        let rows = counts[0][0].len();
        let columns = counts[0][0][0].len();
        let sum = |pick: &dyn Fn(usize, usize) -> bool| -> Vec<Vec<u32>> {
            (0..rows)
                .map(|r| {
                    (0..columns)
                        .map(|c| {
                            let mut n = 0;
                            for (t, team) in counts.iter().enumerate() {
                                for (m, month) in team.iter().enumerate() {
                                    if pick(t, m) {
                                        n += month[r][c];
                                    }
                                }
                            }
                            n
                        })
                        .collect()
                })
                .collect()
        };
        let months = counts[0].len();
        let mut pieces: Vec<Vec<Vec<u32>>> = (0..counts.len())
            .map(|team| sum(&|t, _| t == team))
            .collect();
        pieces.push(sum(&|_, m| m == 0));
        pieces.push(sum(&|_, m| m == months - 1));
        (sum(&|_, _| true), pieces)
    }

    /// A line of a table as shown and as it is: members, then total.
    type Line = (Vec<(Shown, u32)>, (Shown, u32));

    fn figures(table: &ShownTable) -> Vec<Shown> {
        let mut all: Vec<Shown> = table.cells.iter().flatten().copied().collect();
        all.extend(&table.row_totals);
        all.extend(&table.column_totals);
        all.push(table.total);
        all
    }

    fn truths(cells: &[Vec<u32>]) -> Vec<u32> {
        let columns = cells.first().map_or(0, Vec::len);
        let mut all: Vec<u32> = cells.iter().flatten().copied().collect();
        all.extend(cells.iter().map(|row| row.iter().sum::<u32>()));
        all.extend((0..columns).map(|c| cells.iter().map(|row| row[c]).sum::<u32>()));
        all.push(cells.iter().flatten().sum());
        all
    }

    #[test]
    fn a_region_table_hides_small_pieces_and_what_would_give_them_away() {
        use Shown::{Count, Hidden};
        // Two teams, one month; team B adds 3 to the first cell.
        let counts = vec![
            vec![vec![vec![20, 10], vec![8, 9]]],
            vec![vec![vec![3, 0], vec![0, 0]]],
        ];
        let (cells, pieces) = region(&counts);
        let table = shown_table(&cells, &pieces);
        // 23 holds team B's 3: hidden, as is its row and column total
        // (both hold the 3) and the grand total; then its row and column
        // each need a second hidden cell.
        assert_eq!(table.cells[0][0], Hidden);
        assert_eq!(table.row_totals[0], Hidden);
        assert_eq!(table.column_totals[0], Hidden);
        assert_eq!(table.total, Hidden);
        assert_eq!(table.cells[1][1], Count(9), "far from team B: shown");
        // Nothing small is shown, whatever else.
        for figure in figures(&table) {
            if let Count(n) = figure {
                assert!(!(1..5).contains(&n));
            }
        }
        // No pieces: a 3 hides itself, and in its row and column the
        // smallest other cells go with it until each line holds; the
        // third row and the first column stay whole.
        let table = shown_table(&[vec![20, 3, 10], vec![15, 9, 12], vec![30, 25, 40]], &[]);
        assert_eq!(
            table.cells,
            [
                vec![Count(20), Hidden, Hidden],
                vec![Count(15), Hidden, Hidden],
                vec![Count(30), Count(25), Count(40)]
            ]
        );
        assert_eq!(table.row_totals, [Count(33), Count(36), Count(95)]);
        assert_eq!(table.total, Count(164));
        // A 2 × 2 table with one small cell has nothing it can show but
        // its totals.
        let table = shown_table(&[vec![12, 3], vec![7, 8]], &[]);
        assert!(table.cells.iter().flatten().all(|f| *f == Hidden));
        assert_eq!(table.total, Count(30));
        // Nothing small at all: everything shown.
        let table = shown_table(&[vec![12, 5], vec![0, 8]], &[]);
        assert!(figures(&table).iter().all(|f| *f != Hidden));
    }

    proptest! {
        /// Whatever the teams and months: nothing of 1 to 4 is shown; no
        /// shown figure has a piece of 1 to 4, so two answers that differ
        /// by one team or one month never differ by 1 to 4; and no line
        /// gives a hidden figure away.
        #[test]
        fn a_region_table_never_shows_or_gives_away_a_small_count(
            counts in (1usize..4, 1usize..4, 1usize..4, 1usize..4).prop_flat_map(|(teams, months, rows, columns)| {
                proptest::collection::vec(
                    proptest::collection::vec(
                        proptest::collection::vec(
                            proptest::collection::vec(prop_oneof![3 => Just(0u32), 3 => 1u32..5, 2 => 5u32..30], columns),
                            rows),
                        months),
                    teams)
            }),
        ) {
            let (cells, pieces) = region(&counts);
            let table = shown_table(&cells, &pieces);
            let rows = cells.len();
            let columns = cells[0].len();
            prop_assert_eq!(table.cells.len(), rows);
            let truth = truths(&cells);
            let piece_truths: Vec<Vec<u32>> = pieces.iter().map(|p| truths(p)).collect();
            for (i, figure) in figures(&table).iter().enumerate() {
                if let Shown::Count(n) = figure {
                    prop_assert_eq!(*n, truth[i], "a shown figure is the figure");
                    prop_assert!(!(1..SMALLEST_SHOWN).contains(n), "small shown");
                    for piece in &piece_truths {
                        prop_assert!(!(1..SMALLEST_SHOWN).contains(&piece[i]),
                            "one team or month less would show a difference of {}", piece[i]);
                    }
                }
            }
            // Every line: members and total.
            let mut lines: Vec<Line> = Vec::new();
            for r in 0..rows {
                lines.push(((0..columns).map(|c| (table.cells[r][c], cells[r][c])).collect(),
                    (table.row_totals[r], truth[rows * columns + r])));
            }
            for c in 0..columns {
                lines.push(((0..rows).map(|r| (table.cells[r][c], cells[r][c])).collect(),
                    (table.column_totals[c], truth[rows * columns + rows + c])));
            }
            let grand = (table.total, *truth.last().unwrap());
            lines.push(((0..rows).map(|r| (table.row_totals[r], truth[rows * columns + r])).collect(), grand));
            lines.push(((0..columns).map(|c| (table.column_totals[c], truth[rows * columns + rows + c])).collect(), grand));
            for (members, (total, value)) in &lines {
                let hidden: Vec<u32> = members.iter().filter(|(s, _)| *s == Shown::Hidden).map(|(_, n)| *n).collect();
                if *total == Shown::Hidden {
                    prop_assert!(!hidden.is_empty() || *value == 0, "a hidden total is the sum of shown members");
                } else {
                    let left: u32 = hidden.iter().sum();
                    prop_assert!(left == 0 || (left >= SMALLEST_SHOWN && hidden.len() >= 2),
                        "a line gives away {} over {} hidden", left, hidden.len());
                }
            }
        }
    }
}
