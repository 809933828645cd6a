//! Why a rate or a computed status cannot be given, in the interface language.

use serde::Serialize;

use crate::model::Year;

/// Why a rate or a computed status cannot be given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Missing {
    NoActual {
        year: Year,
    },
    NoTarget {
        year: Year,
    },
    NoTargetInPeriod {
        from: Year,
        to: Year,
    },
    Text {
        what: Figure,
        year: Option<Year>,
        text: String,
    },
    Zero {
        what: Figure,
    },
    /// The divisor is not 0 but so close to it, beside the other figures,
    /// that the rate would be out of range (a target of 5e-324).
    NearZero {
        what: Figure,
    },
    NoBaseline,
    TargetEqualsBaseline,
}

/// Which figure a reason speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Actual,
    Target,
    Baseline,
    SumOfActuals,
    SumOfTargets,
    TargetMinusBaseline,
}

impl Missing {
    /// The reason in the interface language; years as the page prints them.
    pub fn describe(&self, lang: crate::config::Language, year: &dyn Fn(Year) -> String) -> String {
        use crate::config::Language::{En, Ja};
        let fig = |f: Figure| match (f, lang) {
            (Figure::Actual, Ja) => "実績値",
            (Figure::Target, Ja) => "目標値",
            (Figure::Baseline, Ja) => "基準値",
            (Figure::SumOfActuals, Ja) => "実績値の合計",
            (Figure::SumOfTargets, Ja) => "目標値の合計",
            (Figure::TargetMinusBaseline, Ja) => "目標値と基準値の差",
            (Figure::Actual, En) => "the actual",
            (Figure::Target, En) => "the target",
            (Figure::Baseline, En) => "the baseline",
            (Figure::SumOfActuals, En) => "the sum of actuals",
            (Figure::SumOfTargets, En) => "the sum of targets",
            (Figure::TargetMinusBaseline, En) => {
                "the difference between the target and the baseline"
            }
        };
        match (self, lang) {
            (Missing::NoActual { year: y }, Ja) => format!("{}の実績値がありません", year(*y)),
            (Missing::NoActual { year: y }, En) => format!("there is no actual for {}", year(*y)),
            (Missing::NoTarget { year: y }, Ja) => format!("{}以降の目標値がありません", year(*y)),
            (Missing::NoTarget { year: y }, En) => {
                format!("there is no target for {} or later", year(*y))
            }
            (Missing::NoTargetInPeriod { from, to }, Ja) => {
                format!("{}から{}までの目標値がありません", year(*from), year(*to))
            }
            (Missing::NoTargetInPeriod { from, to }, En) => {
                format!("there is no target from {} to {}", year(*from), year(*to))
            }
            (
                Missing::Text {
                    what,
                    year: y,
                    text,
                },
                Ja,
            ) => match y {
                Some(y) => format!(
                    "{}の{}が数値ではありません(「{text}」)",
                    year(*y),
                    fig(*what)
                ),
                None => format!("{}が数値ではありません(「{text}」)", fig(*what)),
            },
            (
                Missing::Text {
                    what,
                    year: y,
                    text,
                },
                En,
            ) => match y {
                Some(y) => format!("{} for {} is text (\"{text}\")", fig(*what), year(*y)),
                None => format!("{} is text (\"{text}\")", fig(*what)),
            },
            (Missing::Zero { what }, Ja) => format!("{}が0のため算出できません", fig(*what)),
            (Missing::Zero { what }, En) => {
                format!("{} is 0, so the rate is undefined", fig(*what))
            }
            (Missing::NearZero { what }, Ja) => {
                format!(
                    "{}が0に近すぎるため、達成率が算出できる範囲を超えます",
                    fig(*what)
                )
            }
            (Missing::NearZero { what }, En) => {
                format!(
                    "{} is so close to 0 that the rate is out of range",
                    fig(*what)
                )
            }
            (Missing::NoBaseline, Ja) => "基準値がありません".to_string(),
            (Missing::NoBaseline, En) => "there is no baseline".to_string(),
            (Missing::TargetEqualsBaseline, Ja) => {
                "目標値が基準値と同じため、進捗率は算出できません".to_string()
            }
            (Missing::TargetEqualsBaseline, En) => {
                "the target equals the baseline, so the progress rate is undefined".to_string()
            }
        }
    }

    /// For messages of `check` and `build`.
    pub fn english(&self) -> String {
        self.describe(crate::config::Language::En, &|y| format!("FY{y}"))
    }
}
