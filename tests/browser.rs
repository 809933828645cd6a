//! Runs the real-browser tests (tests/browser/*.test.mjs, Node's test runner
//! driving Debian's Chromium through playwright-core) against a fresh build
//! of the demo site. Missing tools fail the test with what to install; they
//! never skip it.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn the_demo_site_works_in_a_real_browser() {
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

    let (_tmp, site) = common::demo_site();

    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts");
    let out = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .current_dir(&browser_tests)
        .env("PLANSITE_SITE", &site)
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
