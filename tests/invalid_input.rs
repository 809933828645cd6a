//! The corpus of bad input: each case under tests/fixtures/invalid/ overlays
//! files on the valid `basic` site (and may remove some listed in remove.txt).
//! The build must fail with exactly the messages in expected.en.txt with
//! `--lang en` and in expected.ja.txt with `--lang ja`, exit 1, and leave the
//! previous output byte for byte as it was.
//!
//! To add a case: make the folder, run the test, and write the messages you
//! have checked by hand into expected.en.txt and expected.ja.txt.

mod common;

use std::fs;

use common::*;

#[test]
fn every_invalid_case_fails_with_its_exact_messages() {
    let dir = fixtures().join("invalid");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "the corpus has only {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let site = common::site("basic");
        let root = site.path();
        let first = plansite(root, &["build"]);
        assert!(
            first.status.success(),
            "{name}: the base site must build: {}",
            stderr(&first)
        );
        let before = snapshot(&root.join("public"));

        if case.join("site").is_dir() {
            copy_tree(&case.join("site"), root);
        }
        if let Ok(list) = fs::read_to_string(case.join("remove.txt")) {
            for rel in list.lines().filter(|l| !l.trim().is_empty()) {
                fs::remove_file(root.join(rel.trim())).unwrap();
            }
        }
        if case.join("expected.txt").exists() {
            failures.push(format!(
                "{name}: expected.txt is the old name; the messages go in expected.en.txt and expected.ja.txt"
            ));
        }
        for lang in ["en", "ja"] {
            let file = format!("expected.{lang}.txt");
            let Ok(expected) = fs::read_to_string(case.join(&file)) else {
                failures.push(format!("{name}: {file} is missing"));
                continue;
            };
            let out = plansite(
                root,
                &["build", "--message-format", "short", "--lang", lang],
            );
            let got = stderr(&out);
            if out.status.code() != Some(1) {
                failures.push(format!(
                    "{name} ({lang}): exit code {:?}, expected 1",
                    out.status.code()
                ));
            }
            if got.trim_end() != expected.trim_end() {
                failures.push(format!(
                    "{name}: messages differ from {file}\n--- expected\n{expected}\n--- got\n{got}"
                ));
            }
            if snapshot(&root.join("public")) != before {
                failures.push(format!("{name} ({lang}): the previous output was changed"));
            }
        }
        let litter: Vec<_> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("plansite-"))
            .collect();
        if !litter.is_empty() {
            failures.push(format!("{name}: left {litter:?} behind"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
