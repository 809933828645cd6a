//! Edits staff make in the workbook — a value, a status chosen from the
//! dropdown, a new year, a new KPI, a new item — arrive in the right places
//! of the right TOML files, after the workbook has been opened and saved by
//! LibreOffice Calc as staff's spreadsheet program would.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::workbook::{exported, save_xlsx, set};
use common::*;
use plansite::config::Language;
use plansite::workbook::export::book::Book;
use plansite::workbook::Cell;

/// Zero-based column of `header` on `sheet`.
fn column(book: &Book, sheet: &str, header: &str) -> usize {
    let s = book
        .sheets
        .iter()
        .find(|s| s.sheet.name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    s.sheet.rows[0]
        .iter()
        .position(|c| *c == Cell::Text(header.to_string()))
        .unwrap_or_else(|| panic!("no column {header} on {sheet}"))
}

/// Sets the cell of `header` on zero-based `row`.
fn put(book: &mut Book, sheet: &str, row: usize, header: &str, value: Cell) {
    let col = column(book, sheet, header);
    set(book, sheet, &plansite::workbook::cell_name(row, col), value);
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// Calc opens the workbook and saves it again, in place.
fn resave_with_libreoffice(file: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(out.path())
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("LibreOffice (soffice) is needed for this test ({e}); install it with `bash .ci/install`")
        });
    assert!(run.status.success(), "{}", stderr(&run));
    fs::copy(out.path().join(file.file_name().unwrap()), file).unwrap();
}

fn front(root: &Path, file: &str) -> String {
    let text = fs::read_to_string(root.join("content/testcity/reform").join(file)).unwrap();
    text.split("+++\n").nth(1).unwrap().to_string()
}

#[test]
fn edits_made_in_the_workbook_arrive_in_the_right_toml_files() {
    let site = common::site("basic");
    let root = site.path();
    let before_01 = fs::read(root.join("content/testcity/reform/01.md")).unwrap();
    let mut book = exported(root, "testcity/reform", Language::Ja);

    // Rows as exported: KPI sheet row 5 (zero-based 4) is item 2's KPI in FY2020.
    assert_eq!(
        book.sheets[2]
            .sheet
            .cell(4, column(&book, "成果指標", "実績")),
        &Cell::Number(835.0)
    );
    // A value corrected.
    put(&mut book, "成果指標", 4, "実績", Cell::Number(800.0));
    // A status chosen from the dropdown.
    put(&mut book, "項目", 2, "評価(令和2年度)", text("B"));
    // A new year of that KPI, typed the short way.
    put(&mut book, "成果指標", 6, "項目番号", text("2"));
    put(&mut book, "成果指標", 6, "指標番号", Cell::Number(1.0));
    put(&mut book, "成果指標", 6, "年度", text("R3"));
    put(&mut book, "成果指標", 6, "実績", Cell::Number(760.0));
    put(&mut book, "成果指標", 6, "実績の注記", text("見込"));
    // A new KPI of item 2.
    put(&mut book, "成果指標", 7, "項目番号", text("2"));
    put(&mut book, "成果指標", 7, "指標番号", Cell::Number(2.0));
    put(&mut book, "成果指標", 7, "指標名", text("口座振替の利用率"));
    put(&mut book, "成果指標", 7, "年度", text("令和4年度"));
    put(&mut book, "成果指標", 7, "目標", Cell::Number(50.0));
    put(&mut book, "成果指標", 7, "単位", text("%"));
    // A new item.
    put(&mut book, "項目", 3, "項目番号", text("3"));
    put(&mut book, "項目", 3, "項目名", text("窓口の混雑緩和"));
    put(&mut book, "項目", 3, "分類ID", text("1-1"));
    put(&mut book, "項目", 3, "担当課1", text("市民課"));
    put(&mut book, "項目", 3, "評価(令和2年度)", text("A"));

    let file = save_xlsx(&book, root);
    resave_with_libreoffice(&file);
    let name = file.file_name().unwrap().to_str().unwrap();

    // --dry-run: the changes as a diff, nothing written.
    let content_before = snapshot(&root.join("content"));
    let dry = plansite(root, &["import", name, "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let diff = String::from_utf8_lossy(&dry.stdout).into_owned();
    for line in [
        "--- a/content/testcity/reform/02.md",
        "+++ b/content/testcity/reform/02.md",
        "-actuals = { 2020 = 835 }",
        "+actuals = { 2020 = 800, 2021 = { value = 760, note = \"見込\" } }",
        "--- /dev/null",
        "+++ b/content/testcity/reform/03.md",
        "+title = \"窓口の混雑緩和\"",
    ] {
        assert!(
            diff.lines().any(|l| l == line),
            "no line {line:?} in the diff:\n{diff}"
        );
    }
    assert_eq!(
        snapshot(&root.join("content")),
        content_before,
        "--dry-run wrote"
    );

    let out = plansite(root, &["import", name]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("updated 2 files"), "{}", stderr(&out));

    assert_eq!(
        front(root, "02.md"),
        r#"number = "2"
title = "未収債権の縮減"
category = "1"
departments = ["収納課"]
status = { 2020 = "B" }

[[kpis]]
name = "未収債権額"
unit = "百万円"
direction = "lower"
method = "progress"
baseline = { year = 2017, value = 982 }
targets = { 2022 = 700 }
actuals = { 2020 = 800, 2021 = { value = 760, note = "見込" } }
reported_rate = 52.1

[[kpis]]
name = "口座振替の利用率"
unit = "%"
targets = { 2022 = 50 }
"#
    );
    assert_eq!(
        fs::read_to_string(root.join("content/testcity/reform/03.md")).unwrap(),
        r#"+++
number = "3"
title = "窓口の混雑緩和"
category = "1-1"
departments = ["市民課"]
status = { 2020 = "A" }
+++
"#
    );
    assert_eq!(
        fs::read(root.join("content/testcity/reform/01.md")).unwrap(),
        before_01,
        "an item nobody edited is untouched"
    );
    let loaded = plansite::load(root);
    assert!(
        !loaded.diagnostics.has_errors(),
        "{:?}",
        loaded.diagnostics.sorted()
    );
    let plan = &loaded.site.cities[0].plans[0];
    assert_eq!(plan.items.len(), 3);
    assert_eq!(
        plan.items[2].status.get(&2020).map(String::as_str),
        Some("A")
    );
    // The body of the edited item is where it was.
    let text = fs::read_to_string(root.join("content/testcity/reform/02.md")).unwrap();
    assert!(text.ends_with("reported_rate = 52.1\n\n[[kpis]]\nname = \"口座振替の利用率\"\nunit = \"%\"\ntargets = { 2022 = 50 }\n+++\n"));
}

#[test]
fn values_excel_mangles_are_understood() {
    let site = common::site("basic");
    let root = site.path();
    let mut book = exported(root, "testcity/reform", Language::Ja);
    // Item 2's KPI: FY2020 actual (row 5) and FY2022 target (row 6).
    put(&mut book, "成果指標", 4, "実績", text("△１，２３４"));
    put(&mut book, "成果指標", 5, "目標", text("1.2E+5"));
    // Item 1's KPI, FY2019 target (row 2): a number stored as text.
    put(&mut book, "成果指標", 1, "目標", text("'7"));
    put(&mut book, "成果指標", 1, "実績", text(" 5 "));
    let file = save_xlsx(&book, root);
    let out = plansite(
        root,
        &["import", file.file_name().unwrap().to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let two = front(root, "02.md");
    assert!(two.contains("targets = { 2022 = 120000 }\n"), "{two}");
    assert!(two.contains("actuals = { 2020 = -1234 }\n"), "{two}");
    let one = front(root, "01.md");
    assert!(
        one.contains("targets = { 2019 = 7, 2020 = 3, 2022 = 0 }\n"),
        "{one}"
    );
}

#[test]
fn a_file_of_another_plan_is_refused_as_a_whole() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    fs::copy(repo.join("site.toml"), site.path().join("site.toml")).unwrap();
    copy_tree(&repo.join("content"), &site.path().join("content"));
    let root = site.path();
    let out = plansite(root, &["export", "sanyo-onoda/reform", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Renamed, so that its name no longer says which plan it is.
    let items = "items.csv";
    fs::rename(root.join("sanyo-onoda.reform.項目.csv"), root.join(items)).unwrap();
    let before = snapshot(&root.join("content"));
    let out = plansite(root, &["import", items, "--plan", "ube/reform"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("this file does not seem to be of the plan ube/reform"),
        "{err}"
    );
    assert_eq!(
        err.matches("error:").count(),
        1,
        "one error, not one per row: {err}"
    );
    assert_eq!(snapshot(&root.join("content")), before);
}
