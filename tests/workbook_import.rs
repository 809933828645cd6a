//! `import::apply`: what a workbook asks, written into a copy of the demo
//! site's TOML, changing only what differs and keeping the rest byte for byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plansite::diagnostics::Location;
use plansite::model::{Direction, Value};
use plansite::workbook::edits::{
    ActionEdits, CategoryEdits, Change, ItemEdits, KpiEdits, KpiYear, Noted, PlanEdits,
};
use plansite::workbook::import::apply::{apply, FileChange};
use plansite::workbook::import::write;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the repository's demo site (content and settings).
fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

fn reform(root: &Path) -> PathBuf {
    root.join("content/mine/reform")
}

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(reform(root).join(file)).unwrap()
}

fn item(number: &str) -> ItemEdits {
    ItemEdits {
        number: number.into(),
        slug: format!("{number:0>2}"),
        new: false,
        at: Location::None,
        title: Change::Keep,
        category: Change::Keep,
        departments: Change::Keep,
        tags: Change::Keep,
        status: BTreeMap::new(),
        kpis: Vec::new(),
        actions: Vec::new(),
    }
}

fn kpi(number: usize) -> KpiEdits {
    KpiEdits {
        number,
        at: Location::None,
        name: Change::Keep,
        unit: Change::Keep,
        direction: Change::Keep,
        method: Change::Keep,
        baseline: Noted::default(),
        baseline_year: Change::Keep,
        years: BTreeMap::new(),
    }
}

fn set(n: f64) -> Noted {
    Noted {
        value: Change::Set(Value::Number(n)),
        note: Change::Keep,
    }
}

fn actual(year: i32, noted: Noted) -> (i32, KpiYear) {
    (
        year,
        KpiYear {
            target: Noted::default(),
            actual: noted,
        },
    )
}

fn edits(items: Vec<ItemEdits>, categories: Vec<CategoryEdits>) -> PlanEdits {
    PlanEdits {
        plan: "mine/reform".into(),
        items,
        categories,
    }
}

fn changes(root: &Path, e: &PlanEdits) -> Vec<FileChange> {
    let loaded = plansite::load(root);
    assert!(!loaded.diagnostics.has_errors());
    let city = loaded
        .site
        .cities
        .iter()
        .find(|c| c.slug == "mine")
        .unwrap();
    let plan = city.plans.iter().find(|p| p.slug == "reform").unwrap();
    match apply(root, city, plan, e) {
        Ok(c) => c,
        Err(d) => panic!(
            "{:?}",
            d.iter()
                .map(|d| d.line(Default::default()))
                .collect::<Vec<_>>()
        ),
    }
}

/// Applies, writes, and loads the site again: it must have no errors.
fn apply_and_load(root: &Path, e: &PlanEdits) -> (Vec<FileChange>, plansite::Loaded) {
    let c = changes(root, e);
    write::write_all(root, &c).unwrap();
    let loaded = plansite::load(root);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == plansite::diagnostics::Severity::Error)
        .map(|d| d.line(Default::default()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (c, loaded)
}

fn plan_item<'a>(loaded: &'a plansite::Loaded, number: &str) -> &'a plansite::model::Item {
    let (_, plan) = loaded
        .site
        .plans()
        .find(|(c, p)| c.slug == "mine" && p.slug == "reform")
        .unwrap();
    plan.items.iter().find(|i| i.number == number).unwrap()
}

#[test]
fn a_changed_actual_arrives_in_its_kpi_and_year() {
    let site = demo();
    let root = site.path();
    let mut i = item("10");
    let mut k = kpi(1);
    k.years = [actual(2023, set(18300.0))].into();
    i.kpis.push(k);
    let (c, loaded) = apply_and_load(root, &edits(vec![i], vec![]));
    assert_eq!(c.len(), 1);
    let text = read(root, "10.md");
    assert!(text.contains("2022 = 16391, 2023 = 18300 }"), "{text}");
    let kpi = &plan_item(&loaded, "10").kpis[0];
    assert_eq!(kpi.actuals[&2023].value, Value::Number(18300.0));
    // Only that line changed.
    let old = c[0].old.as_deref().unwrap();
    let differ = old
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(differ, 1);
    assert_eq!(old.lines().count(), text.lines().count());
}

#[test]
fn a_new_year_lands_in_year_order_inside_the_inline_table() {
    let site = demo();
    let root = site.path();
    let mut i = item("9");
    let mut k = kpi(1);
    k.years = [(
        2018,
        KpiYear {
            target: set(100.0),
            actual: set(12.5),
        },
    )]
    .into();
    i.kpis.push(k);
    let (_, loaded) = apply_and_load(root, &edits(vec![i], vec![]));
    let text = read(root, "09.md");
    assert!(
        text.contains("targets = { 2018 = 100, 2019 = 12360, 2020 = 115945,"),
        "{text}"
    );
    assert!(
        text.contains("actuals = { 2018 = 12.5, 2019 = 25145,"),
        "{text}"
    );
    let kpi = &plan_item(&loaded, "9").kpis[0];
    assert_eq!(kpi.targets[&2018].value, Value::Number(100.0));
}

#[test]
fn a_status_changes_and_a_new_year_is_added() {
    let site = demo();
    let root = site.path();
    let mut i = item("8");
    i.status = [
        (2023, Change::Set("S".to_string())),
        (2022, Change::Set("B".to_string())),
    ]
    .into();
    let (_, loaded) = apply_and_load(root, &edits(vec![i], vec![]));
    let text = read(root, "08.md");
    assert!(
        text.contains("status = { 2022 = \"B\", 2023 = \"S\" }\n"),
        "{text}"
    );
    assert_eq!(plan_item(&loaded, "8").status[&2023], "S");
}

#[test]
fn a_note_is_set_and_cleared() {
    let site = demo();
    let root = site.path();
    let mut i = item("10");
    let mut k = kpi(1);
    k.years = [actual(
        2023,
        Noted {
            value: Change::Keep,
            note: Change::Set("見込".into()),
        },
    )]
    .into();
    i.kpis.push(k);
    let (_, loaded) = apply_and_load(root, &edits(vec![i.clone()], vec![]));
    let noted = read(root, "10.md");
    assert!(
        noted.contains("2023 = { value = 18248, note = \"見込\" } }"),
        "{noted}"
    );
    assert_eq!(
        plan_item(&loaded, "10").kpis[0].actuals[&2023]
            .note
            .as_deref(),
        Some("見込")
    );
    i.kpis[0].years = [actual(
        2023,
        Noted {
            value: Change::Keep,
            note: Change::Clear,
        },
    )]
    .into();
    let (_, loaded) = apply_and_load(root, &edits(vec![i], vec![]));
    let plain = read(root, "10.md");
    assert_eq!(
        plain,
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content/mine/reform/10.md")
        )
        .unwrap()
    );
    assert_eq!(plan_item(&loaded, "10").kpis[0].actuals[&2023].note, None);
}

#[test]
fn a_new_kpi_and_a_new_action_are_appended() {
    let site = demo();
    let root = site.path();
    let mut i = item("10");
    let mut k = kpi(2);
    k.name = Change::Set("コンビニ交付の件数".into());
    k.unit = Change::Set("件".into());
    k.direction = Change::Set(Direction::Higher);
    k.baseline = set(10.0);
    k.baseline_year = Change::Set(2018);
    k.years = [
        (
            2022,
            KpiYear {
                target: set(50.0),
                actual: set(40.0),
            },
        ),
        (
            2023,
            KpiYear {
                target: set(60.0),
                actual: Noted::default(),
            },
        ),
    ]
    .into();
    i.kpis.push(k);
    i.actions.push(ActionEdits {
        number: 3,
        at: Location::None,
        title: Change::Set("コンビニ交付の周知".into()),
        years: [(
            2023,
            (Change::Set(Value::Text("実施".into())), Change::Keep),
        )]
        .into(),
    });
    let (_, loaded) = apply_and_load(root, &edits(vec![i], vec![]));
    let text = read(root, "10.md");
    let new_kpi = "[[kpis]]\nname = \"コンビニ交付の件数\"\nunit = \"件\"\ndirection = \"higher\"\nbaseline = { year = 2018, value = 10 }\ntargets = { 2022 = 50, 2023 = 60 }\nactuals = { 2022 = 40 }\n";
    assert!(text.contains(new_kpi), "{text}");
    let new_action = "[[actions]]\ntitle = \"コンビニ交付の周知\"\nplan = { 2023 = \"実施\" }\n";
    assert!(text.contains(new_action), "{text}");
    // The action follows the other actions, before the KPIs.
    assert!(text.find(new_action).unwrap() < text.find("[[kpis]]").unwrap());
    let item = plan_item(&loaded, "10");
    assert_eq!(item.kpis.len(), 2);
    assert_eq!(item.kpis[1].baseline.as_ref().unwrap().year, Some(2018));
    assert_eq!(item.actions.len(), 3);
    assert!(item.body.starts_with("## "), "the body is kept");
}

#[test]
fn a_new_item_gets_its_own_file() {
    let site = demo();
    let root = site.path();
    let mut i = item("64");
    i.new = true;
    i.title = Change::Set("新しい取組".into());
    i.category = Change::Set("4-1".into());
    i.departments = Change::Set(vec!["総務課".into()]);
    i.status = [(2023, Change::Set("A".to_string()))].into();
    i.tags = Change::Set(vec!["新規".into()]);
    let mut k = kpi(1);
    k.name = Change::Set("参加者数".into());
    k.years = [actual(2023, set(3.0))].into();
    i.kpis.push(k);
    i.actions.push(ActionEdits {
        number: 1,
        at: Location::None,
        title: Change::Set("説明会".into()),
        years: BTreeMap::new(),
    });
    let (c, loaded) = apply_and_load(root, &edits(vec![i], vec![]));
    assert_eq!(c[0].old, None);
    assert_eq!(
        read(root, "64.md"),
        "+++\nnumber = \"64\"\ntitle = \"新しい取組\"\ncategory = \"4-1\"\ndepartments = [\"総務課\"]\nstatus = { 2023 = \"A\" }\ntags = [\"新規\"]\n\n[[actions]]\ntitle = \"説明会\"\n\n[[kpis]]\nname = \"参加者数\"\nactuals = { 2023 = 3 }\n+++\n"
    );
    assert_eq!(plan_item(&loaded, "64").title, "新しい取組");
}

#[test]
fn new_categories_go_under_their_parents_at_any_depth() {
    let site = demo();
    let root = site.path();
    let cat = |id: &str, parent: Option<&str>, title: &str, new: bool| CategoryEdits {
        id: id.into(),
        at: Location::None,
        new,
        parent: parent.map(str::to_string),
        title: Change::Set(title.into()),
        description: Change::Keep,
    };
    let mut renamed = cat("2-1", Some("2"), "ICTの推進", false);
    renamed.description = Change::Set("説明の\n2行目".into());
    let e = edits(
        vec![],
        vec![
            renamed,
            // The child comes before its new parent on the sheet.
            cat("1-2-1", Some("1-2-9"), "孫の孫", true),
            cat("1-2-9", Some("1-2"), "人材の孫", true),
            cat("5", None, "新しい大分類", true),
        ],
    );
    let (c, loaded) = apply_and_load(root, &e);
    assert_eq!(c.len(), 1);
    let text = read(root, "_index.md");
    assert!(
        text.contains("id = \"1-2\"\ntitle = \"人材育成・人材登用\"\n\n[[categories.children.children]]\nid = \"1-2-9\"\ntitle = \"人材の孫\"\n\n[[categories.children.children.children]]\nid = \"1-2-1\"\n"),
        "{text}"
    );
    assert!(text.contains("title = \"ICTの推進\"\n"), "{text}");
    let (_, plan) = loaded
        .site
        .plans()
        .find(|(_, p)| p.slug == "reform" && p.title.contains("美祢"))
        .unwrap();
    let path: Vec<&str> = plan
        .category_path("1-2-1")
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(path, ["1", "1-2", "1-2-9", "1-2-1"]);
    assert_eq!(plan.categories.last().unwrap().id, "5");
    assert_eq!(plan.category_path("2-1")[1].body, "説明の\n2行目");
}

#[test]
fn clear_removes_the_key_and_an_emptied_table() {
    let site = demo();
    let root = site.path();
    let mut i = item("8");
    i.status = [(2023, Change::Clear)].into();
    i.category = Change::Clear;
    let mut k = kpi(1);
    k.unit = Change::Clear;
    k.baseline.value = Change::Clear;
    k.years = [actual(
        2017,
        Noted {
            value: Change::Clear,
            note: Change::Keep,
        },
    )]
    .into();
    let mut i10 = item("10");
    i10.kpis.push(k);
    let (_, loaded) = apply_and_load(root, &edits(vec![i, i10], vec![]));
    let text = read(root, "08.md");
    assert!(!text.contains("status"), "{text}");
    assert!(!text.contains("category"), "{text}");
    let ten = read(root, "10.md");
    assert!(!ten.contains("unit"), "{ten}");
    assert!(!ten.contains("baseline"), "{ten}");
    assert!(ten.contains("actuals = { 2018 = 2937,"), "{ten}");
    assert!(plan_item(&loaded, "8").status.is_empty());
}

#[test]
fn what_the_file_has_already_changes_nothing() {
    let site = demo();
    let root = site.path();
    let mut i = item("10");
    i.title = Change::Set("マイナンバーカードの推進".into());
    i.status = [(2023, Change::Set("B".to_string()))].into();
    let mut k = kpi(1);
    k.baseline = set(2637.0);
    k.baseline_year = Change::Set(2017);
    k.years = [
        // 11 and 11.0, and a spreadsheet's 15 digits, are the same number.
        actual(2023, set(18248.000000000001)),
        (
            2022,
            KpiYear {
                target: set(17600.0),
                actual: set(16391.0),
            },
        ),
    ]
    .into();
    i.kpis.push(k);
    let mut c = CategoryEdits {
        id: "1".into(),
        at: Location::None,
        new: false,
        parent: None,
        title: Change::Set("組織・人材マネジメントの見直し".into()),
        description: Change::Keep,
    };
    c.description = Change::Keep;
    assert!(changes(root, &edits(vec![i], vec![c])).is_empty());
}

#[test]
fn crlf_and_bom_are_kept() {
    let site = demo();
    let root = site.path();
    let path = reform(root).join("08.md");
    let crlf = format!("\u{FEFF}{}", read(root, "08.md").replace('\n', "\r\n"));
    std::fs::write(&path, &crlf).unwrap();
    let mut i = item("8");
    i.title = Change::Set("美祿魅力発掘隊".into());
    i.tags = Change::Set(vec!["人材".into()]);
    apply_and_load(root, &edits(vec![i], vec![]));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("\u{FEFF}+++\r\nnumber = \"8\"\r\ntitle = \"美祿魅力発掘隊\"\r\n"),
        "{text:?}"
    );
    assert!(text.contains("tags = [\"人材\"]\r\n"), "{text:?}");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line end is CRLF"
    );
    // The body is the same bytes.
    let body = |t: &str| t.rsplit("+++\r\n").next().unwrap().to_string();
    assert_eq!(body(&text), body(&crlf));
}

#[test]
fn comments_in_the_toml_survive() {
    let site = demo();
    let root = site.path();
    let path = reform(root).join("10.md");
    let text = read(root, "10.md")
        .replace(
            "reported_rate = 91.24\n",
            "reported_rate = 91.24 # 市の公表値\n# 見込みを含む\n",
        )
        .replace("unit = \"枚\"\n", "unit = \"枚\" # 単位\n");
    std::fs::write(&path, &text).unwrap();
    let mut i = item("10");
    let mut k = kpi(1);
    k.unit = Change::Set("件".into());
    k.years = [actual(2023, set(18300.0))].into();
    i.kpis.push(k);
    apply_and_load(root, &edits(vec![i], vec![]));
    let after = read(root, "10.md");
    assert!(after.contains("unit = \"件\" # 単位\n"), "{after}");
    assert!(
        after.contains("reported_rate = 91.24 # 市の公表値\n# 見込みを含む\n"),
        "{after}"
    );
}

#[test]
fn year_tables_written_as_table_headers_are_edited_in_place() {
    let site = demo();
    let root = site.path();
    let path = reform(root).join("08.md");
    let text = read(root, "08.md").replace(
        "status = { 2023 = \"A\" }\nthemes = [\"collaboration\"]\n",
        "themes = [\"collaboration\"]\n\n[status]\n2021 = \"B\"\n2023 = \"A\"\n",
    );
    assert!(text.contains("[status]"), "{text}");
    std::fs::write(&path, &text).unwrap();
    let mut i = item("8");
    i.status = [(2022, Change::Set("S".to_string()))].into();
    let (_, loaded) = apply_and_load(root, &edits(vec![i], vec![]));
    let after = read(root, "08.md");
    assert!(
        after.contains("[status]\n2021 = \"B\"\n2022 = \"S\"\n2023 = \"A\"\n"),
        "{after}"
    );
    assert_eq!(plan_item(&loaded, "8").status[&2022], "S");
}
