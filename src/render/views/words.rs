//! A plan's state said in plain sentences, for the city and plan pages: how
//! many items reached which grade, and how the city's own grades compare
//! with the ones computed from the figures.
//!
//! Every share here is of the same denominator, written in the sentence
//! (all the plan's items, or the items that have both grades): a share of
//! one count set beside a share of another reads as a contradiction.

use serde::Serialize;

use super::Ctx;
use crate::assess::{ItemAssessment, Summary};
use crate::config::{Language, Rule, Scale};
use crate::model::Plan;

/// The reported grades beside the computed ones, over the items that have
/// both, for the plan page's explanation.
#[derive(Serialize, Debug, PartialEq)]
pub(super) struct Comparison<'a> {
    /// Items with a reported grade for the report year.
    reported: usize,
    /// Items whose grade can be computed from their figures.
    computed: usize,
    /// Items with both: the denominator of everything below.
    both: usize,
    agree: usize,
    differ: usize,
    /// Per level: (reported, computed) among the items with both.
    levels: Vec<ComparedLevel<'a>>,
}

#[derive(Serialize, Debug, PartialEq)]
struct ComparedLevel<'a> {
    slug: &'a str,
    label: &'a str,
    color: &'a str,
    reported: usize,
    computed: usize,
}

/// Per cent with one decimal, as reports print it.
fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        return "0".into();
    }
    let p = crate::assess::round_to(n as f64 / of as f64 * 100.0, 1);
    format!("{p:.1}")
}

impl<'a> Ctx<'a> {
    /// The sentence a plan's pages open with. A scale of achievement rates
    /// (rule = "rate") is ordered best first, so the upper half of its levels
    /// is said as "B以上" and the rest as "C以下"; any other scale may have no
    /// such order (○ done, - next year; 現状維持 is neither better nor worse
    /// than 改善 for a citizen), so its counts are given level by level. Every
    /// share is of all the plan's items.
    pub(super) fn summary_sentence(&self, plan: &Plan, s: &Summary) -> String {
        let ja = self.config.language == Language::Ja;
        let year = self.year(Some(plan), plan.report_year);
        let n = s.items;
        let r = &s.reported;
        if n == 0 {
            return if ja {
                "項目はありません。".into()
            } else {
                "There are no items.".into()
            };
        }
        if r.total == 0 {
            return if ja {
                format!("{year}の評価が公表された項目は、{n}項目のうちまだありません。")
            } else {
                format!("None of the {n} items has a reported status for {year} yet.")
            };
        }
        let scale = self.config.scales.get(&plan.scale);
        let none = if r.none == 0 {
            String::new()
        } else if ja {
            format!("、評価なしは{}項目({}%)", r.none, pct(r.none, n))
        } else {
            format!(", and {} ({}%) are not graded", r.none, pct(r.none, n))
        };
        match scale.map(|sc| (sc, sc.rule)) {
            Some((sc, Some(Rule::Rate))) if r.levels.len() >= 2 => {
                let k = r.levels.len() / 2;
                let upper: usize = r.levels[..k].iter().map(|l| l.count).sum();
                let lower: usize = r.levels[k..].iter().map(|l| l.count).sum();
                let (up, down) = band_names(sc, k, ja);
                if ja {
                    format!(
                        "{year}の評価では、{n}項目のうち、{up}は{upper}項目({})、{down}は{lower}項目({}){none}です。",
                        pct(upper, n) + "%",
                        pct(lower, n) + "%"
                    )
                } else {
                    let none = if none.is_empty() {
                        none
                    } else {
                        none.replacen(", and", ";", 1)
                    };
                    format!(
                        "In the {year} report, of {n} items, {upper} ({}%) are {up} and {lower} ({}%) are {down}{none}.",
                        pct(upper, n),
                        pct(lower, n)
                    )
                }
            }
            _ => {
                let sep = self.list_sep();
                let mut parts: Vec<String> = r
                    .levels
                    .iter()
                    .map(|l| {
                        if ja {
                            format!("{} {}項目({}%)", l.label, l.count, pct(l.count, n))
                        } else {
                            format!("{} {} ({}%)", l.label, l.count, pct(l.count, n))
                        }
                    })
                    .collect();
                if r.none > 0 {
                    parts.push(if ja {
                        format!("評価なし {}項目({}%)", r.none, pct(r.none, n))
                    } else {
                        format!("not graded {} ({}%)", r.none, pct(r.none, n))
                    });
                }
                let parts = parts.join(sep);
                if ja {
                    format!("{year}の評価では、{n}項目のうち、{parts}です。")
                } else {
                    format!("In the {year} report, of {n} items: {parts}.")
                }
            }
        }
    }

    /// The reported and the computed grades over the items that have both;
    /// `None` where the scale has no rule (nothing is computed).
    pub(super) fn comparison(
        &self,
        plan: &Plan,
        items: &[ItemAssessment],
    ) -> Option<Comparison<'a>> {
        let scale = self.config.scales.get(&plan.scale)?;
        scale.rule?;
        let both: Vec<(&String, &String)> = items
            .iter()
            .filter_map(|a| Some((a.reported.as_ref()?, a.computed.as_ref()?)))
            .collect();
        let agree = both.iter().filter(|(r, c)| r == c).count();
        Some(Comparison {
            reported: items.iter().filter(|a| a.reported.is_some()).count(),
            computed: items.iter().filter(|a| a.computed.is_some()).count(),
            both: both.len(),
            agree,
            differ: both.len() - agree,
            levels: scale
                .levels
                .iter()
                .map(|l| ComparedLevel {
                    slug: &l.slug,
                    label: &l.label,
                    color: &l.color,
                    reported: both.iter().filter(|(r, _)| **r == l.key).count(),
                    computed: both.iter().filter(|(_, c)| **c == l.key).count(),
                })
                .collect(),
        })
    }
}

/// How the upper `k` levels of a scale of achievement rates and the rest
/// are named: by the levels at the cut ("B以上", "C以下"), as reports do. The
/// levels of such a scale are listed best first (config checks min_rate).
fn band_names(scale: &Scale, k: usize, ja: bool) -> (String, String) {
    let labels: Vec<&str> = scale.levels.iter().map(|l| l.label.as_str()).collect();
    if ja {
        (
            format!("{}以上", labels[k - 1]),
            format!("{}以下", labels[k]),
        )
    } else {
        (
            format!("{} or better", labels[k - 1]),
            format!("{} or lower", labels[k]),
        )
    }
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
