//! Slips that still build: an item's `status` written after `[[kpis]]`
//! becomes the last KPI's, and the item shows as not graded. The build
//! warns at the key, in both languages, and keeps quiet where KPIs are
//! graded on purpose. (Slips that fail the build are cases of the invalid
//! corpus, tests/fixtures/invalid/typed-*.)

mod common;

use std::fs;
use std::path::Path;

use common::*;

const STATUS_AFTER_KPIS: &str = "+++
number = \"3\"
title = \"窓口の手続の電子化\"
category = \"1\"

[[kpis]]
name = \"電子申請の件数\"
targets = { 2020 = 100 }
actuals = { 2020 = 80 }
status = { 2020 = \"B\" }
+++
";

fn with_item(text: &str) -> tempfile::TempDir {
    let site = site("basic");
    fs::write(site.path().join("content/testcity/reform/03.md"), text).unwrap();
    site
}

fn build(root: &Path, lang: &str) -> (bool, String) {
    let out = plansite(root, &["build", "--lang", lang]);
    (out.status.success(), stderr(&out))
}

#[test]
fn a_status_after_kpis_is_a_warning_at_the_key_in_both_languages() {
    let site = with_item(STATUS_AFTER_KPIS);
    let (ok, en) = build(site.path(), "en");
    assert!(ok, "a warning must not fail the build: {en}");
    assert!(
        en.contains("warning: kpis[0].status: this status is read as the last KPI's"),
        "{en}"
    );
    assert!(en.contains("content/testcity/reform/03.md:10:1"), "{en}");
    assert!(
        en.contains("help: if it is the item's grade, move this line above line 6 ([[kpis]])"),
        "{en}"
    );
    let (ok, ja) = build(site.path(), "ja");
    assert!(ok, "{ja}");
    assert!(
        ja.contains("警告: kpis[0].status: この status は最後の KPI のものとして読まれます"),
        "{ja}"
    );
    assert!(ja.contains("「評価なし」と表示されます"), "{ja}");
    assert!(
        ja.contains("ヒント: 項目の評価なら、この行を 6 行目の [[kpis]] より上に移してください"),
        "{ja}"
    );
    // What the warning is about: the item page shows the item ungraded.
    let page =
        fs::read_to_string(site.path().join("public/testcity/reform/03/index.html")).unwrap();
    assert!(page.contains("評価なし"));
}

#[test]
fn no_warning_where_the_item_has_its_own_status_or_every_kpi_is_graded() {
    let own = STATUS_AFTER_KPIS.replace(
        "category = \"1\"\n",
        "category = \"1\"\nstatus = { 2020 = \"B\" }\n",
    );
    let every = STATUS_AFTER_KPIS.replace(
        "[[kpis]]\n",
        "[[kpis]]\nname = \"相談件数\"\nstatus = { 2020 = \"A\" }\n\n[[kpis]]\n",
    );
    // Notes on the last KPI are common and shown with it: no warning.
    let notes = STATUS_AFTER_KPIS.replace("status = { 2020 = \"B\" }\n", "notes = [\"見込\"]\n");
    for text in [own, every, notes] {
        let site = with_item(&text);
        let (ok, en) = build(site.path(), "en");
        assert!(ok, "{en}");
        assert!(!en.contains("warning:"), "{text}\n{en}");
    }
}

#[test]
fn a_syntax_slip_is_drawn_under_its_full_width_text_with_the_corrected_line() {
    let site = with_item(
        "+++\nnumber = \"3\"\ntitle = \"窓口の手続の電子化\"\n[[kpis]]\nname = \"電子申請の件数\"\ntargets = { 2020 = ６０, 令和3年度 = 70 }\n+++\n",
    );
    let (ok, ja) = build(site.path(), "ja");
    assert!(!ok);
    assert!(
        ja.contains("エラー: 「６０」は全角の数字です。半角で 60 と書いてください\n --> content/testcity/reform/03.md:6:20\n"),
        "{ja}"
    );
    // Two columns per full-width character, under the 19 columns before it.
    assert!(
        ja.contains(&format!(
            "6 | targets = {{ 2020 = ６０, 令和3年度 = 70 }}\n  | {}^^^^\n",
            " ".repeat(19)
        )),
        "{ja}"
    );
    // Every slip of the line is put right in the line shown.
    assert!(
        ja.contains("ヒント: 数字と記号は半角で書きます: targets = { 2020 = 60, 2021 = 70 }"),
        "{ja}"
    );
    let (_, en) = build(site.path(), "en");
    assert!(
        en.contains("help: numbers and signs are written in half-width characters: targets = { 2020 = 60, 2021 = 70 }"),
        "{en}"
    );
}

#[test]
fn an_item_key_after_details_is_a_warning_when_it_can_be_a_detail() {
    let site = with_item(
        "+++\nnumber = \"3\"\ntitle = \"窓口の手続の電子化\"\n\n[details]\n\"新規・継続\" = \"新規\"\ncategory = \"1\"\n+++\n",
    );
    let (ok, en) = build(site.path(), "en");
    assert!(ok, "{en}");
    assert!(
        en.contains("warning: details.category: category is a key of the item, but written after [details] it is shown as a detail labelled \"category\"\n --> content/testcity/reform/03.md:7:1"),
        "{en}"
    );
    assert!(
        en.contains("help: if it is the item's category, move this line above line 5 ([details])"),
        "{en}"
    );
    let (ok, ja) = build(site.path(), "ja");
    assert!(ok, "{ja}");
    assert!(
        ja.contains("警告: details.category: category は項目のキーですが、[details] より後に書いたため、「category」という見出しの詳細として表示されます"),
        "{ja}"
    );
    assert!(
        ja.contains(
            "ヒント: 項目の category なら、この行を 5 行目の [details] より上に移してください"
        ),
        "{ja}"
    );
}
