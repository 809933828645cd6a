//! A plan as the sheets of a workbook, before any file format: the cells,
//! and what the writers need beside them (which column each is, how many
//! rows export wrote, which KPI rows take numbers). Tests change a [`Book`]
//! to make the bad workbooks staff make, so everything here is public.

use std::collections::BTreeSet;

use crate::config::{Config, Language};
use crate::model::{City, Datum, Direction, Kpi, Method, Plan, Value, Year, YearFormat};
use crate::workbook::layout::{
    self, direction_text, item_columns, method_text, year_text, Col, GuideKey, SheetKind,
};
use crate::workbook::{Cell, Sheet};

/// Everything the xlsx and CSV writers write, sheets in workbook order.
#[derive(Debug, Clone)]
pub struct Book {
    /// `city/plan`.
    pub plan_id: String,
    /// The language of sheet names, headers and input messages.
    pub lang: Language,
    /// The workbook's creation date (year, month, day): the plan's
    /// `issued`, else the site's, else 2000-01-01, never the clock, so that
    /// the same plan gives the same bytes.
    pub created: (u16, u8, u8),
    /// The plan's defaults, named in the input messages of 方向 and 算定方法.
    pub direction: Direction,
    pub method: Method,
    /// The columns of the hidden list sheet, each with a defined name.
    pub lists: Vec<List>,
    pub sheets: Vec<BookSheet>,
}

/// One sheet of a [`Book`].
#[derive(Debug, Clone, Default)]
pub struct BookSheet {
    /// What the sheet is; None for a sheet a test adds.
    pub kind: Option<SheetKind>,
    pub sheet: Sheet,
    /// The column of each cell of a data sheet's rows; empty on the guide
    /// and list sheets.
    pub columns: Vec<Col>,
    /// Column widths in characters, by column.
    pub widths: Vec<f64>,
    /// Rows of data export wrote below the header: their identity cells
    /// are locked; the spare rows below are not.
    pub data_rows: u32,
    /// Zero-based rows (of the KPI sheet) whose 目標, 実績 and 基準値 take
    /// numbers: the KPI's values are all numbers.
    pub number_rows: BTreeSet<u32>,
}

/// What a dropdown offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Levels,
    Categories,
    Directions,
    Methods,
    Years,
}

/// A column of the hidden list sheet: values from row 2 down, under a title.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub kind: ListKind,
    /// The defined name the dropdowns refer to.
    pub name: &'static str,
    /// Zero-based column on the list sheet.
    pub col: u16,
    /// How many values.
    pub len: u32,
}

/// The list a column's dropdown takes its values from, if any.
pub fn list_of(col: Col) -> Option<ListKind> {
    match col {
        Col::Status(_) => Some(ListKind::Levels),
        Col::Category | Col::Parent => Some(ListKind::Categories),
        Col::Direction => Some(ListKind::Directions),
        Col::Method => Some(ListKind::Methods),
        Col::Year | Col::BaselineYear => Some(ListKind::Years),
        _ => None,
    }
}

impl Book {
    pub fn sheet(&self, kind: SheetKind) -> Option<&BookSheet> {
        self.sheets.iter().find(|s| s.kind == Some(kind))
    }

    pub fn sheet_mut(&mut self, kind: SheetKind) -> Option<&mut BookSheet> {
        self.sheets.iter_mut().find(|s| s.kind == Some(kind))
    }
}

/// The plan as a workbook in `lang`.
pub fn book(config: &Config, city: &City, plan: &Plan, lang: Language) -> Book {
    let style = plan.year_format.unwrap_or(config.year_format);
    let ctx = Ctx { plan, lang, style };
    let created = plan
        .issued
        .as_deref()
        .and_then(parse_date)
        .or_else(|| config.issued.as_deref().and_then(parse_date))
        .unwrap_or((2000, 1, 1));
    let (lists_sheet, lists) = ctx.lists(config);
    let sheets = vec![
        ctx.guide(config, city),
        ctx.items(),
        ctx.kpis(),
        ctx.schedule(),
        ctx.categories(),
        lists_sheet,
    ];
    Book {
        plan_id: format!("{}/{}", city.slug, plan.slug),
        lang,
        created,
        direction: plan.direction,
        method: plan.method,
        lists,
        sheets,
    }
}

/// `YYYY-MM-DD` (what `issued` holds) as numbers.
fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut parts = s.trim().get(..10)?.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ((1900..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}

struct Ctx<'a> {
    plan: &'a Plan,
    lang: Language,
    style: YearFormat,
}

fn text(s: impl Into<String>) -> Cell {
    let s = s.into();
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

fn value(v: &Value) -> Cell {
    match v {
        Value::Number(n) => Cell::Number(*n),
        Value::Text(t) => text(t.clone()),
    }
}

fn datum_value(d: Option<&Datum>) -> Cell {
    d.map_or(Cell::Empty, |d| value(&d.value))
}

fn datum_note(d: Option<&Datum>) -> Cell {
    d.and_then(|d| d.note.clone()).map_or(Cell::Empty, text)
}

impl Ctx<'_> {
    fn ja(&self) -> bool {
        self.lang == Language::Ja
    }

    fn year(&self, y: Year) -> Cell {
        Cell::Text(year_text(y, self.style, self.lang))
    }

    fn header(&self, cols: &[Col]) -> Vec<Cell> {
        cols.iter()
            .map(|c| Cell::Text(c.header(self.lang, self.style)))
            .collect()
    }

    fn data_sheet(
        &self,
        kind: SheetKind,
        columns: Vec<Col>,
        rows: Vec<Vec<Cell>>,
        number_rows: BTreeSet<u32>,
    ) -> BookSheet {
        let mut all = vec![self.header(&columns)];
        let data_rows = rows.len() as u32;
        all.extend(rows);
        let sheet = Sheet {
            name: kind.name(self.lang).to_string(),
            rows: all,
            merged: Vec::new(),
            hidden: false,
        };
        BookSheet {
            kind: Some(kind),
            widths: widths(&sheet, columns.len()),
            sheet,
            columns,
            data_rows,
            number_rows,
        }
    }

    fn guide(&self, config: &Config, city: &City) -> BookSheet {
        let plan = self.plan;
        let levels = config
            .scales
            .get(&plan.scale)
            .map(|s| {
                let parts: Vec<String> = s
                    .levels
                    .iter()
                    .map(|l| match (l.description.is_empty(), l.label == l.key) {
                        (false, _) => format!("{}: {}", l.key, l.description),
                        (true, false) => format!("{}: {}", l.key, l.label),
                        (true, true) => l.key.clone(),
                    })
                    .collect();
                parts.join(if self.ja() { "、" } else { ", " })
            })
            .unwrap_or_default();
        let [from, to] = plan.period;
        let sep = if self.ja() { "〜" } else { " to " };
        let mut rows: Vec<Vec<Cell>> = GuideKey::ALL
            .iter()
            .map(|&k| {
                let v = match k {
                    GuideKey::Plan => format!("{}/{}", city.slug, plan.slug),
                    GuideKey::Format => layout::FORMAT.to_string(),
                    GuideKey::City => city.name.clone(),
                    GuideKey::Title => plan.title.clone(),
                    GuideKey::Period => format!(
                        "{}{sep}{}",
                        year_text(from, self.style, self.lang),
                        year_text(to, self.style, self.lang)
                    ),
                    GuideKey::ReportYear => year_text(plan.report_year, self.style, self.lang),
                    GuideKey::Scale => levels.clone(),
                };
                vec![Cell::Text(k.label(self.lang).to_string()), text(v)]
            })
            .collect();
        rows.push(Vec::new());
        // The sentences go in the wide column B, wrapped, so that they can
        // be read whole on screen and on paper; A says what they are.
        let heading = match self.lang {
            Language::Ja => "入力のしかた",
            Language::En => "How to fill it in",
        };
        rows.extend(
            super::guide::instructions(self.lang)
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let label = if i == 0 { text(heading) } else { Cell::Empty };
                    vec![label, Cell::Text(s)]
                }),
        );
        let sheet = Sheet {
            name: SheetKind::Guide.name(self.lang).to_string(),
            rows,
            merged: Vec::new(),
            hidden: false,
        };
        BookSheet {
            kind: Some(SheetKind::Guide),
            widths: vec![16.0, 110.0],
            sheet,
            ..BookSheet::default()
        }
    }

    fn items(&self) -> BookSheet {
        let plan = self.plan;
        let departments = plan.items.iter().map(|i| i.departments.len()).max();
        let departments = (departments.unwrap_or(0) + 1).clamp(2, 255) as u8;
        let tags = plan.items.iter().map(|i| i.tags.len()).max();
        let tags = (tags.unwrap_or(0) + 1).clamp(1, 255) as u8;
        let mut years: BTreeSet<Year> = (plan.period[0]..=plan.period[1]).collect();
        years.extend(plan.items.iter().flat_map(|i| i.status.keys().copied()));
        let years: Vec<Year> = years.into_iter().collect();
        let columns = item_columns(departments, &years, tags);
        let titles: Vec<(&str, &str)> = plan
            .all_categories()
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str()))
            .collect();
        let rows = plan
            .items
            .iter()
            .map(|item| {
                columns
                    .iter()
                    .map(|&c| match c {
                        Col::ItemNumber => text(item.number.clone()),
                        Col::ItemTitle => text(item.title.clone()),
                        Col::Category => item.category.clone().map_or(Cell::Empty, text),
                        Col::CategoryTitle => item
                            .category
                            .as_deref()
                            .and_then(|id| titles.iter().find(|(i, _)| *i == id))
                            .map_or(Cell::Empty, |(_, t)| text(*t)),
                        Col::Department(n) => item
                            .departments
                            .get(usize::from(n) - 1)
                            .map_or(Cell::Empty, |d| text(d.clone())),
                        Col::Status(y) => {
                            item.status.get(&y).map_or(Cell::Empty, |s| text(s.clone()))
                        }
                        Col::Tag(n) => item
                            .tags
                            .get(usize::from(n) - 1)
                            .map_or(Cell::Empty, |t| text(t.clone())),
                        Col::File => text(item.slug.clone()),
                        _ => Cell::Empty,
                    })
                    .collect()
            })
            .collect();
        self.data_sheet(SheetKind::Items, columns, rows, BTreeSet::new())
    }

    fn kpis(&self) -> BookSheet {
        let columns = SheetKind::Kpis.columns().to_vec();
        let mut rows = Vec::new();
        let mut number_rows = BTreeSet::new();
        for item in &self.plan.items {
            for (k, kpi) in item.kpis.iter().enumerate() {
                let years: BTreeSet<Year> = kpi
                    .targets
                    .keys()
                    .chain(kpi.actuals.keys())
                    .copied()
                    .collect();
                let years: Vec<Option<Year>> = if years.is_empty() {
                    vec![None]
                } else {
                    years.into_iter().map(Some).collect()
                };
                let numeric = all_numbers(kpi);
                for y in years {
                    if numeric {
                        // +1: the header is row 0.
                        number_rows.insert(rows.len() as u32 + 1);
                    }
                    let target = y.and_then(|y| kpi.targets.get(&y));
                    let actual = y.and_then(|y| kpi.actuals.get(&y));
                    let baseline = kpi.baseline.as_ref();
                    let row = columns
                        .iter()
                        .map(|&c| match c {
                            Col::ItemNumber => text(item.number.clone()),
                            Col::KpiNumber => Cell::Number((k + 1) as f64),
                            Col::KpiName => text(kpi.name.clone()),
                            Col::Year => y.map_or(Cell::Empty, |y| self.year(y)),
                            Col::Target => datum_value(target),
                            Col::Actual => datum_value(actual),
                            Col::TargetNote => datum_note(target),
                            Col::ActualNote => datum_note(actual),
                            Col::Unit => kpi.unit.clone().map_or(Cell::Empty, text),
                            Col::Direction => kpi
                                .direction
                                .map_or(Cell::Empty, |d| text(direction_text(d, self.lang))),
                            Col::Method => kpi
                                .method
                                .map_or(Cell::Empty, |m| text(method_text(m, self.lang))),
                            Col::Baseline => baseline.map_or(Cell::Empty, |b| value(&b.value)),
                            Col::BaselineYear => baseline
                                .and_then(|b| b.year)
                                .map_or(Cell::Empty, |y| self.year(y)),
                            Col::BaselineNote => baseline
                                .and_then(|b| b.note.clone())
                                .map_or(Cell::Empty, text),
                            _ => Cell::Empty,
                        })
                        .collect();
                    rows.push(row);
                }
            }
        }
        self.data_sheet(SheetKind::Kpis, columns, rows, number_rows)
    }

    fn schedule(&self) -> BookSheet {
        let columns = SheetKind::Schedule.columns().to_vec();
        let mut rows = Vec::new();
        for item in &self.plan.items {
            for (a, action) in item.actions.iter().enumerate() {
                let years: BTreeSet<Year> = action
                    .plan
                    .keys()
                    .chain(action.actual.keys())
                    .copied()
                    .collect();
                let years: Vec<Option<Year>> = if years.is_empty() {
                    vec![None]
                } else {
                    years.into_iter().map(Some).collect()
                };
                for y in years {
                    let row = columns
                        .iter()
                        .map(|&c| match c {
                            Col::ItemNumber => text(item.number.clone()),
                            Col::ActionNumber => Cell::Number((a + 1) as f64),
                            Col::ActionTitle => text(action.title.clone()),
                            Col::Year => y.map_or(Cell::Empty, |y| self.year(y)),
                            Col::Planned => datum_value(y.and_then(|y| action.plan.get(&y))),
                            Col::Done => datum_value(y.and_then(|y| action.actual.get(&y))),
                            _ => Cell::Empty,
                        })
                        .collect();
                    rows.push(row);
                }
            }
        }
        self.data_sheet(SheetKind::Schedule, columns, rows, BTreeSet::new())
    }

    fn categories(&self) -> BookSheet {
        let columns = SheetKind::Categories.columns().to_vec();
        let mut rows = Vec::new();
        let levels = &self.plan.category_levels;
        let mut stack: Vec<(&crate::model::Category, usize, Option<&str>)> = self
            .plan
            .categories
            .iter()
            .rev()
            .map(|c| (c, 0, None))
            .collect();
        while let Some((cat, depth, parent)) = stack.pop() {
            let row = columns
                .iter()
                .map(|&c| match c {
                    Col::CategoryId => text(cat.id.clone()),
                    Col::CategoryName => text(cat.title.clone()),
                    Col::Parent => parent.map_or(Cell::Empty, text),
                    Col::Level => levels
                        .get(depth)
                        .map_or(Cell::Number((depth + 1) as f64), |l| text(l.clone())),
                    Col::Description => text(cat.body.clone()),
                    _ => Cell::Empty,
                })
                .collect();
            rows.push(row);
            stack.extend(
                cat.children
                    .iter()
                    .rev()
                    .map(|c| (c, depth + 1, Some(cat.id.as_str()))),
            );
        }
        self.data_sheet(SheetKind::Categories, columns, rows, BTreeSet::new())
    }

    fn lists(&self, config: &Config) -> (BookSheet, Vec<List>) {
        let ja = self.ja();
        let levels: Vec<String> = config
            .scales
            .get(&self.plan.scale)
            .map(|s| s.levels.iter().map(|l| l.key.clone()).collect())
            .unwrap_or_default();
        let cats: Vec<String> = self
            .plan
            .all_categories()
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let owned = |labels: Vec<&str>| labels.into_iter().map(str::to_string).collect();
        let dirs: Vec<String> = owned(layout::direction_labels(self.lang));
        let methods: Vec<String> = owned(layout::method_labels(self.lang));
        let years: Vec<String> = (self.plan.period[0]..=self.plan.period[1])
            .map(|y| year_text(y, self.style, self.lang))
            .collect();
        let columns = [
            (
                ListKind::Levels,
                "plansite_levels",
                if ja { "評価" } else { "Status" },
                levels,
            ),
            (
                ListKind::Categories,
                "plansite_categories",
                if ja { "分類ID" } else { "Category id" },
                cats,
            ),
            (
                ListKind::Directions,
                "plansite_directions",
                if ja { "方向" } else { "Direction" },
                dirs,
            ),
            (
                ListKind::Methods,
                "plansite_methods",
                if ja { "算定方法" } else { "Method" },
                methods,
            ),
            (
                ListKind::Years,
                "plansite_years",
                if ja { "年度" } else { "Fiscal year" },
                years,
            ),
        ];
        let height = columns.iter().map(|c| c.3.len()).max().unwrap_or(0);
        let mut rows = vec![columns.iter().map(|c| text(c.2)).collect::<Vec<_>>()];
        for r in 0..height {
            rows.push(
                columns
                    .iter()
                    .map(|c| c.3.get(r).map_or(Cell::Empty, |v| text(v.clone())))
                    .collect(),
            );
        }
        let lists = columns
            .iter()
            .enumerate()
            .map(|(i, c)| List {
                kind: c.0,
                name: c.1,
                col: i as u16,
                len: c.3.len() as u32,
            })
            .collect();
        let sheet = Sheet {
            name: SheetKind::Lists.name(self.lang).to_string(),
            rows,
            merged: Vec::new(),
            hidden: true,
        };
        let book_sheet = BookSheet {
            kind: Some(SheetKind::Lists),
            widths: widths(&sheet, columns.len()),
            sheet,
            ..BookSheet::default()
        };
        (book_sheet, lists)
    }
}

/// Whether every value a KPI has is a number (so its cells can ask for numbers).
fn all_numbers(kpi: &Kpi) -> bool {
    kpi.targets
        .values()
        .chain(kpi.actuals.values())
        .all(|d| matches!(d.value, Value::Number(_)))
        && kpi
            .baseline
            .as_ref()
            .is_none_or(|b| matches!(b.value, Value::Number(_)))
}

/// Widths that show most values whole: the widest cell of the column in
/// display columns (a CJK character takes two), kept between 6 and 50.
fn widths(sheet: &Sheet, cols: usize) -> Vec<f64> {
    (0..cols)
        .map(|c| {
            let widest = sheet
                .rows
                .iter()
                .map(|r| match r.get(c) {
                    Some(Cell::Text(t)) => t.lines().map(display_width).max().unwrap_or(0),
                    Some(Cell::Number(n)) => crate::content::reader::fmt_number(*n).len(),
                    _ => 0,
                })
                .max()
                .unwrap_or(0);
            (widest as f64 + 2.0).clamp(6.0, 50.0)
        })
        .collect()
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
