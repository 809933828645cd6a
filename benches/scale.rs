//! Speed and memory at scale, side by side with Hugo, in one run:
//!
//! ```sh
//! cargo bench --bench scale                 # N = 1,000, 10,000, 50,000 items
//! PLANSITE_BENCH_SIZES=100000 PLANSITE_BENCH_RUNS=3 cargo bench --bench scale
//! ```
//!
//! For each size it generates the corpus (examples/corpus/, seed 1) with
//! its Hugo twin (benches/hugo), then times, in turn within each round (a
//! round of warm-up, then `PLANSITE_BENCH_RUNS` timed rounds, 5 unless
//! set), so that a slow spell of the machine falls on all of them alike:
//!
//! - Hugo, fresh: into a new folder;
//! - plansite with charts off, fresh;
//! - plansite's full default build, fresh: a new folder, no cache — what a
//!   deploy pipeline that checks the repository out does every time;
//! - the full build again into its previous output, nothing changed;
//! - the full build after one KPI value of one item was changed;
//!
//! and then, in `plansite serve` on the same corpus, the time from saving
//! one changed value to the item page served with it.
//!
//! Fresh builds go into new folders and no tree is deleted until the size
//! is done: on ext4 a tree deleted minutes before slows the creation of
//! every file after it (the inode allocator skips recently freed inodes),
//! which would be charged to whichever build came next. (At 50,000 items
//! the kept trees take about 25 GB; fewer rounds need less.) Each run
//! starts after `sync`. It prints, per build, the median wall time with the
//! fastest and slowest run, pages per second, peak memory (RSS, from GNU
//! time), output size in all and per item, and the ratios to Hugo's fresh
//! build — of the medians, and paired: the median over the rounds of each
//! round's ratio, which a slow spell moves less; and the load average
//! before and after, to tell a busy machine.
//! Figures are in docs/performance.md.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The command of one timed build of a corpus, told which run it is.
type Build<'a> = dyn Fn(usize) -> Command + 'a;

struct Measure {
    seconds: f64,
    peak_kib: u64,
}

/// A build's runs, fastest first, and their wall times in the order of
/// the rounds.
struct Runs {
    label: &'static str,
    runs: Vec<Measure>,
    by_round: Vec<f64>,
}

impl Runs {
    fn median(&self) -> &Measure {
        &self.runs[self.runs.len() / 2]
    }

    /// The median over the rounds of how many times `peer`'s pages per
    /// second this build made in the same round: a slow spell of the
    /// machine falls on both builds of a round, so this moves less from run
    /// to run than the ratio of the two medians.
    fn paired_ratio(&self, pages: usize, peer: &Runs, peer_pages: usize) -> f64 {
        let mut ratios: Vec<f64> = self
            .by_round
            .iter()
            .zip(&peer.by_round)
            .map(|(s, p)| (pages as f64 / s) / (peer_pages as f64 / p))
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    }
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
    let rounds: usize = std::env::var("PLANSITE_BENCH_RUNS")
        .ok()
        .map(|s| {
            s.parse()
                .expect("PLANSITE_BENCH_RUNS is a number of rounds")
        })
        .unwrap_or(5);
    assert!(rounds > 0, "PLANSITE_BENCH_RUNS is at least 1");
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
        "cores: {}; {rounds} timed rounds after one of warm-up",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for n in sizes {
        let dir = work.path().join(format!("n{n}"));
        let hugo_dir = work.path().join(format!("hugo{n}"));
        generate(repo, n, &dir, &hugo_dir);
        let fast = dir.with_extension("fast");
        copy_tree(&dir, &fast);
        set(
            &fast.join("site.toml"),
            &[("charts = true", "charts = false")],
        );
        let fresh = work.path().join(format!("fresh{n}"));
        std::fs::create_dir_all(&fresh).unwrap();

        let plansite_into = |root: &Path, out: &Path| {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%e %M"])
                .arg(plansite)
                .args(["build", "--quiet", "--root"])
                .arg(root)
                .arg("--output")
                .arg(out);
            c
        };
        let hugo = |k: usize| {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%e %M", "hugo", "--quiet", "--source"])
                .arg(&hugo_dir)
                .arg("--destination")
                .arg(fresh.join(format!("hugo{k}")));
            c
        };
        let fast_fresh = |k: usize| plansite_into(&fast, &fresh.join(format!("fast{k}")));
        let full_fresh = |k: usize| plansite_into(&dir, &fresh.join(format!("full{k}")));
        let public = dir.join("public");
        let rebuild = |_: usize| plansite_into(&dir, &public);
        let edited = edit_one_value(&dir);
        let edit = |k: usize| {
            let _ = edited(k);
            plansite_into(&dir, &public)
        };
        let builds: [(&'static str, &Build<'_>); 5] = [
            ("hugo, fresh", &hugo),
            ("plansite, charts off, fresh", &fast_fresh),
            ("plansite, full, fresh", &full_fresh),
            ("plansite, full, rebuild, no change", &rebuild),
            ("plansite, full, one value changed", &edit),
        ];
        let load_before = load_average();
        let measured = measure(&builds, rounds);
        let load_after = load_average();

        println!();
        println!("{n} items; load average (1, 5, 15 min) before {load_before}, after {load_after}");
        println!(
            "{:<36} {:>8} {:>13} {:>7} {:>8} {:>7} {:>7} {:>9} {:>7} {:>8} {:>8}",
            "build",
            "median s",
            "min–max s",
            "pages",
            "pages/s",
            "÷Hugo",
            "paired",
            "peak MiB",
            "÷Hugo",
            "out MiB",
            "KB/item",
        );
        let hugo_out = fresh.join("hugo0");
        let outputs = [
            hugo_out.clone(),
            fresh.join("fast0"),
            fresh.join("full0"),
            public.clone(),
            public.clone(),
        ];
        let h = measured[0].median();
        let hugo_pages = count_html(&hugo_out);
        let hugo_rate = hugo_pages as f64 / h.seconds;
        for (runs, out) in measured.iter().zip(&outputs) {
            let m = runs.median();
            let pages = count_html(out);
            let rate = pages as f64 / m.seconds;
            let bytes = size_bytes(out);
            println!(
                "{:<36} {:>8.2} {:>13} {:>7} {:>8.0} {:>6.2}× {:>6.2}× {:>9.0} {:>6.2}× {:>8.0} {:>8.1}",
                runs.label,
                m.seconds,
                format!(
                    "{:.2}–{:.2}",
                    runs.runs[0].seconds,
                    runs.runs[runs.runs.len() - 1].seconds
                ),
                pages,
                rate,
                rate / hugo_rate,
                runs.paired_ratio(pages, &measured[0], hugo_pages),
                m.peak_kib as f64 / 1024.0,
                m.peak_kib as f64 / h.peak_kib as f64,
                bytes as f64 / (1024.0 * 1024.0),
                bytes as f64 / 1000.0 / n as f64,
            );
        }
        let serve = serve_round_trips(plansite, &dir, rounds);
        println!(
            "{:<36} {:>8.3} {:>13}   (saving one value → the item page served with it)",
            "plansite serve, one value changed",
            serve[serve.len() / 2],
            format!("{:.3}–{:.3}", serve[0], serve[serve.len() - 1]),
        );
        for d in [&dir, &fast, &hugo_dir, &fresh] {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// A round of warm-up, then `rounds` rounds of every build in turn; each
/// build's runs sorted by wall time.
fn measure(builds: &[(&'static str, &Build<'_>)], rounds: usize) -> Vec<Runs> {
    let mut all: Vec<Runs> = builds
        .iter()
        .map(|(label, _)| Runs {
            label,
            runs: Vec::new(),
            by_round: Vec::new(),
        })
        .collect();
    for round in 0..=rounds {
        for ((_, command), runs) in builds.iter().zip(&mut all) {
            let m = run(command, round);
            if round > 0 {
                runs.by_round.push(m.seconds);
                runs.runs.push(m);
            }
        }
    }
    for r in &mut all {
        r.runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    }
    all
}

/// One timed build, started with the disk idle: an earlier run's writes
/// still being flushed would be charged to this one.
fn run(command: &Build<'_>, round: usize) -> Measure {
    let mut command = command(round);
    sync();
    let out = command.output().expect("the build runs");
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

/// Changes one actual of the first KPI of the corpus's first item, up by
/// one in even runs and back down in odd ones, so that every run has a
/// change to build; returns the new figure.
fn edit_one_value(root: &Path) -> impl Fn(usize) -> i64 + '_ {
    let file = root.join("content/city0000/plan0/001.md");
    let text = std::fs::read_to_string(&file).expect("the corpus's first item");
    let line = text
        .lines()
        .position(|l| l.starts_with("actuals = { "))
        .expect("the first item has actuals");
    move |k| {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        // `actuals = { 2021 = 10139, …`: the figure after the first year.
        let l = &lines[line];
        let start = l
            .find(" = ")
            .and_then(|a| l[a + 3..].find(" = ").map(|b| a + 3 + b + 3));
        let start = start.expect("a year and its figure");
        let end = l[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(l.len(), |e| start + e);
        let value: i64 = l[start..end].parse().expect("a whole number");
        let value = if k % 2 == 0 { value + 1 } else { value - 1 };
        lines[line] = format!("{}{value}{}", &l[..start], &l[end..]);
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
        value
    }
}

/// How long `plansite serve` takes from saving one changed value to
/// serving the item page that shows it: the preview of `root` is started
/// (its first build is not timed), then for each run one value is changed
/// and the page is asked for every 5 ms until it is of a new generation
/// (the live-reload script's, which changes once the rebuilt files are in
/// place) and shows the new figure.
fn serve_round_trips(plansite: &Path, root: &Path, runs: usize) -> Vec<f64> {
    use std::io::{BufRead, BufReader, Read, Write};
    // A free port, asked of the system and given back for the preview.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(plansite)
        .args(["serve", "--quiet", "--port", &port.to_string(), "--root"])
        .arg(root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("plansite serve starts");
    // Its one line, the address, is printed once the first build is in place.
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.contains(&addr),
        "the preview is not at {addr}: {line:?}"
    );
    let get = |path: &str| -> String {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        String::from_utf8_lossy(&raw).into_owned()
    };
    let generation = |page: &str| -> String {
        let key = "data-generation=\"";
        let at = page.find(key).expect("the live-reload script") + key.len();
        page[at..].split('"').next().unwrap().to_string()
    };
    let path = "/city0000/plan0/001/index.html";
    let edit = edit_one_value(root);
    let mut times = Vec::new();
    // Runs 1, 2, …: run 0 of the builds above left the figure up by one.
    for k in 1..=runs + 1 {
        let before = generation(&get(path));
        std::thread::sleep(std::time::Duration::from_millis(300));
        let start = std::time::Instant::now();
        // As the pages print it: 12,345.
        let figure = plansite::render::format::number(edit(k) as f64);
        loop {
            let page = get(path);
            if generation(&page) != before && page.contains(&figure) {
                break;
            }
            assert!(
                start.elapsed().as_secs() < 120,
                "the preview did not show {figure} in two minutes"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // The first is a warm-up, as for the builds.
        if k > 1 {
            times.push(start.elapsed().as_secs_f64());
        }
    }
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
    times.sort_by(f64::total_cmp);
    times
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn sync() {
    assert!(Command::new("sync").status().unwrap().success());
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

/// File bytes under `dir` (folders not counted), the build's cache too.
fn size_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn require(program: &str, install: &str) {
    let found =
        Command::new(program).arg("--version").output().is_ok() || Path::new(program).exists();
    assert!(found, "{program} is needed for the benchmark: {install}");
}

fn output(c: &mut Command) -> String {
    String::from_utf8_lossy(&c.output().expect("runs").stdout).into_owned()
}
