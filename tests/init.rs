//! `plansite init`: the new site builds and checks without a warning in both
//! languages, names what it made, documents its fields, and never writes
//! into a folder that is not empty.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::*;

const FILES: [&str; 6] = [
    "site.toml",
    "content/_index.md",
    "content/sample-city/_index.md",
    "content/sample-city/reform/_index.md",
    "content/sample-city/reform/01.md",
    "content/sample-city/reform/02.md",
];

fn init(cwd: &Path, args: &[&str]) -> Output {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    plansite(cwd, &all)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The settings between the `+++` lines of a content file.
fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("+++\n").expect("starts with +++");
    &rest[..rest.find("\n+++\n").expect("a closing +++")]
}

/// `init` into a folder that does not exist yet (nor its parent), then
/// build and check it: what a newcomer does first.
fn new_site(lang: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = init(tmp.path(), &["--lang", lang, "sites/new"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    for file in FILES {
        assert!(said.contains(file), "{file} not named in:\n{said}");
    }
    let next = if lang == "ja" {
        "プレビューするには"
    } else {
        "To preview it"
    };
    for line in [
        next,
        "cd sites/new\n",
        "plansite serve\n",
        "plansite build\n",
    ] {
        assert!(said.contains(line), "{line:?} not in:\n{said}");
    }
    let site = tmp.path().join("sites/new");
    (tmp, site)
}

fn builds_cleanly(site: &Path) {
    let out = plansite(site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("; 0 warnings"), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("plansite: 1 city, 1 plan, 2 items, 1 KPI"));
    let out = plansite(site, &["check", "--links"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("; 0 warnings"), "{}", stderr(&out));
}

#[test]
fn a_japanese_site_builds_and_checks_without_warnings() {
    let (_tmp, site) = new_site("ja");
    assert!(read(&site.join("site.toml")).contains("\nlanguage = \"ja\"\n"));
    builds_cleanly(&site);
    let public = site.join("public");
    let home = read(&public.join("index.html"));
    assert!(home.contains("<html lang=\"ja\">"), "{home}");
    assert!(home.contains("サンプル市") && home.contains("サンプル市行政改革 実施計画"));
    let plan = read(&public.join("sample-city/reform/index.html"));
    for text in [
        "行政手続のオンライン化",
        "公共施設の再配置計画の策定",
        "href=\"../../sample-city/reform/01/index.html\">",
    ] {
        assert!(plan.contains(text), "{text} not in\n{plan}");
    }
    let item = read(&public.join("sample-city/reform/01/index.html"));
    for text in ["オンライン申請の件数", "101.67%", "1,830"] {
        assert!(item.contains(text), "{text} not in\n{item}");
    }
    let schedule = read(&public.join("sample-city/reform/02/index.html"));
    assert!(schedule.contains("再配置計画の策定") && schedule.contains("計画案を作成"));
}

#[test]
fn an_english_site_builds_and_checks_without_warnings() {
    let (_tmp, site) = new_site("en");
    assert!(read(&site.join("site.toml")).contains("\nlanguage = \"en\"\n"));
    builds_cleanly(&site);
    let public = site.join("public");
    let home = read(&public.join("index.html"));
    assert!(home.contains("<html lang=\"en\">"), "{home}");
    assert!(
        home.contains("Sample City Administrative Reform Plan"),
        "{home}"
    );
    let plan = read(&public.join("sample-city/reform/index.html"));
    for text in ["Procedures online", "A plan for the public facilities"] {
        assert!(plan.contains(text), "{text} not in\n{plan}");
    }
    let item = read(&public.join("sample-city/reform/01/index.html"));
    assert!(item.contains("Applications made online"), "{item}");
}

#[test]
fn japanese_is_the_default_and_every_preset_scale_is_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["init", "site"])
        .current_dir(tmp.path())
        .env_remove("PLANSITE_LANG")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("新しいサイトを site に作りました"));
    let site = tmp.path().join("site");
    let config = read(&site.join("site.toml"));
    assert!(config.contains("\nlanguage = \"ja\"\n"));
    // A preset's settings are commented out as `#key = …`, its notes as
    // `# …`: taking every `#` before settings away turns them all on.
    let all: String = config
        .lines()
        .map(|l| match l.strip_prefix('#') {
            Some(rest) if rest.starts_with(|c: char| !c.is_whitespace()) => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let scales: toml::Table = toml::from_str(&all).unwrap();
    let keys: Vec<&String> = scales["scales"].as_table().unwrap().keys().collect();
    assert_eq!(keys, ["abcd", "sabcd", "mine-kpi", "arao", "none"]);
    fs::write(site.join("site.toml"), all).unwrap();
    builds_cleanly(&site);
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let before = snapshot(&dir);
    let out = init(tmp.path(), &["mine"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("mine: error: this folder is not empty, so no new site was made in it (nothing was written)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&dir), before);
    assert!(!dir.join("site.toml").exists());
    // In Japanese too, naming the folder.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["--lang", "ja", "init", "mine"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("mine: エラー: このフォルダは空ではない"),
        "{}",
        stderr(&out)
    );
    // A file where the folder would be.
    fs::write(tmp.path().join("file"), "x").unwrap();
    let out = init(tmp.path(), &["file"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("file: error: a file of this name exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&tmp.path().join("file")), "x");
    // An empty folder is fine.
    fs::create_dir(tmp.path().join("empty")).unwrap();
    assert!(init(tmp.path(), &["empty"]).status.success());
    assert!(tmp.path().join("empty/site.toml").is_file());
}

/// The keys of the tables of a section of docs/content-format.md: the first
/// column's `key` of each row, up to the next heading.
fn documented_keys(section: &str) -> Vec<String> {
    let doc = include_str!("../docs/content-format.md");
    let start = doc
        .find(section)
        .unwrap_or_else(|| panic!("{section} not in docs"));
    let body = &doc[start + section.len()..];
    let end = body
        .lines()
        .scan(0, |at, l| {
            let here = *at;
            *at += l.len() + 1;
            Some((here, l))
        })
        .find(|(_, l)| l.starts_with("## ") || l.starts_with("### "))
        .map_or(body.len(), |(at, _)| at);
    body[..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(|k| k.trim_start_matches("levels[].").to_string())
        .collect()
}

/// The keys set in `text` that no comment explains: none is right before
/// any line setting it, nor does a comment line list it as its first word.
fn uncommented_keys(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let key_of = |l: &str| {
        let (k, _) = l.split_once(" =")?;
        let k = k.trim_matches('"');
        (!k.is_empty() && !k.contains(' ') && !l.starts_with('#')).then(|| k.to_string())
    };
    // A comment is `# …`; `#key = …` is a preset's setting turned off.
    let comment = |l: &str| l.starts_with("# ") || l == "#";
    let listed: Vec<&str> = lines
        .iter()
        .filter(|l| comment(l))
        .filter_map(|l| l.trim_start_matches(['#', ' ']).split_whitespace().next())
        .collect();
    let mut keys: Vec<(String, bool)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(key) = key_of(line) else { continue };
        let explained = i > 0 && comment(lines[i - 1]) || listed.contains(&key.as_str());
        match keys.iter_mut().find(|(k, _)| *k == key) {
            Some((_, e)) => *e |= explained,
            None => keys.push((key, explained)),
        }
    }
    // Labels of `[details]` are the city's own words, not settings.
    let details = ["新規・継続", "事業概要", "New or continued", "Summary"];
    keys.into_iter()
        .filter(|(k, e)| !e && !details.contains(&k.as_str()))
        .map(|(k, _)| k)
        .collect()
}

/// Whether `key` is set in `text`, or shown commented out, or is a table of it.
fn mentions(text: &str, key: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start_matches(['#', ' ']);
        l.starts_with(&format!("{key} ="))
            || l.contains(&format!("[{key}]"))
            || l.contains(&format!(".{key}]"))
            || l.contains(&format!("[{key}."))
            || l.contains(&format!(" {key} = "))
    })
}

#[test]
fn the_files_are_valid_toml_and_carry_every_documented_field() {
    for lang in ["ja", "en"] {
        let (_tmp, site) = new_site(lang);
        let text = |rel: &str| read(&site.join(rel));
        toml::from_str::<toml::Table>(&text("site.toml")).unwrap();
        for rel in &FILES[1..] {
            let t = text(rel);
            toml::from_str::<toml::Table>(front_matter(&t))
                .unwrap_or_else(|e| panic!("{lang} {rel}: {e}"));
        }
        for rel in FILES {
            let undocumented = uncommented_keys(&text(rel));
            assert!(
                undocumented.is_empty(),
                "{lang} {rel}: no comment on {undocumented:?}"
            );
        }
        let items =
            text("content/sample-city/reform/01.md") + &text("content/sample-city/reform/02.md");
        let cases: [(&str, String); 7] = [
            ("## `site.toml`", text("site.toml")),
            ("### Status scales", text("site.toml")),
            ("## City: ", text("content/sample-city/_index.md")),
            ("## Plan: ", text("content/sample-city/reform/_index.md")),
            (
                "### Categories",
                text("content/sample-city/reform/_index.md"),
            ),
            ("## Item: ", items.clone()),
            ("### KPIs", items.clone()),
        ];
        for (section, file) in cases.iter().chain([("### Actions", items)].iter()) {
            let keys = documented_keys(section);
            assert!(keys.len() > 2, "{section}: {keys:?}");
            for key in keys {
                assert!(
                    mentions(file, &key),
                    "{lang}: {key} ({section}) is not in the new site"
                );
            }
        }
    }
}
