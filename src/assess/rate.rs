//! Achievement rates: by method (ratio, progress, cumulative) and direction.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ser_number, Figure, Missing};
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

/// The achievement rate of `kpi` for `year`, in per cent.
pub fn rate(
    plan: &Plan,
    kpi: &Kpi,
    method: Method,
    direction: Direction,
    year: Year,
) -> Result<Rate, Missing> {
    let lower = direction == Direction::Lower;
    match method {
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
            let (mut sum_t, mut sum_a) = (0.0, 0.0);
            for y in &years {
                sum_t += numeric(&kpi.targets[y], Figure::Target, *y)?;
                let actual = kpi.actuals.get(y).ok_or(Missing::NoActual { year: *y })?;
                sum_a += numeric(actual, Figure::Actual, *y)?;
            }
            let (num, den) = if lower {
                (sum_t, sum_a)
            } else {
                (sum_a, sum_t)
            };
            if den == 0.0 {
                let what = if lower {
                    Figure::SumOfActuals
                } else {
                    Figure::SumOfTargets
                };
                return Err(Missing::Zero { what });
            }
            let span = format!("{}–{}", fy(plan, first), fy(plan, last));
            let formula = if lower {
                format!(
                    "Σ targets {} ÷ Σ actuals {} ({span})",
                    number(round_to(sum_t, 6)),
                    number(round_to(sum_a, 6))
                )
            } else {
                format!(
                    "Σ actuals {} ÷ Σ targets {} ({span})",
                    number(round_to(sum_a, 6)),
                    number(round_to(sum_t, 6))
                )
            };
            Ok(Rate {
                percent: num / den * 100.0,
                formula,
                target_year: last,
            })
        }
        Method::Ratio | Method::Progress => {
            let actual = kpi.actuals.get(&year).ok_or(Missing::NoActual { year })?;
            let a = numeric(actual, Figure::Actual, year)?;
            let (ty, target) = target_for(kpi, year).ok_or(Missing::NoTarget { year })?;
            let t = numeric(target, Figure::Target, ty)?;
            if method == Method::Ratio {
                let (num, den) = if lower { (t, a) } else { (a, t) };
                if den == 0.0 {
                    let what = if lower {
                        Figure::Actual
                    } else {
                        Figure::Target
                    };
                    return Err(Missing::Zero { what });
                }
                Ok(Rate {
                    percent: num / den * 100.0,
                    formula: format!("{} ÷ {}", number(num), number(den)),
                    target_year: ty,
                })
            } else {
                let b = baseline_value(kpi)?;
                if t == b {
                    return Err(Missing::TargetEqualsBaseline);
                }
                Ok(Rate {
                    percent: (a - b) / (t - b) * 100.0,
                    formula: format!(
                        "({} − {}) ÷ ({} − {})",
                        number(a),
                        number(b),
                        number(t),
                        number(b)
                    ),
                    target_year: ty,
                })
            }
        }
    }
}

/// Σ of the numeric values of `series` from the period's start to `until`;
/// None when a year in range holds text.
pub(super) fn sum_in_period(
    plan: &Plan,
    series: &BTreeMap<Year, Datum>,
    until: Year,
) -> Option<f64> {
    series
        .range(plan.period[0]..=until)
        .map(|(_, d)| d.value.as_number())
        .sum()
}

pub fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    // `+ 0.0` turns -0.0 into 0.0, which would otherwise print as "-0".
    (x * f).round() / f + 0.0
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
}
