//! Charts reach a page through a slot: the template prints a short marker
//! where the chart goes, and the chart's SVG replaces it after the page is
//! minified. The minifier then never reads the charts (SVG paths are most of
//! their bytes and gain nothing from it), and a chart drawn once serves both
//! its item page and the print view without a file of its own.

use std::collections::HashMap;

/// Private-use characters: never escaped by templates, never touched by the
/// minifier, and not something a city writes in a plan.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const PREFIX: &str = "chart:";

/// The marker a template prints for the chart `id`.
pub fn marker(id: &str) -> String {
    format!("{OPEN}{PREFIX}{id}{CLOSE}")
}

/// The SVG of every chart a page may show, by id, and a hash of them all:
/// a page's cache key includes it, so a changed chart remakes the page.
#[derive(Default)]
pub struct Charts {
    svgs: HashMap<String, String>,
    pub hash: u64,
}

impl Charts {
    pub fn new(drawn: Vec<(String, String)>) -> Charts {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (id, svg) in &drawn {
            hasher.update(id.as_bytes());
            hasher.update(&[0]);
            hasher.update(svg.as_bytes());
            hasher.update(&[0]);
        }
        Charts {
            hash: hasher.digest(),
            svgs: drawn.into_iter().collect(),
        }
    }
}

/// Replaces each marker of a known chart with its SVG; anything else between
/// the two characters is left as it was.
pub fn fill(html: Vec<u8>, charts: &Charts) -> Vec<u8> {
    let mut open = [0; 4];
    let open = OPEN.encode_utf8(&mut open).as_bytes().to_vec();
    let mut close = [0; 4];
    let close = CLOSE.encode_utf8(&mut close).as_bytes().to_vec();
    let finder = memchr::memmem::Finder::new(&open);
    if charts.svgs.is_empty() || finder.find(&html).is_none() {
        return html;
    }
    let mut out =
        Vec::with_capacity(html.len() + charts.svgs.values().map(String::len).sum::<usize>());
    let mut rest = &html[..];
    while let Some(at) = finder.find(rest) {
        let after = &rest[at + open.len()..];
        let chart = memchr::memmem::find(after, &close).and_then(|end| {
            let key = std::str::from_utf8(&after[..end])
                .ok()?
                .strip_prefix(PREFIX)?;
            charts.svgs.get(key).map(|svg| (svg, end))
        });
        match chart {
            Some((svg, end)) => {
                out.extend_from_slice(&rest[..at]);
                out.extend_from_slice(svg.as_bytes());
                rest = &after[end + close.len()..];
            }
            None => {
                out.extend_from_slice(&rest[..at + open.len()]);
                rest = after;
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_slots_and_leaves_the_rest() {
        let charts = Charts::new(vec![("a".to_string(), "<svg>A</svg>".to_string())]);
        let page = format!(
            "<p>{}</p><p>{}</p><p>\u{E000}x</p>",
            marker("a"),
            marker("unknown")
        );
        let filled = String::from_utf8(fill(page.into_bytes(), &charts)).unwrap();
        assert_eq!(
            filled,
            format!(
                "<p><svg>A</svg></p><p>{}</p><p>\u{E000}x</p>",
                marker("unknown")
            )
        );
    }
}
