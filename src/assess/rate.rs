//! Achievement rates: by method (ratio, progress, cumulative) and direction.

use serde::Serialize;

use super::formula::{progress, ratio, Formula, Term};
use super::sum::decimal_sum;
use super::{ser_number, Figure, Missing};
use crate::content::reader::MAX_NUMBER;
use crate::model::{Datum, Direction, Kpi, Method, Plan, Value, Year};

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
    pub formula: Formula,
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
            let sum = |figures: &[f64], figure: Figure| Term {
                value: decimal_sum(figures.iter().copied()),
                name: if figure == Figure::SumOfTargets {
                    ("Σ targets ", "目標値の合計 ")
                } else {
                    ("Σ actuals ", "実績値の合計 ")
                },
                figure,
            };
            let q = ratio(
                sum(&actuals, Figure::SumOfActuals),
                sum(&targets, Figure::SumOfTargets),
                lower,
            )?;
            (q.with_years(first, last, &span), last)
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

/// Σ of the numeric values of `series` from the period's start to `until`;
/// None when a year in range holds text.
pub(super) fn sum_in_period(
    plan: &Plan,
    series: &crate::model::YearMap<Datum>,
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
