//! `plansite export`: the workbook and CSV files of a plan, read back as a
//! spreadsheet program would (calamine), and the command's refusals.

mod common;

use std::fs;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use common::{plansite, site, stderr};
use plansite::config::Language;
use plansite::workbook::export::{self, book, csv::write_csv, xlsx::write_xlsx, CsvEncoding};
use plansite::workbook::layout::SheetKind;
use plansite::workbook::{Area, Cell};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn demo() -> plansite::Loaded {
    let loaded = plansite::load(repo());
    assert!(!loaded.diagnostics.has_errors());
    loaded
}

fn demo_book(loaded: &plansite::Loaded, id: &str) -> export::Book {
    let (city, plan) = export::find(&loaded.site, id).unwrap();
    book(&loaded.config, city, plan, loaded.config.language)
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => plansite::content::reader::fmt_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The rows of a sheet as text, from A1 (calamine's range starts at the
/// first used cell).
fn rows(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = wb.worksheet_range(name).unwrap();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    assert_eq!((r0, c0), (0, 0), "{name} starts at A1");
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn every_demo_plan_exports_and_opens() {
    let loaded = demo();
    let mut count = 0;
    for (city, plan) in loaded.site.plans() {
        let b = book(&loaded.config, city, plan, Language::Ja);
        let bytes = write_xlsx(&b).unwrap();
        let mut wb = open(&bytes);
        let names: Vec<String> = wb.sheet_names();
        assert_eq!(
            names,
            [
                "使い方",
                "項目",
                "成果指標",
                "スケジュール",
                "分類",
                "選択肢"
            ],
            "{}/{}",
            city.slug,
            plan.slug
        );
        let items = rows(&mut wb, "項目");
        assert_eq!(items.len(), plan.items.len() + 1);
        for (row, item) in items.iter().skip(1).zip(&plan.items) {
            assert_eq!(row[0], item.number);
            assert_eq!(row[1], item.title);
        }
        let kpis = rows(&mut wb, "成果指標");
        let kpi_rows: usize = plan
            .items
            .iter()
            .flat_map(|i| &i.kpis)
            .map(|k| {
                let mut years: Vec<_> = k.targets.keys().chain(k.actuals.keys()).collect();
                years.sort();
                years.dedup();
                years.len().max(1)
            })
            .sum();
        assert_eq!(
            kpis.len().max(1),
            kpi_rows + 1,
            "{}/{}",
            city.slug,
            plan.slug
        );
        count += 1;
    }
    assert_eq!(count, loaded.site.plans().count());
    assert!(count >= 5);
}

#[test]
fn the_workbook_has_the_plan_in_its_sheets() {
    let loaded = demo();
    let b = demo_book(&loaded, "mine/reform");
    let mut wb = open(&write_xlsx(&b).unwrap());

    let hidden: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    assert!(
        hidden.iter().all(|(n, h)| *h == (n == "選択肢")),
        "{hidden:?}"
    );
    let names: Vec<String> = wb.defined_names().iter().map(|(n, _)| n.clone()).collect();
    for n in ["plansite_levels", "plansite_categories", "plansite_years"] {
        assert!(names.iter().any(|x| x == n), "{names:?}");
    }

    let guide = rows(&mut wb, "使い方");
    assert_eq!(
        guide[0][..2],
        ["計画ID".to_string(), "mine/reform".to_string()]
    );
    assert_eq!(guide[1][1], "plansite-workbook/1");
    assert_eq!(guide[4][1], "令和元年度〜令和5年度");

    let items = rows(&mut wb, "項目");
    let h = &items[0];
    assert_eq!(
        h[..4],
        ["項目番号", "項目名", "分類ID", "分類名"].map(String::from)
    );
    for name in [
        "担当課1",
        "担当課2",
        "評価(令和元年度)",
        "評価(令和5年度)",
        "タグ1",
        "ファイル名",
    ] {
        col(h, name);
    }
    let i31 = items.iter().find(|r| r[0] == "31").unwrap();
    assert_eq!(i31[col(h, "評価(令和5年度)")], "B");
    assert_eq!(i31[col(h, "分類ID")], "3-1");
    assert_eq!(i31[col(h, "分類名")], "公共施設管理");
    assert_eq!(i31[col(h, "ファイル名")], "31");

    let kpis = rows(&mut wb, "成果指標");
    let h = &kpis[0];
    let fy21 = kpis
        .iter()
        .find(|r| r[0] == "9" && r[col(h, "年度")] == "令和3年度")
        .unwrap();
    assert_eq!(fy21[col(h, "指標番号")], "1");
    assert_eq!(fy21[col(h, "指標名")], "電算システム経費削減額");
    assert_eq!(fy21[col(h, "目標")], "-30095");
    assert_eq!(fy21[col(h, "実績")], "-36127");
    assert_eq!(fy21[col(h, "単位")], "千円");
    assert_eq!(fy21[col(h, "算定方法")], "累計");
    // The plan's default direction is not written on the row.
    assert_eq!(fy21[col(h, "方向")], "");
    // Numbers are number cells.
    let range = wb.worksheet_range("成果指標").unwrap();
    let r = kpis.iter().position(|r| std::ptr::eq(r, fy21)).unwrap();
    assert!(matches!(
        range.get((r, col(h, "目標"))),
        Some(Data::Float(_) | Data::Int(_))
    ));

    let cats = rows(&mut wb, "分類");
    assert_eq!(
        cats[0],
        ["分類ID", "分類名", "上位分類ID", "階層", "説明"].map(String::from)
    );
    assert_eq!(
        cats[1][..4],
        ["1", "組織・人材マネジメントの見直し", "", "大分類"].map(String::from)
    );
    assert_eq!(
        cats[2][..4],
        ["1-2", "人材育成・人材登用", "1", "小分類"].map(String::from)
    );

    let lists = rows(&mut wb, "選択肢");
    let levels: Vec<&str> = lists
        .iter()
        .skip(1)
        .map(|r| r[0].as_str())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(levels, ["S", "A", "B", "C", "D"]);
}

#[test]
fn the_fixture_kpi_has_its_baseline_notes_and_schedule() {
    let dir = site("basic");
    let loaded = plansite::load(dir.path());
    assert!(!loaded.diagnostics.has_errors());
    let b = demo_book(&loaded, "testcity/reform");
    let mut wb = open(&write_xlsx(&b).unwrap());
    let kpis = rows(&mut wb, "成果指標");
    let h = kpis[0].clone();
    let get = |year: &str, c: &str| {
        let row = kpis.iter().find(|r| r[0] == "1" && r[3] == year).unwrap();
        row[col(&h, c)].clone()
    };
    assert_eq!(get("令和2年度", "実績"), "1");
    assert_eq!(get("令和2年度", "実績の注記"), "見込");
    assert_eq!(get("令和4年度", "目標"), "0");
    assert_eq!(get("令和4年度", "実績"), "");
    assert_eq!(get("令和元年度", "方向"), "低いほど良い");
    assert_eq!(get("令和元年度", "算定方法"), "進捗");
    assert_eq!(get("令和元年度", "基準値"), "9");
    assert_eq!(get("令和元年度", "基準年度"), "平成29年度");
    let schedule = rows(&mut wb, "スケジュール");
    assert_eq!(
        schedule[0],
        ["項目番号", "取組番号", "取組名", "年度", "計画", "実績"].map(String::from)
    );
    assert_eq!(
        schedule[2],
        ["1", "1", "外部委託の実施", "令和2年度", "実施", "一部実施"].map(String::from)
    );
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let loaded = demo();
    let b = demo_book(&loaded, "mine/reform");
    assert_eq!(write_xlsx(&b).unwrap(), write_xlsx(&b).unwrap());
    // Through the command too, a second apart, so that no clock gets in.
    let tmp = tempfile::tempdir().unwrap();
    let root = repo().to_str().unwrap();
    let first = plansite(
        tmp.path(),
        &["export", "mine/reform", "--root", root, "-o", "a.xlsx"],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = plansite(
        tmp.path(),
        &["export", "mine/reform", "--root", root, "-o", "b.xlsx"],
    );
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        fs::read(tmp.path().join("a.xlsx")).unwrap(),
        fs::read(tmp.path().join("b.xlsx")).unwrap()
    );
}

#[test]
fn odd_cells_and_merged_areas_are_written_as_spreadsheets_hold_them() {
    let loaded = demo();
    let mut b = demo_book(&loaded, "mine/reform");
    let kpis = b.sheet_mut(SheetKind::Kpis).unwrap();
    kpis.sheet.rows[1][4] = Cell::Date {
        year: 2024,
        month: 1,
        day: 2,
    };
    kpis.sheet.rows[1][5] = Cell::Percent(0.85);
    kpis.sheet.rows[2][4] = Cell::Bool(true);
    kpis.sheet.rows[2][5] = Cell::Error("#N/A".into());
    kpis.sheet.merged.push(Area {
        first_row: 3,
        first_col: 2,
        last_row: 4,
        last_col: 2,
    });
    kpis.sheet.name = "指標".into();
    b.sheets.retain(|s| s.kind != Some(SheetKind::Schedule));
    let mut wb = open(&write_xlsx(&b).unwrap());
    assert_eq!(
        wb.sheet_names(),
        ["使い方", "項目", "指標", "分類", "選択肢"]
    );
    let range = wb.worksheet_range("指標").unwrap();
    match range.get((1, 4)) {
        Some(Data::DateTime(d)) => {
            assert!(d.is_datetime());
            let (y, m, dd, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, m, dd), (2024, 1, 2));
        }
        other => panic!("not a date: {other:?}"),
    }
    assert_eq!(range.get((1, 5)), Some(&Data::Float(0.85)));
    assert_eq!(range.get((2, 4)), Some(&Data::Bool(true)));
    assert!(
        matches!(range.get((2, 5)), Some(Data::Error(_))),
        "{:?}",
        range.get((2, 5))
    );
    let merged = wb.merge_cells_by_sheet_name("指標").unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!((merged[0].start, merged[0].end), ((3, 2), (4, 2)));
}

/// The cells of a sheet as CSV reads them.
fn as_text(sheet: &plansite::workbook::Sheet) -> Vec<Vec<String>> {
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    sheet
        .rows
        .iter()
        .map(|r| {
            (0..width)
                .map(|c| match r.get(c) {
                    Some(Cell::Text(t)) => t.clone(),
                    Some(Cell::Number(n)) => plansite::content::reader::fmt_number(*n),
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_files_in_utf8_and_cp932_hold_the_same_cells() {
    let loaded = demo();
    let b = demo_book(&loaded, "mine/reform");
    let tmp = tempfile::tempdir().unwrap();
    let root = repo().to_str().unwrap();
    for (enc, dir) in [("utf8", "u"), ("sjis", "s")] {
        let out = plansite(
            tmp.path(),
            &[
                "export",
                "mine/reform",
                "--root",
                root,
                "--format",
                "csv",
                "--encoding",
                enc,
                "-o",
                dir,
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        for kind in SheetKind::DATA {
            let sheet = &b.sheet(kind).unwrap().sheet;
            let path = tmp
                .path()
                .join(dir)
                .join(format!("mine.reform.{}.csv", sheet.name));
            let bytes = fs::read(&path).unwrap();
            let text = if enc == "utf8" {
                let t = String::from_utf8(bytes).unwrap();
                t.strip_prefix('\u{FEFF}').expect("a BOM").to_string()
            } else {
                let (t, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
                assert!(!bad);
                assert!(!t.starts_with('\u{FEFF}'));
                t.into_owned()
            };
            assert!(text.ends_with("\r\n"));
            assert_eq!(
                text.matches('\n').count(),
                text.matches("\r\n").count() + count_inner_lf(sheet)
            );
            let (got, want) = (parse_csv(&text), as_text(sheet));
            if enc == "utf8" {
                assert_eq!(got, want, "{enc} {}", sheet.name);
            } else {
                // 〜 comes back as CP932's ～, which import counts as the same.
                assert_eq!(got.len(), want.len());
                for (g, w) in got.iter().flatten().zip(want.iter().flatten()) {
                    assert!(plansite::workbook::cp932::same_text(g, w), "{g} / {w}");
                }
                assert_eq!(
                    got.iter().map(Vec::len).collect::<Vec<_>>(),
                    want.iter().map(Vec::len).collect::<Vec<_>>()
                );
            }
        }
    }
}

/// Line feeds inside cells (a category's description), which stay bare.
fn count_inner_lf(sheet: &plansite::workbook::Sheet) -> usize {
    sheet
        .rows
        .iter()
        .flatten()
        .map(|c| match c {
            Cell::Text(t) => t.matches('\n').count() - t.matches("\r\n").count(),
            _ => 0,
        })
        .sum()
}

#[test]
fn a_character_cp932_lacks_is_an_error_at_its_cell() {
    let loaded = demo();
    let mut b = demo_book(&loaded, "mine/reform");
    let kpis = b.sheet_mut(SheetKind::Kpis).unwrap();
    kpis.sheet.rows[2][2] = Cell::Text("𠮷田の指標".into());
    let errs = write_csv(
        &kpis.sheet,
        "mine.reform.成果指標.csv",
        2,
        CsvEncoding::Sjis,
    )
    .unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].line(Language::Ja),
        "mine.reform.成果指標.csv: シート「成果指標」セル C3(列「指標名」): エラー: 文字「𠮷」(U+20BB7)は Shift_JIS(CP932)で書けません"
    );
    assert!(write_csv(&kpis.sheet, "x.csv", 2, CsvEncoding::Utf8).is_ok());

    // Through the command: nothing is written.
    let dir = site("basic");
    let item = dir.path().join("content/testcity/reform/02.md");
    let text = fs::read_to_string(&item).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title"))
        .unwrap()
        .to_string();
    fs::write(&item, text.replacen(&title, "title = \"𠮷野の改革\"", 1)).unwrap();
    let out = plansite(
        dir.path(),
        &[
            "export",
            "testcity/reform",
            "--format",
            "csv",
            "--encoding",
            "sjis",
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("testcity.reform.項目.csv: sheet \"項目\" cell B3 (column \"項目名\")"),
        "{err}"
    );
    assert!(err.contains("U+20BB7"), "{err}");
    assert!(!dir.path().join("testcity.reform.項目.csv").exists());
    assert!(!dir.path().join("testcity.reform.成果指標.csv").exists());
}

#[test]
fn an_existing_file_is_not_overwritten_without_force() {
    let dir = site("basic");
    let first = plansite(dir.path(), &["export", "testcity/reform"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(out.contains("testcity.reform.xlsx"), "{out}");
    assert!(
        out.contains("plansite import testcity.reform.xlsx"),
        "{out}"
    );
    let path = dir.path().join("testcity.reform.xlsx");
    fs::write(&path, b"staff edits").unwrap();
    let again = plansite(dir.path(), &["export", "testcity/reform"]);
    assert!(!again.status.success());
    let err = stderr(&again);
    assert!(err.contains("testcity.reform.xlsx already exists"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"staff edits");
    let ja = plansite(dir.path(), &["export", "testcity/reform", "--lang", "ja"]);
    assert!(
        stderr(&ja).contains("testcity.reform.xlsx はすでにあります"),
        "{}",
        stderr(&ja)
    );
    let forced = plansite(dir.path(), &["export", "testcity/reform", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_ne!(fs::read(&path).unwrap(), b"staff edits");
    // CSV files too, each named.
    let csv = plansite(
        dir.path(),
        &["export", "testcity/reform", "--format", "csv"],
    );
    assert!(csv.status.success(), "{}", stderr(&csv));
    let csv = plansite(
        dir.path(),
        &["export", "testcity/reform", "--format", "csv"],
    );
    assert!(
        stderr(&csv).contains("testcity.reform.成果指標.csv already exists"),
        "{}",
        stderr(&csv)
    );
}

#[test]
fn an_unknown_plan_is_refused_with_the_plans_there_are() {
    let dir = site("basic");
    let out = plansite(dir.path(), &["export", "testcity/refrom"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("there is no plan \"testcity/refrom\""),
        "{err}"
    );
    assert!(err.contains("did you mean \"testcity/reform\"?"), "{err}");
    assert!(err.contains("the plans are: testcity/reform"), "{err}");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "nothing written"
    );
}

#[test]
fn a_site_with_errors_is_not_exported() {
    let dir = site("basic");
    let item = dir.path().join("content/testcity/reform/02.md");
    let text = fs::read_to_string(&item).unwrap();
    fs::write(&item, text.replacen("title", "titel", 1)).unwrap();
    let out = plansite(dir.path(), &["export", "testcity/reform"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("02.md"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!dir.path().join("testcity.reform.xlsx").exists());
}

#[test]
fn an_english_site_gets_an_english_workbook() {
    let dir = site("basic");
    let loaded = plansite::load(dir.path());
    let b = {
        let (city, plan) = export::find(&loaded.site, "testcity/reform").unwrap();
        book(&loaded.config, city, plan, Language::En)
    };
    let mut wb = open(&write_xlsx(&b).unwrap());
    assert_eq!(
        wb.sheet_names(),
        ["Guide", "Items", "KPIs", "Schedule", "Categories", "Lists"]
    );
    let items = rows(&mut wb, "Items");
    col(&items[0], "Status (FY2019)");
    col(&items[0], "Department 2");
    let kpis = rows(&mut wb, "KPIs");
    let h = kpis[0].clone();
    let row = kpis
        .iter()
        .find(|r| r[col(&h, "Fiscal year")] == "FY2020")
        .unwrap();
    assert_eq!(row[col(&h, "Direction")], "lower");
    assert_eq!(row[col(&h, "Method")], "progress");
    assert_eq!(row[col(&h, "Actual note")], "見込");
    let guide = rows(&mut wb, "Guide");
    assert_eq!(
        guide[0][..2],
        ["Plan id".to_string(), "testcity/reform".to_string()]
    );
}
