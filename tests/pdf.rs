//! `plansite build --pdf`: the committee's PDF of every demo plan, printed
//! by Debian's Chromium and read back with poppler (pdfinfo, pdftotext,
//! pdftohtml), programs independent of the ones that wrote it. Needs
//! Chromium and poppler-utils (`.ci/install`); without them these tests
//! fail, they are never skipped.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `plansite build --pdf` of the demo into `out`, with `env` set.
fn build_pdf(out: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plansite"));
    cmd.args(["build", "--pdf", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Runs a poppler program and gives its standard output.
fn poppler(program: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(pdf)
        .args(if program == "pdfinfo" {
            &[][..]
        } else {
            &["-"][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{program} (poppler-utils, .ci/install) cannot run: {e}"));
    assert!(
        out.status.success(),
        "{program} {}: {}",
        pdf.display(),
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `text` without any white space, so that a line broken by pdftotext or a
/// full-width space still matches.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The entries of the PDF's outline (bookmarks): title and page, from 1.
fn outline(pdf: &Path) -> Vec<(String, usize)> {
    let xml = poppler("pdftohtml", &["-xml", "-i", "-q", "-stdout"], pdf);
    let start = xml.find("<outline>").expect("the PDF has an outline");
    let end = xml.rfind("</outline>").unwrap();
    xml[start..end]
        .split("<item page=\"")
        .skip(1)
        .map(|part| {
            let (page, rest) = part.split_once("\">").unwrap();
            let title = rest.split("</item>").next().unwrap();
            let title = title
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            (title, page.parse().unwrap())
        })
        .collect()
}

/// A demo plan as its data.json gives it.
struct Plan {
    /// `city/plan`
    dir: String,
    pdf: PathBuf,
    city: String,
    title: String,
    report_year: i64,
    /// Number, title and grades by year (the scale's labels).
    items: Vec<(String, String, BTreeMap<i64, String>)>,
}

fn plans(site: &Path) -> Vec<Plan> {
    let mut plans = Vec::new();
    for city in fs::read_dir(site).unwrap() {
        let city = city.unwrap().path();
        let Ok(entries) = fs::read_dir(&city) else {
            continue;
        };
        for plan in entries {
            let plan = plan.unwrap().path();
            let json = plan.join("data.json");
            if !json.is_file() {
                continue;
            }
            let text = fs::read_to_string(&json).unwrap();
            let d: serde_json::Value =
                serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
            let labels: BTreeMap<&str, &str> = d["plan"]["scale"]["levels"]
                .as_array()
                .map(|ls| {
                    ls.iter()
                        .map(|l| (l["key"].as_str().unwrap(), l["label"].as_str().unwrap()))
                        .collect()
                })
                .unwrap_or_default();
            let items = d["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    let grades = i["status"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .map(|(y, k)| {
                            let k = k.as_str().unwrap();
                            (y.parse().unwrap(), labels.get(k).unwrap_or(&k).to_string())
                        })
                        .collect();
                    (
                        i["number"].as_str().unwrap().to_string(),
                        i["title"].as_str().unwrap().to_string(),
                        grades,
                    )
                })
                .collect();
            let slug = plan.file_name().unwrap().to_string_lossy().into_owned();
            let city_slug = city.file_name().unwrap().to_string_lossy().into_owned();
            plans.push(Plan {
                dir: format!("{city_slug}/{slug}"),
                pdf: plan.join(format!("{slug}.pdf")),
                city: d["city"]["name"].as_str().unwrap().to_string(),
                title: d["plan"]["title"].as_str().unwrap().to_string(),
                report_year: d["plan"]["report_year"].as_i64().unwrap(),
                items,
            });
        }
    }
    plans.sort_by(|a, b| a.dir.cmp(&b.dir));
    assert_eq!(plans.len(), 5, "the demo's five plans");
    plans
}

/// The running header the print view sets (`data-running` on its cover).
fn running_header(site: &Path, plan: &Plan) -> String {
    let html = fs::read_to_string(site.join(&plan.dir).join("print/index.html")).unwrap();
    let start = html
        .find("data-running=")
        .expect("the print view sets a running header")
        + 13;
    let rest = html[start..].trim_start_matches('"');
    let end = rest.find(['"', '>']).unwrap();
    rest[..end].to_string()
}

#[test]
fn every_demo_plan_gets_a_pdf_a_committee_can_read() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = build_pdf(&site, &[]);
    assert!(
        out.status.success(),
        "build --pdf failed:\n{}",
        stderr(&out)
    );
    let plans = plans(&site);
    for plan in &plans {
        let where_ = &plan.dir;
        assert!(plan.pdf.is_file(), "{where_}: no PDF");

        // A4, with the plan's own information; dated by its issue, not the clock.
        let info = poppler("pdfinfo", &["-isodates"], &plan.pdf);
        assert!(info.contains(" pts (A4)"), "{where_}: not A4:\n{info}");
        let field = |name: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(&format!("{name}:")))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        assert_eq!(field("Title"), plan.title, "{where_}: title");
        assert_eq!(field("Author"), plan.city, "{where_}: author");
        // site.toml: issued = 2026-11-21, no plan sets its own.
        assert_eq!(field("CreationDate"), "2026-11-21T00:00:00+09", "{where_}");
        let pages: usize = field("Pages").parse().unwrap();

        // The plan page links it with its page count.
        let page = fs::read_to_string(site.join(&plan.dir).join("index.html")).unwrap();
        let name = plan.pdf.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            page.contains(&format!("href=\"{name}\"")),
            "{where_}: the plan page does not link {name}"
        );
        assert!(
            page.contains(&format!("PDF({pages}ページ、")),
            "{where_}: the link does not say {pages} pages"
        );

        // Bookmarks: the contents, the overview, every item, the appendix.
        let marks = outline(&plan.pdf);
        let titles: Vec<&str> = marks.iter().map(|(t, _)| t.as_str()).collect();
        for expected in ["目次", "一覧表", "評価の内訳"] {
            assert!(
                titles.contains(&expected),
                "{where_}: no bookmark {expected}: {titles:?}"
            );
        }
        assert!(
            titles.iter().any(|t| t.contains("付録")),
            "{where_}: no bookmark for the appendix: {titles:?}"
        );
        for (number, title, _) in &plan.items {
            let want = format!("{number} {title}");
            assert!(
                titles.contains(&want.as_str()),
                "{where_}: no bookmark {want}"
            );
        }
        let mut last = 0;
        let sheets_text = poppler("pdftotext", &[], &plan.pdf);
        let sheets: Vec<String> = sheets_text
            .split('\u{c}')
            .map(squeezed)
            .filter(|p| !p.is_empty())
            .collect();
        for (number, title, _) in &plan.items {
            let want = format!("{number} {title}");
            let page = marks.iter().find(|(t, _)| *t == want).unwrap().1;
            // The longest run of the title without Latin letters or digits:
            // pdftotext may put other text between the heading's number, a
            // Latin word (RPA) and the rest.
            let run = title
                .split(|c: char| c.is_ascii() || "【】()()".contains(c))
                .max_by_key(|r| r.chars().count())
                .unwrap();
            assert!(
                sheets[page - 1].contains(&squeezed(run)),
                "{where_}: the bookmark {want} leads to page {page}, which does not show it"
            );
        }
        let graded_years: std::collections::BTreeSet<i64> = plan
            .items
            .iter()
            .flat_map(|(_, _, g)| g.keys().copied())
            .filter(|y| *y <= plan.report_year)
            .collect();
        assert_eq!(
            titles.iter().any(|t| t.starts_with("前年度比較")),
            graded_years.len() >= 2,
            "{where_}: a bookmark for this year against last where, and only where, two years are graded"
        );
        for (title, page) in &marks {
            assert!(
                *page >= last && *page <= pages,
                "{where_}: bookmark {title} on page {page}"
            );
            last = *page;
        }

        // The running header and the page number on every page.
        let header = squeezed(&running_header(&site, plan));
        assert!(header.contains(&squeezed(&plan.city)) && header.contains(&squeezed(&plan.title)));
        let text = poppler("pdftotext", &[], &plan.pdf);
        let sheets: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(sheets.len(), pages, "{where_}: pages of text");
        for (n, sheet) in sheets.iter().enumerate() {
            let sheet = squeezed(sheet);
            assert!(
                sheet.contains(&header),
                "{where_}: page {} has no running header",
                n + 1
            );
            if n > 0 {
                let number = format!("{}/{pages}", n + 1);
                assert!(
                    sheet.contains(&number),
                    "{where_}: page {} has no page number",
                    n + 1
                );
            }
        }

        // The overview's grades are data.json's: this year's, and last
        // year's where the plan has two graded years.
        let page_of = |t: &str| marks.iter().find(|(m, _)| m == t).map(|(_, p)| *p).unwrap();
        let first = page_of("一覧表");
        let after = marks
            .iter()
            .map(|(_, p)| *p)
            .filter(|p| *p > first)
            .min()
            .unwrap_or(pages);
        // -raw keeps the order the rows are drawn in: number, title, grades.
        let overview = squeezed(&poppler(
            "pdftotext",
            &[
                "-raw",
                "-f",
                &first.to_string(),
                "-l",
                &(after - 1).max(first).to_string(),
            ],
            &plan.pdf,
        ));
        let graded: Vec<i64> = {
            let mut ys: Vec<i64> = plan
                .items
                .iter()
                .flat_map(|(_, _, g)| g.keys().copied())
                .filter(|y| *y <= plan.report_year)
                .collect();
            ys.sort();
            ys.dedup();
            ys
        };
        let shown: Vec<i64> = graded.iter().rev().take(2).rev().copied().collect();
        let starts: Vec<usize> = {
            let mut from = 0;
            plan.items
                .iter()
                .map(|(number, title, _)| {
                    let row = squeezed(&format!("{number}{title}"));
                    let at = overview[from..].find(&row).unwrap_or_else(|| {
                        panic!("{where_}: item {number} is not in the overview")
                    });
                    from += at + row.len();
                    from
                })
                .collect()
        };
        for (n, (number, _, grades)) in plan.items.iter().enumerate() {
            let row = &overview[starts[n]..starts.get(n + 1).copied().unwrap_or(overview.len())];
            let mut at = 0;
            for year in &shown {
                let want = squeezed(grades.get(year).map_or("―", String::as_str));
                let found = row[at..].find(&want).unwrap_or_else(|| {
                    panic!("{where_}: item {number}: {year}'s grade {want} is not in its overview row {row:?}")
                });
                at += found + want.len();
            }
        }
    }

    // The README's picture of the overview, drawn from the PDF itself.
    let so = plans
        .iter()
        .find(|p| p.dir == "sanyo-onoda/reform")
        .unwrap();
    let first = outline(&so.pdf)
        .into_iter()
        .find(|(t, _)| t == "一覧表")
        .unwrap()
        .1
        .to_string();
    let drawn = Command::new("pdftoppm")
        .args([
            "-r",
            "80",
            "-png",
            "-singlefile",
            "-f",
            &first,
            "-l",
            &first,
        ])
        .arg(&so.pdf)
        .arg(repo().join("docs/screenshots/print-overview"))
        .status()
        .unwrap();
    assert!(drawn.success());

    // The compact layout: Mine's 130-item plan, 139 pages one item a page,
    // takes 20 to 28 (docs/content-format.md states the range).
    let mine = plans
        .iter()
        .find(|p| p.dir == "mine/comprehensive")
        .unwrap();
    let info = poppler("pdfinfo", &[], &mine.pdf);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        (20..=28).contains(&pages),
        "Mine's comprehensive plan takes {pages} pages"
    );

    // The same input gives the same bytes, built again from nothing, with
    // one browser printing every plan in turn instead of one per core (a
    // browser's state once changed the tagged PDF's node ids).
    let again = tmp.path().join("again");
    let out = build_pdf(&again, &[("PLANSITE_PDF_JOBS", "1")]);
    assert!(out.status.success(), "{}", stderr(&out));
    for plan in &plans {
        let name = plan.pdf.file_name().unwrap();
        let other = again.join(&plan.dir).join(name);
        assert!(
            fs::read(&plan.pdf).unwrap() == fs::read(&other).unwrap(),
            "{}: a rebuild gives another PDF",
            plan.dir
        );
    }

    // Built again over its own output (the kept staging folder, the cache,
    // plan pages written twice), the PDFs are the same bytes again.
    let out = build_pdf(&site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for plan in &plans {
        let other = again.join(&plan.dir).join(plan.pdf.file_name().unwrap());
        assert!(
            fs::read(&plan.pdf).unwrap() == fs::read(&other).unwrap(),
            "{}: a build over the last one gives another PDF",
            plan.dir
        );
    }

    // A plain build over it leaves no PDF behind, and no link to one.
    let out = plansite(
        repo(),
        &["build", "--quiet", "--output", site.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !mine.pdf.exists(),
        "a plain build kept an earlier build's PDF"
    );
    let page = fs::read_to_string(site.join("mine/comprehensive/index.html")).unwrap();
    assert!(!page.contains(".pdf"), "a plain build links a PDF");
}

#[test]
fn without_chromium_pdf_fails_at_once_and_the_plain_build_needs_none() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("kept.txt"), "an earlier build").unwrap();
    let nowhere = tmp.path().join("no-such-chromium");
    let nowhere = nowhere.to_str().unwrap();

    // Named and missing.
    let out = build_pdf(
        &site,
        &[("PLANSITE_CHROMIUM", nowhere), ("PLANSITE_LANG", "en")],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("apt-get install chromium"), "{err}");
    assert!(err.contains(nowhere), "{err}");
    // None on PATH.
    let empty = tmp.path().join("empty-bin");
    fs::create_dir_all(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["build", "--pdf", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&site)
        .env_remove("PLANSITE_CHROMIUM")
        .env("PATH", &empty)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("Chromium") && err.contains("apt-get install chromium"),
        "{err}"
    );
    assert!(err.contains("PLANSITE_CHROMIUM"), "{err}");
    // Nothing was touched.
    let names: Vec<_> = fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["kept.txt"]);

    // A browser that fails once the site is rendered fails the build, and
    // the previous site stays as it was.
    let built = tmp.path().join("built");
    let out = plansite(
        repo(),
        &["build", "--quiet", "--output", built.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let before = snapshot(&built);
    let out = build_pdf(
        &built,
        &[("PLANSITE_CHROMIUM", "/bin/false"), ("PLANSITE_LANG", "en")],
    );
    assert!(!out.status.success(), "a build whose PDFs failed succeeded");
    let err = stderr(&out);
    assert!(
        err.contains("content/mine/comprehensive/_index.md"),
        "the error names the plan's file: {err}"
    );
    assert!(err.contains("could not be started"), "{err}");
    assert!(
        snapshot(&built) == before,
        "a failed --pdf build changed the previous site"
    );

    // The plain build never looks for Chromium, and writes no PDF.
    let site = tmp.path().join("plain");
    let out = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&site)
        .env("PLANSITE_CHROMIUM", nowhere)
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pdfs = snapshot(&site)
        .into_keys()
        .filter(|p| p.ends_with(".pdf"))
        .collect::<Vec<_>>();
    assert_eq!(pdfs, Vec::<String>::new());
    let plan = fs::read_to_string(site.join("mine/comprehensive/index.html")).unwrap();
    assert!(
        !plan.contains(".pdf"),
        "a plan page links a PDF the build did not make"
    );
}
