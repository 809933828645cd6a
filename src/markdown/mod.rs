//! Markdown bodies to HTML.
//!
//! Departures from plain CommonMark, for Japanese text typed by many hands:
//! a line break inside a paragraph between two CJK characters is dropped
//! (CommonMark turns it into a space, which shows as a gap mid-sentence);
//! raw HTML is shown as text unless the site allows it; a link or image
//! whose address could run code is shown as its text ([`urls`]); and
//! nesting is capped at [`MAX_DEPTH`] levels. `check` finds the same
//! problems with their places, for messages.

pub mod check;
pub mod urls;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// How deep quotes, lists and emphasis may nest in a body. Real texts nest
/// a few levels; thousands make a page browsers and screen readers struggle
/// with.
pub const MAX_DEPTH: usize = 64;

/// What a body's Markdown may pass through to the page.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    /// Raw HTML passes through (`allow_html = true` in site.toml).
    pub allow_html: bool,
    /// Link schemes allowed besides the safe ones (`link_schemes`).
    pub schemes: &'a [String],
}

impl<'a> Policy<'a> {
    pub fn of(config: &'a crate::config::Config) -> Self {
        Policy {
            allow_html: config.allow_html,
            schemes: &config.link_schemes,
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

pub fn to_html(markdown: &str, policy: Policy) -> String {
    to_html_shifted(markdown, policy, 0)
}

/// The words of a body without its markup, link addresses or raw HTML
/// tags, a line per block: what search finds a body by.
pub fn to_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            // A line broken inside a sentence is one line (as the page
            // shows Japanese text): 防災 and 減災 on two lines still read 防災減災.
            Event::SoftBreak => {}
            Event::HardBreak | Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// As [`to_html`], with every heading moved `shift` levels down (to h6 at
/// most), for text placed under headings of the page's own.
pub fn to_html_shifted(markdown: &str, policy: Policy, shift: usize) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
    // For each open tag, whether it is shown: a tag beyond MAX_DEPTH or an
    // unsafe link is dropped together with its end, its content kept.
    let mut open: Vec<bool> = Vec::new();
    let mut shown_depth = 0;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                let safe = match tag {
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                        urls::allowed(dest_url, policy.schemes)
                    }
                    _ => true,
                };
                let show = safe && shown_depth < MAX_DEPTH;
                open.push(show);
                if !show {
                    continue;
                }
                shown_depth += 1;
                match tag {
                    // The page title is the only h1; a body's `#` heading becomes h2.
                    Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    } => out_events.push(Event::Start(Tag::Heading {
                        level: heading(*level, shift),
                        id: id.clone(),
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    })),
                    t => out_events.push(Event::Start(t.clone())),
                }
            }
            Event::End(tag) => {
                if !open.pop().unwrap_or(true) {
                    continue;
                }
                shown_depth -= 1;
                match tag {
                    TagEnd::Heading(level) => {
                        out_events.push(Event::End(TagEnd::Heading(heading(*level, shift))))
                    }
                    t => out_events.push(Event::End(*t)),
                }
            }
            Event::SoftBreak => {
                let before = last_char(&events[..i]);
                let after = first_char(&events[i + 1..]);
                if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                    continue;
                }
                out_events.push(Event::SoftBreak);
            }
            Event::Html(s) | Event::InlineHtml(s) if !policy.allow_html => {
                out_events.push(Event::Text(CowStr::from(s.to_string())));
            }
            e => out_events.push(e.clone()),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, out_events.into_iter());
    // Tables scroll in their own box on a phone instead of widening the page;
    // tabindex lets keyboard users scroll them.
    if out.contains("<table>") {
        out = out
            .replace(
                "<table>",
                "<div class=\"table-scroll\" tabindex=\"0\"><table>",
            )
            .replace("</table>", "</table></div>");
    }
    out
}

fn heading(level: HeadingLevel, shift: usize) -> HeadingLevel {
    let n = (level as usize).max(2) + shift;
    HeadingLevel::try_from(n.min(6)).unwrap_or(HeadingLevel::H6)
}

fn last_char(events: &[Event]) -> Option<char> {
    match events.last()? {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

fn first_char(events: &[Event]) -> Option<char> {
    match events.first()? {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

/// Han, kana, full-width forms and CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF   // CJK punctuation, hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAFE: Policy = Policy {
        allow_html: false,
        schemes: &[],
    };
    const HTML: Policy = Policy {
        allow_html: true,
        schemes: &[],
    };

    #[test]
    fn links_that_could_run_code_are_shown_as_their_text() {
        for md in [
            "[a](javascript:alert(1))",
            "[b](java&#115;cript:alert(2))",
            "<javascript:alert(3)>",
            "[c][r]\n\n[r]: vbscript:msgbox(4)",
            "[d](JAVASCRIPT:alert(5) \"t\")",
            "[e](<java\tscript:alert(6)>)",
            "[f](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            for policy in [SAFE, HTML] {
                let html = to_html(md, policy);
                assert!(!html.contains("href"), "{md}: {html}");
            }
        }
        assert_eq!(to_html("[a](javascript:alert(1))", SAFE), "<p>a</p>\n");
        assert_eq!(
            to_html("![写真](data:image/png;base64,AA)", SAFE),
            "<p>写真</p>\n"
        );
        assert_eq!(
            to_html("[市](https://city.example/) [計画](../print/) [目次](#top)", SAFE),
            "<p><a href=\"https://city.example/\">市</a> <a href=\"../print/\">計画</a> <a href=\"#top\">目次</a></p>\n"
        );
        let ftp = ["ftp".to_string()];
        let wide = Policy {
            allow_html: false,
            schemes: &ftp,
        };
        assert!(to_html("[f](ftp://files.example/a)", wide).contains("href=\"ftp://"));
    }

    #[test]
    fn nesting_beyond_the_limit_keeps_the_text_without_the_tags() {
        let md = format!("{} 深い", ">".repeat(5000));
        let html = to_html(&md, SAFE);
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        assert_eq!(html.matches("</blockquote>").count(), MAX_DEPTH);
        assert!(html.contains("深い"));
    }

    #[test]
    fn joins_japanese_lines_without_a_space() {
        assert_eq!(to_html("市民の\n皆様へ", SAFE), "<p>市民の皆様へ</p>\n");
        assert_eq!(to_html("see\nthis", SAFE), "<p>see\nthis</p>\n");
    }

    #[test]
    fn escapes_raw_html_unless_allowed() {
        let md = "<script>alert(1)</script>\n\n本文 <b>太字</b>";
        let safe = to_html(md, SAFE);
        assert!(!safe.contains("<script>"), "{safe}");
        assert!(safe.contains("&lt;script&gt;"));
        assert!(safe.contains("&lt;b&gt;"));
        assert!(to_html(md, HTML).contains("<b>太字</b>"));
    }

    #[test]
    fn body_headings_stay_below_the_page_title() {
        assert_eq!(
            to_html("# 概要\n\n## 詳細", SAFE),
            "<h2>概要</h2>\n<h2>詳細</h2>\n"
        );
    }

    #[test]
    fn headings_shift_below_the_page_s_own() {
        assert_eq!(
            to_html_shifted("## 実績\n\n###### 細目", SAFE, 2),
            "<h4>実績</h4>\n<h6>細目</h6>\n"
        );
    }

    #[test]
    fn renders_tables() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n", SAFE);
        assert!(
            html.starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
            "{html}"
        );
        assert!(html.trim_end().ends_with("</table></div>"), "{html}");
    }
}
