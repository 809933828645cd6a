//! A data sheet as a CSV file: UTF-8 with a BOM (so that Excel opens it as
//! UTF-8), or CP932 for the tools that read nothing else; CRLF line ends.
//!
//! No formula neutralising (a leading `'` before `=`, `+`, `-`, `@`):
//! these files are made to come back through `plansite import`, which reads
//! every cell as a value and never evaluates one, and a `'` added here would
//! come back as part of the value (`-5` would become `'-5`), breaking the
//! round trip. Values come from the plan's own content files.

use crate::content::reader::fmt_number;
use crate::diagnostics::{CellPlace, Diagnostic, Location};
use crate::tr;
use crate::workbook::{cp932, Cell, Sheet};

/// The encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 with a BOM.
    Utf8,
    /// Shift_JIS as Windows writes it (CP932).
    Sjis,
}

/// A cell as CSV text: numbers as the content files write them.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => fmt_number(*n),
        Cell::Percent(n) => format!("{}%", fmt_number(n * 100.0)),
        // As Excel in Japanese writes a date into a CSV file.
        Cell::Date { year, month, day } => format!("{year}/{month}/{day}"),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Cell::Error(e) => e.clone(),
    }
}

/// The file's bytes; `file` is the file name messages give. In CP932
/// (`workbook::cp932`: 〜 is written as CP932's ～, which import counts as
/// the same text), every cell holding a character CP932 has no code for is
/// an error at that cell.
pub fn write_csv(
    sheet: &Sheet,
    file: &str,
    sheet_index: u32,
    encoding: CsvEncoding,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut errors = Vec::new();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for (r, row) in sheet.rows.iter().enumerate() {
        let texts: Vec<String> = (0..width)
            .map(|c| cell_text(row.get(c).unwrap_or(&Cell::Empty)))
            .collect();
        if encoding == CsvEncoding::Sjis {
            for (c, t) in texts.iter().enumerate() {
                if let Err(bad) = cp932::encode(t) {
                    let column = match sheet.cell(0, c) {
                        Cell::Text(h) if r > 0 => Some(h.clone()),
                        _ => None,
                    };
                    let code = format!("U+{:04X}", u32::from(bad));
                    errors.push(
                        Diagnostic::error(
                            Location::Cell(Box::new(CellPlace {
                                file: file.to_string(),
                                sheet: sheet.name.clone(),
                                sheet_index,
                                row: r as u32,
                                col: c as u32,
                                column,
                                context: None,
                            })),
                            tr!(
                                "文字「{bad}」({code})は Shift_JIS(CP932)で書けません",
                                "the character \"{bad}\" ({code}) cannot be written in Shift_JIS (CP932)"
                            ),
                        )
                        .with_help(tr!(
                            "内容のファイルでその文字を書き換えるか、--encoding utf8 で書き出してください",
                            "change the character in the content file, or export with --encoding utf8"
                        )),
                    );
                }
            }
        }
        // Writing into a Vec cannot fail but for a bug; say so as an error.
        if let Err(e) = w.write_record(&texts) {
            errors.push(Diagnostic::error(Location::None, e.to_string()));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let bytes = w
        .into_inner()
        .map_err(|e| vec![Diagnostic::error(Location::None, e.to_string())])?;
    match encoding {
        CsvEncoding::Utf8 => {
            let mut out = "\u{FEFF}".as_bytes().to_vec();
            out.extend(bytes);
            Ok(out)
        }
        // Every cell was encoded above; the quoting and line ends are ASCII.
        CsvEncoding::Sjis => cp932::encode(&String::from_utf8_lossy(&bytes)).map_err(|bad| {
            vec![Diagnostic::error(
                Location::None,
                tr!(
                    "文字「{bad}」は Shift_JIS(CP932)で書けません",
                    "the character \"{bad}\" cannot be written in Shift_JIS (CP932)"
                ),
            )]
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: "成果指標".into(),
            rows,
            ..Sheet::default()
        }
    }

    #[test]
    fn utf8_has_a_bom_and_crlf_and_numbers_as_content_writes_them() {
        let s = sheet(vec![
            vec![Cell::Text("目標".into()), Cell::Text("実績".into())],
            vec![Cell::Number(12.0), Cell::Number(99.5)],
            vec![Cell::Text("a,\"b\"".into())],
        ]);
        let out = write_csv(&s, "x.csv", 0, CsvEncoding::Utf8).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\u{FEFF}目標,実績\r\n12,99.5\r\n\"a,\"\"b\"\"\",\r\n");
    }

    #[test]
    fn cp932_round_trips_and_refuses_what_it_cannot_hold() {
        let s = sheet(vec![
            vec![Cell::Text("目標".into()), Cell::Text("実績".into())],
            vec![Cell::Text("①髙".into()), Cell::Text("𠮷野家".into())],
            vec![Cell::Text("高压".into()), Cell::Number(3.0)],
        ]);
        let errs = write_csv(&s, "x.csv", 0, CsvEncoding::Sjis).unwrap_err();
        let lines: Vec<String> = errs
            .iter()
            .map(|d| d.line(crate::config::Language::Ja))
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("セル B2"), "{}", lines[0]);
        assert!(lines[0].contains("U+20BB7"), "{}", lines[0]);
        assert!(lines[1].contains("セル A3"), "{}", lines[1]);
        assert!(lines[1].contains("「压」(U+538B)"), "{}", lines[1]);
        let ok = sheet(vec![vec![
            Cell::Text("①髙 R1〜R3".into()),
            Cell::Number(-1.5),
        ]]);
        let out = write_csv(&ok, "x.csv", 0, CsvEncoding::Sjis).unwrap();
        let (back, _, bad) = encoding_rs::SHIFT_JIS.decode(&out);
        assert!(!bad);
        assert_eq!(back, "①髙 R1～R3,-1.5\r\n");
    }
}
