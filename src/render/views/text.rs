//! Figures put into words: the notes of the figures an achievement rate is
//! computed from. (A chart's text alternative is in chart/alt.rs.)

use super::Ctx;
use crate::model::{Kpi, Method, Plan, Year};

impl<'a> Ctx<'a> {
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
