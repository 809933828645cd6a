//! A KPI in full: its table of figures, its chart and how its status is
//! computed.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Cell, Ctx, Status, YearText};
use crate::assess::KpiAssessment;
use crate::model::{Direction, Kpi, Plan, Year};
use crate::render::format::{number, value};

/// One KPI in full, for `partials/kpi.html`.
#[derive(Serialize)]
pub struct KpiView<'a> {
    pub(super) name: &'a str,
    pub(super) unit: &'a Option<String>,
    lower_is_better: bool,
    baseline: Option<BaselineView<'a>>,
    years: Vec<YearText>,
    targets: Vec<Cell<'a>>,
    totals: Option<TotalsView<'a>>,
    actuals: Vec<Cell<'a>>,
    status_history: Vec<Status<'a>>,
    reported_rate_text: Option<String>,
    assessment: KpiAssessmentView<'a>,
    chart: Option<ChartRef>,
    pub(super) id: String,
    notes: &'a [String],
}

#[derive(Serialize)]
struct BaselineView<'a> {
    year_text: Option<String>,
    text: String,
    note: &'a Option<String>,
}

#[derive(Serialize)]
struct TotalsView<'a> {
    target: Cell<'a>,
    actual: Cell<'a>,
}

/// The page shows the chart through a slot (see render/slots.rs); the
/// legend lists only what the chart draws.
#[derive(Serialize)]
struct ChartRef {
    id: String,
    svg: String,
    targets: bool,
    actuals: bool,
    noted_actuals: bool,
    baseline: bool,
}

#[derive(Serialize)]
struct KpiAssessmentView<'a> {
    year_text: String,
    method: &'static str,
    rate_text: Option<String>,
    formula: Option<String>,
    target_year_text: Option<String>,
    rate_missing: Option<String>,
    has_rule: bool,
    computed: Option<Status<'a>>,
    computed_missing: Option<String>,
    reported: Option<Status<'a>>,
    disagrees: bool,
    rate_disagrees: bool,
    totals_disagree: bool,
}

impl<'a> Ctx<'a> {
    /// The KPI's view and, when it has a chart, what to draw it from.
    pub(super) fn kpi(
        &self,
        plan: &'a Plan,
        k: &'a Kpi,
        a: &'a KpiAssessment,
        id: &str,
    ) -> (KpiView<'a>, Option<crate::chart::Drawing>) {
        let years: BTreeSet<Year> = k.targets.keys().chain(k.actuals.keys()).copied().collect();
        let direction = k.direction.unwrap_or(plan.direction);
        let chart = crate::chart::Series::of(k)
            .filter(|_| self.config.charts)
            .map(|series| crate::chart::Drawing {
                id: format!("{id}-chart"),
                title: k.name.clone(),
                unit: k.unit.clone(),
                years: years
                    .iter()
                    .map(|y| (*y, self.year(Some(plan), *y)))
                    .collect(),
                series,
                direction,
                report_year: plan.report_year,
                language: self.config.language,
            });
        let view = KpiView {
            name: &k.name,
            unit: &k.unit,
            lower_is_better: direction == Direction::Lower,
            baseline: k.baseline.as_ref().map(|b| BaselineView {
                year_text: b.year.map(|y| self.year(Some(plan), y)),
                text: value(&b.value),
                note: &b.note,
            }),
            years: self.year_texts(plan, &years),
            targets: years.iter().map(|y| Self::cell(k.targets.get(y))).collect(),
            totals: k.totals.as_ref().map(|t| TotalsView {
                target: Self::cell(t.target.as_ref()),
                actual: Self::cell(t.actual.as_ref()),
            }),
            actuals: years.iter().map(|y| Self::cell(k.actuals.get(y))).collect(),
            status_history: k
                .status
                .iter()
                .map(|(y, s)| self.status(plan, *y, s))
                .collect(),
            reported_rate_text: k.reported_rate.map(|r| format!("{}%", number(r))),
            assessment: self.kpi_assessment(plan, k, a),
            chart: chart.as_ref().map(|c| ChartRef {
                id: c.id.clone(),
                svg: crate::render::slots::marker(&c.id),
                targets: !c.series.targets.is_empty(),
                actuals: c.series.actuals.iter().any(|p| p.note.is_none()),
                noted_actuals: c.series.has_noted_actuals(),
                baseline: c.series.baseline.is_some(),
            }),
            id: id.to_string(),
            notes: &k.notes,
        };
        (view, chart)
    }

    fn kpi_assessment(&self, plan: &Plan, k: &Kpi, a: &'a KpiAssessment) -> KpiAssessmentView<'a> {
        let h = a.headline();
        let year = |y| self.year(Some(plan), y);
        let lang = self.config.language;
        let has_rule = self
            .config
            .scales
            .get(&plan.scale)
            .is_some_and(|s| s.rule.is_some());
        let method = match a.method {
            crate::model::Method::Ratio => "method_ratio",
            crate::model::Method::Progress => "method_progress",
            crate::model::Method::Cumulative => "method_cumulative",
        };
        KpiAssessmentView {
            year_text: year(h.year),
            method,
            rate_text: h
                .rate
                .as_ref()
                .map(|r| format!("{}%", number(crate::assess::round_to(r.percent, 2)))),
            formula: h
                .rate
                .as_ref()
                .map(|r| self.formula_with_notes(plan, k, a.method, h.year, &r.formula)),
            target_year_text: h.rate.as_ref().map(|r| year(r.target_year)),
            rate_missing: h.rate_missing.as_ref().map(|m| m.describe(lang, &year)),
            has_rule,
            computed: h.computed.as_ref().map(|k| self.status(plan, h.year, k)),
            computed_missing: h.computed_missing.as_ref().map(|m| m.describe(lang, &year)),
            reported: h.reported.as_ref().map(|k| self.status(plan, h.year, k)),
            disagrees: h.disagrees,
            rate_disagrees: a.rate_disagrees,
            totals_disagree: a.totals_disagree,
        }
    }
}
