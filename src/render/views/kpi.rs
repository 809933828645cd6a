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
    /// The table with a column per year would not fit a desktop's text
    /// column: show it one year a row at every width (see `too_wide`).
    wide: bool,
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
        let mut view = KpiView {
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
            wide: false,
        };
        view.wide = too_wide(&view);
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

/// The widest the years-as-columns table may be, in ems of its 15 px text:
/// the page's text column is 72rem less 2rem of padding, 1,120 px, 74.7 em;
/// this leaves room for the estimate being short.
const TABLE_EMS: f32 = 66.0;

/// Whether the KPI's table with a column per year would be wider than a
/// desktop's text column, estimated from its texts (digits, commas and
/// Latin letters about 0.6 em, the rest 1 em, cells 1 em of padding and
/// borders). Ten years of ten-digit yen do not fit; such a KPI is shown one
/// year a row at every width, as on a phone, rather than scrolling sideways.
fn too_wide(k: &KpiView) -> bool {
    let ems = |s: &str| -> f32 {
        s.chars()
            .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
            .sum::<f32>()
    };
    let cell = |c: &Cell| ems(&c.text).max(c.note.map_or(0.0, |n| ems(n) + 2.0));
    // 基準値 or Baseline, and the baseline's year beside it.
    let labels = 5.0
        + k.baseline
            .as_ref()
            .and_then(|b| b.year_text.as_deref())
            .map_or(0.0, |y| ems(y) + 0.5);
    let years: f32 = k
        .years
        .iter()
        .zip(k.targets.iter().zip(&k.actuals))
        .map(|(y, (t, a))| ems(&y.text).max(cell(t)).max(cell(a)) + 1.0)
        .sum();
    let totals = k
        .totals
        .as_ref()
        .map_or(0.0, |t| cell(&t.target).max(cell(&t.actual)) + 1.0);
    labels + 1.0 + years + totals > TABLE_EMS
}
