use std::path::Path;

use super::*;
use crate::model::Value;
use crate::workbook::edits::Noted;
use crate::workbook::Area;

fn demo() -> crate::Loaded {
    crate::load(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn sheet(index: u32, kind: SheetKind, rows: &[&[&str]]) -> ReadSheet {
    ReadSheet {
        file: "plan.xlsx".into(),
        index,
        kind: Some(kind),
        sheet: crate::workbook::Sheet {
            name: kind.name(Language::Ja).into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| cell(s)).collect())
                .collect(),
            merged: Vec::new(),
            hidden: false,
        },
    }
}

const ITEMS: &[&str] = &[
    "項目番号",
    "項目名",
    "分類ID",
    "分類名",
    "担当課1",
    "評価(令和5年度)",
    "タグ1",
    "ファイル名",
];
const KPIS: &[&str] = &[
    "項目番号",
    "指標番号",
    "指標名",
    "年度",
    "目標",
    "実績",
    "目標の注記",
    "実績の注記",
    "単位",
    "方向",
    "算定方法",
    "基準値",
    "基準年度",
    "基準値の注記",
];
const SCHEDULE: &[&str] = &["項目番号", "取組番号", "取組名", "年度", "計画", "実績"];
const CATEGORIES: &[&str] = &["分類ID", "分類名", "上位分類ID", "階層", "説明"];

fn table(h: &[&str], rows: &[&[&str]]) -> Vec<Vec<String>> {
    std::iter::once(h)
        .chain(rows.iter().copied())
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn make(index: u32, kind: SheetKind, v: Vec<Vec<String>>) -> ReadSheet {
    let rows: Vec<Vec<&str>> = v
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    sheet(index, kind, &rows)
}

fn book(
    items: &[&[&str]],
    kpis: &[&[&str]],
    schedule: &[&[&str]],
    cats: &[&[&str]],
) -> Vec<ReadSheet> {
    vec![
        make(1, SheetKind::Items, table(ITEMS, items)),
        make(2, SheetKind::Kpis, table(KPIS, kpis)),
        make(3, SheetKind::Schedule, table(SCHEDULE, schedule)),
        make(4, SheetKind::Categories, table(CATEGORIES, cats)),
    ]
}

fn run(sheets: &[ReadSheet]) -> (PlanEdits, Vec<String>) {
    let loaded = demo();
    let city = loaded
        .site
        .cities
        .iter()
        .find(|c| c.slug == "mine")
        .unwrap();
    let plan = city.plans.iter().find(|p| p.slug == "reform").unwrap();
    let (edits, diags) = read_plan(sheets, &loaded.config, city, plan);
    let lines = diags
        .sorted()
        .iter()
        .map(|d| d.line(Language::Ja))
        .collect();
    (edits, lines)
}

fn has(lines: &[String], needle: &str) {
    assert!(
        lines.iter().any(|l| l.contains(needle)),
        "no «{needle}» in\n{}",
        lines.join("\n")
    );
}

#[test]
fn a_filled_in_workbook_becomes_edits() {
    let (edits, lines) = run(&book(
        &[&[
            "9",
            "自治体クラウドの導入(改)",
            "2-1",
            "",
            "情報政策課",
            "A",
            "",
            "09",
        ]],
        &[
            &[
                "9",
                "1",
                "電算システム経費削減額",
                "令和4年度",
                "△30,095",
                "-36155",
                "",
                "",
                "千円",
            ],
            &[
                "9",
                "1",
                "電算システム経費削減額",
                "令和5年度",
                "－30095",
                "-38644",
                "",
                "見込",
                "千円",
            ],
        ],
        &[&["9", "1", "自治体クラウド構築", "R5", "", "達成"]],
        &[&["1", "組織・人材マネジメントの見直し", "", "大分類", ""]],
    ));
    assert!(lines.iter().all(|l| !l.contains("エラー")), "{lines:#?}");
    assert_eq!(edits.plan, "mine/reform");
    let item = &edits.items[0];
    assert_eq!(
        (item.number.as_str(), item.slug.as_str(), item.new),
        ("9", "09", false)
    );
    assert_eq!(item.title, Change::Set("自治体クラウドの導入(改)".into()));
    assert_eq!(item.category, Change::Set("2-1".into()));
    assert_eq!(item.departments, Change::Set(vec!["情報政策課".into()]));
    assert_eq!(item.tags, Change::Keep);
    assert_eq!(item.status.get(&2023), Some(&Change::Set("A".into())));
    let kpi = &item.kpis[0];
    assert_eq!(kpi.name, Change::Set("電算システム経費削減額".into()));
    let y = &kpi.years[&2023];
    assert_eq!(y.target.value, Change::Set(Value::Number(-30095.0)));
    assert_eq!(
        y.actual,
        Noted {
            value: Change::Set(Value::Number(-38644.0)),
            note: Change::Set("見込".into())
        }
    );
    assert_eq!(
        kpi.years[&2022].target.value,
        Change::Set(Value::Number(-30095.0))
    );
    // 算定方法 is cumulative in the file and blank on both rows: kept, with a warning.
    assert_eq!(kpi.method, Change::Keep);
    has(&lines, "plan.xlsx: シート「成果指標」セル K2(列「算定方法」令和4年度): 警告: 空欄のため、内容の値「累計」を残します");
    let action = &item.actions[0];
    assert_eq!(
        action.years[&2023].1,
        Change::Set(Value::Text("達成".into()))
    );
    assert_eq!(edits.categories[0].id, "1");
    assert!(!edits.categories[0].new);
}

#[test]
fn every_bad_cell_is_reported_at_once_with_its_place() {
    let (_, lines) = run(&book(
        &[
            &["9", "削除", "9-9", "", "", "Ａ"],
            &["9", "二度目"],
            &["100", ""],
        ],
        &[
            &["9", "1", "", "来年", "1"],
            &["9", "1", "", "令和5年度", "十二"],
            &["9", "1", "", "令和4年度", "", "", "", "", "%"],
            &["77", "1", "x", "令和5年度"],
        ],
        &[],
        &[],
    ));
    has(
        &lines,
        "シート「項目」セル B2(列「項目名」項目 9): エラー: 「項目名」は削除できません",
    );
    has(
        &lines,
        "セル C2(列「分類ID」項目 9): エラー: 分類ID「9-9」はこの計画の分類にありません",
    );
    has(
        &lines,
        "セル F2(列「評価(令和5年度)」項目 9): エラー: 「Ａ」は評価「A」と書き方",
    );
    has(
        &lines,
        "セル A3(列「項目番号」項目 9): エラー: 項目番号「9」の行が2つあります(最初は 2 行目)",
    );
    has(
        &lines,
        "セル B4(列「項目名」項目 100): エラー: 新しい項目「100」には項目名が必要です",
    );
    has(&lines, "シート「成果指標」セル D2(列「年度」項目 9): エラー: 年度が必要ですが「来年」が入っています");
    has(
        &lines,
        "セル E3(列「目標」令和5年度): エラー: 数値が必要ですが「十二」が入っています",
    );
    has(&lines, "セル A5(列「項目番号」項目 77): エラー: 項目番号「77」の項目はこの計画にも「項目」シートにもありません");
}

#[test]
fn new_items_kpis_actions_and_categories() {
    let (edits, lines) = run(&book(
        &[
            &["7", "新しい項目", "5"],
            &["64", "もう一つ", "", "", "", "", "", "extra"],
        ],
        &[
            &["7", "1", "新しい指標", "令和5年度", "85%", "", "", "", "%"],
            &["9", "2", "二つ目の指標", "令和5年度", "10"],
            &["9", "4", "飛んだ番号", "令和5年度", "10"],
        ],
        &[&["7", "1", "", "令和5年度", "実施"]],
        &[
            &["5", "新しい大分類", ""],
            &["5-1", "新しい小分類", "5"],
            &["6", "", "8"],
        ],
    ));
    let find = |n: &str| edits.items.iter().find(|i| i.number == n).unwrap();
    let seven = find("7");
    assert!(seven.new);
    assert_eq!(seven.slug, "07");
    assert_eq!(seven.category, Change::Set("5".into()));
    assert_eq!(
        seven.kpis[0].years[&2023].target.value,
        Change::Set(Value::Number(85.0))
    );
    assert_eq!(find("64").slug, "extra");
    let nine = find("9");
    assert_eq!(nine.kpis.len(), 2);
    assert_eq!(nine.kpis[0].name, Change::Keep);
    assert_eq!(nine.kpis[1].name, Change::Set("二つ目の指標".into()));
    has(
        &lines,
        "セル B4(列「指標番号」令和5年度): エラー: 番号 4 の前に番号 3 がありません",
    );
    has(&lines, "シート「スケジュール」セル C2(列「取組名」令和5年度): エラー: 新しい取組(取組番号 1)には取組名が必要です");
    assert_eq!(edits.categories[1].parent.as_deref(), Some("5"));
    assert!(edits.categories[1].new);
    has(
        &lines,
        "シート「分類」セル B4(列「分類名」分類 6): エラー: 新しい分類「6」には分類名が必要です",
    );
    has(
        &lines,
        "セル C4(列「上位分類ID」分類 6): エラー: 上位分類ID「8」はこの計画の分類にも",
    );
}

#[test]
fn repeated_kpi_columns_must_agree() {
    // One row edited: the other still says what the file says.
    let (edits, lines) = run(&book(
        &[],
        &[
            &[
                "9",
                "1",
                "電算システム経費削減額",
                "令和4年度",
                "",
                "",
                "",
                "",
                "円",
            ],
            &["9", "1", "新しい名前", "令和5年度", "", "", "", "", "千円"],
        ],
        &[],
        &[],
    ));
    let kpi = &edits.items[0].kpis[0];
    assert_eq!(kpi.name, Change::Set("新しい名前".into()));
    assert_eq!(kpi.unit, Change::Set("円".into()));
    assert!(lines.iter().all(|l| !l.contains("エラー")), "{lines:#?}");
    let (_, lines) = run(&book(
        &[],
        &[
            &["9", "1", "名前A", "令和4年度"],
            &["9", "1", "名前B", "令和5年度"],
        ],
        &[],
        &[],
    ));
    has(
        &lines,
        "セル C3(列「指標名」令和5年度): エラー: 「名前B」が 2 行目の「名前A」と違います",
    );
}

#[test]
fn sheets_and_headers_are_checked() {
    let mut sheets = book(&[], &[], &[], &[]);
    sheets.remove(3);
    sheets[0].sheet.rows[0][1] = cell("項目めい");
    sheets[1].sheet.merged.push(Area {
        first_row: 3,
        first_col: 0,
        last_row: 4,
        last_col: 1,
    });
    sheets.push(ReadSheet {
        kind: None,
        sheet: crate::workbook::Sheet {
            name: "成果指數".into(),
            ..Default::default()
        },
        ..sheets[0].clone()
    });
    let (_, lines) = run(&sheets);
    has(&lines, "plan.xlsx: エラー: シート「分類」がありません");
    has(&lines, "シート「項目」セル B1(列「項目めい」): エラー: 見出し「項目めい」はこのシートの列ではありません");
    has(
        &lines,
        "シート「成果指標」セル A4: エラー: セル A4:B5 が結合されています",
    );
    has(
        &lines,
        "シート「成果指數」セル A1: エラー: シート「成果指數」はこのブックのシートではありません",
    );
    // The missing required column of the items sheet.
    has(&lines, "列「項目名」がありません");
}

#[test]
fn csv_sheets_need_no_other_sheets() {
    let mut s = book(&[], &[&["9", "1", "", "令和5年度", "1,234"]], &[], &[]).remove(1);
    s.sheet.name = String::new();
    s.file = "mine.reform.成果指標.csv".into();
    let (edits, lines) = run(&[s]);
    assert!(lines.iter().all(|l| !l.contains("エラー")), "{lines:#?}");
    assert_eq!(
        edits.items[0].kpis[0].years[&2023].target.value,
        Change::Set(Value::Number(1234.0))
    );
    has(&lines, "mine.reform.成果指標.csv: セル F2(列「実績」令和5年度): 警告: 空欄のため、内容の値「-38644」を残します");
}

fn run_on(sheets: &[ReadSheet], city: &str, plan: &str) -> (PlanEdits, Vec<String>) {
    let loaded = demo();
    let city = loaded.site.cities.iter().find(|c| c.slug == city).unwrap();
    let plan = city.plans.iter().find(|p| p.slug == plan).unwrap();
    let (edits, diags) = read_plan(sheets, &loaded.config, city, plan);
    let lines = diags
        .sorted()
        .iter()
        .map(|d| d.line(Language::Ja))
        .collect();
    (edits, lines)
}

#[test]
fn item_numbers_that_lost_their_leading_zeros_in_excel_are_the_same_items() {
    // ube/reform numbers its items 01, 02 …; Excel opening the CSV file
    // and saving it again writes them (and the file names) as 1, 2 ….
    let mut items = book(
        &[&["1", "", "", "", "", "", "", "1"]],
        &[&["1", "1", "", "令和5年度", "99.2"]],
        &[&["2", "1", "", "令和5年度", "", "実施"]],
        &[],
    );
    items.truncate(3);
    for s in &mut items {
        s.sheet.name = String::new();
        s.file = "ube.reform.csv".into();
    }
    let (edits, lines) = run_on(&items, "ube", "reform");
    assert!(lines.iter().all(|l| !l.contains("エラー")), "{lines:#?}");
    let numbers: Vec<(&str, &str, bool)> = edits
        .items
        .iter()
        .map(|i| (i.number.as_str(), i.slug.as_str(), i.new))
        .collect();
    assert_eq!(numbers, [("01", "01", false), ("02", "02", false)]);
    assert_eq!(
        edits.items[0].kpis[0].years[&2023].target.value,
        Change::Set(Value::Number(99.2))
    );
    // 1 and 01 on two rows are the same item twice.
    let (_, lines) = run_on(
        &book(
            &[
                &["1", "", "", "", "", "", "", ""],
                &["01", "", "", "", "", "", "", ""],
            ],
            &[],
            &[],
            &[],
        )[..1],
        "ube",
        "reform",
    );
    has(&lines, "項目番号「01」の行が2つあります(最初は 2 行目)");
}
