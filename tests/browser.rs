//! Runs the real-browser tests (tests/browser/*.test.mjs, Node's test runner
//! driving Debian's Chromium through playwright-core) against a fresh build
//! of the demo site, and the phone and chart checks of
//! tests/browser/corpus/pages.mjs against a generated corpus. Missing tools
//! fail the test with what to install; they never skip it.

mod common;
#[path = "../examples/corpus/generate.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One Chromium run at a time: two on this machine's cores would only make
/// each slower and their layouts time out.
static BROWSER: Mutex<()> = Mutex::new(());

#[test]
fn the_demo_site_works_in_a_real_browser() {
    let (_tmp, site) = common::demo_site();
    run_node(&site, &[]);
}

#[test]
fn a_generated_corpus_reads_well_on_phones_and_desktops() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    // Two cities, three plans (one on the scale without colours), 150 items.
    corpus::generate(&corpus::Options {
        items: 150,
        output: root.clone(),
        ..corpus::Options::default()
    });
    let site: PathBuf = tmp.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run_node(&site, &["corpus/pages.mjs"]);
}

/// Runs Node's test runner in tests/browser against `site`: the given test
/// files, or every `*.test.mjs` when none are given.
fn run_node(site: &Path, files: &[&str]) {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_tests = repo.join("tests/browser");
    assert!(
        browser_tests.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci --prefix tests/browser` (.ci/run does)"
    );
    let chromium =
        std::env::var("PLANSITE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "Chromium not found at {chromium}: `apt-get install chromium poppler-utils fonts-noto-cjk` (.ci/run does)"
    );

    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts");
    let out = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(files)
        .current_dir(&browser_tests)
        .env("PLANSITE_SITE", site)
        .env("PLANSITE_ARTIFACTS", &artifacts)
        .env("PLANSITE_SCREENSHOTS", repo.join("docs/screenshots"))
        .env("PLANSITE_CHROMIUM", &chromium)
        // serve.test.mjs previews a copy of the demo with this binary.
        .env("PLANSITE_BIN", env!("CARGO_BIN_EXE_plansite"))
        .env("PLANSITE_REPO", repo)
        .output()
        .expect("node must be installed to run the browser tests");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}");
    assert!(
        out.status.success(),
        "browser tests failed (PDFs and screenshots in {}):\n{report}",
        artifacts.display()
    );
    // The runner must have run tests, not found none.
    assert!(
        report.contains("ℹ pass ") && !report.contains("ℹ pass 0"),
        "{report}"
    );
}
