//! Figures put into words: a chart's text alternative.

use super::Ctx;
use crate::model::{Direction, Kpi, Plan, Year};
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
        let fig = |y: Year, v: f64| {
            if ja {
                format!("{} {}{unit}", self.year(Some(plan), y), number(v))
            } else {
                format!("{} {} {unit}", self.year(Some(plan), y), number(v))
                    .trim_end()
                    .to_string()
            }
        };
        let span = |series: &[(Year, f64)]| -> Option<(String, f64, f64)> {
            let (first, last) = (series.first()?, series.last()?);
            let text = if first.0 == last.0 {
                fig(first.0, first.1)
            } else if ja {
                format!("{}から{}", fig(first.0, first.1), fig(last.0, last.1))
            } else {
                format!("from {} to {}", fig(first.0, first.1), fig(last.0, last.1))
            };
            Some((text, first.1, last.1))
        };
        let mut parts = Vec::new();
        if let Some((t, _, _)) = span(&s.targets) {
            parts.push(if ja {
                format!("目標値は{t}")
            } else {
                format!("Targets run {t}")
            });
        }
        if let Some((t, first, last)) = span(&s.actuals) {
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
            parts.push(if ja {
                format!("基準値は{}{unit}", number(b))
            } else {
                format!("the baseline is {} {unit}", number(b))
                    .trim_end()
                    .to_string()
            });
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
}
