//! The 成果指標 and スケジュール sheets: one row per KPI (or action) and
//! fiscal year, with the KPI's own columns repeated on each of its rows.

use std::collections::BTreeMap;

use crate::config::Language;
use crate::content::reader::fmt_number;
use crate::diagnostics::Location;
use crate::model::{Datum, Value, Year};
use crate::tr;
use crate::workbook::edits::{ActionEdits, Change, KpiEdits, KpiYear, Noted};
use crate::workbook::import::cells::{self, is_blank, is_clear_cell, Read};
use crate::workbook::layout::{
    direction_labels, direction_text, method_labels, method_text, parse_direction, parse_method,
    Col,
};
use crate::workbook::Cell;

use super::{row_no, Reader, Table};

/// The rows of one KPI or action: (item's place in the edits, its number)
/// → rows with their year (None: a row without a year).
type Groups = Vec<((usize, usize), Vec<(usize, Option<Year>)>)>;

fn shown_value(v: &Value) -> String {
    match v {
        Value::Number(n) => fmt_number(*n),
        Value::Text(t) => t.clone(),
    }
}

impl Reader<'_> {
    /// Rows grouped by KPI or action, identities checked: the item exists,
    /// the number is whole, the year reads, no identity twice.
    fn groups(&mut self, t: &Table, number_col: Col) -> Groups {
        let number_ja = number_col.header(Language::Ja, self.style);
        let number_en = number_col.header(Language::En, self.style);
        let mut groups: Groups = Vec::new();
        let mut seen: BTreeMap<(usize, usize, Option<Year>), usize> = BTreeMap::new();
        let years: Vec<Year> = (self.plan.period[0]..=self.plan.period[1]).collect();
        for row in t.rows().collect::<Vec<_>>() {
            let item_cell = t.cell(row, Col::ItemNumber).clone();
            let at = t.loc(row, Col::ItemNumber, "");
            let number = match cells::identity(&item_cell) {
                Ok(n) if n.is_empty() || is_clear_cell(&item_cell) => {
                    self.error(
                        at,
                        tr!(
                            "項目番号がありません。この行の項目の番号を入力してください",
                            "the item number is missing; type the number of this row's item"
                        ),
                    );
                    continue;
                }
                Ok(n) => n,
                Err(p) => {
                    self.problem(at, p);
                    continue;
                }
            };
            let Some(item) = self.item_for(&number, &at) else {
                self.error(
                    t.loc(row, Col::ItemNumber, &self.item_context(&number)),
                    tr!(
                        "項目番号「{number}」の項目はこの計画にも「項目」シートにもありません",
                        "there is no item \"{number}\" in the plan or on the items sheet"
                    ),
                );
                continue;
            };
            let context = self.item_context(&number);
            let ncell = t.cell(row, number_col).clone();
            let n = match cells::whole_number(&ncell) {
                Ok(n) => n,
                Err(p) => {
                    self.problem(t.loc(row, number_col, &context), p);
                    continue;
                }
            };
            let ycell = t.cell(row, Col::Year).clone();
            let year = if is_blank(&ycell) {
                None
            } else {
                match cells::year(&ycell, &years, self.style, self.lang) {
                    Ok(y) => Some(y),
                    Err(p) => {
                        self.problem(t.loc(row, Col::Year, &context), p);
                        continue;
                    }
                }
            };
            let context = year.map_or(context, |y| self.year_context(y));
            if let Some(&first) = seen.get(&(item, n, year)) {
                let first = row_no(first);
                self.error(
                    t.loc(row, Col::Year, &context),
                    tr!(
                        "同じ行がほかにもあります({first} 行目)。項目番号・{number_ja}・年度が同じ行は1行にしてください",
                        "the same row is also row {first}; keep one row per item number, {number_en} and year"
                    ),
                );
                continue;
            }
            seen.insert((item, n, year), row);
            match groups.iter_mut().find(|(k, _)| *k == (item, n)) {
                Some((_, rows)) => rows.push((row, year)),
                None => groups.push(((item, n), vec![(row, year)])),
            }
        }
        groups
    }

    fn row_context(&self, item: usize, year: Option<Year>) -> String {
        match year {
            Some(y) => self.year_context(y),
            None => self.item_context(&self.edits.items[item].number.clone()),
        }
    }

    /// A column repeated on every row of a KPI or action: one value for all.
    #[allow(clippy::too_many_arguments)]
    fn repeated<T: PartialEq + Clone>(
        &mut self,
        t: &Table,
        item: usize,
        rows: &[(usize, Option<Year>)],
        col: Col,
        current: Option<T>,
        show: impl Fn(&T) -> String,
        clear_ok: bool,
        read: impl Fn(&Cell) -> Read<T>,
    ) -> Change<T> {
        let Some(i) = t.index(col) else {
            return Change::Keep;
        };
        let mut distinct: Vec<(Change<T>, usize, Location)> = Vec::new();
        for &(row, year) in rows {
            let cell = t.rs.sheet.cell(row, i);
            if is_blank(cell) {
                continue;
            }
            let at = t.loc(row, col, &self.row_context(item, year));
            let v = if is_clear_cell(cell) {
                if !clear_ok {
                    let h = t.cols[i]
                        .as_ref()
                        .map(|(_, h)| h.clone())
                        .unwrap_or_default();
                    self.no_clear(at, &h);
                    continue;
                }
                Change::Clear
            } else {
                match read(cell) {
                    Ok(v) => Change::Set(v),
                    Err(p) => {
                        self.problem(at, p);
                        continue;
                    }
                }
            };
            if !distinct.iter().any(|(d, ..)| *d == v) {
                distinct.push((v, row, at));
            }
        }
        let now = match &current {
            Some(c) => Change::Set(c.clone()),
            None => Change::Clear,
        };
        match distinct.len() {
            0 => {
                if let (Some(c), Some(&(row, year))) = (&current, rows.first()) {
                    if !t.index(col).is_some_and(|i| t.merged(row, i)) {
                        let at = t.loc(row, col, &self.row_context(item, year));
                        self.kept(at, &show(c));
                    }
                }
                Change::Keep
            }
            1 => distinct.remove(0).0,
            2 if distinct.iter().any(|(d, ..)| *d == now) => distinct
                .into_iter()
                .find(|(d, ..)| *d != now)
                .map_or(Change::Keep, |(d, ..)| d),
            _ => {
                let say = |c: &Change<T>| match c {
                    Change::Set(v) => show(v),
                    _ => "削除".to_string(),
                };
                let (first, first_row, _) = &distinct[0];
                let (later, _, at) = &distinct[1];
                let (a, b, r) = (say(first), say(later), row_no(*first_row));
                let message = if col == Col::ActionTitle {
                    tr!(
                        "「{b}」が {r} 行目の「{a}」と違います。同じ取組の行では同じ値にしてください",
                        "\"{b}\" differs from \"{a}\" in row {r}; the rows of one action must agree"
                    )
                } else {
                    tr!(
                        "「{b}」が {r} 行目の「{a}」と違います。同じ指標の行では同じ値にしてください(1行だけ変えれば、その値になります)",
                        "\"{b}\" differs from \"{a}\" in row {r}; the rows of one KPI must agree (a change on one row alone is taken)"
                    )
                };
                self.error(at.clone(), message);
                Change::Keep
            }
        }
    }

    pub(super) fn kpis(&mut self, t: &Table) {
        let groups = self.groups(t, Col::KpiNumber);
        let plan = self.plan;
        let mut made: BTreeMap<usize, Vec<KpiEdits>> = BTreeMap::new();
        for ((item, number), rows) in groups {
            let slug = self.edits.items[item].slug.clone();
            let existing = plan
                .items
                .iter()
                .find(|i| i.slug == slug && !self.edits.items[item].new)
                .and_then(|i| i.kpis.get(number - 1));
            let first = rows[0].0;
            let at = t.loc(first, Col::KpiNumber, &self.row_context(item, rows[0].1));
            let text = |v: &String| v.clone();
            let name = self.repeated(
                t,
                item,
                &rows,
                Col::KpiName,
                existing.map(|k| k.name.clone()),
                text,
                false,
                cells::text,
            );
            if existing.is_none() && !matches!(name, Change::Set(_)) {
                self.error(
                    t.loc(first, Col::KpiName, &self.row_context(item, rows[0].1)),
                    tr!(
                        "新しい指標(指標番号 {number})には指標名が必要です",
                        "the new KPI (number {number}) needs a name"
                    ),
                );
            }
            let unit = self.repeated(
                t,
                item,
                &rows,
                Col::Unit,
                existing.and_then(|k| k.unit.clone()),
                text,
                true,
                cells::text,
            );
            let percent = match &unit {
                Change::Set(u) => u == "%" || u == "％",
                Change::Clear => false,
                Change::Keep => existing
                    .and_then(|k| k.unit.as_deref())
                    .is_some_and(|u| u == "%"),
            };
            let lang = self.lang;
            let direction = self.repeated(
                t,
                item,
                &rows,
                Col::Direction,
                existing.and_then(|k| k.direction),
                |d| direction_text(*d, lang).to_string(),
                true,
                |c| {
                    let s = cells::text(c)?;
                    parse_direction(&s).ok_or_else(|| label_problem(&s, &direction_labels(lang)))
                },
            );
            let method = self.repeated(
                t,
                item,
                &rows,
                Col::Method,
                existing.and_then(|k| k.method),
                |m| method_text(*m, lang).to_string(),
                true,
                |c| {
                    let s = cells::text(c)?;
                    parse_method(&s).ok_or_else(|| label_problem(&s, &method_labels(lang)))
                },
            );
            let base = existing.and_then(|k| k.baseline.as_ref());
            let baseline_value = self.repeated(
                t,
                item,
                &rows,
                Col::Baseline,
                base.map(|b| b.value.clone()),
                shown_value,
                true,
                |c| cells::value(c, percent),
            );
            let baseline_note = self.repeated(
                t,
                item,
                &rows,
                Col::BaselineNote,
                base.and_then(|b| b.note.clone()),
                text,
                true,
                cells::text,
            );
            let years: Vec<Year> = (plan.period[0]..=plan.period[1]).collect();
            let (style, lang) = (self.style, self.lang);
            let baseline_year = self.repeated(
                t,
                item,
                &rows,
                Col::BaselineYear,
                base.and_then(|b| b.year),
                |y| crate::workbook::layout::year_text(*y, style, lang),
                true,
                |c| cells::year(c, &years, style, lang),
            );
            let mut per_year = BTreeMap::new();
            for &(row, year) in &rows {
                let ctx = self.row_context(item, year);
                let Some(year) = year else {
                    self.yearless(
                        t,
                        row,
                        &ctx,
                        &[Col::Target, Col::Actual, Col::TargetNote, Col::ActualNote],
                    );
                    continue;
                };
                let target = existing.and_then(|k| k.targets.get(&year));
                let actual = existing.and_then(|k| k.actuals.get(&year));
                let y = KpiYear {
                    target: self.noted(t, row, &ctx, Col::Target, Col::TargetNote, target, percent),
                    actual: self.noted(t, row, &ctx, Col::Actual, Col::ActualNote, actual, percent),
                };
                per_year.insert(year, y);
            }
            made.entry(item).or_default().push(KpiEdits {
                number,
                at,
                name,
                unit,
                direction,
                method,
                baseline: Noted {
                    value: baseline_value,
                    note: baseline_note,
                },
                baseline_year,
                years: per_year,
            });
        }
        for (item, kpis) in made {
            let existing = self.existing_count(item, |i| i.kpis.len());
            let at = self.edits.items[item].at.clone();
            let placed = self.place(
                existing,
                kpis,
                |n| KpiEdits {
                    number: n,
                    at: at.clone(),
                    name: Change::Keep,
                    unit: Change::Keep,
                    direction: Change::Keep,
                    method: Change::Keep,
                    baseline: Noted::default(),
                    baseline_year: Change::Keep,
                    years: BTreeMap::new(),
                },
                |k| (k.number, k.at.clone()),
            );
            self.edits.items[item].kpis = placed;
        }
    }

    pub(super) fn schedule(&mut self, t: &Table) {
        let groups = self.groups(t, Col::ActionNumber);
        let plan = self.plan;
        let mut made: BTreeMap<usize, Vec<ActionEdits>> = BTreeMap::new();
        for ((item, number), rows) in groups {
            let slug = self.edits.items[item].slug.clone();
            let existing = plan
                .items
                .iter()
                .find(|i| i.slug == slug && !self.edits.items[item].new)
                .and_then(|i| i.actions.get(number - 1));
            let first = rows[0].0;
            let ctx = self.row_context(item, rows[0].1);
            let at = t.loc(first, Col::ActionNumber, &ctx);
            let title = self.repeated(
                t,
                item,
                &rows,
                Col::ActionTitle,
                existing.map(|a| a.title.clone()),
                |v| v.clone(),
                false,
                cells::text,
            );
            if existing.is_none() && !matches!(title, Change::Set(_)) {
                self.error(
                    t.loc(first, Col::ActionTitle, &ctx),
                    tr!(
                        "新しい取組(取組番号 {number})には取組名が必要です",
                        "the new action (number {number}) needs a title"
                    ),
                );
            }
            let mut years = BTreeMap::new();
            for &(row, year) in &rows {
                let ctx = self.row_context(item, year);
                let Some(year) = year else {
                    self.yearless(t, row, &ctx, &[Col::Planned, Col::Done]);
                    continue;
                };
                let shown = |d: Option<&Datum>| d.map(|d| shown_value(&d.value));
                let planned = self.field(
                    t,
                    row,
                    Col::Planned,
                    &ctx,
                    shown(existing.and_then(|a| a.plan.get(&year))),
                    true,
                    cells::schedule_value,
                );
                let done = self.field(
                    t,
                    row,
                    Col::Done,
                    &ctx,
                    shown(existing.and_then(|a| a.actual.get(&year))),
                    true,
                    cells::schedule_value,
                );
                years.insert(year, (planned, done));
            }
            made.entry(item).or_default().push(ActionEdits {
                number,
                at,
                title,
                years,
            });
        }
        for (item, actions) in made {
            let existing = self.existing_count(item, |i| i.actions.len());
            let at = self.edits.items[item].at.clone();
            let placed = self.place(
                existing,
                actions,
                |n| ActionEdits {
                    number: n,
                    at: at.clone(),
                    title: Change::Keep,
                    years: BTreeMap::new(),
                },
                |a| (a.number, a.at.clone()),
            );
            self.edits.items[item].actions = placed;
        }
    }

    fn existing_count(&self, item: usize, count: impl Fn(&crate::model::Item) -> usize) -> usize {
        let e = &self.edits.items[item];
        if e.new {
            return 0;
        }
        self.plan
            .items
            .iter()
            .find(|i| i.slug == e.slug)
            .map_or(0, count)
    }

    /// KPIs (actions) in number order, the untouched existing ones filled
    /// in; new numbers must follow the last one without a gap.
    fn place<T>(
        &mut self,
        existing: usize,
        mut made: Vec<T>,
        blank: impl Fn(usize) -> T,
        key: impl Fn(&T) -> (usize, Location),
    ) -> Vec<T> {
        made.sort_by_key(|m| key(m).0);
        let mut out: Vec<T> = Vec::new();
        for m in made {
            let (n, at) = key(&m);
            while out.len() + 1 < n && out.len() < existing {
                out.push(blank(out.len() + 1));
            }
            if out.len() + 1 != n {
                let next = out.len() + 1;
                self.error(
                    at,
                    tr!(
                        "番号 {n} の前に番号 {next} がありません。新しい番号は続きの番号にしてください",
                        "there is no number {next} before {n}; number new rows on from the last one"
                    ),
                );
                continue;
            }
            out.push(m);
        }
        out
    }

    /// A value and its note on one row; blank keeps, with a warning over a value.
    #[allow(clippy::too_many_arguments)]
    fn noted(
        &mut self,
        t: &Table,
        row: usize,
        ctx: &str,
        col: Col,
        note_col: Col,
        current: Option<&Datum>,
        percent: bool,
    ) -> Noted {
        Noted {
            value: self.field(
                t,
                row,
                col,
                ctx,
                current.map(|d| shown_value(&d.value)),
                true,
                |c| cells::value(c, percent),
            ),
            note: self.field(
                t,
                row,
                note_col,
                ctx,
                current.and_then(|d| d.note.clone()),
                true,
                cells::text,
            ),
        }
    }

    /// A row without a year can carry only what belongs to every year.
    fn yearless(&mut self, t: &Table, row: usize, ctx: &str, cols: &[Col]) {
        for &col in cols {
            if !is_blank(t.cell(row, col)) {
                self.error(
                    t.loc(row, Col::Year, ctx),
                    tr!(
                        "年度が空欄です。値を入れる行には年度を入力してください",
                        "the fiscal year is blank; a row with values needs its year"
                    ),
                );
                return;
            }
        }
    }
}

fn label_problem(found: &str, labels: &[&str]) -> cells::Problem {
    let list = labels.join("、");
    cells::Problem {
        message: tr!(
            "「{found}」は選べる値ではありません",
            "\"{found}\" is not one of the choices"
        ),
        help: Some(tr!("次から選んでください: {list}", "choose one of: {list}")),
    }
}
