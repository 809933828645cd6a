//! Achievement rates: by method (ratio, progress, cumulative) and direction.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sum::decimal_sum;
use super::{ser_number, Figure, Missing};
use crate::content::reader::MAX_NUMBER;
use crate::model::{Datum, Direction, Kpi, Method, Plan, Value, Year};
use crate::render::format::number;

/// Rates are compared with thresholds after rounding to this many decimals,
/// so that 99.99999999 from floating-point division counts as 100.
pub(super) const RATE_DECIMALS: i32 = 9;

/// An achievement rate and how it was obtained.
#[derive(Debug, Clone, Serialize)]
pub struct Rate {
    /// Per cent.
    #[serde(serialize_with = "ser_number")]
    pub percent: f64,
    /// The computation in the figures' own terms, e.g. "18,248 ÷ 20,000".
    pub formula: String,
    /// The fiscal year of the target it was measured against.
    pub target_year: Year,
}

/// The target a year is measured against: that year's, or, where the plan
/// sets none for it, the next one after it (the goal the year works towards).
pub fn target_for(kpi: &Kpi, year: Year) -> Option<(Year, &Datum)> {
    kpi.targets.range(year..).next().map(|(y, d)| (*y, d))
}

/// The method as content files write it.
pub(super) fn method_name(m: Method) -> &'static str {
    match m {
        Method::Ratio => "ratio",
        Method::Progress => "progress",
        Method::Cumulative => "cumulative",
    }
}

/// Years in messages are Western, as in content files.
pub(super) fn fy(_plan: &Plan, year: Year) -> String {
    format!("FY{year}")
}

pub(super) fn numeric(d: &Datum, what: Figure, year: Year) -> Result<f64, Missing> {
    match &d.value {
        Value::Number(n) => Ok(*n),
        Value::Text(t) => Err(Missing::Text {
            what,
            year: Some(year),
            text: t.clone(),
        }),
    }
}

pub(super) fn baseline_value(kpi: &Kpi) -> Result<f64, Missing> {
    match kpi.baseline.as_ref().map(|b| &b.value) {
        None => Err(Missing::NoBaseline),
        Some(Value::Number(n)) => Ok(*n),
        Some(Value::Text(t)) => Err(Missing::Text {
            what: Figure::Baseline,
            year: None,
            text: t.clone(),
        }),
    }
}

/// The largest rate given, in per cent: the limit of the figures themselves
/// (2^53). A quotient beyond it comes from a divisor so close to 0 beside the
/// other figures that it says nothing (and past f64's range it is infinite).
const MAX_PERCENT: f64 = MAX_NUMBER;

/// The achievement rate of `kpi` for `year`, in per cent.
///
/// Every method gives exactly 100 % when the actual equals the target, more
/// when it is beyond it in the KPI's direction and less when it falls short,
/// whatever the signs of the figures (docs/content-format.md, "Achievement
/// rates"); where the plain formula would turn that round (a negative target
/// under `ratio`, a target behind the baseline under `progress`) the distance
/// from the target is measured in the formula's own unit instead.
pub fn rate(
    plan: &Plan,
    kpi: &Kpi,
    method: Method,
    direction: Direction,
    year: Year,
) -> Result<Rate, Missing> {
    let lower = direction == Direction::Lower;
    let (q, target_year) = match method {
        Method::Cumulative => {
            let years: Vec<Year> = kpi
                .targets
                .range(plan.period[0]..=year)
                .map(|(y, _)| *y)
                .collect();
            let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
                return Err(Missing::NoTargetInPeriod {
                    from: plan.period[0],
                    to: year,
                });
            };
            let (mut targets, mut actuals) = (Vec::new(), Vec::new());
            for y in &years {
                targets.push(numeric(&kpi.targets[y], Figure::Target, *y)?);
                let actual = kpi.actuals.get(y).ok_or(Missing::NoActual { year: *y })?;
                actuals.push(numeric(actual, Figure::Actual, *y)?);
            }
            let span = format!(" ({}–{})", fy(plan, first), fy(plan, last));
            let sum = |figures: &[f64], name: &str| Term {
                value: decimal_sum(figures.iter().copied()),
                name: format!("Σ {name} "),
                figure: if name == "targets" {
                    Figure::SumOfTargets
                } else {
                    Figure::SumOfActuals
                },
            };
            let q = ratio(sum(&actuals, "actuals"), sum(&targets, "targets"), lower)?;
            (q.with_suffix(&span), last)
        }
        Method::Ratio | Method::Progress => {
            let actual = kpi.actuals.get(&year).ok_or(Missing::NoActual { year })?;
            let a = numeric(actual, Figure::Actual, year)?;
            let (ty, target) = target_for(kpi, year).ok_or(Missing::NoTarget { year })?;
            let t = numeric(target, Figure::Target, ty)?;
            let q = if method == Method::Ratio {
                ratio(
                    Term::plain(a, Figure::Actual),
                    Term::plain(t, Figure::Target),
                    lower,
                )?
            } else {
                progress(a, t, baseline_value(kpi)?, lower)?
            };
            (q, ty)
        }
    };
    let percent = q.value * 100.0;
    if !percent.is_finite() || percent.abs() > MAX_PERCENT {
        return Err(Missing::NearZero { what: q.divisor });
    }
    Ok(Rate {
        percent,
        formula: q.formula,
        target_year,
    })
}

/// A figure as a rate's formula names it.
struct Term {
    value: f64,
    /// Printed before the value: "" or "Σ actuals ".
    name: String,
    figure: Figure,
}

impl Term {
    fn plain(value: f64, figure: Figure) -> Self {
        Term {
            value,
            name: String::new(),
            figure,
        }
    }

    fn show(&self) -> String {
        if self.name.is_empty() {
            number(self.value)
        } else {
            // A sum of decimals, printed without binary-fraction noise.
            format!("{}{}", self.name, number(round_to(self.value, 6)))
        }
    }

    /// As the subtrahend of a difference: a negative value in parentheses.
    fn show_subtracted(&self) -> String {
        if self.name.is_empty() && self.value < 0.0 {
            format!("({})", self.show())
        } else {
            self.show()
        }
    }
}

/// A rate as a fraction (1 = 100 %), its formula, and the figure it divides by.
struct Quotient {
    value: f64,
    formula: String,
    divisor: Figure,
}

impl Quotient {
    fn with_suffix(mut self, suffix: &str) -> Self {
        self.formula.push_str(suffix);
        self
    }
}

/// `ratio` (and `cumulative`, over sums): actual ÷ target, or target ÷ actual
/// when lower is better. The divisor must be positive for a quotient to keep
/// the verdict; when it is negative the rate is 1 + (how far the actual is
/// beyond the target) ÷ |divisor|, which is the same number wherever the
/// divisor is positive.
fn ratio(actual: Term, target: Term, lower: bool) -> Result<Quotient, Missing> {
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
    let (value, formula) = if d > 0.0 {
        (
            ahead.value / behind.value,
            format!("{} ÷ {}", ahead.show(), behind.show()),
        )
    } else {
        (
            1.0 + (ahead.value - behind.value) / d.abs(),
            format!(
                "1 + ({} − {}) ÷ |{}|",
                ahead.show(),
                behind.show_subtracted(),
                divisor.show()
            ),
        )
    };
    Ok(Quotient {
        value,
        formula,
        divisor: divisor.figure,
    })
}

/// `progress`: the share of the way from the baseline to the target that the
/// actual has come. When the target lies behind the baseline in the KPI's
/// direction (a decline the plan accepts), that share would grow as the
/// figure worsens, so the rate is 1 + (how far the actual is beyond the
/// target) ÷ |target − baseline| instead: again 100 % exactly at the target.
fn progress(a: f64, t: f64, b: f64, lower: bool) -> Result<Quotient, Missing> {
    if t == b {
        return Err(Missing::TargetEqualsBaseline);
    }
    let (a_, t_) = (number(a), number(t));
    let forward = if lower { t < b } else { t > b };
    let (value, formula) = if forward {
        (
            (a - b) / (t - b),
            format!("({a_} − {}) ÷ ({t_} − {})", paren(b), paren(b)),
        )
    } else if lower {
        (
            1.0 + (t - a) / (t - b).abs(),
            format!("1 + ({t_} − {}) ÷ |{t_} − {}|", paren(a), paren(b)),
        )
    } else {
        (
            1.0 + (a - t) / (t - b).abs(),
            format!("1 + ({a_} − {}) ÷ |{t_} − {}|", paren(t), paren(b)),
        )
    };
    Ok(Quotient {
        value,
        formula,
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

/// Σ of the numeric values of `series` from the period's start to `until`;
/// None when a year in range holds text.
pub(super) fn sum_in_period(
    plan: &Plan,
    series: &BTreeMap<Year, Datum>,
    until: Year,
) -> Option<f64> {
    let figures: Option<Vec<f64>> = series
        .range(plan.period[0]..=until)
        .map(|(_, d)| d.value.as_number())
        .collect();
    Some(decimal_sum(figures?))
}

/// `x` rounded to `decimals` places; a number with no digits at that place
/// (too large, or a precision past f64's) is returned as it is.
pub fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let scaled = x * f;
    // From 2^52 up every f64 is a whole number: nothing to round, and
    // dividing back could only add error (or turn an overflow into inf).
    if !scaled.is_finite() || scaled.abs() >= 4_503_599_627_370_496.0 {
        return x + 0.0;
    }
    // `+ 0.0` turns -0.0 into 0.0, which would otherwise print as "-0".
    scaled.round() / f + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::testing::{kpi, pct, plan};

    #[test]
    fn ratio_higher_and_lower() {
        let k = kpi(None, &[(2023, 20000.0)], &[(2023, 18248.0)]);
        assert_eq!(
            pct(rate(&plan(), &k, Method::Ratio, Direction::Higher, 2023), 2),
            91.24
        );
        // Lower is better: reaching 80 against a target of 100 is 125 %.
        let k = kpi(None, &[(2023, 100.0)], &[(2023, 80.0)]);
        assert_eq!(
            pct(rate(&plan(), &k, Method::Ratio, Direction::Lower, 2023), 2),
            125.0
        );
    }

    #[test]
    fn ratio_uses_the_next_target_when_the_year_has_none() {
        let k = kpi(None, &[(2022, 63000.0)], &[(2020, 55587.0)]);
        let r = rate(&plan(), &k, Method::Ratio, Direction::Higher, 2020).unwrap();
        assert_eq!((round_to(r.percent, 1), r.target_year), (88.2, 2022));
        assert_eq!(r.formula, "55,587 ÷ 63,000");
    }

    #[test]
    fn progress_works_in_both_directions() {
        let down = kpi(Some(9.0), &[(2022, 0.0)], &[(2020, 1.0)]);
        assert_eq!(
            pct(
                rate(&plan(), &down, Method::Progress, Direction::Lower, 2020),
                1
            ),
            88.9
        );
        let debt = kpi(Some(982.0), &[(2022, 700.0)], &[(2020, 835.0)]);
        assert_eq!(
            pct(
                rate(&plan(), &debt, Method::Progress, Direction::Lower, 2020),
                1
            ),
            52.1
        );
        let up = kpi(Some(100.0), &[(2023, 200.0)], &[(2023, 150.0)]);
        assert_eq!(
            pct(
                rate(&plan(), &up, Method::Progress, Direction::Higher, 2023),
                1
            ),
            50.0
        );
    }

    #[test]
    fn cumulative_sums_the_period_up_to_the_year() {
        let t = [
            (2019, 12360.0),
            (2020, 115945.0),
            (2021, -30095.0),
            (2022, -30095.0),
            (2023, -30095.0),
        ];
        let a = [
            (2019, 25145.0),
            (2020, 126220.0),
            (2021, -36127.0),
            (2022, -36155.0),
            (2023, -38644.0),
        ];
        let k = kpi(None, &t, &a);
        assert_eq!(
            pct(
                rate(&plan(), &k, Method::Cumulative, Direction::Higher, 2023),
                2
            ),
            106.36
        );
        // Up to FY2020 only the first two years count.
        let r = rate(&plan(), &k, Method::Cumulative, Direction::Higher, 2020).unwrap();
        assert_eq!(
            round_to(r.percent, 4),
            round_to((25145.0 + 126220.0) / (12360.0 + 115945.0) * 100.0, 4)
        );
        // Lower is better inverts the ratio of the sums.
        let k = kpi(
            None,
            &[(2019, 10.0), (2020, 10.0)],
            &[(2019, 8.0), (2020, 12.0)],
        );
        assert_eq!(
            pct(
                rate(&plan(), &k, Method::Cumulative, Direction::Lower, 2020),
                2
            ),
            100.0
        );
    }

    #[test]
    fn undefined_rates_say_why_and_never_produce_nan() {
        let p = plan();
        let no_actual = kpi(Some(1.0), &[(2023, 2.0)], &[]);
        for m in [Method::Ratio, Method::Progress, Method::Cumulative] {
            assert_eq!(
                rate(&p, &no_actual, m, Direction::Higher, 2023).unwrap_err(),
                Missing::NoActual { year: 2023 }
            );
        }
        let no_target = kpi(Some(1.0), &[(2020, 2.0)], &[(2023, 2.0)]);
        assert_eq!(
            rate(&p, &no_target, Method::Ratio, Direction::Higher, 2023).unwrap_err(),
            Missing::NoTarget { year: 2023 }
        );
        assert_eq!(
            rate(
                &p,
                &kpi(None, &[], &[(2023, 1.0)]),
                Method::Cumulative,
                Direction::Higher,
                2023
            )
            .unwrap_err(),
            Missing::NoTargetInPeriod {
                from: 2019,
                to: 2023
            }
        );
        let flat = kpi(Some(3.0), &[(2023, 3.0)], &[(2023, 3.0)]);
        assert_eq!(
            rate(&p, &flat, Method::Progress, Direction::Higher, 2023).unwrap_err(),
            Missing::TargetEqualsBaseline
        );
        let no_base = kpi(None, &[(2023, 3.0)], &[(2023, 3.0)]);
        assert_eq!(
            rate(&p, &no_base, Method::Progress, Direction::Higher, 2023).unwrap_err(),
            Missing::NoBaseline
        );
        let zero_target = kpi(None, &[(2023, 0.0)], &[(2023, 5.0)]);
        assert_eq!(
            rate(&p, &zero_target, Method::Ratio, Direction::Higher, 2023).unwrap_err(),
            Missing::Zero {
                what: Figure::Target
            }
        );
        let zero_actual = kpi(None, &[(2023, 5.0)], &[(2023, 0.0)]);
        assert_eq!(
            rate(&p, &zero_actual, Method::Ratio, Direction::Lower, 2023).unwrap_err(),
            Missing::Zero {
                what: Figure::Actual
            }
        );
        let zero_sum = kpi(
            None,
            &[(2022, 5.0), (2023, -5.0)],
            &[(2022, 1.0), (2023, 1.0)],
        );
        assert_eq!(
            rate(&p, &zero_sum, Method::Cumulative, Direction::Higher, 2023).unwrap_err(),
            Missing::Zero {
                what: Figure::SumOfTargets
            }
        );
        let mut text = kpi(None, &[(2023, 5.0)], &[]);
        text.actuals.insert(
            2023,
            Datum {
                value: Value::Text("実施".into()),
                note: None,
            },
        );
        assert_eq!(
            rate(&p, &text, Method::Ratio, Direction::Higher, 2023).unwrap_err(),
            Missing::Text {
                what: Figure::Actual,
                year: Some(2023),
                text: "実施".into()
            }
        );
        assert_eq!(
            Missing::NoActual { year: 2023 }.english(),
            "there is no actual for FY2023"
        );
    }

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
        let lower = rate(&plan(), &k, Method::Cumulative, Direction::Lower, 2023).unwrap();
        assert_eq!(round_to(lower.percent, 2), 116.67);
    }

    #[test]
    fn progress_towards_a_target_behind_the_baseline_keeps_the_verdict() {
        // 美祢市 4-2-07: the plan accepts a fall from 1,111 to 1,000; 1,117 is beyond it.
        let k = kpi(Some(1111.0), &[(2024, 1000.0)], &[(2024, 1117.0)]);
        let r = rate(&plan(), &k, Method::Progress, Direction::Higher, 2024).unwrap();
        assert_eq!(round_to(r.percent, 2), 205.41);
        assert_eq!(r.formula, "1 + (1,117 − 1,000) ÷ |1,000 − 1,111|");
        // 3-3-02: 5,530 against a floor of 6,500 from 6,511 falls far short.
        let k = kpi(Some(6511.0), &[(2024, 6500.0)], &[(2024, 5530.0)]);
        let r = rate(&plan(), &k, Method::Progress, Direction::Higher, 2024).unwrap();
        assert!(r.percent < 100.0, "{}", r.percent);
        // Lower is better, and the plan accepts a rise from 8.4 to 10.
        let k = kpi(Some(8.4), &[(2024, 10.0)], &[(2024, 8.6)]);
        let r = rate(&plan(), &k, Method::Progress, Direction::Lower, 2024).unwrap();
        assert_eq!(round_to(r.percent, 2), 187.5);
        assert_eq!(r.formula, "1 + (10 − 8.6) ÷ |10 − 8.4|");
        let k = kpi(Some(8.4), &[(2024, 10.0)], &[(2024, 10.0)]);
        assert_eq!(
            rate(&plan(), &k, Method::Progress, Direction::Lower, 2024)
                .unwrap()
                .percent,
            100.0
        );
    }

    #[test]
    fn divisors_near_zero_are_explained_not_infinite() {
        let p = plan();
        let tiny = kpi(Some(0.0), &[(2023, 5e-324)], &[(2023, 3.0)]);
        assert_eq!(
            rate(&p, &tiny, Method::Ratio, Direction::Higher, 2023).unwrap_err(),
            Missing::NearZero {
                what: Figure::Target
            }
        );
        assert_eq!(
            rate(&p, &tiny, Method::Progress, Direction::Higher, 2023).unwrap_err(),
            Missing::NearZero {
                what: Figure::TargetMinusBaseline
            }
        );
        let tiny_actual = kpi(None, &[(2023, 3.0)], &[(2023, -1e-300)]);
        assert_eq!(
            rate(&p, &tiny_actual, Method::Ratio, Direction::Lower, 2023).unwrap_err(),
            Missing::NearZero {
                what: Figure::Actual
            }
        );
        // Finite, but beyond 2^53 %: a target of 0.001 beside an actual of 10^15.
        let lopsided = kpi(None, &[(2023, 0.001)], &[(2023, 1e15)]);
        assert_eq!(
            rate(&p, &lopsided, Method::Ratio, Direction::Higher, 2023).unwrap_err(),
            Missing::NearZero {
                what: Figure::Target
            }
        );
        // Targets that cancel in decimals sum to 0, not to a remainder of 5.55e-17.
        let cancelling = kpi(
            None,
            &[(2021, 0.1), (2022, 0.2), (2023, -0.3)],
            &[(2021, 1.0), (2022, 1.0), (2023, 1.0)],
        );
        assert_eq!(
            rate(&p, &cancelling, Method::Cumulative, Direction::Higher, 2023).unwrap_err(),
            Missing::Zero {
                what: Figure::SumOfTargets
            }
        );
        assert_eq!(
            Missing::NearZero {
                what: Figure::Target
            }
            .english(),
            "the target is so close to 0 that the rate is out of range"
        );
    }

    #[test]
    fn rounding_leaves_numbers_without_digits_at_that_place_alone() {
        assert_eq!(round_to(1e300, 9), 1e300);
        assert_eq!(round_to(f64::MAX, 2), f64::MAX);
        assert_eq!(
            round_to(9_007_199_254_740_991.0, 6),
            9_007_199_254_740_991.0
        );
        assert_eq!(round_to(-0.0001, 2), 0.0);
        assert!(round_to(0.1, 400).is_finite());
    }
}
