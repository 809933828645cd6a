//! The sheets checked against the plan, cell by cell: what the workbook
//! asks of the content, and every problem at its cell.
//!
//! Categories are read first (items may name a new one), then items (KPI
//! and schedule rows may name a new item), then KPIs and the schedule.

mod categories;
mod items;
mod kpis;

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::config::{Config, Language};
use crate::diagnostics::{did_you_mean, CellPlace, Diagnostic, Diagnostics, Location, Text};
use crate::model::{City, Plan, YearFormat};
use crate::tr;
use crate::workbook::edits::{Change, ItemEdits, PlanEdits};
use crate::workbook::import::cells::{self, is_blank, is_clear_cell, Read};
use crate::workbook::layout::{item_columns, Col, SheetKind};
use crate::workbook::{area_name, Cell};

use super::read::ReadSheet;

/// What `sheets` ask of `plan`. A workbook must have all four data sheets;
/// CSV files give only the sheets they are. Errors and warnings are
/// located at cells; with any error the edits must not be applied.
pub fn read_plan(
    sheets: &[ReadSheet],
    config: &Config,
    city: &City,
    plan: &Plan,
) -> (PlanEdits, Diagnostics) {
    let mut r = Reader {
        config,
        plan,
        lang: config.language,
        style: plan.year_format.unwrap_or(config.year_format),
        diags: Diagnostics::default(),
        edits: PlanEdits {
            plan: format!("{}/{}", city.slug, plan.slug),
            ..PlanEdits::default()
        },
        item_index: HashMap::new(),
    };
    let tables = r.tables(sheets);
    for kind in [
        SheetKind::Categories,
        SheetKind::Items,
        SheetKind::Kpis,
        SheetKind::Schedule,
    ] {
        for t in tables.iter().filter(|t| t.kind == kind) {
            match kind {
                SheetKind::Categories => r.categories(t),
                SheetKind::Items => r.items(t),
                SheetKind::Kpis => r.kpis(t),
                _ => r.schedule(t),
            }
        }
    }
    r.another_plan();
    (r.edits, r.diags)
}

/// A name close to `typed` that also shares a character with it: between
/// short Japanese words any two are a couple of edits apart, and 「メモ」
/// must not be offered 「年度」.
fn suggestion<'a>(typed: &str, known: &[&'a str]) -> Option<&'a str> {
    did_you_mean(typed, known).filter(|k| k.chars().any(|c| typed.contains(c)))
}

impl Reader<'_> {
    /// A file of another plan handed in for this one (a CSV renamed, a
    /// wrong `--plan`) would overwrite the titles of items that happen to
    /// share numbers. When three or more items of the plan are listed and
    /// not one title agrees, it is refused as a whole, once.
    fn another_plan(&mut self) {
        let mut listed = 0;
        let mut first_differing = None;
        for e in self.edits.items.iter().filter(|e| !e.new) {
            let Change::Set(title) = &e.title else {
                continue;
            };
            let Some(item) = self.plan.items.iter().find(|i| i.slug == e.slug) else {
                continue;
            };
            listed += 1;
            if crate::workbook::cp932::same_text(title.trim(), item.title.trim()) {
                return;
            }
            first_differing.get_or_insert((
                e.at.clone(),
                e.number.clone(),
                title.clone(),
                item.title.clone(),
            ));
        }
        let Some((at, number, typed, has)) = first_differing.filter(|_| listed >= 3) else {
            return;
        };
        let plan = &self.edits.plan;
        // Every other finding would be about the wrong plan's rows.
        self.diags = Diagnostics::default();
        self.diags.push(
            Diagnostic::error(
                at,
                tr!(
                    "このファイルは計画 {plan} のものではないようです。{listed} 項目のどれも項目名が合いません(項目 {number}: ファイルは「{typed}」、内容は「{has}」)",
                    "this file does not seem to be of the plan {plan}: none of its {listed} items has the plan's title (item {number}: \"{typed}\" in the file, \"{has}\" in the content)"
                ),
            )
            .with_help(tr!(
                "取り込む計画(--plan、CSV のファイル名「市町村.計画.シート名.csv」)を確かめてください",
                "check the plan it is imported into (--plan, or the CSV file's name city.plan.sheet.csv)"
            )),
        );
    }
}

pub(super) struct Reader<'a> {
    config: &'a Config,
    plan: &'a Plan,
    lang: Language,
    style: YearFormat,
    diags: Diagnostics,
    edits: PlanEdits,
    /// An item's number as rows are matched by ([`item_key`]) → its place in `edits.items`.
    item_index: HashMap<String, usize>,
}

/// A data sheet with its header row understood.
pub(super) struct Table<'a> {
    rs: &'a ReadSheet,
    kind: SheetKind,
    /// Column index → column and its header as written.
    cols: Vec<Option<(Col, String)>>,
}

impl Table<'_> {
    /// Whether the cell is inside a merged area, which is reported once
    /// for the area: its blank cells are not staff's blanks.
    fn merged(&self, row: usize, i: usize) -> bool {
        self.rs.sheet.merged.iter().any(|a| {
            (a.first_row as usize..=a.last_row as usize).contains(&row)
                && (a.first_col as usize..=a.last_col as usize).contains(&i)
        })
    }

    fn index(&self, col: Col) -> Option<usize> {
        self.cols
            .iter()
            .position(|c| matches!(c, Some((k, _)) if *k == col))
    }

    fn cell(&self, row: usize, col: Col) -> &Cell {
        match self.index(col) {
            Some(i) => self.rs.sheet.cell(row, i),
            None => &Cell::Empty,
        }
    }

    fn at(&self, row: usize, col: Option<usize>, context: Option<String>) -> Location {
        let col_i = col.unwrap_or(0);
        Location::Cell(Box::new(CellPlace {
            file: self.rs.file.clone(),
            sheet: self.rs.sheet.name.clone(),
            sheet_index: self.rs.index,
            row: row as u32,
            col: col_i as u32,
            column: col.and_then(|i| self.cols.get(i).cloned().flatten().map(|(_, h)| h)),
            context,
        }))
    }

    fn loc(&self, row: usize, col: Col, context: &str) -> Location {
        let i = self.index(col);
        self.at(row, i, Some(context.to_string()))
    }

    /// Data rows: from the one under the header, skipping rows with nothing in them.
    fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (1..self.rs.sheet.rows.len()).filter(|&r| {
            self.rs.sheet.rows[r]
                .iter()
                .enumerate()
                .any(|(i, c)| !is_blank(c) && self.cols.get(i).is_some_and(|c| c.is_some()))
        })
    }
}

/// An item number or category id as it reads, for matching: NFKC, trimmed.
pub(super) fn reading(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_string()
}

/// An item number as rows are matched by: as it reads, and without the
/// leading zeros of a number that is all digits. Excel drops them when it
/// opens a CSV file and saves it again (`01` → `1`), so `1` is item `01`.
pub(super) fn item_key(s: &str) -> String {
    let r = reading(s);
    if r.is_empty() || !r.bytes().all(|b| b.is_ascii_digit()) {
        return r;
    }
    match r.trim_start_matches('0') {
        "" => "0".to_string(),
        t => t.to_string(),
    }
}

/// The plan's item a row's 項目番号 names: the one that reads the same,
/// else the one that is the same number without leading zeros.
pub(super) fn plan_item<'p>(plan: &'p Plan, number: &str) -> Option<&'p crate::model::Item> {
    let exact = reading(number);
    let key = item_key(number);
    plan.items
        .iter()
        .find(|i| reading(&i.number) == exact)
        .or_else(|| plan.items.iter().find(|i| item_key(&i.number) == key))
}

/// Messages' row number, as spreadsheets number rows.
pub(super) fn row_no(row: usize) -> usize {
    row + 1
}

impl<'a> Reader<'a> {
    /// The data sheets with their headers; problems with the sheets
    /// themselves (unknown, missing, merged cells, headers) reported.
    fn tables<'s>(&mut self, sheets: &'s [ReadSheet]) -> Vec<Table<'s>> {
        let mut out = Vec::new();
        let mut workbooks: Vec<(&str, Vec<SheetKind>)> = Vec::new();
        for rs in sheets {
            let is_csv = rs.sheet.name.is_empty();
            if !is_csv {
                match workbooks.iter_mut().find(|(f, _)| *f == rs.file) {
                    Some((_, kinds)) => kinds.extend(rs.kind),
                    None => workbooks.push((&rs.file, rs.kind.into_iter().collect())),
                }
            }
            if rs.sheet.hidden || matches!(rs.kind, Some(SheetKind::Guide | SheetKind::Lists)) {
                continue;
            }
            let Some(kind) = rs.kind else {
                self.unknown_sheet(rs);
                continue;
            };
            for &area in &rs.sheet.merged {
                let name = area_name(area);
                self.diags.push(
                    Diagnostic::error(
                        Location::Cell(Box::new(CellPlace {
                            file: rs.file.clone(),
                            sheet: rs.sheet.name.clone(),
                            sheet_index: rs.index,
                            row: area.first_row,
                            col: area.first_col,
                            column: None,
                            context: None,
                        })),
                        tr!(
                            "セル {name} が結合されています",
                            "the cells {name} are merged"
                        ),
                    )
                    .with_help(tr!(
                        "結合を解除して、1つのセルに1つの値を入力してください",
                        "unmerge them and put one value in each cell"
                    )),
                );
            }
            if let Some(t) = self.headers(rs, kind) {
                out.push(t);
            }
        }
        for (file, kinds) in workbooks {
            for kind in SheetKind::DATA {
                if !kinds.contains(&kind) {
                    let (ja, en) = (kind.name(Language::Ja), kind.name(Language::En));
                    self.diags.push(Diagnostic::error(
                        Location::Path {
                            display: file.to_string(),
                            line_col: None,
                        },
                        tr!(
                            "シート「{ja}」がありません",
                            "the workbook has no sheet \"{en}\" ({ja})"
                        ),
                    )
                    .with_help(tr!(
                        "書き出したブックには「項目」「成果指標」「スケジュール」「分類」の4つのシートがあります。名前を変えたシートは元に戻し、消したシートはもう一度書き出して戻してください",
                        "an exported workbook has four sheets, Items, KPIs, Schedule and Categories (項目, 成果指標, スケジュール, 分類); give a renamed sheet its name back, and export again to get back a deleted one"
                    )));
                }
            }
        }
        out
    }

    fn unknown_sheet(&mut self, rs: &ReadSheet) {
        let names: Vec<&str> = SheetKind::DATA.iter().map(|k| k.name(self.lang)).collect();
        let list = names.join("、");
        let at = Location::Cell(Box::new(CellPlace {
            file: rs.file.clone(),
            sheet: rs.sheet.name.clone(),
            sheet_index: rs.index,
            row: 0,
            col: 0,
            column: None,
            context: None,
        }));
        let name = &rs.sheet.name;
        let d = if name.is_empty() {
            Diagnostic::error(
                at,
                tr!(
                    "どのシートの CSV か見出しの行から分かりません",
                    "the header row does not say which sheet this CSV file is"
                ),
            )
            .with_help(tr!(
                "書き出したときの見出しの行を残すか、ファイル名を「市町村.計画.シート名.csv」にしてください(シート名: {list})",
                "keep the header row as exported, or name the file \"city.plan.sheet.csv\" (sheets: {list})"
            ))
        } else {
            let all: Vec<&str> = SheetKind::DATA.iter().map(|k| k.name(self.lang)).collect();
            let help = match suggestion(name, &all) {
                Some(k) => tr!(
                    "「{k}」のことでしょうか。シート名は変えないでください(シート: {list})",
                    "did you mean \"{k}\"? Do not rename sheets (sheets: {list})"
                ),
                None => tr!(
                    "シート名は変えないでください。使えるシート: {list}",
                    "do not rename sheets; the sheets are: {list}"
                ),
            };
            Diagnostic::error(
                at,
                tr!(
                    "シート「{name}」はこのブックのシートではありません",
                    "\"{name}\" is not a sheet of this workbook"
                ),
            )
            .with_help(help)
        };
        self.diags.push(d);
    }

    /// The header row: every header known, the required ones there, none twice.
    fn headers<'s>(&mut self, rs: &'s ReadSheet, kind: SheetKind) -> Option<Table<'s>> {
        let header_row = rs.sheet.rows.first().cloned().unwrap_or_default();
        let mut cols: Vec<Option<(Col, String)>> = Vec::new();
        let mut ok = true;
        let known: Vec<String> = {
            let years: Vec<_> = (self.plan.period[0]..=self.plan.period[1]).collect();
            let all = match kind {
                SheetKind::Items => item_columns(2, &years, 1),
                _ => kind.columns().to_vec(),
            };
            all.iter()
                .map(|c| c.header(self.lang, self.style))
                .collect()
        };
        for (i, cell) in header_row.iter().enumerate() {
            let header = cells::shown(cell);
            if header.is_empty() {
                cols.push(None);
                continue;
            }
            let at = Location::Cell(Box::new(CellPlace {
                file: rs.file.clone(),
                sheet: rs.sheet.name.clone(),
                sheet_index: rs.index,
                row: 0,
                col: i as u32,
                column: Some(header.clone()),
                context: None,
            }));
            let Some(col) = Col::from_header(kind, &header) else {
                let refs: Vec<&str> = known.iter().map(String::as_str).collect();
                let help = match suggestion(&header, &refs) {
                    Some(k) => tr!(
                        "「{k}」のことでしょうか。見出しは変えないでください",
                        "did you mean \"{k}\"? Do not change the headers"
                    ),
                    None => {
                        let list = known.join("、");
                        tr!(
                            "見出しは変えないでください。このシートの見出し: {list}",
                            "do not change the headers; this sheet's headers are: {list}"
                        )
                    }
                };
                self.diags.push(
                    Diagnostic::error(
                        at,
                        tr!(
                            "見出し「{header}」はこのシートの列ではありません",
                            "\"{header}\" is not a column of this sheet"
                        ),
                    )
                    .with_help(help),
                );
                cols.push(None);
                ok = false;
                continue;
            };
            if let Some(first) = cols
                .iter()
                .position(|c| matches!(c, Some((k, _)) if *k == col))
            {
                let first = crate::workbook::cell_name(0, first);
                self.diags.push(Diagnostic::error(
                    at,
                    tr!(
                        "見出し「{header}」が2回あります(最初は {first})",
                        "the header \"{header}\" appears twice (first at {first})"
                    ),
                ));
                cols.push(None);
                ok = false;
                continue;
            }
            cols.push(Some((col, header)));
        }
        let mut required: Vec<Col> = kind
            .columns()
            .iter()
            .copied()
            .filter(|c| c.required())
            .collect();
        if matches!(kind, SheetKind::Kpis | SheetKind::Schedule) {
            required.push(Col::Year);
        }
        for col in required {
            if !cols.iter().any(|c| matches!(c, Some((k, _)) if *k == col)) {
                let h = col.header(self.lang, self.style);
                self.diags.push(Diagnostic::error(
                    Location::Cell(Box::new(CellPlace {
                        file: rs.file.clone(),
                        sheet: rs.sheet.name.clone(),
                        sheet_index: rs.index,
                        row: 0,
                        col: cols.len() as u32,
                        column: None,
                        context: None,
                    })),
                    tr!(
                        "列「{h}」がありません。見出しの行に「{h}」の列を戻してください",
                        "the column \"{h}\" is missing; put it back in the header row"
                    ),
                ));
                ok = false;
            }
        }
        // A sheet whose columns cannot be told apart would give wrong values.
        ok.then_some(Table { rs, kind, cols })
    }

    fn error(&mut self, at: Location, message: Text) {
        self.diags.push(Diagnostic::error(at, message));
    }

    fn problem(&mut self, at: Location, p: cells::Problem) {
        let mut d = Diagnostic::error(at, p.message);
        if let Some(h) = p.help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    /// A blank cell over a value of the file: kept, and said so.
    fn kept(&mut self, at: Location, current: &str) {
        self.diags.push(Diagnostic::warning(
            at,
            tr!(
                "空欄のため、内容の値「{current}」を残します。消すには「削除」と入力してください",
                "the cell is blank, so the content's value \"{current}\" is kept; type 削除 to remove it"
            ),
        ));
    }

    fn no_clear(&mut self, at: Location, header: &str) {
        self.error(
            at,
            tr!(
                "「{header}」は削除できません。値を入力してください",
                "\"{header}\" cannot be removed; type a value"
            ),
        );
    }

    /// One input cell: blank keeps (with a warning over `current`), 削除
    /// clears where `clear_ok`, anything else is `read`.
    #[allow(clippy::too_many_arguments)]
    fn field<T>(
        &mut self,
        t: &Table,
        row: usize,
        col: Col,
        context: &str,
        current: Option<String>,
        clear_ok: bool,
        read: impl FnOnce(&Cell) -> Read<T>,
    ) -> Change<T> {
        let Some(i) = t.index(col) else {
            return Change::Keep;
        };
        let cell = t.rs.sheet.cell(row, i);
        let at = t.loc(row, col, context);
        if is_blank(cell) {
            if let Some(current) = current.filter(|c| !c.is_empty() && !t.merged(row, i)) {
                self.kept(at, &current);
            }
            return Change::Keep;
        }
        if is_clear_cell(cell) {
            if clear_ok {
                return Change::Clear;
            }
            let header = t.cols[i]
                .as_ref()
                .map(|(_, h)| h.clone())
                .unwrap_or_default();
            self.no_clear(at, &header);
            return Change::Keep;
        }
        match read(cell) {
            Ok(v) => Change::Set(v),
            Err(p) => {
                self.problem(at, p);
                Change::Keep
            }
        }
    }

    /// 「項目 31」 / "item 31": what a row is about when it has no year.
    fn item_context(&self, number: &str) -> String {
        match self.lang {
            Language::Ja => format!("項目 {number}"),
            Language::En => format!("item {number}"),
        }
    }

    fn year_context(&self, year: crate::model::Year) -> String {
        crate::workbook::layout::year_text(year, self.style, self.lang)
    }

    /// The item a KPI or schedule row names: one of the items sheet, else
    /// of the plan (taken into the edits unchanged), else None.
    fn item_for(&mut self, number: &str, at: &Location) -> Option<usize> {
        let key = item_key(number);
        if let Some(&i) = self.item_index.get(&key) {
            return Some(i);
        }
        let item = plan_item(self.plan, number)?;
        self.edits.items.push(ItemEdits {
            number: item.number.clone(),
            slug: item.slug.clone(),
            new: false,
            at: at.clone(),
            title: Change::Keep,
            category: Change::Keep,
            departments: Change::Keep,
            tags: Change::Keep,
            status: Default::default(),
            kpis: Vec::new(),
            actions: Vec::new(),
        });
        let i = self.edits.items.len() - 1;
        self.item_index.insert(key, i);
        Some(i)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
