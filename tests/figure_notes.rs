//! A figure's note (見込 = estimate, 以下 = at most, …) is shown wherever the
//! figure is: a citizen who reads 「1 / 3 課」 in the item list takes an
//! estimate for a result. The basic fixture's item 01 reports its FY2020
//! actual, 1, as 見込; it is graded B for FY2020, so it is listed on the plan
//! page and on the status page of B.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Replaces `from` (which must be there) with `to` in the site's file `rel`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let text = read(root, rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(root.join(rel), text.replacen(from, to, 1)).unwrap();
}

fn build(root: &Path) {
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

const ITEM_01: &str = "content/testcity/reform/01.md";

#[test]
fn the_item_list_and_the_status_pages_show_a_headline_figure_with_its_note() {
    let site = site("basic");
    edit(
        site.path(),
        ITEM_01,
        "targets = { 2019 = 6, 2020 = 3,",
        "targets = { 2019 = 6, 2020 = { value = 3, note = \"以下\" },",
    );
    build(site.path());
    for page in [
        "public/testcity/reform/index.html",
        "public/testcity/reform/status/b/index.html",
    ] {
        let html = read(site.path(), page);
        assert!(
            html.contains("<span class=\"figure\">1 (見込) / 3 (以下) 課</span>"),
            "{page}: the headline without its notes:\n{html}"
        );
    }
    // A figure without a note is shown as before.
    let plan = read(site.path(), "public/testcity/reform/index.html");
    assert!(
        plan.contains("<span class=\"figure\">835 / 700 百万円</span>"),
        "{plan}"
    );
}

#[test]
fn the_chart_text_and_the_totals_carry_their_notes() {
    let site = site("basic");
    edit(
        site.path(),
        ITEM_01,
        "baseline = { year = 2017, value = 9 }",
        "baseline = { year = 2017, value = 9, note = \"H28末\" }\n\
         totals = { target = { value = 9, note = \"計画値\" }, actual = { value = 6, note = \"見込\" } }",
    );
    build(site.path());
    for page in [
        "public/testcity/reform/01/index.html",
        "public/testcity/reform/print/index.html",
    ] {
        let html = read(site.path(), page);
        for expected in [
            // The chart's text alternative, which a screen reader reads.
            // It names the estimate where it says whether the target was met.
            "実績値は令和元年度 5課から令和2年度 1課(見込)(減少)。令和2年度は目標値3課に対して実績値1課(見込)で、目標を達成しています。基準値は9課(H28末)。",
            // The 合計 column of the KPI's table.
            "<td>9<br><span class=\"muted\">(計画値)</span></td>",
            "<td>6<br><span class=\"muted\">(見込)</span></td>",
        ] {
            assert!(html.contains(expected), "{page}: missing {expected:?}");
        }
    }
}

#[test]
fn the_chart_text_in_english_carries_the_note_too() {
    let english = site("basic");
    edit(
        english.path(),
        "site.toml",
        "title = ",
        "language = \"en\"\ntitle = ",
    );
    build(english.path());
    let html = read(english.path(), "public/testcity/reform/01/index.html");
    assert!(
        html.contains("FY2020 (Reiwa 2) 1 課 (見込) (falling)"),
        "{html}"
    );
}

#[test]
fn the_review_appendix_shows_reported_figures_with_their_notes() {
    let site = site("basic");
    // Grade by comparing the actual with the baseline and the target: item
    // 01's 見込 actual of 1 meets the target of 3 (lower is better), so the
    // rule gives A where the city reports B, and the appendix lists the
    // figures the rule used. Its printed total of actuals, 7, is not the
    // sum of the yearly actuals, 6.
    let config = read(site.path(), "site.toml")
        .replace("name = \"A〜D\"", "name = \"A〜D\"\nrule = \"compare\"")
        .replace("key = \"A\"", "key = \"A\"\nwhen = \"target_met\"")
        .replace("key = \"B\"", "key = \"B\"\nwhen = \"improved\"")
        .replace("key = \"C\"", "key = \"C\"\nwhen = \"unchanged\"")
        .replace("key = \"D\"", "key = \"D\"\nwhen = \"worsened\"");
    fs::write(site.path().join("site.toml"), config).unwrap();
    edit(
        site.path(),
        ITEM_01,
        "baseline = { year = 2017, value = 9 }",
        "baseline = { year = 2017, value = 9 }\ntotals = { actual = { value = 7, note = \"見込\" } }",
    );
    build(site.path());
    let print = read(site.path(), "public/testcity/reform/print/index.html");
    for expected in [
        "<td>基準値 9、目標値 3、実績値 1(見込)</td>",
        "<td>7(見込)</td><td>6</td>",
    ] {
        assert!(print.contains(expected), "missing {expected:?} in\n{print}");
    }
}

#[test]
fn a_rate_computed_from_an_estimate_says_so() {
    let site = site("basic");
    // Grade by the achievement rate; item 01 also prints a rate of its own
    // that its figures do not give.
    let config = read(site.path(), "site.toml")
        .replace("name = \"A〜D\"", "name = \"A〜D\"\nrule = \"rate\"")
        .replace("key = \"A\"", "key = \"A\"\nmin_rate = 100")
        .replace("key = \"B\"", "key = \"B\"\nmin_rate = 75")
        .replace("key = \"C\"", "key = \"C\"\nmin_rate = 50");
    fs::write(site.path().join("site.toml"), config).unwrap();
    edit(
        site.path(),
        ITEM_01,
        "status = { 2020 = \"B\" }",
        "status = { 2020 = \"B\" }\nreported_rate = 50",
    );
    // A sum over the years: every noted figure in the sum is named.
    fs::write(
        site.path().join("content/testcity/reform/03.md"),
        "+++\nnumber = \"3\"\ntitle = \"累計\"\n[[kpis]]\nname = \"件数\"\nmethod = \"cumulative\"\n\
         targets = { 2019 = 10, 2020 = { value = 10, note = \"暫定\" } }\n\
         actuals = { 2019 = 8, 2020 = { value = 12, note = \"見込\" } }\n+++\n",
    )
    .unwrap();
    build(site.path());
    // Progress: (actual − baseline) ÷ (target − baseline) for FY2020.
    let formula = "(1 − 9) ÷ (3 − 9)(実績値 令和2年度: 見込)";
    let item = read(site.path(), "public/testcity/reform/01/index.html");
    assert!(
        item.contains(&format!("{formula}(目標年度: 令和2年度)")),
        "{item}"
    );
    let print = read(site.path(), "public/testcity/reform/print/index.html");
    for expected in [
        // The status the rate gives, and the printed rate, in the appendix.
        format!("133.33% = {formula}</td>"),
        format!("<td>50%</td><td>133.33%</td><td>{formula}</td>"),
    ] {
        assert!(
            print.contains(&expected),
            "missing {expected:?} in\n{print}"
        );
    }
    let item = read(site.path(), "public/testcity/reform/03/index.html");
    assert!(
        item.contains(
            // A Japanese page names the sums in words and its years as it prints years.
            "実績値の合計 20 ÷ 目標値の合計 20(令和元年度〜令和2年度)(目標値 令和2年度: 暫定、実績値 令和2年度: 見込)"
        ),
        "{item}"
    );
}
