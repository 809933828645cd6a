//! Markdown bodies to HTML.
//!
//! Two departures from plain CommonMark, both for Japanese text: a line break
//! inside a paragraph between two CJK characters is dropped (CommonMark turns
//! it into a space, which shows as a gap mid-sentence), and raw HTML is shown
//! as text unless the site allows it, because content is typed by many hands.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub fn to_html(markdown: &str, allow_html: bool) -> String {
    to_html_shifted(markdown, allow_html, 0)
}

/// As [`to_html`], with every heading moved `shift` levels down (to h6 at
/// most), for text placed under headings of the page's own.
pub fn to_html_shifted(markdown: &str, allow_html: bool, shift: usize) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::SoftBreak => {
                let before = last_char(&events[..i]);
                let after = first_char(&events[i + 1..]);
                if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                    continue;
                }
                out_events.push(Event::SoftBreak);
            }
            // The page title is the only h1; a body's `#` heading becomes h2.
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                out_events.push(Event::Start(Tag::Heading {
                    level: heading(*level, shift),
                    id: id.clone(),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                out_events.push(Event::End(TagEnd::Heading(heading(*level, shift))));
            }
            Event::Html(s) | Event::InlineHtml(s) if !allow_html => {
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

    #[test]
    fn joins_japanese_lines_without_a_space() {
        assert_eq!(to_html("市民の\n皆様へ", false), "<p>市民の皆様へ</p>\n");
        assert_eq!(to_html("see\nthis", false), "<p>see\nthis</p>\n");
    }

    #[test]
    fn escapes_raw_html_unless_allowed() {
        let md = "<script>alert(1)</script>\n\n本文 <b>太字</b>";
        let safe = to_html(md, false);
        assert!(!safe.contains("<script>"), "{safe}");
        assert!(safe.contains("&lt;script&gt;"));
        assert!(safe.contains("&lt;b&gt;"));
        assert!(to_html(md, true).contains("<b>太字</b>"));
    }

    #[test]
    fn body_headings_stay_below_the_page_title() {
        assert_eq!(
            to_html("# 概要\n\n## 詳細", false),
            "<h2>概要</h2>\n<h2>詳細</h2>\n"
        );
    }

    #[test]
    fn headings_shift_below_the_page_s_own() {
        assert_eq!(
            to_html_shifted("## 実績\n\n###### 細目", false, 2),
            "<h4>実績</h4>\n<h6>細目</h6>\n"
        );
    }

    #[test]
    fn renders_tables() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n", false);
        assert!(
            html.starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
            "{html}"
        );
        assert!(html.trim_end().ends_with("</table></div>"), "{html}");
    }
}
