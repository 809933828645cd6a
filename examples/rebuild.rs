//! Times a preview's rebuilds (`incremental::Session`) on a site: one-item
//! edits spread over the site, then a whole-site change (site.toml saved).
//!
//!     cargo run --release --example rebuild -- SITE [EDITS]
//!
//! SITE is edited (each item's title gets a mark) and put back at the end:
//! use a copy. The preview's folder is a temporary folder beside SITE.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::Instant;

use plansite::incremental::Session;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn items(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .min_depth(3)
        .max_depth(3)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .collect();
    found.sort();
    found
}

fn report(what: &str, outcome: &plansite::Outcome, seconds: f64) {
    let stages: Vec<String> = outcome
        .summary
        .stages
        .iter()
        .map(|(s, t)| format!("{s} {:.3}", t))
        .collect();
    println!(
        "{what}: {seconds:.3} s, {:?} pages rendered, {} files written ({})",
        outcome.summary.rendered,
        outcome.summary.files,
        stages.join(", ")
    );
    assert!(!outcome.failed(), "the rebuild failed");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: rebuild SITE [EDITS]"));
    let edits: usize = args
        .next()
        .map_or(7, |n| n.parse().expect("EDITS is a number"));
    let tmp = tempfile::tempdir_in(root.parent().unwrap_or(Path::new("."))).unwrap();
    let out = tmp.path().join("preview");
    let gate = RwLock::new(());
    let mut session = Session::new(&root, &out);

    let start = Instant::now();
    let first = session.rebuild(&[], &gate);
    report("first build", &first, start.elapsed().as_secs_f64());

    let all = items(&root);
    println!("{} items", all.len());
    let mut times = Vec::new();
    for i in 0..edits {
        let path = &all[(i * 7919 + 13) % all.len()];
        let text = fs::read_to_string(path).unwrap();
        fs::write(
            path,
            text.replacen("title = \"", &format!("title = \"改{i} "), 1),
        )
        .unwrap();
        let start = Instant::now();
        let outcome = session.rebuild(std::slice::from_ref(path), &gate);
        let seconds = start.elapsed().as_secs_f64();
        report(&format!("one item ({})", path.display()), &outcome, seconds);
        times.push(seconds);
        fs::write(path, text).unwrap();
        session.rebuild(std::slice::from_ref(path), &gate);
    }
    println!("one-item edit: median {:.3} s of {edits}", median(times));

    let toml = root.join("site.toml");
    let mut whole = Vec::new();
    for _ in 0..3 {
        fs::write(&toml, fs::read(&toml).unwrap()).unwrap();
        let start = Instant::now();
        let outcome = session.rebuild(std::slice::from_ref(&toml), &gate);
        let seconds = start.elapsed().as_secs_f64();
        report("site.toml saved", &outcome, seconds);
        whole.push(seconds);
    }
    println!("whole-site change: median {:.3} s of 3", median(whole));
}
