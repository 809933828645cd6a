//! The site's open data checked by real validators: `datapackage.json` and
//! every CSV file it lists by Frictionless (`frictionless validate`, from
//! PyPI), every `data.json` against the published JSON Schema by the
//! `jsonschema` package, on the demo (Japanese headers) and on a generated
//! corpus (English headers). Missing tools fail the test with what to
//! install (`.ci/install` installs them); they never skip it.

mod common;
#[path = "../examples/corpus/generate.rs"]
#[allow(dead_code)]
mod corpus;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::stderr;

/// What `frictionless validate --json` says of the site's data package.
fn frictionless(site: &Path) -> serde_json::Value {
    let out = Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(site)
        .output()
        .unwrap_or_else(|e| {
            panic!("frictionless cannot run ({e}): `python3 -m pip install frictionless` (.ci/install does)")
        });
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless gave no report ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(&out)
        )
    })
}

/// Checks every `data.json` under `site` against `data/plan.schema.json`
/// with Python's `jsonschema` (draft 2020-12); returns how many it checked.
fn json_schema(site: &Path) -> usize {
    const CHECK: &str = r#"
import glob, json, sys
from jsonschema import Draft202012Validator
schema = json.load(open("data/plan.schema.json", encoding="utf-8"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
files = sorted(glob.glob("*/*/data.json"))
bad = 0
for f in files:
    for e in validator.iter_errors(json.load(open(f, encoding="utf-8"))):
        print(f"{f}: {e.json_path}: {e.message[:300]}")
        bad += 1
print(len(files))
sys.exit(1 if bad else 0)
"#;
    let out = Command::new("python3")
        .args(["-c", CHECK])
        .current_dir(site)
        .output()
        .expect("python3 runs");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        !stderr(&out).contains("No module named 'jsonschema'"),
        "`python3 -m pip install jsonschema` (.ci/install does)"
    );
    assert!(out.status.success(), "{said}{}", stderr(&out));
    said.trim().lines().last().unwrap().parse().unwrap()
}

fn build(root: &Path, site: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(site)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The rows of a CSV file of the site, header first, after its BOM.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{} has no byte-order mark",
        path.display()
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn assert_valid(site: &Path, resources: usize) {
    let report = frictionless(site);
    let tasks = report["tasks"].as_array().unwrap();
    let invalid: Vec<String> = tasks
        .iter()
        .filter(|t| t["valid"] != true)
        .map(|t| format!("{}: {}", t["place"], t["errors"]))
        .collect();
    assert!(invalid.is_empty(), "{invalid:#?}");
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(tasks.len(), resources, "every CSV file is in the package");
}

#[test]
fn the_demo_data_passes_frictionless_and_its_json_schema() {
    let (_tmp, site) = common::demo_site();
    // Two site-wide files and two per plan, for the five plans.
    assert_valid(&site, 2 + 2 * 5);
    assert_eq!(json_schema(&site), 5);

    // Japanese headers on a Japanese site, the city code first.
    let kpis = rows(&site.join("data/kpis.csv"));
    assert_eq!(kpis[0][0], "全国地方公共団体コード");
    assert_eq!(kpis[0][17], "目標値");
    assert_eq!(
        (kpis[0][8].as_str(), kpis[0][10].as_str()),
        ("テーマ", "比較指標")
    );
    // The site's files are the plans' rows under one header.
    let plans = [
        "arao/reform",
        "mine/comprehensive",
        "mine/reform",
        "sanyo-onoda/reform",
        "ube/reform",
    ];
    for (site_file, plan_file) in [
        ("data/kpis.csv", "data.csv"),
        ("data/items.csv", "items.csv"),
    ] {
        let whole = rows(&site.join(site_file));
        let mut joined = vec![whole[0].clone()];
        for plan in plans {
            let part = rows(&site.join(plan).join(plan_file));
            assert_eq!(part[0], whole[0], "{plan}/{plan_file}: the same header");
            joined.extend(part.into_iter().skip(1));
        }
        assert_eq!(joined, whole, "{site_file}");
    }
    let codes: std::collections::BTreeSet<&str> = kpis[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        codes,
        std::collections::BTreeSet::from(["352021", "352136", "352161"]),
        "every KPI row carries its city's code (Arao has no KPIs)"
    );
}

/// Arao's plan has no KPIs, so data.csv is a header only; items.csv has
/// every item with the grade it was given in each of its four years, as
/// data.json has them.
#[test]
fn every_item_is_in_items_csv_with_the_grades_the_city_gave() {
    let (_tmp, site) = common::demo_site();
    for plan in ["arao/reform", "sanyo-onoda/reform", "mine/comprehensive"] {
        let data: serde_json::Value =
            serde_json::from_slice(&fs::read(site.join(plan).join("data.json")).unwrap()).unwrap();
        let items = rows(&site.join(plan).join("items.csv"));
        let mut expected: Vec<(String, String, String, String)> = Vec::new();
        for item in data["items"].as_array().unwrap() {
            let single = item["kpis"].as_array().unwrap().len() == 1;
            let mut years: std::collections::BTreeMap<String, (String, String)> = item["status"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(y, s)| (y.clone(), (guarded(s.as_str().unwrap()), String::new())))
                .collect();
            if single {
                for y in item["kpis"][0]["assessment"]["years"].as_array().unwrap() {
                    if let Some(c) = y["computed"].as_str() {
                        years.entry(y["year"].to_string()).or_default().1 = c.to_string();
                    }
                }
            }
            if years.is_empty() {
                years.insert(String::new(), Default::default());
            }
            for (year, (reported, computed)) in years {
                expected.push((
                    item["number"].as_str().unwrap().to_string(),
                    year,
                    reported,
                    computed,
                ));
            }
        }
        let got: Vec<(String, String, String, String)> = items[1..]
            .iter()
            .map(|r| (r[3].clone(), r[10].clone(), r[11].clone(), r[12].clone()))
            .collect();
        assert_eq!(got, expected, "{plan}");
    }
    let arao = rows(&site.join("arao/reform/items.csv"));
    let graded = arao[1..].iter().filter(|r| !r[11].is_empty()).count();
    assert!(
        graded > 100,
        "Arao's reported grades are in items.csv ({graded})"
    );
    assert_eq!(rows(&site.join("arao/reform/data.csv")).len(), 1);
}

/// A cell as the CSV files write text (docs/data-format.md): a leading
/// `=`, `+`, `-` or `@` gets an apostrophe, so Arao's 「-」 reads `'-`.
fn guarded(s: &str) -> String {
    match s.starts_with(['=', '+', '-', '@']) {
        true => format!("'{s}"),
        false => s.to_string(),
    }
}

#[test]
fn a_generated_corpus_with_english_headers_passes_the_validators() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    corpus::generate(&corpus::Options {
        items: 400,
        output: root.clone(),
        ..corpus::Options::default()
    });
    let toml = root.join("site.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, format!("csv_header = \"en\"\n{text}")).unwrap();
    let site: PathBuf = tmp.path().join("site");
    build(&root, &site);
    let plans = fs::read_dir(&site)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|c| fs::read_dir(c.path()).unwrap().flatten())
        .filter(|p| p.path().join("data.json").is_file())
        .count();
    assert!(plans >= 5, "{plans} plans");
    assert_valid(&site, 2 + 2 * plans);
    assert_eq!(json_schema(&site), plans);
    let items = rows(&site.join("data/items.csv"));
    assert_eq!(items[0][0], "city_code");
    assert_eq!(items.len(), 1 + count_item_years(&site));

    // The validators are not a formality: a year that is no year, a
    // header renamed and a status that is no text in data.json are found.
    let csv = site.join("data/items.csv");
    let text = fs::read_to_string(&csv).unwrap();
    let line = text.lines().nth(1).unwrap();
    let mut cells: Vec<&str> = line.split(',').collect();
    cells[9] = "R5";
    fs::write(&csv, text.replacen(line, &cells.join(","), 1)).unwrap();
    let report = frictionless(&site);
    assert_eq!(report["valid"], false);
    assert!(report.to_string().contains("type-error"), "{report}");
    let json = fs::read_dir(&site)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|c| fs::read_dir(c.path()).unwrap().flatten())
        .map(|p| p.path().join("data.json"))
        .find(|p| p.is_file())
        .unwrap();
    let mut data: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    data["items"][0]["status"] = serde_json::json!({ "2023": 4 });
    fs::write(&json, data.to_string()).unwrap();
    let out = Command::new("python3")
        .args([
            "-c",
            "import json,sys; from jsonschema import Draft202012Validator as V; \
             V(json.load(open('data/plan.schema.json'))).validate(json.load(open(sys.argv[1])))",
        ])
        .arg(&json)
        .current_dir(&site)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a number as a status passed the schema"
    );
}

/// Rows items.csv must have: an item's graded years, or one row.
fn count_item_years(site: &Path) -> usize {
    let mut n = 0;
    for city in fs::read_dir(site).unwrap().flatten() {
        for plan in fs::read_dir(city.path()).into_iter().flatten().flatten() {
            let Ok(bytes) = fs::read(plan.path().join("data.json")) else {
                continue;
            };
            let data: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            for item in data["items"].as_array().unwrap() {
                let mut years: std::collections::BTreeSet<String> = item["status"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect();
                if item["kpis"].as_array().unwrap().len() == 1 {
                    for y in item["kpis"][0]["assessment"]["years"].as_array().unwrap() {
                        if !y["computed"].is_null() {
                            years.insert(y["year"].to_string());
                        }
                    }
                }
                n += years.len().max(1);
            }
        }
    }
    n
}
