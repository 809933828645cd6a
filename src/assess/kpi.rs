//! One KPI assessed for each year that needs it, and every figure the city
//! reported (status, published rate, totals) checked against the computation.

use std::collections::BTreeSet;

use super::rate::{fy, method_name, rate, round_to, sum_in_period};
use super::rule::{compare, explain, formula_ja, rate_level};
use super::{Disagreement, Figure, KpiAssessment, YearAssessment};
use crate::config::{Rule, Scale};
use crate::diagnostics::{Diagnostic, Diagnostics, Text};
use crate::model::{Item, Kpi, Plan, Pos, Value, Year};
use crate::render::format::number;
use crate::tr;

/// The KPI's rates and statuses for the report year and every year with a
/// reported status; `single`: the KPI is its item's only one, so the item's
/// status is its status too.
pub(super) fn assess(
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
                let (said, scale, gives) = (
                    reported.as_deref().unwrap_or_default(),
                    &plan.scale,
                    computed.as_deref().unwrap_or_default(),
                );
                let (figures_ja, figures_en) = (&figures.ja, &figures.en);
                let msg = tr!(
                    "{reported_path}: {year}年度の評価は \"{said}\" と報告されていますが、評価の区分 \"{scale}\" の基準では \"{gives}\" になります({figures_ja})",
                    "{reported_path}: reported \"{said}\" for {fy}, but the rule of the scale \"{scale}\" gives \"{gives}\" ({figures_en})"
                );
                let figures = figures.en;
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
                let (published_text, computed) = (number(published), round_to(r.percent, 2));
                let (formula_en, formula_ja) = (&r.formula.en, formula_ja(&r.formula));
                let (name, fy, year) = (
                    method_name(method),
                    fy(plan, plan.report_year),
                    plan.report_year,
                );
                let msg = tr!(
                    "{path}.reported_rate: 市の公表値は {published_text}% ですが、数値から算出すると {computed}% です({name} 方式で {formula_ja}、{year}年度)",
                    "{path}.reported_rate: the city published {published_text}%, but the figures give {computed}% ({formula_en} by the {name} method, {fy})"
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
                let (printed_text, sum_text) = (number(*printed), number(round_to(sum, 6)));
                let msg = tr!(
                    "{path}.totals.{what}: 記載された合計は {printed_text} ですが、年度ごとの値を合計すると {sum_text} です",
                    "{path}.totals.{what}: the printed total is {printed_text}, but the yearly figures add up to {sum_text}"
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

fn warn(diags: &mut Diagnostics, pos: &Pos, message: Text) {
    let mut d = Diagnostic::warning(pos.location(), message);
    d.disagreement = true;
    diags.push(d);
}

/// Whether `computed` rounds to `published` at the precision it was printed with.
fn same_at_precision(published: f64, computed: f64) -> bool {
    let text = crate::content::reader::fmt_number(published);
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
    round_to(computed, decimals) == round_to(published, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_figures_compare_at_their_own_precision() {
        assert!(same_at_precision(91.24, 91.24000000001));
        assert!(same_at_precision(65.6, 65.6043));
        assert!(same_at_precision(88.2, 88.2333));
        assert!(!same_at_precision(294.34, 137.91));
        assert!(!same_at_precision(88.2, 88.26));
    }
}
