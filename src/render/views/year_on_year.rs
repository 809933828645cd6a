//! This year against last (前年度比較): which items' grade rose, fell or
//! stayed between the last graded year of the report and the graded year
//! before it. Computed once here; the plan page and the print view show the
//! same result (`plan.year_on_year`), and the print view's overview table
//! takes its two years from it.

use serde::Serialize;

use super::{Ctx, Status};
use crate::model::{Plan, Year, YearMap};

/// How an item's grade moved between the two years, by the scale's level
/// order (best level first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Rose,
    Fell,
    Same,
}

/// One item graded in both years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared<'a> {
    /// The item's place in the plan.
    pub item: usize,
    pub from: &'a str,
    pub to: &'a str,
    pub change: Change,
}

/// The comparison of a plan's grades in two years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearOnYear<'a> {
    pub previous: Year,
    pub current: Year,
    /// Every item graded in both years, in the plan's order.
    pub compared: Vec<Compared<'a>>,
    /// Items without a grade (or with one the scale does not know) in
    /// either year: nothing to compare.
    pub not_compared: usize,
}

impl YearOnYear<'_> {
    pub fn count(&self, change: Change) -> usize {
        self.compared.iter().filter(|c| c.change == change).count()
    }
}

/// Compares the items' grades (`statuses`, one map per item) in the last
/// year up to `report_year` that has any grade with the graded year before
/// it; `order` is the scale's level keys, best first. None where fewer than
/// two years up to the report year have grades: there is nothing to compare.
///
/// The years are those with grades, not the calendar's: a plan graded every
/// other year compares the two reports. The pages name both years.
pub fn compare<'a>(
    statuses: &[&'a YearMap<String>],
    report_year: Year,
    order: &[&str],
) -> Option<YearOnYear<'a>> {
    let graded: std::collections::BTreeSet<Year> = statuses
        .iter()
        .flat_map(|s| s.keys().copied())
        .filter(|y| *y <= report_year)
        .collect();
    let mut back = graded.iter().rev();
    let current = *back.next()?;
    let previous = *back.next()?;
    let rank = |key: &str| order.iter().position(|k| *k == key);
    let mut compared = Vec::new();
    let mut not_compared = 0;
    for (item, s) in statuses.iter().enumerate() {
        let (Some(from), Some(to)) = (s.get(&previous), s.get(&current)) else {
            not_compared += 1;
            continue;
        };
        let (Some(a), Some(b)) = (rank(from), rank(to)) else {
            not_compared += 1;
            continue;
        };
        // Best level first: a smaller place is a better grade.
        let change = match b.cmp(&a) {
            std::cmp::Ordering::Less => Change::Rose,
            std::cmp::Ordering::Greater => Change::Fell,
            std::cmp::Ordering::Equal => Change::Same,
        };
        compared.push(Compared {
            item,
            from,
            to,
            change,
        });
    }
    Some(YearOnYear {
        previous,
        current,
        compared,
        not_compared,
    })
}

/// The comparison as the pages show it.
#[derive(Serialize)]
pub struct YearOnYearView<'a> {
    previous: Year,
    current: Year,
    previous_text: String,
    current_text: String,
    rose: usize,
    fell: usize,
    same: usize,
    not_compared: usize,
    /// The scale's levels, best first, joined for the sentence that says
    /// what "rose" means.
    order_text: String,
    /// The items whose grade rose or fell, in the plan's order.
    changed: Vec<ChangedRow<'a>>,
}

#[derive(Serialize)]
struct ChangedRow<'a> {
    number: &'a str,
    title: &'a str,
    /// The item's page, from the site's root.
    url: String,
    /// The item's element in the print view.
    anchor: String,
    change: Change,
    from: Status<'a>,
    to: Status<'a>,
}

impl<'a> Ctx<'a> {
    /// The plan's comparison of this year with last, computed by [`compare`].
    pub fn year_on_year(&self, plan: &'a Plan, plan_dir: &str) -> Option<YearOnYearView<'a>> {
        let order = self.level_order(plan);
        let statuses: Vec<&YearMap<String>> = plan.items.iter().map(|i| &i.status).collect();
        let yoy = compare(&statuses, plan.report_year, &order)?;
        let changed = yoy
            .compared
            .iter()
            .filter(|c| c.change != Change::Same)
            .map(|c| {
                let item = &plan.items[c.item];
                ChangedRow {
                    number: &item.number,
                    title: &item.title,
                    url: self.page_link(format!("{plan_dir}{}/", item.slug)),
                    anchor: format!("item-{}-item", item.slug),
                    change: c.change,
                    from: self.status(plan, yoy.previous, c.from),
                    to: self.status(plan, yoy.current, c.to),
                }
            })
            .collect();
        let labels: Vec<&str> = order
            .iter()
            .map(|k| self.level(plan, k).map_or(*k, |l| l.label.as_str()))
            .collect();
        Some(YearOnYearView {
            previous: yoy.previous,
            current: yoy.current,
            previous_text: self.year(Some(plan), yoy.previous),
            current_text: self.year(Some(plan), yoy.current),
            rose: yoy.count(Change::Rose),
            fell: yoy.count(Change::Fell),
            same: yoy.count(Change::Same),
            not_compared: yoy.not_compared,
            order_text: labels.join(" → "),
            changed,
        })
    }

    /// The keys of the plan's scale, best first.
    pub(super) fn level_order(&self, plan: &Plan) -> Vec<&'a str> {
        self.config.scales.get(&plan.scale).map_or(Vec::new(), |s| {
            s.levels.iter().map(|l| l.key.as_str()).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(g: &[(Year, &str)]) -> YearMap<String> {
        g.iter().map(|(y, k)| (*y, k.to_string())).collect()
    }

    const ABCD: [&str; 4] = ["A", "B", "C", "D"];

    #[test]
    fn rose_fell_and_stayed_by_the_scales_order() {
        let items = [
            grades(&[(2019, "C"), (2020, "A")]),
            grades(&[(2019, "B"), (2020, "D")]),
            grades(&[(2019, "C"), (2020, "C")]),
            grades(&[(2020, "B")]),
        ];
        let refs: Vec<_> = items.iter().collect();
        let y = compare(&refs, 2020, &ABCD).expect("two graded years");
        assert_eq!((y.previous, y.current), (2019, 2020));
        let changes: Vec<_> = y.compared.iter().map(|c| (c.item, c.change)).collect();
        assert_eq!(
            changes,
            [(0, Change::Rose), (1, Change::Fell), (2, Change::Same)]
        );
        assert_eq!(y.not_compared, 1);
        assert_eq!(
            (
                y.count(Change::Rose),
                y.count(Change::Fell),
                y.count(Change::Same)
            ),
            (1, 1, 1)
        );
    }

    #[test]
    fn the_order_is_the_scales_not_the_alphabets() {
        // Arao's scale: ○ best, then △, ×, and - (starts later) last.
        let order = ["○", "△", "×", "-"];
        let items = [
            grades(&[(2021, "△"), (2022, "×")]),
            grades(&[(2021, "-"), (2022, "○")]),
        ];
        let refs: Vec<_> = items.iter().collect();
        let y = compare(&refs, 2022, &order).unwrap();
        let changes: Vec<_> = y.compared.iter().map(|c| c.change).collect();
        assert_eq!(changes, [Change::Fell, Change::Rose]);
    }

    #[test]
    fn the_last_two_graded_years_up_to_the_report_year() {
        // Graded 2019–2022, reporting 2021: 2022 is after the report and
        // left out; 2021 is compared with 2020, not with 2019.
        let items = [grades(&[
            (2019, "D"),
            (2020, "C"),
            (2021, "B"),
            (2022, "A"),
        ])];
        let refs: Vec<_> = items.iter().collect();
        let y = compare(&refs, 2021, &ABCD).unwrap();
        assert_eq!((y.previous, y.current), (2020, 2021));
        assert_eq!(y.compared[0].from, "C");
        assert_eq!(y.compared[0].to, "B");
    }

    #[test]
    fn one_graded_year_or_none_has_nothing_to_compare() {
        let one = [grades(&[(2023, "A")]), grades(&[(2023, "B")])];
        let refs: Vec<_> = one.iter().collect();
        assert_eq!(compare(&refs, 2023, &ABCD), None);
        let none = [grades(&[])];
        let refs: Vec<_> = none.iter().collect();
        assert_eq!(compare(&refs, 2023, &ABCD), None);
        // A grade the scale does not know is not compared.
        let unknown = [grades(&[(2019, "A"), (2020, "Z")])];
        let refs: Vec<_> = unknown.iter().collect();
        let y = compare(&refs, 2020, &ABCD).unwrap();
        assert!(y.compared.is_empty());
        assert_eq!(y.not_compared, 1);
    }
}
