//! How a rate is computed from its figures, so that it keeps the verdict
//! whatever their signs, and the formula shown beside it.

use serde::Serialize;

use super::{round_to, Figure, Missing};
use crate::model::Year;
use crate::render::format::number;

/// A rate's formula in both languages. The English one, with the years a
/// cumulative rate sums ("Σ actuals 40,439 ÷ Σ targets 38,020
/// (FY2019–FY2023)"), is what English messages and data.json show and what
/// the value reads as. Pages never show it as is: they take the formula of
/// their own language without the years ([`Formula::terms`]) and print the
/// years in the site's year format, so a Japanese page reads
/// 「実績値の合計 40,439 ÷ 目標値の合計 38,020(令和元年度〜令和5年度)」.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub en: String,
    pub ja: String,
    /// The English formula without the years it sums.
    en_terms: String,
    /// The first and last fiscal year a cumulative rate sums.
    pub years: Option<(Year, Year)>,
}

impl Formula {
    fn new(en: String, ja: String) -> Formula {
        Formula {
            en_terms: en.clone(),
            en,
            ja,
            years: None,
        }
    }

    /// The formula in one language, without the years a cumulative rate
    /// sums (those are in [`Formula::years`], for the page to print).
    pub fn terms(&self, ja: bool) -> &str {
        if ja {
            &self.ja
        } else {
            &self.en_terms
        }
    }
}

impl std::ops::Deref for Formula {
    type Target = str;
    fn deref(&self) -> &str {
        &self.en
    }
}

impl std::fmt::Display for Formula {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl PartialEq<&str> for Formula {
    fn eq(&self, other: &&str) -> bool {
        self.en == *other
    }
}

impl Serialize for Formula {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en)
    }
}

/// A figure as a rate's formula names it.
pub(super) struct Term {
    pub(super) value: f64,
    /// Printed before the value, in English and Japanese: empty, or
    /// ("Σ actuals ", "実績値の合計 ").
    pub(super) name: (&'static str, &'static str),
    pub(super) figure: Figure,
}

impl Term {
    pub(super) fn plain(value: f64, figure: Figure) -> Self {
        Term {
            value,
            name: ("", ""),
            figure,
        }
    }

    fn show(&self, ja: bool) -> String {
        let name = if ja { self.name.1 } else { self.name.0 };
        if name.is_empty() {
            number(self.value)
        } else {
            // A sum of decimals, printed without binary-fraction noise.
            format!("{name}{}", number(round_to(self.value, 6)))
        }
    }

    /// As the subtrahend of a difference: a negative value in parentheses.
    fn show_subtracted(&self, ja: bool) -> String {
        if self.name.0.is_empty() && self.value < 0.0 {
            format!("({})", self.show(ja))
        } else {
            self.show(ja)
        }
    }
}

/// A rate as a fraction (1 = 100 %), its formula, and the figure it divides by.
pub(super) struct Quotient {
    pub(super) value: f64,
    pub(super) formula: Formula,
    pub(super) divisor: Figure,
}

impl Quotient {
    /// The years a cumulative rate sums: `span` is their English form.
    pub(super) fn with_years(mut self, first: Year, last: Year, span: &str) -> Self {
        self.formula.en.push_str(span);
        self.formula.years = Some((first, last));
        self
    }
}

/// `ratio` (and `cumulative`, over sums): actual ÷ target, or target ÷ actual
/// when lower is better. The divisor must be positive for a quotient to keep
/// the verdict; when it is negative the rate is 1 + (how far the actual is
/// beyond the target) ÷ |divisor|, which is the same number wherever the
/// divisor is positive.
pub(super) fn ratio(actual: Term, target: Term, lower: bool) -> Result<Quotient, Missing> {
    // `ahead` is the figure that is better the higher it is.
    let (ahead, behind, divisor) = if lower {
        (&target, &actual, &actual)
    } else {
        (&actual, &target, &target)
    };
    let d = divisor.value;
    if d == 0.0 {
        return Err(Missing::Zero {
            what: divisor.figure,
        });
    }
    let text = |ja: bool| {
        if d > 0.0 {
            format!("{} ÷ {}", ahead.show(ja), behind.show(ja))
        } else {
            format!(
                "1 + ({} − {}) ÷ |{}|",
                ahead.show(ja),
                behind.show_subtracted(ja),
                divisor.show(ja)
            )
        }
    };
    let value = if d > 0.0 {
        ahead.value / behind.value
    } else {
        1.0 + (ahead.value - behind.value) / d.abs()
    };
    let formula = Formula::new(text(false), text(true));
    Ok(Quotient {
        value,
        formula,
        divisor: divisor.figure,
    })
}

/// `progress`: the share of the way from the baseline to the target that the
/// actual has come. When the target lies behind the baseline in the KPI's
/// direction (a decline the plan accepts, 6,511 → 6,500), there is no way
/// forward to measure: the share would grow as the figure worsens, and
/// distances from a target a few units off the baseline blow up (−8,718 %).
/// The rate is then the `ratio` method's, actual against target, which is
/// 100 % exactly at the target and reads as the figures do.
pub(super) fn progress(a: f64, t: f64, b: f64, lower: bool) -> Result<Quotient, Missing> {
    if t == b {
        return Err(Missing::TargetEqualsBaseline);
    }
    let forward = if lower { t < b } else { t > b };
    if !forward {
        return ratio(
            Term::plain(a, Figure::Actual),
            Term::plain(t, Figure::Target),
            lower,
        );
    }
    let text = format!(
        "({} − {}) ÷ ({} − {})",
        number(a),
        paren(b),
        number(t),
        paren(b)
    );
    Ok(Quotient {
        value: (a - b) / (t - b),
        formula: Formula::new(text.clone(), text),
        divisor: Figure::TargetMinusBaseline,
    })
}

/// A figure printed as a subtrahend: negative ones in parentheses.
fn paren(x: f64) -> String {
    if x < 0.0 {
        format!("({})", number(x))
    } else {
        number(x)
    }
}

#[cfg(test)]
mod tests {
    use crate::assess::rate::{rate, round_to};
    use crate::assess::testing::{kpi, plan};
    use crate::model::{Direction, Method};

    #[test]
    fn ratio_keeps_the_verdict_with_negative_and_mixed_figures() {
        let p = plan();
        let r = |t: f64, a: f64, d: Direction| {
            rate(
                &p,
                &kpi(None, &[(2023, t)], &[(2023, a)]),
                Method::Ratio,
                d,
                2023,
            )
            .unwrap()
        };
        // A deficit of 36,127 against a target of 30,095 falls short when higher is better…
        let short = r(-30095.0, -36127.0, Direction::Higher);
        assert_eq!(round_to(short.percent, 2), 79.96);
        assert_eq!(short.formula, "1 + (-36,127 − (-30,095)) ÷ |-30,095|");
        // …and beats the target when lower is better.
        let beaten = r(-30095.0, -36127.0, Direction::Lower);
        assert_eq!(round_to(beaten.percent, 2), 116.7);
        assert_eq!(beaten.formula, "1 + (-30,095 − (-36,127)) ÷ |-36,127|");
        // Exactly at a negative target is exactly 100 %.
        assert_eq!(r(-30095.0, -30095.0, Direction::Higher).percent, 100.0);
        assert_eq!(r(-30095.0, -30095.0, Direction::Lower).percent, 100.0);
        // Mixed signs: a surplus against a deficit target is beyond it.
        assert_eq!(r(-100.0, 50.0, Direction::Higher).percent, 250.0);
        assert_eq!(r(100.0, -50.0, Direction::Higher).percent, -50.0);
        assert!(r(100.0, -50.0, Direction::Lower).percent >= 100.0);
        assert!(r(-100.0, 50.0, Direction::Lower).percent < 100.0);
    }

    #[test]
    fn cumulative_keeps_the_verdict_when_a_sum_is_negative() {
        let k = kpi(
            None,
            &[(2022, -10.0), (2023, -20.0)],
            &[(2022, -12.0), (2023, -24.0)],
        );
        let higher = rate(&plan(), &k, Method::Cumulative, Direction::Higher, 2023).unwrap();
        assert_eq!(round_to(higher.percent, 2), 80.0);
        assert_eq!(
            higher.formula,
            "1 + (Σ actuals -36 − Σ targets -30) ÷ |Σ targets -30| (FY2022–FY2023)"
        );
        // Japanese pages name the sums in words and print the years themselves.
        assert_eq!(
            higher.formula.ja,
            "1 + (実績値の合計 -36 − 目標値の合計 -30) ÷ |目標値の合計 -30|"
        );
        assert_eq!(higher.formula.years, Some((2022, 2023)));
        // Pages take either language without the years, to print them their way.
        assert_eq!(
            higher.formula.terms(false),
            "1 + (Σ actuals -36 − Σ targets -30) ÷ |Σ targets -30|"
        );
        assert_eq!(higher.formula.terms(true), higher.formula.ja);
        let lower = rate(&plan(), &k, Method::Cumulative, Direction::Lower, 2023).unwrap();
        assert_eq!(round_to(lower.percent, 2), 116.67);
    }

    #[test]
    fn progress_towards_a_target_behind_the_baseline_is_measured_as_a_ratio() {
        // 美祢市 4-2-07: the plan accepts a fall from 1,111 to 1,000; 1,117 is beyond it.
        let k = kpi(Some(1111.0), &[(2024, 1000.0)], &[(2024, 1117.0)]);
        let r = rate(&plan(), &k, Method::Progress, Direction::Higher, 2024).unwrap();
        assert_eq!(round_to(r.percent, 2), 111.7);
        assert_eq!(r.formula, "1,117 ÷ 1,000");
        // 3-3-02: 5,530 against a floor of 6,500 from 6,511 falls short (not
        // 8,918 % as the share of a backward way, nor −8,718 % as a distance
        // in units of 11).
        let k = kpi(Some(6511.0), &[(2024, 6500.0)], &[(2024, 5530.0)]);
        let r = rate(&plan(), &k, Method::Progress, Direction::Higher, 2024).unwrap();
        assert_eq!(round_to(r.percent, 2), 85.08);
        // Lower is better, and the plan accepts a rise from 8.4 to 10.
        let k = kpi(Some(8.4), &[(2024, 10.0)], &[(2024, 8.6)]);
        let r = rate(&plan(), &k, Method::Progress, Direction::Lower, 2024).unwrap();
        assert_eq!(round_to(r.percent, 2), 116.28);
        assert_eq!(r.formula, "10 ÷ 8.6");
        let k = kpi(Some(8.4), &[(2024, 10.0)], &[(2024, 10.0)]);
        assert_eq!(
            rate(&plan(), &k, Method::Progress, Direction::Lower, 2024)
                .unwrap()
                .percent,
            100.0
        );
    }
}
