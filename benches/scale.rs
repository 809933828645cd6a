//! Speed and memory at scale, side by side with Hugo, in one run:
//!
//! ```sh
//! cargo bench --bench scale                 # N = 1,000, 10,000, 50,000 items
//! PLANSITE_BENCH_SIZES=100000 cargo bench --bench scale
//! ```
//!
//! For each size it generates the corpus (examples/corpus/, seed 1) with
//! its Hugo twin (benches/hugo), then measures: plansite with charts and
//! minify off, plansite's full default build, the same into a new folder
//! each time (a fresh build: nothing to reuse), Hugo (Debian's `hugo`), and
//! the floor — copying the produced tree. The four builds run in turn, a
//! round of warm-up and five timed rounds, each run after a `sync` (so that
//! no run pays for the writes of the one before), all but the fresh variant
//! into the same output folder (rebuilds, as a site is rebuilt in practice);
//! it prints the median wall time, pages per second, peak memory (RSS, from
//! GNU time), output size, and the ratios plansite ÷ Hugo. Figures are in
//! docs/performance.md.

use std::path::{Path, PathBuf};
use std::process::Command;

const RUNS: usize = 5;

/// The command of one timed build of a corpus.
type Build<'a> = dyn Fn(&Path) -> Command + 'a;

struct Measure {
    seconds: f64,
    peak_kib: u64,
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let sizes: Vec<usize> = std::env::var("PLANSITE_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,50000".into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("PLANSITE_BENCH_SIZES is a comma-separated list of item counts")
        })
        .collect();
    require("hugo", "apt-get install hugo");
    require("/usr/bin/time", "apt-get install time");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plansite = Path::new(env!("CARGO_BIN_EXE_plansite"));
    let work = tempfile::tempdir_in(
        std::env::var_os("PLANSITE_BENCH_DIR").map_or_else(std::env::temp_dir, PathBuf::from),
    )
    .expect("a temporary folder for the corpora");
    println!(
        "hugo: {}",
        output(Command::new("hugo").arg("version")).trim()
    );
    println!(
        "cores: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!(
        "{:>7} {:<24} {:>9} {:>10} {:>10} {:>9} {:>8} {:>10} {:>10}",
        "items",
        "build",
        "median s",
        "pages",
        "pages/s",
        "peak MiB",
        "out MiB",
        "÷Hugo p/s",
        "÷Hugo RSS"
    );
    for n in sizes {
        let dir = work.path().join(format!("n{n}"));
        let hugo_dir = work.path().join(format!("hugo{n}"));
        generate(repo, n, &dir, &hugo_dir);
        // Three variants of the same corpus: charts and minify off, the full build, Hugo.
        let fast = dir.with_extension("fast");
        copy_tree(&dir, &fast);
        set(
            &fast.join("site.toml"),
            &[
                ("minify = true", "minify = false"),
                ("charts = true", "charts = false"),
            ],
        );

        let run_plansite = |root: &Path| {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%e %M"])
                .arg(plansite)
                .args(["build", "--quiet", "--root"])
                .arg(root);
            c
        };
        // Into a new folder each run: no previous output to share files with,
        // no `.plansite-cache`, so every page is minified.
        let fresh_runs = std::sync::atomic::AtomicUsize::new(0);
        let run_fresh = |root: &Path| {
            let k = fresh_runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // The previous run's tree has been measured; gigabytes of it
            // left behind would only crowd the page cache of later runs.
            if k > 0 {
                let _ = std::fs::remove_dir_all(root.join(format!("fresh{}", k - 1)));
            }
            let mut c = run_plansite(root);
            c.arg("--output").arg(root.join(format!("fresh{k}")));
            c
        };
        let hugo = |_: &Path| {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%e %M", "hugo", "--quiet", "--source"])
                .arg(&hugo_dir);
            c
        };
        // One round runs every build once, in turn, so that a slow spell of
        // the machine (a shared host) falls on all of them alike; a round
        // of warm-up, then RUNS timed rounds, medians per build.
        let builds: [(&str, &Path, &Build<'_>); 4] = [
            ("hugo", &hugo_dir, &hugo),
            ("plansite (charts, minify off)", &fast, &run_plansite),
            ("plansite (full)", &dir, &run_plansite),
            ("plansite (full, fresh)", &dir, &run_fresh),
        ];
        let mut measured = measure(&builds);
        let h = measured.remove(0);
        let hugo_pages = count_html(&hugo_dir.join("public"));
        let hugo_rate = hugo_pages as f64 / h.seconds;
        for ((label, root, _), m) in builds[1..].iter().zip(&measured) {
            let pages = count_html(&root.join("public"));
            let rate = pages as f64 / m.seconds;
            row(
                n,
                label,
                m,
                pages,
                size_mib(&root.join("public")),
                Some((rate / hugo_rate, m.peak_kib as f64 / h.peak_kib as f64)),
            );
        }
        row(
            n,
            "hugo",
            &h,
            hugo_pages,
            size_mib(&hugo_dir.join("public")),
            None,
        );
        for k in 0..fresh_runs.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = std::fs::remove_dir_all(dir.join(format!("fresh{k}")));
        }
        let floor = copy_floor(&dir.join("public"));
        println!(
            "{n:>7} {:<24} {floor:>9.2}   (copying the full build's output tree)",
            "floor: cp -r"
        );
        for d in [&dir, &fast, &hugo_dir] {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

fn row(n: usize, label: &str, m: &Measure, pages: usize, mib: f64, ratio: Option<(f64, f64)>) {
    let (r, rss) = ratio.map_or((String::new(), String::new()), |(a, b)| {
        (format!("{a:.2}×"), format!("{b:.2}×"))
    });
    println!(
        "{n:>7} {label:<24} {:>9.2} {pages:>10} {:>10.0} {:>9.0} {mib:>8.0} {r:>10} {rss:>10}",
        m.seconds,
        pages as f64 / m.seconds,
        m.peak_kib as f64 / 1024.0
    );
}

/// A round of warm-up, then RUNS rounds of every build in turn; the median
/// wall time of each build, with its peak memory in that run.
fn measure(builds: &[(&str, &Path, &Build<'_>)]) -> Vec<Measure> {
    let mut runs: Vec<Vec<Measure>> = builds.iter().map(|_| Vec::new()).collect();
    for round in 0..=RUNS {
        for ((_, root, command), runs) in builds.iter().zip(&mut runs) {
            let m = run(root, command);
            if round > 0 {
                runs.push(m);
            }
        }
    }
    runs.into_iter()
        .map(|mut r| {
            r.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
            r.swap_remove(RUNS / 2)
        })
        .collect()
}

/// One timed build, started with the disk idle: an earlier run's writes
/// still being flushed would be charged to this one.
fn run(root: &Path, command: &Build<'_>) -> Measure {
    sync();
    let out = command(root).output().expect("the build runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed:\n{err}");
    let last = err.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    Measure {
        seconds: parts
            .next()
            .and_then(|s| s.parse().ok())
            .expect("GNU time prints the wall time"),
        peak_kib: parts
            .next()
            .and_then(|s| s.parse().ok())
            .expect("GNU time prints the peak RSS"),
    }
}

fn sync() {
    assert!(Command::new("sync").status().unwrap().success());
}

fn copy_floor(tree: &Path) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|i| {
            let dest = tree.with_file_name(format!("floor{i}"));
            sync();
            let start = std::time::Instant::now();
            assert!(Command::new("cp")
                .arg("-r")
                .arg(tree)
                .arg(&dest)
                .status()
                .unwrap()
                .success());
            let t = start.elapsed().as_secs_f64();
            let _ = std::fs::remove_dir_all(dest);
            t
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn generate(repo: &Path, n: usize, dir: &Path, hugo: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(repo)
        .args([
            "run",
            "--quiet",
            "--release",
            "--example",
            "corpus",
            "--",
            "--seed",
            "1",
            "--items",
        ])
        .arg(n.to_string())
        .arg("--output")
        .arg(dir)
        .arg("--hugo")
        .arg(hugo)
        .status()
        .expect("cargo runs the corpus example");
    assert!(status.success());
    copy_tree(&repo.join("benches/hugo"), hugo);
}

fn set(file: &Path, replacements: &[(&str, &str)]) {
    let mut text = std::fs::read_to_string(file).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "{} has no {from}", file.display());
        text = text.replace(from, to);
    }
    std::fs::write(file, text).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    assert!(Command::new("cp")
        .arg("-rT")
        .arg(from)
        .arg(to)
        .status()
        .unwrap()
        .success());
}

fn count_html(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

fn size_mib(dir: &Path) -> f64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / (1024.0 * 1024.0)
}

fn require(program: &str, install: &str) {
    let found =
        Command::new(program).arg("--version").output().is_ok() || Path::new(program).exists();
    assert!(found, "{program} is needed for the benchmark: {install}");
}

fn output(c: &mut Command) -> String {
    String::from_utf8_lossy(&c.output().expect("runs").stdout).into_owned()
}
