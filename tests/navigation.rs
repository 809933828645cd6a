//! Issue 16, points 4 and 5, where the logic is in Rust: the formula beside a
//! rate in the page's language, category pages, previous and next items,
//! category counts without a stray separator, and the name `category`
//! reserved for the plan's own pages.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn page(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The demo's cumulative KPI (美祢市 9): a Japanese page never shows the
/// English formula of messages and data.json, and an English page prints the
/// years summed in the site's year format, as the rest of the page does.
#[test]
fn the_formula_beside_a_rate_is_in_the_pages_language() {
    let (_tmp, site) = demo_site();
    let ja = page(&site, "mine/reform/09/index.html");
    assert!(
        ja.contains("実績値の合計 40,439 ÷ 目標値の合計 38,020(令和元年度〜令和5年度)"),
        "{ja}"
    );
    for english in ["Σ", "actuals", "targets", "FY20"] {
        assert!(!ja.contains(english), "{english} on a Japanese page");
    }
    // data.json keeps its own, English form.
    let json = page(&site, "mine/reform/data.json");
    assert!(json.contains("Σ actuals 40,439 ÷ Σ targets 38,020 (FY2019–FY2023)"));

    // The same site in English, years as 令和 in English.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo.join("content"), &tmp.path().join("content"));
    let toml = fs::read_to_string(repo.join("site.toml")).unwrap();
    fs::write(
        tmp.path().join("site.toml"),
        toml.replacen("language = \"ja\"", "language = \"en\"", 1),
    )
    .unwrap();
    let out = plansite(tmp.path(), &["build", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let en = page(&tmp.path().join("public"), "mine/reform/09/index.html");
    assert!(
        en.contains("Σ actuals 40,439 ÷ Σ targets 38,020 (FY2019 (Reiwa 1) – FY2023 (Reiwa 5))"),
        "{en}"
    );
    assert!(!en.contains("実績値の合計"));
}

#[test]
fn categories_have_pages_the_tree_links_and_items_link_their_neighbours() {
    let site = site("basic");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let plan = page(&public, "testcity/reform/index.html");
    // The tree links each category's page; the page lists its items and
    // those of the categories below it.
    assert!(
        plan.contains("<a href=\"category/1/index.html\">行政経営</a>"),
        "{plan}"
    );
    assert!(
        plan.contains("<a href=\"category/1-1/index.html\">事務の効率化</a>"),
        "{plan}"
    );
    let top = page(&public, "testcity/reform/category/1/index.html");
    let sub = page(&public, "testcity/reform/category/1-1/index.html");
    for p in [&top, &sub] {
        assert!(p.contains("<h1><span class=\"muted\">"), "{p}");
    }
    let rows = |p: &str| p.matches(" data-number=").count();
    assert_eq!((rows(&top), rows(&sub)), (2, 1), "{top}\n{sub}");
    // The plan's print view and data from its top, before any section.
    let links = plan.find("class=\"plan-links\"").expect("links at the top");
    assert!(links < plan.find("<h2").unwrap());
    // Previous and next in the plan's order; none before the first.
    let first = page(&public, "testcity/reform/01/index.html");
    let second = page(&public, "testcity/reform/02/index.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(
        first.contains("<a href=\"../../../testcity/reform/02/index.html\" rel=\"next\">"),
        "{first}"
    );
    assert!(
        second.contains("<a href=\"../../../testcity/reform/01/index.html\" rel=\"prev\">"),
        "{second}"
    );
    // Item pages offer the plan's data.
    assert!(
        first.contains("href=\"../../../testcity/reform/data.csv\""),
        "{first}"
    );
    // Category counts: a separator between counts only, never before a
    // closing parenthesis when the last level has no items.
    // 行政経営 has a B and a C item and no D, the scale's last level.
    assert!(plan.contains("項目数: 2 (B 1、C 1)"), "{plan}");
    for p in [&plan, &page(&public, "testcity/reform/print/index.html")] {
        for stray in ["、)", "(、", "、</td>", "<td>、"] {
            assert!(!p.contains(stray), "stray separator {stray:?}");
        }
    }
}

#[test]
fn an_item_cannot_be_called_category() {
    let site = site("basic");
    fs::copy(
        site.path().join("content/testcity/reform/02.md"),
        site.path().join("content/testcity/reform/category.md"),
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("\"category\" is the name of a page every plan has"),
        "{}",
        stderr(&out)
    );
}
