//! Figures put into words: a chart's text alternative, and the notes of
//! the figures an achievement rate is computed from.

use super::Ctx;
use crate::model::{Datum, Direction, Kpi, Method, Plan, Year, YearMap};
use crate::render::format::number;

impl<'a> Ctx<'a> {
    /// The chart's text alternative: where targets and actuals start and end, in words.
    pub(super) fn describe_trend(
        &self,
        plan: &Plan,
        k: &Kpi,
        s: &crate::chart::Series,
        direction: Direction,
    ) -> String {
        let ja = self.config.language == crate::config::Language::Ja;
        let unit = k.unit.clone().unwrap_or_default();
        // The series has the numbers; their notes are in the KPI's figures.
        let fig = |data: &YearMap<Datum>, (y, v): (Year, f64)| {
            let text = if ja {
                format!("{} {}{unit}", self.year(Some(plan), y), number(v))
            } else {
                format!("{} {} {unit}", self.year(Some(plan), y), number(v))
                    .trim_end()
                    .to_string()
            };
            self.with_note(text, data.get(&y).and_then(|d| d.note.as_ref()))
        };
        let span = |series: &[(Year, f64)], data| -> Option<(String, f64, f64)> {
            let (first, last) = (*series.first()?, *series.last()?);
            let text = if first.0 == last.0 {
                fig(data, first)
            } else if ja {
                format!("{}から{}", fig(data, first), fig(data, last))
            } else {
                format!("from {} to {}", fig(data, first), fig(data, last))
            };
            Some((text, first.1, last.1))
        };
        let mut parts = Vec::new();
        if let Some((t, _, _)) = span(&s.targets, &k.targets) {
            parts.push(if ja {
                format!("目標値は{t}")
            } else {
                format!("Targets run {t}")
            });
        }
        if let Some((t, first, last)) = span(&s.actuals, &k.actuals) {
            let trend = match (last.partial_cmp(&first), ja) {
                (Some(std::cmp::Ordering::Greater), true) => "(増加)",
                (Some(std::cmp::Ordering::Less), true) => "(減少)",
                (_, true) if s.actuals.len() > 1 => "(横ばい)",
                (Some(std::cmp::Ordering::Greater), false) => " (rising)",
                (Some(std::cmp::Ordering::Less), false) => " (falling)",
                (_, false) if s.actuals.len() > 1 => " (flat)",
                _ => "",
            };
            parts.push(if ja {
                format!("実績値は{t}{trend}")
            } else {
                format!("actuals run {t}{trend}")
            });
        }
        if let Some(b) = s.baseline {
            let text = if ja {
                format!("基準値は{}{unit}", number(b))
            } else {
                format!("the baseline is {} {unit}", number(b))
                    .trim_end()
                    .to_string()
            };
            let note = k.baseline.as_ref().and_then(|b| b.note.as_ref());
            parts.push(self.with_note(text, note));
        }
        if direction == Direction::Lower {
            parts.push(if ja {
                "数値が小さいほど良い指標".to_string()
            } else {
                "lower is better".to_string()
            });
        }
        let sep = if ja { "。" } else { "; " };
        parts.join(sep) + if ja { "。" } else { "." }
    }

    /// A rate's formula with the notes of the figures it is computed from,
    /// as `rate` in assess.rs picks them: a rate computed from an estimate
    /// (見込) must say so.
    pub(super) fn formula_with_notes(
        &self,
        plan: &Plan,
        k: &Kpi,
        method: Method,
        year: Year,
        formula: &crate::assess::Formula,
    ) -> String {
        let ja = self.config.language == crate::config::Language::Ja;
        let label =
            |ja_word: &'static str, en_word: &'static str| if ja { ja_word } else { en_word };
        let mut noted: Vec<String> = Vec::new();
        let mut note = |word: &str, y: Option<Year>, d: Option<&String>| {
            if let Some(n) = d {
                noted.push(match y {
                    Some(y) => format!("{word} {}: {n}", self.year(Some(plan), y)),
                    None => format!("{word}: {n}"),
                });
            }
        };
        match method {
            Method::Cumulative => {
                for (y, d) in k.targets.range(plan.period[0]..=year) {
                    note(label("目標値", "target"), Some(*y), d.note.as_ref());
                    let actual = k.actuals.get(y).and_then(|d| d.note.as_ref());
                    note(label("実績値", "actual"), Some(*y), actual);
                }
            }
            Method::Ratio | Method::Progress => {
                if method == Method::Progress {
                    if let Some(b) = &k.baseline {
                        note(label("基準値", "baseline"), b.year, b.note.as_ref());
                    }
                }
                if let Some((ty, d)) = crate::assess::target_for(k, year) {
                    note(label("目標値", "target"), Some(ty), d.note.as_ref());
                }
                let actual = k.actuals.get(&year).and_then(|d| d.note.as_ref());
                note(label("実績値", "actual"), Some(year), actual);
            }
        }
        let notes = (!noted.is_empty()).then(|| noted.join(self.list_sep()));
        // The page's language, never the English of messages and data.json
        // (「Σ actuals …」 on a Japanese page); the years summed in the
        // site's year format.
        let terms = formula.terms(ja);
        let formula = match formula.years {
            None => terms.to_string(),
            Some((first, last)) => {
                let years = format!(
                    "{}{}{}",
                    self.year(Some(plan), first),
                    self.range_sep(),
                    self.year(Some(plan), last)
                );
                if ja {
                    format!("{terms}({years})")
                } else {
                    format!("{terms} ({years})")
                }
            }
        };
        self.with_note(formula, notes.as_ref())
    }
}
