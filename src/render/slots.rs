//! Charts reach a page through a slot: the template prints a short marker
//! where the chart goes, and the chart's SVG replaces it once the page is
//! rendered. A page's cache key is taken over the HTML with its markers and
//! a hash of what the charts are drawn from, so a page kept from the
//! previous build draws nothing, and a chart drawn once serves both its item
//! page and the print view without a file of its own.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::chart::Drawing;

/// Private-use characters: never escaped by templates, and not something a
/// city writes in a plan.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const PREFIX: &str = "chart:";

/// The marker a template prints for the chart `id`.
pub fn marker(id: &str) -> String {
    format!("{OPEN}{PREFIX}{id}{CLOSE}")
}

/// Every chart a page may show, by id, drawn the first time a page needs
/// it; and a hash of what they are all drawn from: a page's cache key
/// includes it, so a changed chart remakes the page, and a page reused from
/// the previous build draws nothing.
#[derive(Default)]
pub struct Charts {
    charts: HashMap<String, (Drawing, OnceLock<String>)>,
    pub hash: u64,
}

impl Charts {
    pub fn new(drawings: Vec<Drawing>) -> Charts {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for d in &drawings {
            d.fingerprint(&mut hasher);
        }
        Charts {
            hash: hasher.digest(),
            charts: drawings
                .into_iter()
                .map(|d| (d.id.clone(), (d, OnceLock::new())))
                .collect(),
        }
    }

    fn svg(&self, id: &str) -> Option<&str> {
        let (drawing, svg) = self.charts.get(id)?;
        Some(svg.get_or_init(|| drawing.svg()))
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
    if charts.charts.is_empty() || finder.find(&html).is_none() {
        return html;
    }
    // A chart is about 6 KB; most pages that show any show one or two.
    let mut out = Vec::with_capacity(html.len() + 16 * 1024);
    let mut rest = &html[..];
    while let Some(at) = finder.find(rest) {
        let after = &rest[at + open.len()..];
        let chart = memchr::memmem::find(after, &close).and_then(|end| {
            let key = std::str::from_utf8(&after[..end])
                .ok()?
                .strip_prefix(PREFIX)?;
            charts.svg(key).map(|svg| (svg, end))
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
    use crate::chart::{Point, Series};
    use crate::model::Direction;

    fn points(v: &[(i32, f64)]) -> Vec<Point> {
        v.iter()
            .map(|&(year, value)| Point {
                year,
                value,
                note: None,
            })
            .collect()
    }

    fn drawing(id: &str, last: f64) -> Drawing {
        Drawing {
            id: id.to_string(),
            title: "件数".to_string(),
            unit: None,
            years: vec![(2020, "R2".to_string()), (2021, "R3".to_string())],
            series: Series {
                targets: points(&[(2020, 1.0), (2021, 2.0)]),
                actuals: points(&[(2020, 1.0), (2021, last)]),
                baseline: None,
            },
            direction: Direction::Higher,
            report_year: 2021,
            language: crate::config::Language::Ja,
        }
    }

    #[test]
    fn fills_known_slots_and_leaves_the_rest() {
        let charts = Charts::new(vec![drawing("a", 2.0)]);
        let svg = drawing("a", 2.0).svg();
        assert!(svg.starts_with("<svg"));
        let page = format!(
            "<p>{}</p><p>{}</p><p>\u{E000}x</p>",
            marker("a"),
            marker("unknown")
        );
        let filled = String::from_utf8(fill(page.into_bytes(), &charts)).unwrap();
        assert_eq!(
            filled,
            format!("<p>{svg}</p><p>{}</p><p>\u{E000}x</p>", marker("unknown"))
        );
    }

    #[test]
    fn the_hash_follows_what_charts_are_drawn_from() {
        let hash = |last| Charts::new(vec![drawing("a", last)]).hash;
        assert_eq!(hash(2.0), hash(2.0));
        assert_ne!(hash(2.0), hash(2.5));
    }
}
