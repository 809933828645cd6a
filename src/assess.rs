//! Assess: achievement rates, the statuses a scale's rule gives, the checks
//! of every reported figure against them, and status summaries.
//!
//! The city's reported grade stays the official one; what is computed here
//! stands beside it, and every disagreement becomes a warning at the line
//! that reported it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::config::{Condition, Config, Rule, Scale};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{
    serialize_number, Datum, Direction, Item, Kpi, Method, Plan, Pos, Site, Value, Year,
};
use crate::render::format::number;

/// Rates are compared with thresholds after rounding to this many decimals,
/// so that 99.99999999 from floating-point division counts as 100.
const RATE_DECIMALS: i32 = 9;

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
            (Figure::Actual, En) => "the actual",
            (Figure::Target, En) => "the target",
            (Figure::Baseline, En) => "the baseline",
            (Figure::SumOfActuals, En) => "the sum of actuals",
            (Figure::SumOfTargets, En) => "the sum of targets",
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

fn ser_number<S: serde::Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
    serialize_number(*n, s)
}

/// The assessment of one KPI for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct YearAssessment {
    pub year: Year,
    pub rate: Option<Rate>,
    /// Why there is no rate, when there is none.
    pub rate_missing: Option<Missing>,
    /// The level the scale's rule gives; None for manual scales or missing figures.
    pub computed: Option<String>,
    /// Why there is no computed status although the scale has a rule.
    pub computed_missing: Option<Missing>,
    /// The status the city reported (on the KPI, or on its item when the item has one KPI).
    pub reported: Option<String>,
    /// Reported and computed both exist and differ.
    pub disagrees: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiAssessment {
    pub method: Method,
    pub direction: Direction,
    /// The plan's report year first, then every other year with a reported status.
    pub years: Vec<YearAssessment>,
    /// Differences between what the city printed and what its figures give.
    pub disagreements: Vec<Disagreement>,
    /// The published rate differs from the computed one.
    pub rate_disagrees: bool,
    /// A printed total differs from the sum of the yearly figures.
    pub totals_disagree: bool,
}

/// One reported figure that the computation does not confirm.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Disagreement {
    Status {
        year: Year,
        reported: String,
        computed: String,
        /// The figures behind the computed status.
        figures: String,
    },
    Rate {
        year: Year,
        #[serde(serialize_with = "ser_number")]
        published: f64,
        #[serde(serialize_with = "ser_number")]
        computed: f64,
        formula: String,
    },
    Total {
        what: Figure,
        #[serde(serialize_with = "ser_number")]
        printed: f64,
        #[serde(serialize_with = "ser_number")]
        sum: f64,
    },
}

impl KpiAssessment {
    /// The assessment for the plan's report year.
    pub fn headline(&self) -> &YearAssessment {
        &self.years[0]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemAssessment {
    pub kpis: Vec<KpiAssessment>,
    /// The item's status for the report year: reported, and computed where it
    /// derives from the item's single KPI.
    pub reported: Option<String>,
    pub computed: Option<String>,
    pub disagrees: bool,
}

/// Count and share of each level among a set of items.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scale: String,
    /// Items counted (with or without a status).
    pub items: usize,
    pub reported: Tally,
    /// Present when the scale has a rule.
    pub computed: Option<Tally>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Tally {
    pub levels: Vec<LevelCount>,
    /// Items with a status of this kind.
    pub total: usize,
    /// Items without one.
    pub none: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub key: String,
    pub slug: String,
    pub label: String,
    pub color: String,
    pub count: usize,
    /// Per cent of `total`, one decimal, as reports print it.
    #[serde(serialize_with = "ser_number")]
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanAssessment {
    pub items: Vec<ItemAssessment>,
    pub summary: Summary,
    /// By category id, every level of the hierarchy.
    pub categories: BTreeMap<String, Summary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CityAssessment {
    pub plans: Vec<PlanAssessment>,
    /// One summary per scale the city's plans use, in order of first use.
    pub summaries: Vec<Summary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub cities: Vec<CityAssessment>,
}

impl Assessment {
    pub fn plan(&self, city: usize, plan: usize) -> &PlanAssessment {
        &self.cities[city].plans[plan]
    }
}

/// Assesses the whole site; disagreements are reported as warnings.
pub fn site(site: &Site, config: &Config, diags: &mut Diagnostics) -> Assessment {
    use rayon::prelude::*;
    // Cities on every core, each with its own findings, merged in site order
    // so that the report reads the same on any machine.
    let assessed: Vec<(CityAssessment, Diagnostics)> = site
        .cities
        .par_iter()
        .map(|city| {
            let mut found = Diagnostics::default();
            let plans: Vec<PlanAssessment> = city
                .plans
                .iter()
                .map(|p| plan(p, config, &mut found))
                .collect();
            let mut summaries: Vec<Summary> = Vec::new();
            for (p, a) in city.plans.iter().zip(&plans) {
                match summaries.iter_mut().find(|s| s.scale == p.scale) {
                    Some(s) => add_summary(s, &a.summary),
                    None => summaries.push(a.summary.clone()),
                }
            }
            for s in &mut summaries {
                recompute_shares(s);
            }
            (CityAssessment { plans, summaries }, found)
        })
        .collect();
    let mut cities = Vec::with_capacity(assessed.len());
    for (city, found) in assessed {
        diags.extend(found);
        cities.push(city);
    }
    Assessment { cities }
}

pub fn plan(plan: &Plan, config: &Config, diags: &mut Diagnostics) -> PlanAssessment {
    let scale = config.scales.get(&plan.scale);
    let items: Vec<ItemAssessment> = plan
        .items
        .iter()
        .map(|i| item(plan, scale, i, diags))
        .collect();
    let all: Vec<usize> = (0..plan.items.len()).collect();
    let summary = summarize(plan, scale, &items, &all);
    let mut categories = BTreeMap::new();
    for c in plan.all_categories() {
        let members: Vec<usize> = plan
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.category.as_deref().is_some_and(|id| c.contains(id)))
            .map(|(n, _)| n)
            .collect();
        categories.insert(c.id.clone(), summarize(plan, scale, &items, &members));
    }
    PlanAssessment {
        items,
        summary,
        categories,
    }
}

fn item(
    plan: &Plan,
    scale: Option<&Scale>,
    item: &Item,
    diags: &mut Diagnostics,
) -> ItemAssessment {
    // An item's grade derives from its KPI when it has exactly one.
    let single = item.kpis.len() == 1;
    let kpis: Vec<KpiAssessment> = item
        .kpis
        .iter()
        .enumerate()
        .map(|(n, k)| kpi(plan, scale, item, n, k, single, diags))
        .collect();
    let reported = item.status.get(&plan.report_year).cloned();
    let computed = if single {
        kpis[0].headline().computed.clone()
    } else {
        None
    };
    let disagrees = matches!((&reported, &computed), (Some(r), Some(c)) if r != c);
    ItemAssessment {
        kpis,
        reported,
        computed,
        disagrees,
    }
}

fn kpi(
    plan: &Plan,
    scale: Option<&Scale>,
    item: &Item,
    index: usize,
    kpi: &Kpi,
    single: bool,
    diags: &mut Diagnostics,
) -> KpiAssessment {
    let method = kpi.method.unwrap_or(plan.method);
    let direction = kpi.direction.unwrap_or(plan.direction);
    let mut years = vec![plan.report_year];
    let mut reported_years: BTreeSet<Year> = kpi.status.keys().copied().collect();
    if single {
        reported_years.extend(item.status.keys());
    }
    years.extend(
        reported_years
            .into_iter()
            .filter(|y| *y != plan.report_year),
    );
    let mut disagreements = Vec::new();
    let path = format!("kpis[{index}]");
    let years: Vec<YearAssessment> = years
        .into_iter()
        .map(|year| {
            let (reported, reported_pos, reported_path) = match kpi.status.get(&year) {
                Some(s) => (Some(s.clone()), kpi.status_pos.get(&year), format!("{path}.status.{year}")),
                None if single => (item.status.get(&year).cloned(), item.status_pos.get(&year), format!("status.{year}")),
                None => (None, None, String::new()),
            };
            let rate = rate(plan, kpi, method, direction, year);
            let (computed, computed_missing) = match scale.and_then(|s| s.rule.map(|r| (s, r))) {
                None => (None, None),
                Some((s, Rule::Rate)) => match &rate {
                    Ok(r) => (rate_level(s, r.percent), None),
                    Err(why) => (None, Some(why.clone())),
                },
                Some((s, Rule::Compare)) => match compare(kpi, direction, year) {
                    Ok(c) => (s.levels.iter().find(|l| l.when == Some(c)).map(|l| l.key.clone()), None),
                    Err(why) => (None, Some(why)),
                },
            };
            let disagrees = matches!((&reported, &computed), (Some(r), Some(c)) if r != c);
            if disagrees {
                let fy = fy(plan, year);
                let rule = scale.and_then(|s| s.rule).unwrap_or(Rule::Rate);
                let figures = explain(rule, kpi, method, direction, year, &rate);
                let msg = format!(
                    "{reported_path}: reported \"{}\" for {fy}, but the rule of the scale \"{}\" gives \"{}\" ({figures})",
                    reported.as_deref().unwrap_or_default(),
                    plan.scale,
                    computed.as_deref().unwrap_or_default(),
                );
                disagreements.push(Disagreement::Status {
                    year,
                    reported: reported.clone().unwrap_or_default(),
                    computed: computed.clone().unwrap_or_default(),
                    figures,
                });
                if let Some(pos) = reported_pos {
                    warn(diags, pos, msg);
                }
            }
            let (rate, rate_missing) = match rate {
                Ok(r) => (Some(r), None),
                Err(why) => (None, Some(why)),
            };
            YearAssessment { year, rate, rate_missing, computed, computed_missing, reported, disagrees }
        })
        .collect();

    let (mut rate_disagrees, mut totals_disagree) = (false, false);
    // The rate the city published, to the precision it printed.
    if let (Some(published), Some(pos)) = (kpi.reported_rate, &kpi.reported_rate_pos) {
        match &years[0].rate {
            Some(r) if !same_at_precision(published, r.percent) => {
                let msg = format!(
                    "{path}.reported_rate: the city published {}%, but the figures give {}% ({} by the {} method, {})",
                    number(published),
                    round_to(r.percent, 2),
                    r.formula,
                    method_name(method),
                    fy(plan, plan.report_year),
                );
                disagreements.push(Disagreement::Rate {
                    year: plan.report_year,
                    published,
                    computed: round_to(r.percent, 2),
                    formula: r.formula.clone(),
                });
                warn(diags, pos, msg);
                rate_disagrees = true;
            }
            _ => {}
        }
    }
    // Totals (合計) the city printed against the sums of its yearly figures.
    if let (Some(totals), Some(pos)) = (&kpi.totals, &kpi.totals_pos) {
        for (what, printed, series) in [
            ("target", &totals.target, &kpi.targets),
            ("actual", &totals.actual, &kpi.actuals),
        ] {
            let Some(Value::Number(printed)) = printed.as_ref().map(|d| &d.value) else {
                continue;
            };
            let Some(sum) = sum_in_period(plan, series, plan.period[1]) else {
                continue;
            };
            if !same_at_precision(*printed, sum) {
                let msg = format!(
                    "{path}.totals.{what}: the printed total is {}, but the yearly figures add up to {}",
                    number(*printed),
                    number(round_to(sum, 6))
                );
                disagreements.push(Disagreement::Total {
                    what: if what == "target" {
                        Figure::Target
                    } else {
                        Figure::Actual
                    },
                    printed: *printed,
                    sum: round_to(sum, 6),
                });
                warn(diags, pos, msg);
                totals_disagree = true;
            }
        }
    }
    KpiAssessment {
        method,
        direction,
        years,
        disagreements,
        rate_disagrees,
        totals_disagree,
    }
}

fn warn(diags: &mut Diagnostics, pos: &Pos, message: String) {
    let mut d = Diagnostic::warning(pos.location(), message);
    d.disagreement = true;
    diags.push(d);
}

fn method_name(m: Method) -> &'static str {
    match m {
        Method::Ratio => "ratio",
        Method::Progress => "progress",
        Method::Cumulative => "cumulative",
    }
}

/// The figures behind a computed status, for the message that questions a reported one.
fn explain(
    rule: Rule,
    kpi: &Kpi,
    method: Method,
    direction: Direction,
    year: Year,
    rate: &Result<Rate, Missing>,
) -> String {
    let dir = if direction == Direction::Lower {
        ", lower is better"
    } else {
        ""
    };
    match (rule, rate) {
        (Rule::Rate, Ok(r)) => format!(
            "{} rate {}% = {}{dir}",
            method_name(method),
            round_to(r.percent, 2),
            r.formula
        ),
        _ => {
            let fig = |d: Option<&Datum>| {
                d.map_or("none".to_string(), |d| {
                    crate::render::format::value(&d.value)
                })
            };
            format!(
                "baseline {}, target {}, actual {}{dir}",
                kpi.baseline
                    .as_ref()
                    .map_or("none".to_string(), |b| crate::render::format::value(
                        &b.value
                    )),
                fig(target_for(kpi, year).map(|(_, d)| d)),
                fig(kpi.actuals.get(&year))
            )
        }
    }
}

/// The target a year is measured against: that year's, or, where the plan
/// sets none for it, the next one after it (the goal the year works towards).
pub fn target_for(kpi: &Kpi, year: Year) -> Option<(Year, &Datum)> {
    kpi.targets.range(year..).next().map(|(y, d)| (*y, d))
}

/// Years in messages are Western, as in content files.
fn fy(_plan: &Plan, year: Year) -> String {
    format!("FY{year}")
}

fn numeric(d: &Datum, what: Figure, year: Year) -> Result<f64, Missing> {
    match &d.value {
        Value::Number(n) => Ok(*n),
        Value::Text(t) => Err(Missing::Text {
            what,
            year: Some(year),
            text: t.clone(),
        }),
    }
}

fn baseline_value(kpi: &Kpi) -> Result<f64, Missing> {
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
fn sum_in_period(plan: &Plan, series: &BTreeMap<Year, Datum>, until: Year) -> Option<f64> {
    series
        .range(plan.period[0]..=until)
        .map(|(_, d)| d.value.as_number())
        .sum()
}

/// The level of a `rate` rule: the first whose minimum the rate reaches.
fn rate_level(scale: &Scale, percent: f64) -> Option<String> {
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

pub fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    // `+ 0.0` turns -0.0 into 0.0, which would otherwise print as "-0".
    (x * f).round() / f + 0.0
}

/// Whether `computed` rounds to `published` at the precision it was printed with.
fn same_at_precision(published: f64, computed: f64) -> bool {
    let text = crate::content::reader::fmt_number(published);
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
    round_to(computed, decimals) == round_to(published, decimals)
}

fn summarize(
    plan: &Plan,
    scale: Option<&Scale>,
    items: &[ItemAssessment],
    members: &[usize],
) -> Summary {
    let tally = |pick: &dyn Fn(&ItemAssessment) -> Option<&String>| {
        let mut t = Tally::default();
        if let Some(scale) = scale {
            for level in &scale.levels {
                let count = members
                    .iter()
                    .filter(|&&i| pick(&items[i]) == Some(&level.key))
                    .count();
                t.levels.push(LevelCount {
                    key: level.key.clone(),
                    slug: level.slug.clone(),
                    label: level.label.clone(),
                    color: level.color.clone(),
                    count,
                    share: 0.0,
                });
            }
        }
        t.total = t.levels.iter().map(|l| l.count).sum();
        t.none = members.len() - t.total;
        t
    };
    let mut s = Summary {
        scale: plan.scale.clone(),
        items: members.len(),
        reported: tally(&|a: &ItemAssessment| a.reported.as_ref()),
        computed: scale
            .and_then(|s| s.rule)
            .map(|_| tally(&|a: &ItemAssessment| a.computed.as_ref())),
    };
    recompute_shares(&mut s);
    s
}

fn add_summary(into: &mut Summary, from: &Summary) {
    into.items += from.items;
    add_tally(&mut into.reported, &from.reported);
    match (&mut into.computed, &from.computed) {
        (Some(a), Some(b)) => add_tally(a, b),
        (None, Some(b)) => into.computed = Some(b.clone()),
        _ => {}
    }
}

fn add_tally(into: &mut Tally, from: &Tally) {
    for (a, b) in into.levels.iter_mut().zip(&from.levels) {
        a.count += b.count;
    }
    into.total += from.total;
    into.none += from.none;
}

fn recompute_shares(s: &mut Summary) {
    for t in std::iter::once(&mut s.reported).chain(s.computed.as_mut()) {
        for l in &mut t.levels {
            l.share = if t.total == 0 {
                0.0
            } else {
                round_to(l.count as f64 / t.total as f64 * 100.0, 1)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::model::{Baseline, Totals};

    fn pos() -> Pos {
        Pos {
            file: SourceFile::new("t.md".into(), String::new()),
            range: 0..0,
        }
    }

    fn n(v: f64) -> Datum {
        Datum {
            value: Value::Number(v),
            note: None,
        }
    }

    fn kpi(baseline: Option<f64>, targets: &[(Year, f64)], actuals: &[(Year, f64)]) -> Kpi {
        Kpi {
            name: "k".into(),
            unit: None,
            direction: None,
            method: None,
            baseline: baseline.map(|v| Baseline {
                year: Some(2017),
                value: Value::Number(v),
                note: None,
            }),
            targets: targets.iter().map(|(y, v)| (*y, n(*v))).collect(),
            actuals: actuals.iter().map(|(y, v)| (*y, n(*v))).collect(),
            totals: None::<Totals>,
            status: BTreeMap::new(),
            reported_rate: None,
            notes: vec![],
            pos: pos(),
            status_pos: BTreeMap::new(),
            reported_rate_pos: None,
            totals_pos: None,
        }
    }

    fn plan() -> Plan {
        Plan {
            slug: "p".into(),
            title: "p".into(),
            period: [2019, 2023],
            report_year: 2023,
            scale: "s".into(),
            method: Method::Ratio,
            direction: Direction::Higher,
            year_format: None,
            category_levels: vec![],
            categories: vec![],
            source: None,
            issued: None,
            notes: vec![],
            body: String::new(),
            items: vec![],
            pos: pos(),
            scale_pos: pos(),
        }
    }

    fn pct(r: Result<Rate, Missing>, decimals: i32) -> f64 {
        round_to(r.expect("a rate").percent, decimals)
    }

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

    #[test]
    fn published_figures_compare_at_their_own_precision() {
        assert!(same_at_precision(91.24, 91.24000000001));
        assert!(same_at_precision(65.6, 65.6043));
        assert!(same_at_precision(88.2, 88.2333));
        assert!(!same_at_precision(294.34, 137.91));
        assert!(!same_at_precision(88.2, 88.26));
    }
}
