//! The status a scale's rule gives, and the figures behind it for messages.

use super::rate::{baseline_value, method_name, numeric, round_to, target_for, RATE_DECIMALS};
use super::{Figure, Missing, Rate};
use crate::config::{Condition, Rule, Scale};
use crate::diagnostics::Text;
use crate::model::{Datum, Direction, Kpi, Method, Year};
use crate::tr;

/// The figures behind a computed status, for the message that questions a reported one.
pub(super) fn explain(
    rule: Rule,
    kpi: &Kpi,
    method: Method,
    direction: Direction,
    year: Year,
    rate: &Result<Rate, Missing>,
) -> Text {
    let (dir_ja, dir_en) = if direction == Direction::Lower {
        ("、数値が小さいほど良い指標", ", lower is better")
    } else {
        ("", "")
    };
    match (rule, rate) {
        (Rule::Rate, Ok(r)) => {
            let (name, percent) = (method_name(method), round_to(r.percent, 2));
            let (en, ja) = (&r.formula.en, formula_ja(&r.formula));
            tr!(
                "{name} 方式の達成率 {percent}% = {ja}{dir_ja}",
                "{name} rate {percent}% = {en}{dir_en}"
            )
        }
        _ => {
            let fig = |d: Option<&Datum>| d.map(|d| crate::render::format::value(&d.value));
            let figures = [
                kpi.baseline
                    .as_ref()
                    .map(|b| crate::render::format::value(&b.value)),
                fig(target_for(kpi, year).map(|(_, d)| d)),
                fig(kpi.actuals.get(&year)),
            ];
            let [b_ja, t_ja, a_ja] = figures.clone().map(|f| f.unwrap_or("なし".to_string()));
            let [b_en, t_en, a_en] = figures.map(|f| f.unwrap_or("none".to_string()));
            tr!(
                "基準値 {b_ja}、目標値 {t_ja}、実績値 {a_ja}{dir_ja}",
                "baseline {b_en}, target {t_en}, actual {a_en}{dir_en}"
            )
        }
    }
}

/// The Japanese formula with the years it sums, as messages write years.
pub(super) fn formula_ja(f: &super::Formula) -> String {
    match f.years {
        Some((first, last)) => format!("{}({first}〜{last}年度)", f.ja),
        None => f.ja.clone(),
    }
}

/// The level of a `rate` rule: the first whose minimum the rate reaches.
pub(super) fn rate_level(scale: &Scale, percent: f64) -> Option<String> {
    let p = round_to(percent, RATE_DECIMALS);
    scale
        .levels
        .iter()
        .find(|l| l.min_rate.is_none_or(|m| p >= m))
        .map(|l| l.key.clone())
}

/// The condition of a `compare` rule that the figures meet.
pub fn compare(kpi: &Kpi, direction: Direction, year: Year) -> Result<Condition, Missing> {
    let b = baseline_value(kpi)?;
    let actual = kpi.actuals.get(&year).ok_or(Missing::NoActual { year })?;
    let a = numeric(actual, Figure::Actual, year)?;
    let (ty, target) = target_for(kpi, year).ok_or(Missing::NoTarget { year })?;
    let t = numeric(target, Figure::Target, ty)?;
    let better_or_equal = |x: f64, y: f64| {
        if direction == Direction::Lower {
            x <= y
        } else {
            x >= y
        }
    };
    Ok(if a == b && b == t {
        Condition::Unchanged
    } else if better_or_equal(a, t) {
        Condition::TargetMet
    } else if better_or_equal(a, b) {
        Condition::Improved
    } else {
        Condition::Worsened
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::testing::kpi;

    #[test]
    fn thresholds_treat_floating_point_noise_as_exact() {
        let scale = Scale {
            key: "s".into(),
            name: "s".into(),
            description: String::new(),
            rule: Some(Rule::Rate),
            levels: ["A", "B", "D"]
                .iter()
                .zip([Some(100.0), Some(75.0), None])
                .map(|(k, m)| crate::config::Level {
                    key: k.to_string(),
                    slug: k.to_lowercase(),
                    label: k.to_string(),
                    description: String::new(),
                    color: "#000000".into(),
                    min_rate: m,
                    when: None,
                })
                .collect(),
            unread_keys: false,
        };
        // 0.7 / 0.7 style divisions can land a hair under 100.
        assert_eq!(rate_level(&scale, 99.99999999999), Some("A".into()));
        assert_eq!(rate_level(&scale, 99.9), Some("B".into()));
        assert_eq!(
            rate_level(&scale, -40.0),
            Some("D".into()),
            "the last level takes every lower rate"
        );
    }

    #[test]
    fn compare_conditions_are_exclusive_and_direction_aware() {
        let c = |b: f64, t: f64, a: f64, d: Direction| {
            compare(&kpi(Some(b), &[(2024, t)], &[(2024, a)]), d, 2024).unwrap()
        };
        use Condition::*;
        use Direction::*;
        assert_eq!(c(119.4, 130.1, 131.8, Higher), TargetMet);
        assert_eq!(c(17677.0, 32000.0, 23029.0, Higher), Improved);
        assert_eq!(c(3.0, 3.0, 3.0, Higher), Unchanged);
        assert_eq!(c(638.0, 631.0, 627.0, Lower), TargetMet);
        assert_eq!(c(667.0, 655.0, 802.0, Lower), Worsened);
        // At the baseline but short of the target counts as improved ("基準値以上").
        assert_eq!(c(99.0, 100.0, 99.0, Higher), Improved);
        // A target below the baseline that is met is met, even though the figure fell.
        assert_eq!(c(1111.0, 1000.0, 1050.0, Higher), TargetMet);
    }
}
