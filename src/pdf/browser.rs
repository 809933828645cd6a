//! A headless Chromium driven through the DevTools protocol: it opens a
//! plan's print view from disk, waits for Paged.js to finish laying it out,
//! reads where each bookmarked heading landed, and prints it to PDF.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde::Deserialize;

use crate::diagnostics::Text;
use crate::tr;

/// Where a bookmarked element starts in the laid-out document.
#[derive(Debug, Clone, Deserialize)]
pub struct Mark {
    /// The element's id (`contents`, `summary`, an item's anchor …).
    pub id: String,
    /// Its page, from 0.
    pub page: usize,
    /// Its top edge below the top of its page, as a share of the page's height.
    pub top: f64,
    /// The text of its heading.
    pub heading: String,
}

/// What the layout gave, read before printing.
#[derive(Debug, Deserialize)]
struct Layout {
    pages: usize,
    marks: Vec<Mark>,
}

/// A plan's print view printed.
pub struct Printed {
    pub pdf: Vec<u8>,
    /// Pages Paged.js laid out: each is one sheet of the PDF.
    pub pages: usize,
    /// The bookmarked elements found, in the order asked for.
    pub marks: Vec<Mark>,
}

/// One Chromium for the whole build; each printing thread opens a tab of it.
pub struct Session {
    browser: Browser,
}

/// Read by the page once it is laid out: for each id asked for that the
/// document has, its page and where on it the element starts, and the
/// text of its heading. `__IDS__` is replaced by a JSON array.
const MEASURE: &str = r#"(() => {
  const pages = Array.from(document.querySelectorAll(".pagedjs_page"));
  const marks = [];
  for (const id of __IDS__) {
    const el = document.querySelector(".pagedjs_pages #" + CSS.escape(id));
    if (!el) continue;
    const labelled = el.getAttribute("aria-labelledby");
    const h = (labelled && document.getElementById(labelled)) ||
      (el.matches("h1, h2, h3") ? el : el.querySelector("h1, h2, h3"));
    const heading = (h ? h.textContent : "").replace(/\s+/g, " ").trim();
    // Where the heading is: an element's top margin or rule can be left at
    // the foot of one page while its heading starts the next.
    const shown = h || el;
    const page = shown.closest(".pagedjs_page");
    const at = pages.indexOf(page);
    if (at < 0) continue;
    const p = page.getBoundingClientRect();
    const e = shown.getBoundingClientRect();
    marks.push({ id, page: at, top: Math.max(0, (e.top - p.top) / p.height), heading });
  }
  return JSON.stringify({ pages: pages.length, marks });
})()"#;

impl Session {
    /// Starts Chromium at `chromium`, headless, with a window wider than
    /// the print view's phone breakpoint (50em) so that Paged.js lays the
    /// pages out.
    pub fn start(chromium: &Path) -> Result<Session, Text> {
        let options = LaunchOptions {
            path: Some(chromium.to_path_buf()),
            headless: true,
            // Chromium refuses its sandbox to root (containers, CI); anyone
            // else keeps it, as the pages hold contributors' content.
            sandbox: !running_as_root(),
            window_size: Some((1280, 1024)),
            // A free port chosen here: left to choose, headless_chrome tries
            // every port from 8000 to 9000 in turn when the browser fails to
            // start, minutes before it gives up.
            port: free_port(),
            // The longest wait is printToPDF of a long plan; the transport
            // gives up on a call after this long without an answer.
            idle_browser_timeout: Duration::from_secs(600),
            ..LaunchOptions::default()
        };
        Browser::new(options)
            .map(|browser| Session { browser })
            .map_err(|e| {
                let (shown, e) = (chromium.display(), e.to_string());
                tr!(
                    "Chromium ({shown}) を起動できませんでした: {e}",
                    "Chromium ({shown}) could not be started: {e}"
                )
            })
    }

    /// A tab to print in.
    pub fn tab(&self) -> Result<Arc<Tab>, Text> {
        self.browser.new_tab().map_err(|e| {
            let e = e.to_string();
            tr!(
                "Chromium でタブを開けませんでした: {e}",
                "could not open a tab in Chromium: {e}"
            )
        })
    }
}

/// A port nothing listens on now, for the browser's DevTools.
fn free_port() -> Option<u16> {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .ok()
}

#[cfg(unix)]
fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

/// Opens `file` (a print view on disk) in `tab`, waits at most `timeout`
/// for its layout, finds the elements `ids`, and prints it on the sheets
/// its CSS asks for (A4).
pub fn print(tab: &Tab, file: &Path, ids: &[String], timeout: Duration) -> Result<Printed, Text> {
    let failed = |what: Text, e: &dyn std::fmt::Display| {
        let e = e.to_string();
        let (ja, en) = (&what.ja, &what.en);
        tr!("{ja}: {e}", "{en}: {e}")
    };
    let url = file_url(file);
    // Opening a long plan on a busy machine can take longer than the
    // tab's default 20 s.
    tab.set_default_timeout(timeout);
    tab.navigate_to(&url)
        .and_then(|t| t.wait_until_navigated())
        .map_err(|e| failed(tr!("開けませんでした", "could not be opened"), &e))?;
    wait_for_layout(tab, timeout)?;
    let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let measured = tab
        .evaluate(&MEASURE.replace("__IDS__", &ids), false)
        .map_err(|e| {
            failed(
                tr!("レイアウトを読めませんでした", "could not read the layout"),
                &e,
            )
        })?;
    let layout: Layout = measured
        .value
        .as_ref()
        .and_then(|v| v.as_str())
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or_else(|| tr!("レイアウトを読めませんでした", "could not read the layout"))?;
    let pdf = tab
        .print_to_pdf(Some(PrintToPdfOptions {
            print_background: Some(true),
            prefer_css_page_size: Some(true),
            // Bookmarks are written afterwards from the marks (finish.rs):
            // Chromium's outline takes every heading, KPIs' included.
            generate_document_outline: Some(false),
            generate_tagged_pdf: Some(true),
            ..PrintToPdfOptions::default()
        }))
        .map_err(|e| {
            failed(
                tr!("PDF に印刷できませんでした", "could not print to PDF"),
                &e,
            )
        })?;
    Ok(Printed {
        pdf,
        pages: layout.pages,
        marks: layout.marks,
    })
}

/// Waits until static/print.js marks the document laid out
/// (`html[data-paged=done]`).
fn wait_for_layout(tab: &Tab, timeout: Duration) -> Result<(), Text> {
    let start = Instant::now();
    // A page that cannot answer (a crashed tab or browser) is an error at
    // once, not a layout that never ends: a few failed reads in a row.
    let mut failed = 0;
    loop {
        let read = tab.evaluate("document.documentElement.getAttribute('data-paged')", false);
        let state = match read {
            Ok(r) => {
                failed = 0;
                r.value.and_then(|v| v.as_str().map(str::to_string))
            }
            Err(e) => {
                failed += 1;
                if failed >= 20 {
                    let e = e.to_string();
                    return Err(tr!(
                        "ブラウザがページに応答しません: {e}",
                        "the browser does not answer the page: {e}"
                    ));
                }
                None
            }
        };
        match state.as_deref() {
            Some("done") => return Ok(()),
            Some("narrow") => {
                return Err(tr!(
                    "ページが組まれませんでした(画面幅が狭いと判定されました)",
                    "the pages were not laid out (the window was taken for a narrow screen)"
                ))
            }
            _ => {}
        }
        if start.elapsed() > timeout {
            let s = timeout.as_secs();
            return Err(tr!(
                "{s} 秒待ってもページ組みが終わりませんでした。ブラウザで開いて、スクリプトのエラーが出ていないか確かめてください",
                "the layout did not finish within {s} s; open the page in a browser and look for script errors"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `file://` address of an absolute path, each part percent-encoded.
fn file_url(path: &Path) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const PART: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    let abs: PathBuf = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = abs.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", utf8_percent_encode(&text, PART))
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_urls_escape_what_a_url_cannot_hold() {
        assert_eq!(
            super::file_url(std::path::Path::new("/tmp/a b/#1/計画.html")),
            "file:///tmp/a%20b/%231/%E8%A8%88%E7%94%BB.html"
        );
    }
}
