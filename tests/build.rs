//! Building fixture sites: what is written, how it is escaped, and that the
//! output is deterministic and never lost.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Puts `line` at the top of the site's `site.toml`, before any table.
fn set_first(root: &Path, line: &str) {
    let config = read(root, "site.toml");
    fs::write(root.join("site.toml"), format!("{line}\n{config}")).unwrap();
}

#[test]
fn builds_every_page_and_data_file() {
    let site = site("basic");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        without_timing(&stderr(&out)),
        "plansite: 1 city, 1 plan, 2 items, 2 KPIs → 15 pages into public; 0 warnings"
    );
    let files: Vec<String> = snapshot(&site.path().join("public")).into_keys().collect();
    assert_eq!(
        files,
        [
            ".plansite-cache",
            ".plansite-output",
            "404.html",
            "data/items.csv",
            "data/items.schema.json",
            "data/kpis.csv",
            "data/kpis.schema.json",
            "data/plan.schema.json",
            "datapackage.json",
            "index.html",
            "plan.js",
            "print.css",
            "print.js",
            "search.js",
            "search/d/0.js",
            "search/index.html",
            "search/s/0.js",
            "style.css",
            "testcity/index.html",
            "testcity/reform/01/index.html",
            "testcity/reform/02/index.html",
            "testcity/reform/category/1-1/index.html",
            "testcity/reform/category/1/index.html",
            "testcity/reform/data.csv",
            "testcity/reform/data.json",
            "testcity/reform/index.html",
            "testcity/reform/items.csv",
            "testcity/reform/print/index.html",
            "testcity/reform/status/a/index.html",
            "testcity/reform/status/b/index.html",
            "testcity/reform/status/c/index.html",
            "testcity/reform/status/d/index.html",
            "testcity/reform/status/none/index.html",
            "vendor/pagedjs/LICENSE.md",
            "vendor/pagedjs/paged.polyfill.min.js",
        ]
    );
}

#[test]
fn item_page_shows_the_item_with_years_as_the_city_writes_them() {
    let site = site("basic");
    assert!(plansite(site.path(), &["build"]).status.success());
    let html = read(site.path(), "public/testcity/reform/01/index.html");
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"),
        "{}",
        &html[..80]
    );
    for expected in [
        "<title>1 通知書の印刷・封入封緘の外部委託 | テスト市行政改革プラン | テスト市の計画</title>",
        "基本項目: 行政経営 › 個別項目: 事務の効率化",
        "<dd>総務課、税務課</dd>",
        "令和元年度",
        "平成29年度",
        "数値が小さいほど良い指標",
        "<dt>新規・継続</dt><dd class=\"pre-line\">新規</dd>",
        "<td>1<br><span class=\"muted\">(見込)</span></td>",
        "課の数は年度末時点",
        // The soft line break between two Japanese words is dropped.
        "<p>委託を開始した。</p>",
        "<th scope=\"col\">令和4年度</th>",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
    let plan = read(site.path(), "public/testcity/reform/index.html");
    assert!(
        plan.contains(
            "<a href=\"../../testcity/reform/01/index.html\">通知書の印刷・封入封緘の外部委託</a>"
        ),
        "{plan}"
    );
    assert!(
        plan.contains("<strong>見直し</strong>") || plan.contains("計画の概要です。"),
        "{plan}"
    );
}

#[test]
fn data_files_match_their_snapshots() {
    let site = site("basic");
    assert!(plansite(site.path(), &["build"]).status.success());
    let csv = fs::read(site.path().join("public/testcity/reform/data.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "data.csv must start with a BOM for Excel"
    );
    insta::assert_snapshot!(
        "basic_data_csv",
        String::from_utf8(csv[3..].to_vec()).unwrap()
    );
    let items = fs::read(site.path().join("public/testcity/reform/items.csv")).unwrap();
    assert!(
        items.starts_with(b"\xEF\xBB\xBF"),
        "items.csv starts with a BOM"
    );
    insta::assert_snapshot!(
        "basic_items_csv",
        String::from_utf8(items[3..].to_vec()).unwrap()
    );
    // Compact on disk; pretty here so that a change reads as a diff.
    let json: serde_json::Value =
        serde_json::from_str(&read(site.path(), "public/testcity/reform/data.json")).unwrap();
    insta::assert_snapshot!(
        "basic_data_json",
        serde_json::to_string_pretty(&json).unwrap()
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = site("basic");
    assert!(plansite(site.path(), &["build", "--output", "a"])
        .status
        .success());
    assert!(plansite(site.path(), &["build", "--output", "b"])
        .status
        .success());
    let a = snapshot(&site.path().join("a"));
    assert!(a.len() > 5);
    assert_eq!(a, snapshot(&site.path().join("b")));
}

#[test]
fn content_text_is_escaped_everywhere() {
    let site = site("basic");
    let item = site.path().join("content/testcity/reform/03.md");
    fs::write(
        &item,
        "+++\nnumber = \"3\"\ntitle = \"</title><script>alert('t')</script>\"\ndepartments = [\"<b>総務課</b>\"]\n[details]\n\"<i>x</i>\" = \"<img src=x onerror=alert(1)>\"\n+++\n本文 <script>alert('m')</script>\n\n<iframe src=\"https://example.invalid\"></iframe>\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "public/testcity/reform/03/index.html",
        "public/testcity/reform/index.html",
    ] {
        let html = read(site.path(), page);
        // Inside <title> text cannot form elements; only its end tag could break out.
        let title_end = html.find("</title>").unwrap();
        assert!(
            html[..title_end].matches("</title").count() == 0,
            "{page}: {html}"
        );
        // Inside a quoted attribute value `<` creates no element, and
        // minify-html leaves it unescaped there; markup can only appear outside.
        let outside_attributes = regex_lite_strip_attributes(&html[title_end..]);
        let html = &outside_attributes;
        for bad in ["<script>", "<b>総務課", "<img", "<iframe", "<i>x"] {
            assert!(!html.contains(bad), "{page} contains {bad}:\n{html}");
        }
        assert!(
            html.contains("&lt;script>") || html.contains("&lt;script&gt;"),
            "{page}:\n{html}"
        );
    }
}

/// The HTML with every quoted attribute value emptied.
fn regex_lite_strip_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    for c in html.chars() {
        match (in_tag, quote, c) {
            (_, Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (_, Some(_), _) => {}
            (true, None, '"' | '\'') => {
                quote = Some(c);
                out.push(c);
            }
            (false, None, '<') => {
                in_tag = true;
                out.push(c);
            }
            (true, None, '>') => {
                in_tag = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn raw_html_in_markdown_passes_only_when_the_site_allows_it() {
    let site = site("basic");
    fs::write(
        site.path().join("content/testcity/reform/02.md"),
        read(site.path(), "content/testcity/reform/02.md") + "本文 <mark>強調</mark>\n",
    )
    .unwrap();
    set_first(site.path(), "allow_html = true");
    assert!(plansite(site.path(), &["build"]).status.success());
    assert!(read(site.path(), "public/testcity/reform/02/index.html").contains("<mark>強調</mark>"));
}

#[test]
fn bom_and_crlf_files_load_like_any_other() {
    let site = site("basic");
    let path = site.path().join("content/testcity/reform/02.md");
    let text = read(site.path(), "content/testcity/reform/02.md").replace('\n', "\r\n");
    fs::write(
        &path,
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(site.path(), "public/testcity/reform/02/index.html").contains("未収債権の縮減"));
}

/// `minify` takes the indentation out of the site's own templates once,
/// when they are loaded (the built-in theme is written compact): the page
/// reads the same, and what is in `<pre>` stays as written.
#[test]
fn minify_compacts_the_sites_own_templates() {
    let site = site("basic");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n    <div>\n        <p>見つかりません</p>\n    </div>\n    <pre>\n  a\n    b</pre>\n{% endblock main %}\n",
    )
    .unwrap();
    assert!(plansite(site.path(), &["build"]).status.success());
    let compact = read(site.path(), "public/404.html");
    assert!(
        compact.contains("<div>\n<p>見つかりません</p>\n</div>\n<pre>\n  a\n    b</pre>"),
        "{compact}"
    );
    set_first(site.path(), "minify = false");
    assert!(plansite(site.path(), &["build"]).status.success());
    let plain = read(site.path(), "public/404.html");
    assert!(
        plain.contains("    <div>\n        <p>見つかりません</p>"),
        "{plain}"
    );
}

#[test]
fn the_site_overrides_templates_and_static_files() {
    let site = site("basic");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::create_dir_all(site.path().join("static")).unwrap();
    fs::write(
        site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>見つかりません: 独自</p>{% endblock main %}",
    )
    .unwrap();
    fs::write(site.path().join("static/style.css"), "body{color:#000}").unwrap();
    fs::write(site.path().join("static/logo.txt"), "logo").unwrap();
    assert!(plansite(site.path(), &["build"]).status.success());
    assert!(read(site.path(), "public/404.html").contains("見つかりません: 独自"));
    assert_eq!(read(site.path(), "public/style.css"), "body{color:#000}");
    assert_eq!(read(site.path(), "public/logo.txt"), "logo");
}

#[test]
fn english_interface_by_setting() {
    let site = site("basic");
    set_first(site.path(), "language = \"en\"");
    assert!(plansite(site.path(), &["build"]).status.success());
    let html = read(site.path(), "public/testcity/reform/01/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Lower is better"));
    assert!(html.contains("FY2019 (Reiwa 1)"));
    // Content stays as written.
    assert!(html.contains("通知書の印刷・封入封緘の外部委託"));
}

#[test]
fn suspicious_input_warns_but_builds() {
    let site = site("basic");
    fs::write(
        site.path().join("content/testcity/reform/03.md"),
        "+++\nnumber = \"3\"\ntitle = \"警告\"\nstatus = { 2025 = \"A\" }\n[[kpis]]\nname = \"件数\"\ntargets = { 2030 = \"1,200\" }\n+++\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build", "--message-format", "short"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        without_timing(&stderr(&out)),
        "content/testcity/reform/03.md:4:19: warning: status.2025: the year is outside the plan period 2019–2022\n\
         content/testcity/reform/03.md:5:1: warning: kpis[0].targets.2030: the year is outside the plan period 2019–2022\n\
         content/testcity/reform/03.md:7:20: warning: kpis[0].targets.2030: the text \"1,200\" looks like a number; write it without quotes as 1200 so it can be charted and computed\n\
         plansite: 1 city, 1 plan, 3 items, 3 KPIs → 16 pages into public; 3 warnings"
    );
}

#[test]
fn human_messages_quote_the_line_with_a_caret() {
    let site = site("basic");
    fs::write(
        site.path().join("content/testcity/reform/03.md"),
        "+++\nnumber = \"3\"\ntitle = \"表題\"\ntags = 12\n+++\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error: tags: expected a list of text such as [\"総務課\"], found a whole number\n --> content/testcity/reform/03.md:4:8\n"), "{err}");
    assert!(err.contains("4 | tags = 12\n  |        ^^"), "{err}");
}

#[test]
fn check_validates_templates_and_writes_nothing() {
    let site = site("basic");
    let out = plansite(site.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.path().join("public").exists());
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(site.path().join("templates/city.html"), "{{ city.nam }}").unwrap();
    let out = plansite(site.path(), &["check", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(
            "templates/city.html:1:9: error: template error: Field `nam` is not defined."
        ),
        "{}",
        stderr(&out)
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn refuses_output_paths_that_would_destroy_the_site() {
    let site = site("basic");
    let before = snapshot(site.path());
    for (arg, what) in [
        (".", "it is the site root"),
        ("content", "it is content/"),
        ("templates", "it is templates/"),
        ("static", "it is static/"),
        ("..", "it contains the site root"),
        ("content/x", "it is inside content/"),
    ] {
        let out = plansite(
            site.path(),
            &["build", "--output", arg, "--message-format", "short"],
        );
        assert_eq!(out.status.code(), Some(1), "{arg}");
        let expected = format!(
            "error: refusing to write the site into {arg}: {what}, which the build would replace\nplansite: failed with 1 error and 0 warnings; nothing was written\n"
        );
        let expected = if arg == "content/x" {
            expected.replace(", which the build would replace", "")
        } else {
            expected
        };
        assert_eq!(stderr(&out), expected, "{arg}");
    }
    assert_eq!(snapshot(site.path()), before, "nothing may change");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = site("basic");
    fs::create_dir_all(site.path().join("docs")).unwrap();
    fs::write(site.path().join("docs/memo.txt"), "大事なメモ").unwrap();
    let out = plansite(
        site.path(),
        &["build", "--output", "docs", "--message-format", "short"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("refusing to replace docs: it is not empty and was not made by plansite"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(site.path(), "docs/memo.txt"), "大事なメモ");
}

#[test]
fn rebuild_replaces_the_previous_output_whole() {
    let site = site("basic");
    assert!(plansite(site.path(), &["build"]).status.success());
    fs::remove_file(site.path().join("content/testcity/reform/02.md")).unwrap();
    assert!(plansite(site.path(), &["build"]).status.success());
    assert!(!site.path().join("public/testcity/reform/02").exists());
    assert!(site
        .path()
        .join("public/testcity/reform/01/index.html")
        .exists());
}

/// A rebuild reuses the previous output (kept staging folder, minified pages
/// from `.plansite-cache`); whatever changed in between, it must give exactly
/// what a fresh build of the same input gives, and leave untouched files as
/// they were.
#[test]
fn every_rebuild_equals_a_fresh_build() {
    let site = site("basic");
    let root = site.path();
    let item = root.join("content/testcity/reform/02.md");
    let original = fs::read_to_string(&item).unwrap();
    let mtime = |rel: &str| {
        fs::metadata(root.join("public").join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let fresh = |tag: &str| {
        let out = format!("fresh-{tag}");
        assert!(plansite(root, &["build", "--output", &out])
            .status
            .success());
        snapshot(&root.join(&out))
    };
    type Change<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let changes: [Change; 7] = [
        ("first build", Box::new(|| {})),
        ("nothing changed", Box::new(|| {})),
        (
            "a KPI figure (its table, chart and the plan's rows; no search record)",
            Box::new(|| fs::write(&item, original.replace("2020 = 835", "2020 = 801")).unwrap()),
        ),
        (
            "an item's title (its search record: the index is made again)",
            Box::new(|| {
                let text = original.replace("2020 = 835", "2020 = 801");
                fs::write(&item, text.replace("未収債権の縮減", "未収債権の圧縮")).unwrap()
            }),
        ),
        (
            "a file of the search index changed by hand (made again, not kept)",
            Box::new(|| {
                let index = root.join("public/search/d/0.js");
                let text = fs::read_to_string(&index).unwrap();
                assert!(
                    text.contains("未収債権の圧縮"),
                    "the index has the new title"
                );
                fs::write(&index, text.replace("未収債権の圧縮", "未収債権の縮小")).unwrap()
            }),
        ),
        (
            "an item removed",
            Box::new(|| fs::remove_file(&item).unwrap()),
        ),
        (
            "the item back, minify off",
            Box::new(|| {
                fs::write(&item, &original).unwrap();
                let toml = fs::read_to_string(root.join("site.toml")).unwrap();
                fs::write(root.join("site.toml"), format!("minify = false\n{toml}")).unwrap();
            }),
        ),
    ];
    for (n, (what, change)) in changes.iter().enumerate() {
        change();
        let before = if n > 0 {
            Some(mtime("testcity/reform/01/index.html"))
        } else {
            None
        };
        std::thread::sleep(std::time::Duration::from_millis(20));
        let out = plansite(root, &["build"]);
        assert!(out.status.success(), "{what}: {}", stderr(&out));
        let mut rebuilt = snapshot(&root.join("public"));
        let mut expected = fresh(&n.to_string());
        // The cache records how pages were made, which differs by history.
        rebuilt.remove(".plansite-cache");
        expected.remove(".plansite-cache");
        assert_eq!(
            rebuilt.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{what}: the same files"
        );
        for (rel, bytes) in &expected {
            assert!(
                rebuilt[rel] == *bytes,
                "{what}: {rel} differs from a fresh build"
            );
        }
        // Item 01 shows only item 02's number and title (its "next" link),
        // so a figure of 02 leaves it alone; 02 removed and back change it.
        if let Some(before) = before.filter(|_| n < 3) {
            assert_eq!(mtime("testcity/reform/01/index.html"), before, "{what}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_an_error_not_a_hang() {
    let site = site("basic");
    std::os::unix::fs::symlink("..", site.path().join("content/testcity/reform/loop")).unwrap();
    let out = plansite(site.path(), &["check", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("content/testcity/reform/loop: error: this link points back to a folder that contains it (a symlink loop); remove the link\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_site_needs_only_content_and_site_toml() {
    let site = site("basic");
    assert!(!site.path().join("templates").exists() && !site.path().join("static").exists());
    let out = plansite(site.path(), &["build", "--root", ".", "--output", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(site.path(), "out/style.css").contains("font-family"));
}

#[test]
fn help_explains_each_command() {
    let out = plansite(Path::new("."), &["build", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for expected in ["--root", "--output", "--message-format", "replaced whole"] {
        assert!(help.contains(expected), "{help}");
    }
}

/// The basic site with its A–D scale graded by the achievement rate.
fn with_rate_rule(site: &Path, show_disagreements: bool) {
    let original = fixtures().join("valid/basic");
    let config = read(&original, "site.toml")
        .replace("name = \"A〜D\"", "name = \"A〜D\"\nrule = \"rate\"")
        .replace("key = \"A\"", "key = \"A\"\nmin_rate = 100")
        .replace("key = \"B\"", "key = \"B\"\nmin_rate = 75")
        .replace("key = \"C\"", "key = \"C\"\nmin_rate = 50");
    fs::write(
        site.join("site.toml"),
        format!("show_disagreements = {show_disagreements}\n{config}"),
    )
    .unwrap();
}

#[test]
fn disagreements_warn_at_the_reported_line_and_show_only_when_enabled() {
    let site = site("basic");
    with_rate_rule(site.path(), false);
    let out = plansite(site.path(), &["build", "--message-format", "short"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Item 01 reports C for FY2019 and B for FY2020, but (5 − 9) ÷ (6 − 9) and
    // (1 − 9) ÷ (3 − 9) are both 133.33 %: A. Item 02 reports C, and
    // (835 − 982) ÷ (700 − 982) = 52.13 % gives C: no warning.
    assert_eq!(
        without_timing(&stderr(&out)),
        "content/testcity/reform/01.md:6:19: warning: status.2019: reported \"C\" for FY2019, but the rule of the scale \"abcd\" gives \"A\" (progress rate 133.33% = (5 − 9) ÷ (6 − 9), lower is better)\n\
         content/testcity/reform/01.md:25:19: warning: kpis[0].status.2020: reported \"B\" for FY2020, but the rule of the scale \"abcd\" gives \"A\" (progress rate 133.33% = (1 − 9) ÷ (3 − 9), lower is better)\n\
         plansite: 1 city, 1 plan, 2 items, 2 KPIs → 15 pages into public; 2 warnings (2 of them reported figures that the computation does not confirm)"
    );
    let page = read(site.path(), "public/testcity/reform/01/index.html");
    assert!(
        page.contains("133.33%") && page.contains("数値から算出した評価"),
        "{page}"
    );
    assert!(
        !page.contains("公表値と算出値の相違"),
        "hidden unless show_disagreements"
    );
    let json = read(site.path(), "public/testcity/reform/data.json");
    assert!(json.contains("\"disagrees\":true"), "{json}");
    assert!(json.contains("\"computed\":\"A\""));

    with_rate_rule(site.path(), true);
    assert!(plansite(site.path(), &["build"]).status.success());
    let page = read(site.path(), "public/testcity/reform/01/index.html");
    assert!(page.contains("公表値と算出値の相違"), "{page}");
    let plan = read(site.path(), "public/testcity/reform/index.html");
    assert!(
        plan.contains("<strong class=\"flag\">公表値と算出値の相違</strong>"),
        "{plan}"
    );
}

#[test]
fn undefined_rates_are_explained_on_the_page() {
    let site = site("basic");
    fs::write(
        site.path().join("content/testcity/reform/03.md"),
        "+++\nnumber = \"3\"\ntitle = \"数値なし\"\n[[kpis]]\nname = \"件数\"\ntargets = { 2020 = \"実施\" }\nactuals = { 2020 = 4 }\n+++\n",
    )
    .unwrap();
    assert!(plansite(site.path(), &["build"]).status.success());
    let page = read(site.path(), "public/testcity/reform/03/index.html");
    assert!(
        page.contains("算出できません(令和2年度の目標値が数値ではありません(「実施」))"),
        "{page}"
    );
}

#[test]
fn check_links_reports_links_that_lead_nowhere() {
    let site = site("basic");
    assert!(plansite(site.path(), &["check", "--links"])
        .status
        .success());
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<a href=\"{{ root }}testcity/nowhere/\">x</a>{% endblock main %}",
    )
    .unwrap();
    let out = plansite(
        site.path(),
        &["check", "--links", "--message-format", "short"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("[output]/404.html: error: the link \"/testcity/nowhere/\" leads to no page or file of the site\n"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_folder_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.md"),
        "+++\nnumber = \"9\"\ntitle = \"外\"\n+++\n",
    )
    .unwrap();
    fs::write(outside.path().join("secret.txt"), "private").unwrap();

    let site = site("basic");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path().join("content/testcity/reform/09.md"),
    )
    .unwrap();
    let out = plansite(site.path(), &["build", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("content/testcity/reform/09.md: error: this link points outside the site folder; plansite reads only files inside it\n"),
        "{}",
        stderr(&out)
    );

    let site = self::site("basic");
    fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/leak.txt"),
    )
    .unwrap();
    let out = plansite(site.path(), &["build", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("static/leak.txt: error: this link points outside the site folder"),
        "{}",
        stderr(&out)
    );
    assert!(!site.path().join("public").exists(), "nothing was written");
    // A link that stays inside the site is followed as before.
    let site = self::site("basic");
    fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        site.path().join("site.toml"),
        site.path().join("static/settings.txt"),
    )
    .unwrap();
    assert!(plansite(site.path(), &["build"]).status.success());
}

#[test]
fn the_demo_site_builds_byte_identically_twice() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    for out in ["a", "b"] {
        let o = plansite(
            repo,
            &[
                "build",
                "--quiet",
                "--output",
                tmp.path().join(out).to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let a = snapshot(&tmp.path().join("a"));
    assert!(a.len() > 270, "{} files", a.len());
    assert!(
        a == snapshot(&tmp.path().join("b")),
        "two builds of the demo differ"
    );
}

#[test]
fn the_kpi_and_schedule_partials_of_a_site_show_on_the_item_page_and_in_the_print_view() {
    let site = site("basic");
    let partials = site.path().join("templates/partials");
    fs::create_dir_all(&partials).unwrap();
    fs::write(
        partials.join("kpi.html"),
        "<p class=\"mine\">{{ kpi.name }}: {{ kpi.targets | length }}</p>\n",
    )
    .unwrap();
    fs::write(
        partials.join("schedule.html"),
        "<p class=\"mine\">{{ anchor }}: {{ schedule.actions[0].title }}</p>\n",
    )
    .unwrap();
    set_first(site.path(), "minify = false");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kpi = "<p class=\"mine\">通知書等を職員が印刷・封入封緘する課の数: ";
    for page in [
        "public/testcity/reform/01/index.html",
        "public/testcity/reform/print/index.html",
    ] {
        let html = read(site.path(), page);
        assert_eq!(html.matches(kpi).count(), 1, "{page}:\n{html}");
        assert_eq!(
            html.matches("<p class=\"mine\">item-01-item: ").count(),
            1,
            "{page}:\n{html}"
        );
    }

    // An error in one is reported once, at its place, though every KPI uses it.
    fs::write(partials.join("kpi.html"), "{{ kpi.nam }}").unwrap();
    let out = plansite(site.path(), &["check", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let message =
        "templates/partials/kpi.html:1:8: error: template error: Field `nam` is not defined.";
    assert_eq!(err.matches(message).count(), 1, "{err}");
}
