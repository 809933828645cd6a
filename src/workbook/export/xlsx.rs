//! A [`Book`] as an `.xlsx` workbook (rust_xlsxwriter): dropdowns from the
//! hidden list sheet, number checks that warn rather than refuse (a KPI
//! may hold text such as 実施), identity cells locked, input cells and the
//! spare rows below the data unlocked, a frozen bold header with filters.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::book::{list_of, Book, BookSheet, List, ListKind};
use crate::config::Language;
use crate::workbook::layout::{direction_text, method_text, Col, Role, SheetKind};
use crate::workbook::Cell;

/// Rows below the data that staff can type into with the sheet protected.
pub const SPARE_ROWS: u32 = 300;

/// The formats a cell can take: locked or not, and how a number shows.
struct Formats {
    header: Format,
    /// The guide's sentences: wrapped within their column.
    wrap: Format,
    /// [locked, unlocked] × [plain, percent, date].
    cells: [[Format; 3]; 2],
}

impl Formats {
    fn new() -> Formats {
        let kinds = |f: Format| {
            [
                f.clone(),
                f.clone().set_num_format("0%"),
                f.set_num_format("yyyy-mm-dd"),
            ]
        };
        Formats {
            header: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            cells: [kinds(Format::new()), kinds(Format::new().set_unlocked())],
        }
    }
}

/// The workbook's bytes; the same book always gives the same bytes.
pub fn write_xlsx(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = book.created;
    let created = ExcelDateTime::from_ymd(y, m, d)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(book.plan_id.clone())
            .set_comment(crate::workbook::layout::FORMAT),
    );
    let formats = Formats::new();
    let lists_sheet = book
        .sheets
        .iter()
        .find(|s| s.kind == Some(SheetKind::Lists))
        .map(|s| s.sheet.name.clone());
    // A dropdown needs a defined name, and a name a non-empty range.
    let lists: Vec<&List> = match &lists_sheet {
        Some(_) => book.lists.iter().filter(|l| l.len > 0).collect(),
        None => Vec::new(),
    };
    if let Some(name) = &lists_sheet {
        let quoted = name.replace('\'', "''");
        for l in &lists {
            let col = crate::workbook::cell_name(0, usize::from(l.col));
            let col = col.trim_end_matches('1');
            wb.define_name(
                l.name,
                &format!("='{quoted}'!${col}$2:${col}${}", l.len + 1),
            )?;
        }
    }
    for s in &book.sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, s, book, &lists, &formats)?;
    }
    wb.save_to_buffer()
}

fn write_sheet(
    ws: &mut Worksheet,
    s: &BookSheet,
    book: &Book,
    lists: &[&List],
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(&s.sheet.name)?;
    let data = s.kind.is_some_and(|k| SheetKind::DATA.contains(&k));
    for (r, row) in s.sheet.rows.iter().enumerate() {
        let r32 = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let unlocked = match s.columns.get(c) {
                _ if !data || r == 0 => false,
                _ if r32 > s.data_rows => true,
                Some(col) => col.role() == Role::Input,
                None => true,
            };
            let formats = &f.cells[usize::from(unlocked)];
            let plain = if data && r == 0 {
                &f.header
            } else if s.kind == Some(SheetKind::Guide) && c == 1 {
                &f.wrap
            } else {
                &formats[0]
            };
            write_cell(ws, r32, c as u16, cell, plain, formats)?;
        }
    }
    for a in &s.sheet.merged {
        let top = s.sheet.cell(a.first_row as usize, a.first_col as usize);
        let text = match top {
            Cell::Text(t) => t.as_str(),
            _ => "",
        };
        ws.merge_range(
            a.first_row,
            a.first_col as u16,
            a.last_row,
            a.last_col as u16,
            text,
            &f.cells[0][0],
        )?;
        if !matches!(top, Cell::Text(_) | Cell::Empty) {
            let formats = &f.cells[0];
            write_cell(
                ws,
                a.first_row,
                a.first_col as u16,
                top,
                &formats[0],
                formats,
            )?;
        }
    }
    for (c, w) in s.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_hidden(s.sheet.hidden);
    // Printed (or made a PDF of) on A4, every column on one page across and
    // the header row on every page, so that a printed sheet can be read.
    ws.set_paper_size(9);
    if data {
        ws.set_print_gridlines(true);
        ws.set_landscape();
        ws.set_repeat_rows(0, 0)?;
    }
    ws.set_print_fit_to_pages(1, 0);
    if s.kind == Some(SheetKind::Guide) {
        ws.protect();
    }
    if !data || s.columns.is_empty() {
        return Ok(());
    }
    let last_col = (s.columns.len() - 1) as u16;
    let last_row = s.data_rows + SPARE_ROWS;
    // Blank input cells of the data rows take their column's format.
    for (c, col) in s.columns.iter().enumerate() {
        if col.role() == Role::Input {
            ws.set_column_format(c as u16, &f.cells[1][0])?;
        }
    }
    for r in s.data_rows + 1..=last_row {
        ws.set_row_format(r, &f.cells[1][0])?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, s.data_rows.max(1), last_col)?;
    ws.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        sort: false,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    for (c, &col) in s.columns.iter().enumerate() {
        let c = c as u16;
        for (first, last, v) in validations(s, col, book, lists, last_row)? {
            ws.add_data_validation(first, c, last, c, &v)?;
        }
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    plain: &Format,
    formats: &[Format; 3],
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(t) => {
            ws.write_string_with_format(r, c, t, plain)?;
        }
        Cell::Number(n) => {
            ws.write_number_with_format(r, c, *n, plain)?;
        }
        Cell::Percent(n) => {
            ws.write_number_with_format(r, c, *n, &formats[1])?;
        }
        Cell::Date { year, month, day } => {
            let date = ExcelDateTime::from_ymd(
                u16::try_from(*year).unwrap_or(1900),
                u8::try_from(*month).unwrap_or(1),
                u8::try_from(*day).unwrap_or(1),
            )?;
            ws.write_datetime_with_format(r, c, &date, &formats[2])?;
        }
        Cell::Bool(b) => {
            ws.write_boolean_with_format(r, c, *b, plain)?;
        }
        Cell::Error(e) => {
            // rust_xlsxwriter writes no error cells; a formula that
            // evaluates to the error, with it as the cached result, reads
            // back as that error value.
            let formula = match e.as_str() {
                "#DIV/0!" => "=1/0",
                "#VALUE!" => "=\"a\"+1",
                "#REF!" => "=#REF!",
                "#NAME?" => "=plansite_no_such_name",
                "#NUM!" => "=SQRT(-1)",
                "#NULL!" => "=A1 A2",
                _ => "=NA()",
            };
            ws.write_formula_with_format(r, c, Formula::new(formula).set_result(e), plain)?;
        }
    }
    Ok(())
}

/// Rows `first..=last` and the validation each range takes.
type Ranges = Vec<(u32, u32, DataValidation)>;

fn validations(
    s: &BookSheet,
    col: Col,
    book: &Book,
    lists: &[&List],
    last_row: u32,
) -> Result<Ranges, XlsxError> {
    let ja = book.lang == Language::Ja;
    let t = |j: &'static str, e: &'static str| if ja { j } else { e };
    let clear = t(
        "空欄は変更なし、「削除」で値を消します。",
        "Blank: no change; 削除 removes the value.",
    );
    if let Some(kind) = list_of(col) {
        let Some(list) = lists.iter().find(|l| l.kind == kind) else {
            return Ok(Vec::new());
        };
        let (title, message) = match kind {
            ListKind::Levels => (
                t("評価", "Status"),
                format!(
                    "{}{clear}",
                    t(
                        "一覧から評価の段階を選んでください。",
                        "Choose a status level from the list. "
                    )
                ),
            ),
            ListKind::Categories => (
                t("分類ID", "Category id"),
                format!(
                    "{}{clear}",
                    t(
                        "一覧から分類IDを選んでください。新しい分類は「分類」シートに書き足してください。",
                        "Choose a category id. Add a new category on the categories sheet. "
                    )
                ),
            ),
            ListKind::Directions => {
                let default = direction_text(book.direction, book.lang);
                (
                    t("方向", "Direction"),
                    if ja {
                        format!("指標の良い向きを選んでください。この計画の既定は「{default}」で、空欄の指標は既定に従います。「削除」で既定に戻します。")
                    } else {
                        format!("Which way is better. The plan's default is {default}; a KPI left blank follows it. 削除 returns to the default.")
                    },
                )
            }
            ListKind::Methods => {
                let default = method_text(book.method, book.lang);
                (
                    t("算定方法", "Method"),
                    if ja {
                        format!("達成率の計算方法を選んでください。この計画の既定は「{default}」で、空欄の指標は既定に従います。「削除」で既定に戻します。")
                    } else {
                        format!("How the achievement rate is computed. The plan's default is {default}; a KPI left blank follows it. 削除 returns to the default.")
                    },
                )
            }
            ListKind::Years => (
                t("年度", "Fiscal year"),
                t(
                    "年度を選ぶか、令和5年度・R5・2023 のように入力してください。",
                    "Choose a fiscal year, or type it as FY2023 or 2023.",
                )
                .to_string(),
            ),
        };
        // Years outside the period, a new category and 削除 must still be
        // accepted, so a value not on the list only warns.
        let v = DataValidation::new()
            .allow_list_formula(Formula::new(list.name))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_title(title)?
            .set_input_message(message)?
            .set_error_message(t(
                "一覧にない値です。このままでよければ「はい」を押してください。",
                "This value is not in the list. Choose Yes to keep it.",
            ))?;
        return Ok(vec![(1, last_row, v)]);
    }
    match col {
        Col::KpiNumber | Col::ActionNumber => {
            let v = DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
                .set_input_title(t("番号", "Number"))?
                .set_input_message(t(
                    "項目の中での番号(1、2、3…)を入力してください。新しい行は次の番号にします。",
                    "The number within the item (1, 2, 3 …); a new row takes the next number.",
                ))?
                .set_error_message(t(
                    "1 以上の整数を入力してください。",
                    "Type a whole number, 1 or more.",
                ))?;
            Ok(vec![(1, last_row, v)])
        }
        Col::Target | Col::Actual | Col::Baseline => {
            // Text values (実施, 前年同期比50%) are allowed: the check only warns.
            let v = DataValidation::new()
                // Content takes numbers up to 2^53 in size (docs/content-format.md).
                .allow_decimal_number(DataValidationRule::Between(
                    -9007199254740992.0,
                    9007199254740992.0,
                ))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_input_title(t("数値", "Number"))?
                .set_input_message(format!(
                    "{}{clear}",
                    t(
                        "数値を入力してください(単位や「見込」などは注記の列へ)。",
                        "Type a number (unit and notes such as estimate go in their own columns). "
                    )
                ))?
                .set_error_message(t(
                    "数値ではありません。文字の値でよければ「はい」を押してください。",
                    "This is not a number. Choose Yes to keep it as text.",
                ))?;
            let mut rows: Vec<u32> = s.number_rows.iter().copied().collect();
            rows.extend(s.data_rows + 1..=last_row);
            Ok(runs(&rows)
                .into_iter()
                .map(|(a, b)| (a, b, v.clone()))
                .collect())
        }
        _ => Ok(Vec::new()),
    }
}

/// Sorted rows as runs of consecutive rows.
fn runs(rows: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &r in rows {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == r => *last = r,
            Some((_, last)) if *last >= r => {}
            _ => out.push((r, r)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn rows_group_into_runs() {
        assert_eq!(runs(&[1, 2, 3, 5, 7, 8]), vec![(1, 3), (5, 5), (7, 8)]);
        assert_eq!(runs(&[]), vec![]);
    }
}
