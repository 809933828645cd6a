//! How long staff wait for the spreadsheet round trip, beside a peer
//! measured in the same run:
//!
//! ```sh
//! cargo bench --bench workbook
//! ```
//!
//! On a generated plan of 60 items (examples/corpus/, `--items 60`,
//! seed 1) it times `plansite export` to `.xlsx`, `plansite import` of that
//! workbook (no changes: read, check every cell, compare, verify), import
//! of the CSV files with one changed actual (`--dry-run`, so every round
//! starts from the same content), and, as peers, `plansite check` of the
//! same site and LibreOffice Calc converting the same workbook to CSV (the
//! spreadsheet program opening the file). One warm-up and seven timed
//! rounds of each, interleaved; medians. Figures are in
//! docs/performance.md.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 7;

/// A named step, and how to start one run of it.
type Case<'a> = (&'static str, Box<dyn Fn() -> Command + 'a>);

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plansite = PathBuf::from(env!("CARGO_BIN_EXE_plansite"));
    let work = tempfile::tempdir().expect("a temporary folder");
    let site = work.path().join("site");
    generate(repo, 60, &site);
    let plan = first_plan(&site);
    let xlsx = work.path().join("plan.xlsx");
    let csv_dir = work.path().join("csv");
    std::fs::create_dir_all(&csv_dir).unwrap();
    run(
        &plansite,
        &site,
        &["export", &plan, "-o", xlsx.to_str().unwrap()],
    );
    run(
        &plansite,
        &site,
        &[
            "export",
            &plan,
            "--format",
            "csv",
            "-o",
            csv_dir.to_str().unwrap(),
        ],
    );
    let csvs: Vec<String> = std::fs::read_dir(&csv_dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    change_one_actual(&csv_dir);
    let items = std::fs::read_dir(site.join("content").join(&plan))
        .unwrap()
        .count()
        - 1;
    println!("plan {plan}: {items} items");
    let profile = tempfile::tempdir().unwrap();
    let lo_out = work.path().join("lo");

    let out = xlsx.with_extension("again.xlsx");
    let mut cases: Vec<Case> = vec![
        (
            "export .xlsx",
            Box::new(|| {
                let mut c = Command::new(&plansite);
                c.current_dir(&site)
                    .args(["export", &plan, "--force", "-o"])
                    .arg(&out);
                c
            }),
        ),
        (
            "import .xlsx, nothing changed",
            Box::new(|| {
                let mut c = Command::new(&plansite);
                c.current_dir(&site).arg("import").arg(&xlsx);
                c
            }),
        ),
        (
            "import 4 CSV, one value changed (--dry-run)",
            Box::new(|| {
                let mut c = Command::new(&plansite);
                c.current_dir(&site)
                    .arg("import")
                    .args(&csvs)
                    .args(["--plan", &plan, "--dry-run"]);
                c
            }),
        ),
        (
            "peer: plansite check",
            Box::new(|| {
                let mut c = Command::new(&plansite);
                c.current_dir(&site).args(["check", "--quiet"]);
                c
            }),
        ),
    ];
    if Command::new("soffice").arg("--version").output().is_ok() {
        cases.push((
            "peer: LibreOffice opens the .xlsx, writes CSV",
            Box::new(|| {
                let mut c = Command::new("soffice");
                c.arg(format!(
                    "-env:UserInstallation=file://{}",
                    profile.path().display()
                ))
                .args(["--headless", "--convert-to", "csv", "--outdir"])
                .arg(&lo_out)
                .arg(&xlsx);
                c
            }),
        ));
    } else {
        println!(
            "(soffice not found: the LibreOffice peer is left out; bash .ci/install installs it)"
        );
    }

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for round in 0..=RUNS {
        for (i, (name, command)) in cases.iter().enumerate() {
            let start = Instant::now();
            let output = command().output().expect("the command runs");
            let secs = start.elapsed().as_secs_f64();
            assert!(
                output.status.success(),
                "{name}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            if round > 0 {
                times[i].push(secs);
            }
        }
    }
    let check = median(&mut times[3].clone());
    println!();
    println!("| step | median ms (min–max) | ÷ plansite check |");
    println!("|---|---:|---:|");
    for ((name, _), t) in cases.iter().zip(times.iter_mut()) {
        let m = median(t);
        let (lo, hi) = (
            t.iter().cloned().fold(f64::INFINITY, f64::min),
            t.iter().cloned().fold(0.0, f64::max),
        );
        println!(
            "| {name} | {:.0} ({:.0}–{:.0}) | {:.2}× |",
            m * 1e3,
            lo * 1e3,
            hi * 1e3,
            m / check
        );
    }
}

fn median(t: &mut [f64]) -> f64 {
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn run(plansite: &Path, site: &Path, args: &[&str]) {
    let out = Command::new(plansite)
        .current_dir(site)
        .args(args)
        .output()
        .expect("plansite runs");
    assert!(
        out.status.success(),
        "plansite {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `city/plan` of the corpus's only plan.
fn first_plan(site: &Path) -> String {
    let content = site.join("content");
    for city in sorted_dirs(&content) {
        if let Some(plan) = sorted_dirs(&city).into_iter().next() {
            return format!(
                "{}/{}",
                city.file_name().unwrap().to_string_lossy(),
                plan.file_name().unwrap().to_string_lossy()
            );
        }
    }
    panic!("the corpus has no plan")
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Adds 1 to the first numeric 実績 of the KPI sheet's CSV.
fn change_one_actual(dir: &Path) {
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("成果指標"))
        .expect("the KPI sheet as CSV");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_string).collect();
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
    let actual = header
        .iter()
        .position(|h| *h == "実績")
        .expect("a 実績 column");
    for line in lines.iter_mut().skip(1) {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if let Some(n) = cells.get(actual).and_then(|c| c.parse::<f64>().ok()) {
            cells[actual] = format!("{}", n + 1.0);
            *line = cells.join(",");
            std::fs::write(&file, lines.join("\r\n")).unwrap();
            return;
        }
    }
    panic!("no numeric actual in {}", file.display());
}

fn generate(repo: &Path, n: usize, dir: &Path) {
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
        .status()
        .expect("cargo runs the corpus example");
    assert!(status.success());
}
