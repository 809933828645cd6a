//! The Markdown of every body and category description, checked with
//! places for messages: links and images whose address is not allowed are
//! warnings (the page shows their text), nesting beyond [`MAX_DEPTH`] is an
//! error. Run after loading, once `site.toml`'s `link_schemes` are known.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag};

use super::{options, urls, Policy, MAX_DEPTH};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFile};
use crate::model::{Category, City, Pos, Site};
use crate::tr;

/// A problem of one text, at a byte range of it.
#[derive(Debug, PartialEq)]
pub enum Finding {
    /// A link or image address whose scheme is not allowed.
    Unsafe {
        range: Range<usize>,
        url: String,
        scheme: String,
    },
    /// Tags open this deep at `range` (more than [`MAX_DEPTH`]).
    TooDeep { range: Range<usize> },
}

/// The problems of `markdown`; nesting is reported once, where it first
/// goes too deep.
pub fn findings(markdown: &str, policy: Policy) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut depth = 0;
    let mut deep_reported = false;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                depth += 1;
                if depth > MAX_DEPTH && !deep_reported {
                    found.push(Finding::TooDeep {
                        range: range.clone(),
                    });
                    deep_reported = true;
                }
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = tag {
                    if !urls::allowed(&dest_url, policy.schemes) {
                        // Point at the address as written when it can be
                        // found, else at the link.
                        let raw = &markdown[range.clone()];
                        let at = raw.find(dest_url.as_ref()).map_or(range.clone(), |i| {
                            range.start + i..range.start + i + dest_url.len()
                        });
                        found.push(Finding::Unsafe {
                            range: at,
                            scheme: urls::scheme(&dest_url).unwrap_or_default(),
                            url: dest_url.to_string(),
                        });
                    }
                }
            }
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    found
}

/// Checks every body of the site (home, cities, plans, items) and every
/// category description.
pub fn site(site: &Site, policy: Policy, diags: &mut Diagnostics) {
    home(site, policy, diags);
    for c in &site.cities {
        city(c, policy, diags);
    }
}

/// The home page's text.
pub fn home(site: &Site, policy: Policy, diags: &mut Diagnostics) {
    if let Some(file) = &site.file {
        body(file, &site.body, policy, diags);
    }
}

/// A city's text and that of its plans and items.
pub fn city(city: &City, policy: Policy, diags: &mut Diagnostics) {
    body(&city.pos.file, &city.body, policy, diags);
    for plan in &city.plans {
        body(&plan.pos.file, &plan.body, policy, diags);
        for c in plan.all_categories() {
            description(c, policy, diags);
        }
        for item in &plan.items {
            body(&item.pos.file, &item.body, policy, diags);
        }
    }
}

/// A body runs from after the closing `+++` to the end of its file.
fn body(file: &Arc<SourceFile>, text: &str, policy: Policy, diags: &mut Diagnostics) {
    let base = file.text.len().saturating_sub(text.len());
    if file.text.get(base..) != Some(text) {
        return;
    }
    for f in findings(text, policy) {
        diags.push(diagnostic(file, f, |r| base + r.start..base + r.end));
    }
}

/// A description is a TOML string: its places map onto the file where the
/// string is written without escapes, else onto the string's start.
fn description(c: &Category, policy: Policy, diags: &mut Diagnostics) {
    let Some(pos) = &c.body_pos else { return };
    let raw = pos.file.text.get(pos.range.clone()).unwrap_or_default();
    let base = raw.find(c.body.as_str()).map(|i| pos.range.start + i);
    for f in findings(&c.body, policy) {
        diags.push(diagnostic(&pos.file, f, |r| match base {
            Some(b) => b + r.start..b + r.end,
            None => pos.range.clone(),
        }));
    }
}

fn diagnostic(
    file: &Arc<SourceFile>,
    f: Finding,
    place: impl Fn(Range<usize>) -> Range<usize>,
) -> Diagnostic {
    match f {
        Finding::Unsafe { range, url, scheme } => Diagnostic::warning(
            Pos {
                file: file.clone(),
                range: place(range),
            }
            .location(),
            tr!(
                "リンクのアドレス \"{url}\" は許可されていないスキーム \"{scheme}:\" を使っています。ページにはリンクの文字だけを表示します",
                "the link address \"{url}\" uses the scheme \"{scheme}:\", which is not allowed; the page shows the link's text only"
            ),
        )
        .with_help({
            let (safe_ja, safe_en) = (
                urls::SAFE_SCHEMES.map(|s| format!("{s}:")).join("、"),
                urls::SAFE_SCHEMES.map(|s| format!("{s}:")).join(", "),
            );
            tr!(
                "リンクに使えるのは {safe_ja} と相対アドレスです。site.toml の link_schemes で増やせます(javascript: と vbscript: は不可)",
                "links may use {safe_en}, or be relative; site.toml's link_schemes can allow more (never javascript: or vbscript:)"
            )
        }),
        Finding::TooDeep { range } => Diagnostic::error(
            Location::Span {
                file: file.clone(),
                range: place(range),
            },
            tr!(
                "ここで本文の引用・箇条書き・強調の入れ子が {MAX_DEPTH} 段を超えています",
                "the text nests quotes, lists or emphasis more than {MAX_DEPTH} levels deep here"
            ),
        )
        .with_help(tr!(
            "入れ子を浅くしてください。実際の文書なら数段で足ります",
            "flatten the text: real documents need a few levels"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAFE: Policy = Policy {
        allow_html: false,
        schemes: &[],
    };

    #[test]
    fn unsafe_addresses_are_found_where_they_are_written() {
        let md = "本文\n\n[a](javascript:alert(1)) と ![b](data:x) と [ok](https://a.example)\n";
        let f = findings(md, SAFE);
        assert_eq!(f.len(), 2, "{f:?}");
        let Finding::Unsafe { range, scheme, .. } = &f[0] else {
            panic!()
        };
        assert_eq!(&md[range.clone()], "javascript:alert(1)");
        assert_eq!(scheme, "javascript");
        // An address written with entities is found by its link.
        let md = "[b](java&#115;cript:alert(2))";
        let Finding::Unsafe { range, url, .. } = &findings(md, SAFE)[0] else {
            panic!()
        };
        assert_eq!(
            (range.clone(), url.as_str()),
            (0..md.len(), "javascript:alert(2)")
        );
    }

    #[test]
    fn too_deep_is_reported_once_where_it_starts() {
        let md = format!("{} x", "> ".repeat(MAX_DEPTH + 10));
        let f = findings(&md, SAFE);
        assert_eq!(f.len(), 1);
        assert!(matches!(f[0], Finding::TooDeep { .. }));
        assert!(findings(&format!("{} x", "> ".repeat(MAX_DEPTH - 2)), SAFE).is_empty());
    }
}
