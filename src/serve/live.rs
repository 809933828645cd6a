//! What the preview adds to every page it serves: the live-reload script, and
//! the error overlay or warning banner of the last build. Made once per
//! rebuild and spliced into each HTML response, so every page of the site
//! shows it without the templates knowing.

use crate::config::Language;
use crate::diagnostics::Severity;
use crate::{tr, Outcome};

/// The script that reloads the page when the site changes.
pub const LIVE_JS: &str = include_str!("live.js");
/// The overlay's and banner's own style, kept apart from the site's.
pub const OVERLAY_CSS: &str = include_str!("overlay.css");

/// At most this many problems are written into every page: a site with
/// thousands of warnings would otherwise send megabytes of them with each
/// page, and nobody reads past the first screens of them.
const SHOWN: usize = 100;

/// What the server shows for the last rebuild.
#[derive(Debug)]
pub struct Shown {
    /// Bumped after every rebuild, failed ones included, once its files are
    /// in place; a page built at another generation reloads.
    pub generation: u64,
    /// Whether some build has succeeded: before that there is no page to serve.
    pub built: bool,
    /// Inserted before `</body>` of every HTML response.
    pub markup: String,
    /// The language of the overlay's own words, for the page shown while no
    /// build has succeeded.
    pub lang: Language,
}

impl Shown {
    /// The state after a rebuild that ended with `outcome`; `built` says
    /// whether this or an earlier build succeeded.
    pub fn new(generation: u64, outcome: &Outcome, built: bool, lang: Language) -> Shown {
        let mut sorted = outcome.diagnostics.sorted();
        // Errors first (the sort is stable: still by file and line).
        sorted.sort_by_key(|d| d.severity != Severity::Error);
        let more = sorted.len().saturating_sub(SHOWN);
        let mut rendered: String = sorted
            .iter()
            .take(SHOWN)
            .map(|d| d.render(false, lang))
            .collect::<Vec<_>>()
            .join("\n\n");
        if more > 0 {
            let rest = tr!(
                "…ほか {more} 件。すべての問題は、プレビューを起動した端末の表示か plansite check で確かめられます。",
                "… and {more} more. The terminal running the preview, or plansite check, lists them all."
            );
            rendered.push_str("\n\n");
            rendered.push_str(rest.get(lang));
        }
        let errors = outcome.diagnostics.count(Severity::Error);
        let warnings = outcome.diagnostics.count(Severity::Warning);
        let mut markup = String::new();
        if outcome.failed() {
            markup.push_str(&overlay(&rendered, errors, warnings, built, lang));
        } else if warnings > 0 {
            markup.push_str(&banner(&rendered, warnings, lang));
        }
        // After the banner, which the script finds as it runs.
        markup.push_str(&format!(
            "<script src=\"/__plansite/live.js\" data-generation=\"{generation}\"></script>"
        ));
        Shown {
            generation,
            built,
            markup,
            lang,
        }
    }

    /// A page of its own while no build has succeeded, so that the overlay
    /// has a page to sit on.
    pub fn placeholder(&self) -> String {
        let text = tr!(
            "まだ表示できるページがありません。エラーを直して保存すると、このページは自動で更新されます。",
            "There is no page to show yet. Fix the errors and save: this page updates by itself."
        );
        format!(
            "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>plansite</title></head><body><main><h1>plansite</h1><p>{}</p></main>{}</body></html>\n",
            lang_code(self.lang),
            escape(text.get(self.lang)),
            self.markup
        )
    }
}

/// `page` with `markup` inserted before its last `</body>` (at the end if
/// it has none).
pub fn inject(page: &[u8], markup: &str) -> Vec<u8> {
    let at = last_body_end(page).unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + markup.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(markup.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn last_body_end(page: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body";
    (0..page.len().saturating_sub(TAG.len() - 1))
        .rev()
        .find(|&i| page[i..i + TAG.len()].eq_ignore_ascii_case(TAG))
}

fn overlay(rendered: &str, errors: usize, warnings: usize, built: bool, lang: Language) -> String {
    let headline = if built {
        tr!(
            "ビルドでエラーが見つかりました。前回成功した時点のページを表示しています。",
            "The build found errors. You are seeing the pages of the last successful build."
        )
    } else {
        tr!(
            "ビルドでエラーが見つかりました。まだ一度も成功していないため、表示できるページがありません。",
            "The build found errors. No build has succeeded yet, so there are no pages to show."
        )
    };
    let (error_s, warning_s) = (
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    let counts = tr!(
        "エラー {errors} 件、警告 {warnings} 件。表示されたファイルの行(ファイル名:行:列)を直して保存すると、このページは自動で更新されます。",
        "{errors} {error_s}, {warnings} {warning_s}. Fix the file at the line shown (file:line:column) and save it: this page updates by itself."
    );
    let label = tr!("plansite のビルドエラー", "plansite build errors");
    format!(
        "<link rel=\"stylesheet\" href=\"/__plansite/overlay.css\">\
         <section id=\"plansite-overlay\" class=\"plansite-ui\" role=\"alert\" lang=\"{code}\" aria-label=\"{label}\">\
         <details open><summary><strong>{headline}</strong></summary>\
         <p>{counts}</p><pre tabindex=\"0\">{body}</pre></details></section>",
        code = lang_code(lang),
        label = escape(label.get(lang)),
        headline = escape(headline.get(lang)),
        counts = escape(counts.get(lang)),
        body = escape(rendered),
    )
}

fn banner(rendered: &str, warnings: usize, lang: Language) -> String {
    let warning_s = plural(warnings, "warning", "warnings");
    let summary = tr!(
        "ビルドは成功しましたが、警告が {warnings} 件あります",
        "The build succeeded with {warnings} {warning_s}"
    );
    let close = tr!("閉じる", "Close");
    let label = tr!("plansite のビルドの警告", "plansite build warnings");
    // The same warnings, once dismissed, stay hidden for the tab's session;
    // a different set shows again.
    let key = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(rendered.as_bytes()));
    format!(
        "<link rel=\"stylesheet\" href=\"/__plansite/overlay.css\">\
         <section id=\"plansite-warnings\" class=\"plansite-ui\" role=\"status\" lang=\"{code}\" aria-label=\"{label}\" data-key=\"{key}\">\
         <details><summary>{summary}</summary><pre tabindex=\"0\">{body}</pre></details>\
         <button type=\"button\" hidden>{close}</button></section>",
        code = lang_code(lang),
        label = escape(label.get(lang)),
        summary = escape(summary.get(lang)),
        body = escape(rendered),
        close = escape(close.get(lang)),
    )
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn lang_code(lang: Language) -> &'static str {
    match lang {
        Language::Ja => "ja",
        Language::En => "en",
    }
}

/// `s` safe as HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_before_the_last_body_end() {
        let page = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = inject(page, "<x>");
        assert_eq!(out, b"<html><body><p>&lt;/body&gt;</p><x></BODY></html>");
        assert_eq!(inject(b"<p>no end", "<x>"), b"<p>no end<x>");
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn a_page_shows_the_first_hundred_problems_errors_first() {
        use crate::diagnostics::{Diagnostic, Diagnostics, Location};
        let mut diagnostics = Diagnostics::default();
        for n in 0..150 {
            diagnostics.push(Diagnostic::warning(Location::None, format!("w{n:03}")));
        }
        diagnostics.push(Diagnostic::error(Location::None, "zz-the-error"));
        let outcome = Outcome {
            summary: Default::default(),
            diagnostics,
        };
        let shown = Shown::new(1, &outcome, true, Language::Ja);
        assert!(
            shown.markup.contains("zz-the-error"),
            "the error, though sorted last"
        );
        assert!(shown.markup.contains("w098") && !shown.markup.contains("w099"));
        assert!(shown.markup.contains("ほか 51 件"));
        let few = Outcome {
            summary: Default::default(),
            diagnostics: Diagnostics::default(),
        };
        assert!(!Shown::new(2, &few, true, Language::Ja)
            .markup
            .contains("ほか"));
    }
}
