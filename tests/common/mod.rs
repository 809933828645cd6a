//! Shared helpers: copy fixture sites into temporary folders and run the binary.

#![allow(dead_code)]

pub mod workbook;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A copy of `tests/fixtures/valid/<name>` in a fresh temporary folder.
pub fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("valid").join(name), dir.path());
    dir
}

pub fn plansite(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        // Tests read the English messages; the corpus checks both languages.
        .env("PLANSITE_LANG", "en")
        .output()
        .unwrap()
}

/// The repository's demo site, built into `site/` of a fresh temporary folder
/// (kept alive by the returned guard).
pub fn demo_site() -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["build", "--quiet", "--root"])
        .arg(repo)
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    (tmp, site)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// The fixture site with a second plan and a second city (of two plans),
/// so that a change can be seen not to reach what it does not affect.
pub fn two_cities() -> tempfile::TempDir {
    let site = site("basic");
    let content = site.path().join("content");
    // A second plan in the city: its data file carries the city's summaries.
    copy_tree(
        &content.join("testcity/reform"),
        &content.join("testcity/second"),
    );
    copy_tree(&content.join("testcity"), &content.join("othercity"));
    let index = content.join("othercity/_index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, text.replace("テスト市", "別の市")).unwrap();
    site
}

/// Adds `settings` at the end of the site's `site.toml`.
pub fn add_to_site_toml(root: &Path, settings: &str) {
    let toml = root.join("site.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, text + settings).unwrap();
}

/// Every file under `dir` (but the build cache, which only saves time) and
/// every folder, by path: `None` for a folder.
pub fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != plansite::output::CACHE)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

/// stderr without the summary's timing, which varies.
pub fn without_timing(s: &str) -> String {
    s.lines()
        .map(|l| match l.rfind("; ") {
            Some(i) if l.starts_with("plansite: ") && l.ends_with(" s") => l[..i].to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
