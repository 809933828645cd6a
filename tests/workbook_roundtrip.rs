//! The spreadsheet round trip, proved on the demo's real plans: exported and
//! imported back — directly, and through LibreOffice Calc saving the
//! workbook as `.xlsx` and as Shift_JIS CSV — every content file stays
//! byte-identical.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_tree, plansite, snapshot, stderr};

const PLANS: [&str; 5] = [
    "mine/reform",
    "mine/comprehensive",
    "sanyo-onoda/reform",
    "ube/reform",
    "arao/reform",
];

/// The demo site (settings and content) in a fresh temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    copy_tree(&repo.join("content"), &dir.path().join("content"));
    dir
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn run_ok(root: &Path, args: &[&str]) -> std::process::Output {
    let out = plansite(root, args);
    assert!(
        out.status.success(),
        "plansite {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

fn file_name(plan: &str, ext: &str) -> String {
    format!("{}.{ext}", plan.replace('/', "."))
}

/// Imports `files` into `site` and checks that nothing in content/ changed
/// and that import said so.
fn import_changes_nothing(site: &Path, files: &[PathBuf], extra: &[&str]) {
    let before = snapshot(&site.join("content"));
    let mut args: Vec<&str> = vec!["import"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    args.extend(extra);
    let out = run_ok(site, &args);
    let after = snapshot(&site.join("content"));
    for (path, bytes) in &before {
        assert!(
            after.get(path) == Some(bytes),
            "{path} changed after importing {names:?}:\n{}",
            stdout(&out)
        );
    }
    assert_eq!(
        before.len(),
        after.len(),
        "files were added: {}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("no changes"),
        "import of an unchanged export must say so: {}",
        stderr(&out)
    );
}

#[test]
fn every_demo_plan_exported_and_imported_back_leaves_every_file_byte_identical() {
    let site = demo_copy();
    let work = tempfile::tempdir().unwrap();
    for plan in PLANS {
        let xlsx = work.path().join(file_name(plan, "xlsx"));
        run_ok(site.path(), &["export", plan, "-o", xlsx.to_str().unwrap()]);
        import_changes_nothing(site.path(), std::slice::from_ref(&xlsx), &[]);
        for encoding in ["utf8", "sjis"] {
            let dir = work
                .path()
                .join(format!("{}-{encoding}", plan.replace('/', ".")));
            fs::create_dir_all(&dir).unwrap();
            run_ok(
                site.path(),
                &[
                    "export",
                    plan,
                    "--format",
                    "csv",
                    "--encoding",
                    encoding,
                    "-o",
                    dir.to_str().unwrap(),
                ],
            );
            let csvs = csv_files(&dir);
            assert_eq!(csvs.len(), 4, "four data sheets as CSV: {csvs:?}");
            import_changes_nothing(site.path(), &csvs, &["--plan", plan]);
        }
    }
}

fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

/// LibreOffice Calc, headless, with a profile of its own so that tests
/// running at once do not share (and lock) one.
fn soffice(args: &[&str], cwd: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .arg("--headless")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "LibreOffice (soffice) is needed for this test and could not be run ({e}); \
                 install it with `bash .ci/install` (Debian package libreoffice-calc)"
            )
        });
    assert!(
        out.status.success(),
        "soffice {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

/// LibreOffice's CSV filter options: comma, double quote, Shift_JIS (64),
/// from line 1, …, and the last token -1: every sheet to its own file,
/// `<name>-<sheet>.csv`.
const SJIS_CSV_ALL_SHEETS: &str =
    "csv:Text - txt - csv (StarCalc):44,34,64,1,,0,false,true,false,false,false,-1";

#[test]
fn workbooks_saved_by_libreoffice_as_xlsx_and_as_shift_jis_csv_import_back_unchanged() {
    let site = demo_copy();
    let work = tempfile::tempdir().unwrap();
    for plan in PLANS {
        let name = file_name(plan, "xlsx");
        let exported = work.path().join("exported");
        fs::create_dir_all(&exported).unwrap();
        let xlsx = exported.join(&name);
        run_ok(site.path(), &["export", plan, "-o", xlsx.to_str().unwrap()]);

        // Opened and saved by Calc as a workbook again.
        let saved = work.path().join("saved");
        soffice(
            &[
                "--convert-to",
                "xlsx",
                "--outdir",
                saved.to_str().unwrap(),
                xlsx.to_str().unwrap(),
            ],
            work.path(),
        );
        let resaved = saved.join(&name);
        assert_ne!(
            fs::read(&resaved).unwrap(),
            fs::read(&xlsx).unwrap(),
            "Calc rewrites the file in its own way"
        );
        import_changes_nothing(site.path(), &[resaved], &[]);

        // Saved by Calc as Shift_JIS CSV, a file per sheet.
        let csv_dir = work.path().join(format!("csv-{}", plan.replace('/', ".")));
        soffice(
            &[
                "--convert-to",
                SJIS_CSV_ALL_SHEETS,
                "--outdir",
                csv_dir.to_str().unwrap(),
                xlsx.to_str().unwrap(),
            ],
            work.path(),
        );
        // Calc writes the guide and the hidden lists too; the data sheets go back.
        let data: Vec<PathBuf> = csv_files(&csv_dir)
            .into_iter()
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                ["項目", "成果指標", "スケジュール", "分類"]
                    .iter()
                    .any(|s| n.ends_with(&format!("-{s}.csv")))
            })
            .collect();
        assert_eq!(data.len(), 4, "{:?}", csv_files(&csv_dir));
        let bytes = fs::read(&data[0]).unwrap();
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "Calc wrote Shift_JIS, not UTF-8"
        );
        import_changes_nothing(site.path(), &data, &["--plan", plan]);

        if plan == "mine/reform" {
            pictures_for_the_docs(&xlsx, work.path());
        }
    }
}

/// docs/authoring-with-excel.md shows the workbook as Calc renders it:
/// the exported file printed to PDF by Calc, the top of the items and KPI
/// sheets cut out by poppler's pdftoppm. Made on every run, so the
/// pictures show what export writes now.
fn pictures_for_the_docs(xlsx: &Path, work: &Path) {
    let pdf_dir = work.join("pdf");
    soffice(
        &[
            "--convert-to",
            "pdf",
            "--outdir",
            pdf_dir.to_str().unwrap(),
            xlsx.to_str().unwrap(),
        ],
        work,
    );
    let pdf = pdf_dir.join(xlsx.with_extension("pdf").file_name().unwrap());
    let page_text = |page: usize| {
        let out = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) runs; install it with `bash .ci/install`");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first_page_with = |header: &str| {
        (1..=20)
            .find(|&p| {
                page_text(p)
                    .lines()
                    .next()
                    .is_some_and(|l| l.trim() == header)
            })
            .unwrap_or_else(|| panic!("no page of the PDF starts with {header}"))
    };
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    for (header, name, width) in [
        ("項目番号", "workbook-items", 1250),
        ("項目番号", "workbook-kpis", 1700),
    ] {
        let page = if name == "workbook-items" {
            first_page_with(header)
        } else {
            // The KPI sheet is the first page after the items whose text
            // has the KPI sheet's header.
            (1..=20)
                .find(|&p| page_text(p).contains("指標名"))
                .expect("a page of the KPI sheet")
        };
        let out = Command::new("pdftoppm")
            .args(["-r", "200", "-png", "-singlefile"])
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .args([
                "-x",
                "120",
                "-y",
                "130",
                "-W",
                &width.to_string(),
                "-H",
                "440",
            ])
            .arg(&pdf)
            .arg(docs.join(name))
            .output()
            .expect("pdftoppm (poppler-utils) runs; install it with `bash .ci/install`");
        assert!(out.status.success(), "pdftoppm: {}", stderr(&out));
    }
}
