//! Numbers, ids and rates end to end: what builds with a warning (so it
//! cannot be in the invalid-input corpus) and what the pages and data files
//! say about figures that naive arithmetic gets wrong.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The basic site with `content/testcity/reform/03.md` added, built.
fn build_with_item(text: &str) -> (tempfile::TempDir, String) {
    let site = site("basic");
    fs::write(site.path().join("content/testcity/reform/03.md"), text).unwrap();
    let out = plansite(site.path(), &["build", "--message-format", "short"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let messages = stderr(&out);
    (site, messages)
}

/// Item 03 as the built site's data.json has it.
fn item_03(root: &Path) -> serde_json::Value {
    let data: serde_json::Value =
        serde_json::from_str(&read(root, "public/testcity/reform/data.json")).unwrap();
    data["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "03")
        .unwrap()
        .clone()
}

fn kpi_json<'a>(data: &'a serde_json::Value, number: &str, kpi: &str) -> &'a serde_json::Value {
    let item = data["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == number)
        .unwrap_or_else(|| panic!("no item {number}"));
    item["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == kpi)
        .unwrap_or_else(|| panic!("no KPI {kpi}"))
}

#[test]
fn spaces_around_numbers_and_ids_are_left_out_with_a_warning() {
    let (site, messages) = build_with_item(
        "+++\nnumber = \" 3\u{3000}\"\ntitle = \"空白\"\ncategory = \"1-1 \"\n+++\n",
    );
    assert!(
        messages.contains(
            "content/testcity/reform/03.md:2:10: warning: number: the spaces around \"3\" are left out (U+0020 before it, U+3000 after it)"
        ),
        "{messages}"
    );
    assert!(
        messages.contains(
            "content/testcity/reform/03.md:4:12: warning: category: the spaces around \"1-1\" are left out (U+0020 after it)"
        ),
        "{messages}"
    );
    let item = item_03(site.path());
    assert_eq!(
        (&item["number"], &item["category"]),
        (&"3".into(), &"1-1".into())
    );
}

#[test]
fn a_fence_inside_a_closed_multi_line_string_is_text() {
    let (site, messages) = build_with_item(
        "+++\nnumber = \"3\"\ntitle = \"区切り\"\nnotes = [\"\"\"\n表の区切りは\n+++\nと書く\"\"\"]\n+++\n## 取組状況\n\n本文の段落\n",
    );
    assert!(messages.contains("0 warnings"), "{messages}");
    let item = item_03(site.path());
    assert_eq!(
        item["notes"],
        serde_json::json!(["表の区切りは\n+++\nと書く"])
    );
    assert_eq!(item["body"], "## 取組状況\n\n本文の段落\n");
}

#[test]
fn rates_that_would_be_infinite_are_explained_everywhere() {
    let (site, _) = build_with_item(
        r#"+++
number = "3"
title = "極端な値"
status = { 2020 = "A" }

[[kpis]]
name = "極小の目標"
targets = { 2020 = 5e-324 }
actuals = { 2020 = 3 }

[[kpis]]
name = "打ち消し合う目標"
method = "cumulative"
targets = { 2019 = 0.1, 2020 = 0.2, 2021 = -0.3 }
actuals = { 2019 = 1, 2020 = 1, 2021 = 1 }
status = { 2021 = "A" }
+++
"#,
    );
    let page = read(site.path(), "public/testcity/reform/03/index.html");
    let csv = read(site.path(), "public/testcity/reform/data.csv");
    let json = read(site.path(), "public/testcity/reform/data.json");
    for (what, text) in [("page", &page), ("data.csv", &csv), ("data.json", &json)] {
        assert!(!text.contains("inf"), "{what} shows an infinite rate");
        assert!(!text.contains("e+"), "{what} shows a rate in exponent form");
    }
    assert!(page.contains("目標値が0に近すぎるため、達成率が算出できる範囲を超えます"));
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    let tiny = &kpi_json(&data, "3", "極小の目標")["assessment"]["years"][0];
    assert_eq!(tiny["rate"], serde_json::Value::Null);
    assert_eq!(
        tiny["rate_missing"],
        serde_json::json!({ "reason": "near_zero", "what": "target" })
    );
    // FY2021 (a reported status) sums 0.1 + 0.2 − 0.3: zero in the decimals written.
    let cancelling = &kpi_json(&data, "3", "打ち消し合う目標")["assessment"]["years"];
    let fy2021 = cancelling
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2021)
        .unwrap();
    assert_eq!(
        fy2021["rate_missing"],
        serde_json::json!({ "reason": "zero", "what": "sum_of_targets" })
    );
}

#[test]
fn a_deficit_short_of_its_target_is_under_100_percent() {
    let (site, _) = build_with_item(
        r#"+++
number = "3"
title = "赤字"

[[kpis]]
name = "収支"
targets = { 2020 = -30095 }
actuals = { 2020 = -36127 }

[[kpis]]
name = "赤字額"
direction = "lower"
targets = { 2020 = -30095 }
actuals = { 2020 = -36127 }
+++
"#,
    );
    let csv = read(site.path(), "public/testcity/reform/data.csv");
    let row = |kpi: &str| {
        csv.lines()
            .find(|l| l.contains(kpi) && l.contains(",2020,"))
            .unwrap_or_else(|| panic!("no row for {kpi}"))
            .to_string()
    };
    assert!(
        row("収支").contains(",-30095,,-36127,,,,,,79.96,"),
        "{}",
        row("収支")
    );
    assert!(
        row("赤字額").contains(",-30095,,-36127,,,,,,116.7,"),
        "{}",
        row("赤字額")
    );
    let page = read(site.path(), "public/testcity/reform/03/index.html");
    assert!(
        page.contains("79.96%"),
        "the page shows the rate that keeps the verdict"
    );
    assert!(!page.contains("120.04"), "…not the inverted quotient");
}
