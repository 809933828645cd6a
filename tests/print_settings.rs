//! The print view's settings (`publisher`, `report_title`, `print_layout`):
//! a plan's front matter wins over `site.toml`, the layout defaults to
//! compact, and the cover and the body's layout class show what is set.

mod common;

use std::fs;

use common::*;

fn print_view(root: &std::path::Path) -> String {
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    fs::read_to_string(root.join("public/testcity/reform/print/index.html")).unwrap()
}

#[test]
fn the_plans_settings_win_over_the_sites_and_compact_is_the_default() {
    let site = common::site("basic");
    let root = site.path();
    let html = print_view(root);
    assert!(html.contains("layout-compact"), "compact is the default");
    assert!(!html.contains("発行者"), "no issuer unless one is set");

    // Site defaults.
    let toml = root.join("site.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        format!("publisher = \"テスト市 総務部 行政改革推進課\"\nreport_title = \"サイトの報告書\"\nprint_layout = \"page-per-item\"\n{text}"),
    )
    .unwrap();
    let html = print_view(root);
    assert!(html.contains("layout-page-per-item"), "the site's layout");
    assert!(html.contains("<dt>発行者</dt><dd>テスト市 総務部 行政改革推進課</dd>"));
    assert!(
        html.contains(">サイトの報告書</h1>"),
        "the site's report title"
    );

    // The plan's own, escaped as any text from content.
    let plan = root.join("content/testcity/reform/_index.md");
    let text = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        text.replacen(
            "scale = \"abcd\"\n",
            "scale = \"abcd\"\nreport_title = \"令和2年度 <進捗> 報告書\"\nprint_layout = \"compact\"\n",
            1,
        ),
    )
    .unwrap();
    let html = print_view(root);
    assert!(html.contains("layout-compact"), "the plan's layout");
    assert!(
        html.contains(">令和2年度 &lt;進捗"),
        "the plan's report title, escaped"
    );
    assert!(!html.contains("<進捗>"), "text from content is escaped");
    assert!(
        html.contains("<p class=\"cover-plan\">テスト市行政改革プラン</p>"),
        "the plan's title below it"
    );
    assert!(
        html.contains("テスト市 総務部 行政改革推進課"),
        "the site's issuer still"
    );
}
