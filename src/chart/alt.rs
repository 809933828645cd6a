//! The chart's text alternative, in the site's language: where targets and
//! actuals start and end, whether the target was met in the report year
//! (or the latest year with an actual before it), the values that carry a
//! note (見込, 暫定…), and an axis that does not start at zero.

use super::{Axis, Drawing, Point};
use crate::config::Language;
use crate::model::{Direction, Year};
use crate::render::format::number;

struct Words<'a> {
    d: &'a Drawing,
    ja: bool,
    /// Figures already written out with their notes, as (is_actual, year).
    said: Vec<(bool, Year)>,
}

impl Words<'_> {
    fn year(&self, y: Year) -> String {
        self.d
            .years
            .iter()
            .find(|(year, _)| *year == y)
            .map_or_else(|| y.to_string(), |(_, l)| l.clone())
    }

    fn noted(&self, text: String, note: Option<&String>) -> String {
        match note {
            None => text,
            Some(n) if self.ja => format!("{text}({n})"),
            Some(n) => format!("{text} ({n})"),
        }
    }

    /// A value with its unit and note: 18,248枚(見込) / 18,248 cards (estimate).
    fn value(&self, p: &Point) -> String {
        let unit = self.d.unit.as_deref().unwrap_or("");
        let text = if self.ja {
            format!("{}{unit}", number(p.value))
        } else {
            format!("{} {unit}", number(p.value)).trim_end().to_string()
        };
        self.noted(text, p.note.as_ref())
    }

    /// A year and its value, remembered as said.
    fn figure(&mut self, actual: bool, p: &Point) -> String {
        self.said.push((actual, p.year));
        format!("{} {}", self.year(p.year), self.value(p))
    }

    fn span(&mut self, actual: bool, points: &[Point]) -> Option<String> {
        let (first, last) = (points.first()?, points.last()?);
        Some(if first.year == last.year {
            self.figure(actual, first)
        } else {
            let (a, b) = (self.figure(actual, first), self.figure(actual, last));
            if self.ja {
                format!("{a}から{b}")
            } else {
                format!("from {a} to {b}")
            }
        })
    }

    /// Whether the target was met: in the report year, or the latest year
    /// with an actual before it (the latest of all when none is before).
    fn verdict(&mut self) -> Option<String> {
        let s = &self.d.series;
        let actual = s
            .actuals
            .iter()
            .rev()
            .find(|p| p.year <= self.d.report_year)
            .or(s.actuals.last())?;
        let target = s.targets.iter().find(|p| p.year >= actual.year)?;
        let met = match self.d.direction {
            Direction::Higher => actual.value >= target.value,
            Direction::Lower => actual.value <= target.value,
        };
        self.said.push((true, actual.year));
        self.said.push((false, target.year));
        let (ay, a, t) = (
            self.year(actual.year),
            self.value(actual),
            self.value(target),
        );
        let same_year = target.year == actual.year;
        let ty = self.year(target.year);
        Some(match (self.ja, same_year, met) {
            (true, true, true) => {
                format!("{ay}は目標値{t}に対して実績値{a}で、目標を達成しています")
            }
            (true, true, false) => {
                format!("{ay}は目標値{t}に対して実績値{a}で、目標を達成していません")
            }
            (true, false, true) => {
                format!("{ay}の実績値{a}は、{ty}の目標値{t}をすでに達成しています")
            }
            (true, false, false) => {
                format!("{ay}の実績値{a}は、{ty}の目標値{t}にまだ達していません")
            }
            (false, true, true) => format!("in {ay} the actual, {a}, met the target of {t}"),
            (false, true, false) => {
                format!("in {ay} the actual, {a}, did not meet the target of {t}")
            }
            (false, false, true) => {
                format!("the {ay} actual, {a}, already meets the {ty} target of {t}")
            }
            (false, false, false) => {
                format!("the {ay} actual, {a}, has not yet reached the {ty} target of {t}")
            }
        })
    }
}

pub fn describe(d: &Drawing, axis: &Axis) -> String {
    let ja = d.language == Language::Ja;
    let mut w = Words {
        d,
        ja,
        said: Vec::new(),
    };
    let s = &d.series;
    let mut parts = Vec::new();
    if let Some(t) = w.span(false, &s.targets) {
        parts.push(if ja {
            format!("目標値は{t}")
        } else {
            format!("Targets run {t}")
        });
    }
    if let Some(t) = w.span(true, &s.actuals) {
        let (first, last) = (s.actuals[0].value, s.actuals[s.actuals.len() - 1].value);
        let trend = match (last.partial_cmp(&first), ja) {
            _ if s.actuals.len() < 2 => "",
            (Some(std::cmp::Ordering::Greater), true) => "(増加)",
            (Some(std::cmp::Ordering::Less), true) => "(減少)",
            (_, true) => "(横ばい)",
            (Some(std::cmp::Ordering::Greater), false) => " (rising)",
            (Some(std::cmp::Ordering::Less), false) => " (falling)",
            (_, false) => " (flat)",
        };
        parts.push(if ja {
            format!("実績値は{t}{trend}")
        } else {
            format!("actuals run {t}{trend}")
        });
    }
    if let Some(v) = w.verdict() {
        parts.push(v);
    }
    if let Some(b) = &s.baseline {
        let v = w.value(b);
        parts.push(if ja {
            format!("基準値は{v}")
        } else {
            format!("the baseline is {v}")
        });
    }
    // Values with a note (見込…) that the sentences above did not write out.
    let unsaid: Vec<String> = [(false, &s.targets), (true, &s.actuals)]
        .into_iter()
        .flat_map(|(actual, points)| points.iter().map(move |p| (actual, p)))
        .filter(|(actual, p)| p.note.is_some() && !w.said.contains(&(*actual, p.year)))
        .map(|(actual, p)| {
            let what = match (ja, actual) {
                (true, true) => "実績値",
                (true, false) => "目標値",
                (false, true) => "actual",
                (false, false) => "target",
            };
            if ja {
                format!("{}の{what}{}", w.year(p.year), w.value(p))
            } else {
                format!("{} {what} {}", w.year(p.year), w.value(p))
            }
        })
        .collect();
    if !unsaid.is_empty() {
        parts.push(if ja {
            format!("注記のある値は{}", unsaid.join("、"))
        } else {
            format!("values with a note: {}", unsaid.join(", "))
        });
    }
    if axis.cut {
        let lo = number(axis.lo);
        parts.push(if ja {
            format!("縦軸は0ではなく{lo}から始まります(軸の波線が省略の印)")
        } else {
            format!("the vertical axis starts at {lo}, not at zero (marked by a zig-zag)")
        });
    }
    if d.direction == Direction::Lower {
        parts.push(if ja {
            "数値が小さいほど良い指標".to_string()
        } else {
            "lower is better".to_string()
        });
    }
    let sep = if ja { "。" } else { "; " };
    parts.join(sep) + if ja { "。" } else { "." }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;

    fn mynumber(language: Language) -> Drawing {
        let mut d = drawing(
            Series {
                targets: pts(&[(2019, 3293.0), (2023, 20000.0)]),
                actuals: pts(&[(2019, 3724.0), (2021, 9000.0), (2023, 18248.0)]),
                baseline: Some(Point {
                    year: 2017,
                    value: 2637.0,
                    note: None,
                }),
            },
            language,
        );
        d.unit = Some("枚".into());
        d
    }

    #[test]
    fn says_whether_the_target_was_met_in_japanese() {
        let d = mynumber(Language::Ja);
        assert_eq!(
            d.description(),
            "目標値はR1 3,293枚からR5 20,000枚。実績値はR1 3,724枚からR5 18,248枚(増加)。\
             R5は目標値20,000枚に対して実績値18,248枚で、目標を達成していません。基準値は2,637枚。"
        );
        let mut d = d;
        d.series.actuals[2].value = 20000.0;
        assert!(d
            .description()
            .contains("R5は目標値20,000枚に対して実績値20,000枚で、目標を達成しています。"));
        d.direction = Direction::Lower;
        d.series.actuals[2].value = 21000.0;
        let text = d.description();
        assert!(
            text.contains("目標を達成していません") && text.ends_with("数値が小さいほど良い指標。"),
            "{text}"
        );
    }

    #[test]
    fn says_whether_the_target_was_met_in_english() {
        assert_eq!(
            mynumber(Language::En).description(),
            "Targets run from R1 3,293 枚 to R5 20,000 枚; actuals run from R1 3,724 枚 to R5 18,248 枚 (rising); \
             in R5 the actual, 18,248 枚, did not meet the target of 20,000 枚; the baseline is 2,637 枚."
        );
    }

    #[test]
    fn a_later_target_is_not_yet_due() {
        let mut d = mynumber(Language::Ja);
        d.series.actuals.pop();
        d.report_year = 2022;
        assert!(
            d.description()
                .contains("R3の実績値9,000枚は、R5の目標値20,000枚にまだ達していません"),
            "{}",
            d.description()
        );
        d.language = Language::En;
        assert!(d
            .description()
            .contains("the R3 actual, 9,000 枚, has not yet reached the R5 target of 20,000 枚"));
    }

    #[test]
    fn names_estimated_values() {
        let mut d = mynumber(Language::Ja);
        d.series.actuals[1].note = Some("見込".into());
        d.series.actuals[2].note = Some("見込".into());
        let text = d.description();
        assert!(text.contains("R5 18,248枚(見込)"), "{text}");
        assert!(
            text.contains("注記のある値はR3の実績値9,000枚(見込)。"),
            "{text}"
        );
        d.language = Language::En;
        let text = d.description();
        assert!(
            text.contains("values with a note: R3 actual 9,000 枚 (estimate)")
                || text.contains("values with a note: R3 actual 9,000 枚 (見込)"),
            "{text}"
        );
    }

    #[test]
    fn says_when_the_axis_does_not_start_at_zero() {
        let d = drawing(
            Series {
                targets: pts(&[(2024, 130.1), (2025, 140.7)]),
                actuals: pts(&[(2024, 131.8)]),
                baseline: None,
            },
            Language::Ja,
        );
        let text = d.description();
        assert!(
            text.contains("縦軸は0ではなく") && text.contains("から始まります"),
            "{text}"
        );
        let mut d = d;
        d.language = Language::En;
        assert!(
            d.description().contains("the vertical axis starts at "),
            "{}",
            d.description()
        );
        assert!(!mynumber(Language::Ja).description().contains("縦軸"));
    }
}
