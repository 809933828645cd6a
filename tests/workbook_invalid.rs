//! The corpus of bad workbooks: each case under
//! tests/fixtures/invalid-workbook/ says, in `case.toml`, what staff did to
//! the exported workbook of the `basic` site's plan (cells typed, merged,
//! sheets renamed or removed), and in which form it was handed in (`.xlsx`,
//! or Shift_JIS CSV files). Import must fail with exactly the messages in
//! expected.en.txt with `--lang en` and in expected.ja.txt with `--lang
//! ja`, exit 1, and leave every content file as it was.
//!
//! To add a case: make the folder with its case.toml, run the test, and
//! write the messages you have checked by hand into the expected files
//! (`PLANSITE_BLESS=1` writes what import printed, for you to review).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::workbook::{exported, merge, save_csv, save_xlsx, set};
use common::*;
use plansite::config::Language;
use plansite::workbook::export::book::Book;
use plansite::workbook::export::CsvEncoding;
use plansite::workbook::Cell;

const PLAN: &str = "testcity/reform";

/// One change of `case.toml`.
fn apply(book: &mut Book, case: &toml::Table) {
    for s in case
        .get("set")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let sheet = s["sheet"].as_str().unwrap();
        let cell = s["cell"].as_str().unwrap();
        let value = if let Some(t) = s.get("text") {
            Cell::Text(t.as_str().unwrap().to_string())
        } else if let Some(n) = s.get("number") {
            Cell::Number(n.as_float().or(n.as_integer().map(|i| i as f64)).unwrap())
        } else if let Some(p) = s.get("percent") {
            Cell::Percent(p.as_float().unwrap())
        } else if let Some(d) = s.get("date") {
            let d = d.as_datetime().and_then(|d| d.date).expect("a TOML date");
            Cell::Date {
                year: i32::from(d.year),
                month: u32::from(d.month),
                day: u32::from(d.day),
            }
        } else if let Some(b) = s.get("bool") {
            Cell::Bool(b.as_bool().unwrap())
        } else {
            Cell::Empty
        };
        set(book, sheet, cell, value);
    }
    for m in case
        .get("merge")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        merge(
            book,
            m["sheet"].as_str().unwrap(),
            m["area"].as_str().unwrap(),
        );
    }
    for r in case
        .get("rename")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let from = r["sheet"].as_str().unwrap();
        let s = book
            .sheets
            .iter_mut()
            .find(|s| s.sheet.name == from)
            .unwrap_or_else(|| panic!("no sheet {from}"));
        s.sheet.name = r["to"].as_str().unwrap().to_string();
    }
    for r in case
        .get("remove")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let name = r["sheet"].as_str().unwrap();
        book.sheets.retain(|s| s.sheet.name != name);
    }
}

/// The files staff hand in for `case`, written into `root`.
fn handed_in(root: &Path, case: &toml::Table) -> Vec<PathBuf> {
    let mut book = exported(root, PLAN, Language::Ja);
    apply(&mut book, case);
    match case
        .get("format")
        .and_then(|f| f.as_str())
        .unwrap_or("xlsx")
    {
        "xlsx" => vec![save_xlsx(&book, root)],
        "csv-sjis" => save_csv(&book, root, CsvEncoding::Sjis),
        "csv" => save_csv(&book, root, CsvEncoding::Utf8),
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn every_bad_workbook_is_refused_with_its_exact_messages() {
    let dir = fixtures().join("invalid-workbook");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "the corpus has only {} cases",
        cases.len()
    );
    let bless = std::env::var_os("PLANSITE_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let spec: toml::Table =
            toml::from_str(&fs::read_to_string(case.join("case.toml")).unwrap())
                .unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
        let site = common::site("basic");
        let root = site.path();
        let files = handed_in(root, &spec);
        let before = snapshot(&root.join("content"));
        for lang in ["en", "ja"] {
            let file = format!("expected.{lang}.txt");
            let mut args = vec!["import", "--lang", lang];
            let names: Vec<String> = files
                .iter()
                .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            args.extend(names.iter().map(String::as_str));
            let out = plansite(root, &args);
            let got = stderr(&out);
            if bless {
                fs::write(case.join(&file), &got).unwrap();
            }
            let expected = fs::read_to_string(case.join(&file)).unwrap_or_default();
            if out.status.code() != Some(1) {
                failures.push(format!(
                    "{name} ({lang}): exit code {:?}, expected 1\n{got}",
                    out.status.code()
                ));
            }
            if got.trim_end() != expected.trim_end() {
                failures.push(format!(
                    "{name}: messages differ from {file}\n--- expected\n{expected}\n--- got\n{got}"
                ));
            }
            if snapshot(&root.join("content")) != before {
                failures.push(format!("{name} ({lang}): the content was changed"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n\n{}",
        failures.len(),
        cases.len() * 2,
        failures.join("\n\n")
    );
}
