//! `plansite build --pdf`: a PDF of each plan, printed from the plan's print
//! view by Debian's Chromium through the DevTools protocol.
//!
//! The site is built into the staging folder as any build is; before it is
//! swapped in, each plan's print view is opened there from disk, laid out
//! by Paged.js and printed (`browser`); the PDF gets its bookmarks, its
//! information and a document ID from its content (`finish`) and is
//! written as `<city>/<plan>/<plan>.pdf`; the plan pages are then rendered
//! again with a link to it giving its pages and size. A failure anywhere
//! fails the build, so the output, PDFs included, stays as it was.
//!
//! A build without `--pdf` writes no PDF, and the swap leaves none of an
//! earlier build's behind: a plan page links only the PDF its build made.

mod browser;
mod finish;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

use crate::config::Language;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Text};
use crate::render::format;
use crate::{output, render, tr, Loaded, Outcome, Summary};

/// The environment variable naming the browser to print with.
pub const CHROMIUM_ENV: &str = "PLANSITE_CHROMIUM";
/// Tried on `PATH` in turn when [`CHROMIUM_ENV`] is not set.
const CHROMIUM_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];
/// How long a plan's layout may take: the 130-KPI demo plan takes about 10 s.
const LAYOUT_TIMEOUT: Duration = Duration::from_secs(180);

/// What a plan page says of its PDF.
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    /// The file's name, beside the plan page.
    pub href: String,
    pub pages: usize,
    pub bytes: usize,
    /// 「PDF(12ページ、1.2 MB)」
    pub label: String,
}

/// The browser to print with: `PLANSITE_CHROMIUM` when set (it must
/// exist), else the first of chromium, chromium-browser, google-chrome on
/// `PATH`. The error says how to install it.
pub fn find_chromium() -> Result<PathBuf, Text> {
    let install = "sudo apt-get install chromium fonts-noto-cjk";
    if let Some(named) = std::env::var_os(CHROMIUM_ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&named);
        if path.is_file() {
            return Ok(path);
        }
        let shown = path.display();
        return Err(tr!(
            "PDF を作るブラウザとして {CHROMIUM_ENV} に指定された {shown} がありません。Chromium を入れるには: {install}",
            "{CHROMIUM_ENV} names {shown} as the browser to make PDFs with, and there is no such file; to install Chromium: {install}"
        ));
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        CHROMIUM_NAMES.iter().find_map(|name| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    });
    found.ok_or_else(|| {
        tr!(
            "PDF を作るには Chromium が必要ですが、見つかりません。入れるには: {install}(別の場所のものは {CHROMIUM_ENV} で指定できます)",
            "making PDFs needs Chromium, and none was found; to install it: {install} (or name one elsewhere with {CHROMIUM_ENV})"
        )
    })
}

/// `plansite build --pdf`: the site at `root` built into `out` with a PDF
/// of each plan. Without Chromium it fails at once, before reading the site.
pub fn build(
    root: &Path,
    out: &Path,
    progress: &indicatif::ProgressBar,
    lang: Option<Language>,
) -> Outcome {
    let chromium = match find_chromium() {
        Ok(c) => c,
        Err(text) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(Diagnostic::error(Location::None, text));
            let summary = Summary {
                language: crate::config::peek_language(root),
                ..Summary::default()
            };
            return Outcome {
                summary,
                diagnostics,
            };
        }
    };
    let finish = |target: &output::Target,
                  loaded: &Loaded,
                  templates: &mut render::Templates|
     -> Diagnostics { print_all(&chromium, target, loaded, templates) };
    crate::build_finishing(root, out, progress, lang, &finish)
}

/// A plan's PDF, or why it could not be made.
type Printed = Result<Vec<u8>, Text>;

/// Where a plan's print view and its PDF are, inside the output.
struct Job {
    ci: usize,
    pi: usize,
    dir: String,
    pdf: String,
}

/// Prints every plan of `loaded` from the staging folder of `target`,
/// writes the PDFs there and renders the plan pages again with their links.
fn print_all(
    chromium: &Path,
    target: &output::Target,
    loaded: &Loaded,
    templates: &mut render::Templates,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let site = &loaded.site;
    let jobs: Vec<Job> = site
        .cities
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.plans.iter().enumerate().map(move |(pi, p)| Job {
                ci,
                pi,
                dir: format!("{}/{}", c.slug, p.slug),
                pdf: format!("{}/{}/{}.pdf", c.slug, p.slug, p.slug),
            })
        })
        .collect();
    if jobs.is_empty() {
        return diags;
    }
    let results: Vec<Mutex<Option<Printed>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let staging = target.staging();
    std::thread::scope(|s| {
        for _ in 0..workers(jobs.len()) {
            s.spawn(|| {
                // A browser per worker, not a tab: of one browser's tabs only
                // the one in front gets frames, and Paged.js waits for them.
                let session = browser::Session::start(chromium);
                let tab = session.as_ref().map_err(Clone::clone).and_then(|s| s.tab());
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(n) else { break };
                    let done = match &tab {
                        Ok(tab) => print_one(tab, staging, loaded, job),
                        Err(e) => Err(e.clone()),
                    };
                    *results[n].lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
                }
            });
        }
    });
    let mut links = HashMap::new();
    for (job, result) in jobs.iter().zip(results) {
        let result = result.into_inner().unwrap_or_else(|e| e.into_inner());
        // The plan's own file, where its author looks; the message names
        // the print view it was printed from.
        let plan = &loaded.site.cities[job.ci].plans[job.pi];
        let place = Location::Span {
            file: plan.pos.file.clone(),
            range: plan.pos.range.clone(),
        };
        let view = format!("{}/print/index.html", job.dir);
        match result {
            Some(Ok(bytes)) => {
                if let Err(e) = target.write(&job.pdf, &bytes) {
                    let e = output::said(&e);
                    let (ja, en) = (&e.ja, &e.en);
                    diags.push(Diagnostic::error(
                        place,
                        tr!(
                            "{view} の PDF を書き込めません: {ja}",
                            "cannot write the PDF of {view}: {en}"
                        ),
                    ));
                    continue;
                }
                let pages = page_count(&bytes);
                let name = job.pdf.rsplit('/').next().unwrap_or_default().to_string();
                let link = PdfLink {
                    label: label(pages, bytes.len()).get(loaded.config.language).into(),
                    href: name,
                    pages,
                    bytes: bytes.len(),
                };
                links.insert(job.dir.clone(), tera::Value::from_serializable(&link));
            }
            Some(Err(text)) => {
                let (ja, en) = (&text.ja, &text.en);
                diags.push(Diagnostic::error(
                    place,
                    tr!(
                        "{view} から PDF を作れませんでした: {ja}",
                        "the PDF of {view} could not be made: {en}"
                    ),
                ));
            }
            None => {}
        }
    }
    if diags.has_errors() {
        return diags;
    }
    let plans = jobs.iter().map(|j| (j.ci, j.pi)).collect();
    templates.pdf_links = links;
    diags.extend(render::render_plan_pages(
        loaded,
        templates,
        plans,
        |path, key| target.keep(path, key),
        |path, bytes, key| target.write_page(path, &bytes, key),
    ));
    diags
}

/// How many plans print at once, each in a browser of its own: Paged.js
/// lays a page out on one core, so a browser per core (`PLANSITE_PDF_JOBS`
/// to choose; docs/performance.md has the measurements).
fn workers(plans: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chosen = std::env::var("PLANSITE_PDF_JOBS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(cores);
    chosen.min(plans).max(1)
}

/// Prints one plan's print view from `staging` and finishes its PDF.
fn print_one(
    tab: &headless_chrome::Tab,
    staging: &Path,
    loaded: &Loaded,
    job: &Job,
) -> Result<Vec<u8>, Text> {
    let (city, plan) = (
        &loaded.site.cities[job.ci],
        &loaded.site.cities[job.ci].plans[job.pi],
    );
    let file = staging.join(&job.dir).join("print").join("index.html");
    let mut ids: Vec<String> = ["contents", "overview", "year-on-year", "summary"]
        .map(String::from)
        .into();
    ids.extend(plan.items.iter().map(anchor));
    ids.push("appendix".into());
    let printed = browser::print(tab, &file, &ids, LAYOUT_TIMEOUT)?;
    let titles: HashMap<String, String> = plan
        .items
        .iter()
        .map(|i| (anchor(i), format!("{} {}", i.number, i.title)))
        .collect();
    let entries: Vec<finish::Entry> = printed
        .marks
        .into_iter()
        .map(|mark| finish::Entry {
            title: titles
                .get(&mark.id)
                .cloned()
                .unwrap_or_else(|| mark.heading.clone()),
            mark,
        })
        .collect();
    let config = &loaded.config;
    let style = plan.year_format.unwrap_or(config.year_format);
    let fy = format::fiscal_year(plan.report_year, style, config.language);
    let info = finish::Info {
        title: plan.title.clone(),
        author: city.name.clone(),
        subject: tr!("{fy}の進捗状況", "progress in {fy}")
            .get(config.language)
            .to_string(),
        keywords: String::new(),
        date: issued(plan, config),
    };
    let pdf = finish::finish(&printed.pdf, &info, &entries).map_err(|e| {
        tr!(
            "Chromium の PDF を読めませんでした: {e}",
            "Chromium's PDF could not be read: {e}"
        )
    })?;
    let pages = page_count(&pdf);
    if pages != printed.pages {
        let laid = printed.pages;
        return Err(tr!(
            "組まれた {laid} ページに対し、PDF は {pages} ページになりました",
            "the layout has {laid} pages and the PDF {pages}"
        ));
    }
    Ok(pdf)
}

/// The id of an item's element in the print view (as `ItemView::anchor`
/// makes it; tests/pdf.rs finds a bookmark for every item).
fn anchor(item: &crate::model::Item) -> String {
    format!("item-{}-item", item.slug)
}

/// The date a plan's PDF is dated: its `issued`, else the site's, else the
/// last day of its report year (31 March of the next calendar year).
pub fn issued(plan: &crate::model::Plan, config: &crate::config::Config) -> String {
    plan.issued
        .clone()
        .or_else(|| config.issued.clone())
        .unwrap_or_else(|| format!("{}-03-31", plan.report_year + 1))
}

/// Pages of a PDF, counted by lopdf; 0 when it cannot be read.
fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).map_or(0, |d| d.get_pages().len())
}

/// 「PDF(12ページ、1.2 MB)」 / "PDF (12 pages, 1.2 MB)".
fn label(pages: usize, bytes: usize) -> Text {
    let size = if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    };
    let s = if pages == 1 { "" } else { "s" };
    tr!(
        "PDF({pages}ページ、{size})",
        "PDF ({pages} page{s}, {size})"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_give_pages_and_size() {
        use crate::config::Language::{En, Ja};
        assert_eq!(super::label(12, 1_234_567).get(Ja), "PDF(12ページ、1.2 MB)");
        assert_eq!(super::label(1, 999).get(En), "PDF (1 page, 1 KB)");
    }
}
