//! The print view's review appendix: every reported figure the computation
//! does not confirm, with what the computation rests on.

use serde::Serialize;

use super::Ctx;
use crate::assess::{KpiAssessment, PlanAssessment};
use crate::model::{Datum, Kpi, Plan};
use crate::render::format::{number, value};

/// A row of the print view's review appendix.
#[derive(Serialize)]
pub struct AppendixRow<'a> {
    number: &'a str,
    title: &'a str,
    anchor: String,
    kpi: &'a str,
    what: &'static str,
    year: Option<crate::model::Year>,
    year_text: Option<String>,
    reported: String,
    computed: String,
    basis: String,
}

impl<'a> Ctx<'a> {
    /// The print view's review appendix: every disagreement, in the page's language.
    pub fn appendix(&self, plan: &'a Plan, a: &'a PlanAssessment) -> Vec<AppendixRow<'a>> {
        use crate::assess::{Disagreement, Figure};
        let ja = self.config.language == crate::config::Language::Ja;
        let label = |key: &str| {
            self.level(plan, key)
                .map_or(key.to_string(), |l| l.label.clone())
        };
        let mut rows = Vec::new();
        for (item, ia) in plan.items.iter().zip(&a.items) {
            for (kpi, ka) in item.kpis.iter().zip(&ia.kpis) {
                // A KPI's rows in year order (the assessment lists the report
                // year first), totals after the years.
                let mut found: Vec<_> = ka.disagreements.iter().collect();
                found.sort_by_key(|d| match d {
                    Disagreement::Status { year, .. } | Disagreement::Rate { year, .. } => {
                        (0, *year)
                    }
                    Disagreement::Total { .. } => (1, 0),
                });
                for d in found {
                    let (what, year, reported, computed, basis) = match d {
                        Disagreement::Status {
                            year,
                            reported,
                            computed,
                            ..
                        } => {
                            let ya = ka.years.iter().find(|y| y.year == *year);
                            let basis = self.status_basis(plan, kpi, ka, ya);
                            (
                                "status",
                                Some(*year),
                                label(reported),
                                label(computed),
                                basis,
                            )
                        }
                        Disagreement::Rate {
                            year,
                            published,
                            computed,
                            formula,
                        } => (
                            "rate",
                            Some(*year),
                            format!("{}%", number(*published)),
                            format!("{}%", number(*computed)),
                            self.formula_with_notes(plan, kpi, ka.method, *year, formula),
                        ),
                        Disagreement::Total { what, printed, sum } => {
                            let (what, total) = match (what, kpi.totals.as_ref()) {
                                (Figure::Target, t) => {
                                    ("total_target", t.and_then(|t| t.target.as_ref()))
                                }
                                (_, t) => ("total_actual", t.and_then(|t| t.actual.as_ref())),
                            };
                            (
                                what,
                                None,
                                self.with_note(
                                    number(*printed),
                                    total.and_then(|d| d.note.as_ref()),
                                ),
                                number(*sum),
                                if ja {
                                    "年度別の値の合計".to_string()
                                } else {
                                    "sum of the yearly figures".to_string()
                                },
                            )
                        }
                    };
                    rows.push(AppendixRow {
                        number: &item.number,
                        title: &item.title,
                        anchor: format!("item-{}-item", item.slug),
                        kpi: &kpi.name,
                        what,
                        year,
                        year_text: year.map(|y| self.year(Some(plan), y)),
                        reported,
                        computed,
                        basis,
                    });
                }
            }
        }
        rows
    }

    /// The figures a computed status rests on, in the page's language.
    fn status_basis(
        &self,
        plan: &Plan,
        kpi: &Kpi,
        ka: &KpiAssessment,
        ya: Option<&crate::assess::YearAssessment>,
    ) -> String {
        let ja = self.config.language == crate::config::Language::Ja;
        let rule = self.config.scales.get(&plan.scale).and_then(|s| s.rule);
        let t = crate::i18n::strings(self.config.language);
        let year = ya.map_or(plan.report_year, |y| y.year);
        match (rule, ya.and_then(|y| y.rate.as_ref())) {
            (Some(crate::config::Rule::Rate), Some(r)) => {
                let method = match ka.method {
                    crate::model::Method::Ratio => t["method_ratio"],
                    crate::model::Method::Progress => t["method_progress"],
                    crate::model::Method::Cumulative => t["method_cumulative"],
                };
                format!(
                    "{method}: {}% = {}",
                    number(crate::assess::round_to(r.percent, 2)),
                    self.formula_with_notes(plan, kpi, ka.method, year, &r.formula)
                )
            }
            _ => {
                let fig = |d: Option<&Datum>| {
                    d.map_or("―".to_string(), |d| {
                        self.with_note(value(&d.value), d.note.as_ref())
                    })
                };
                let b = kpi.baseline.as_ref().map_or("―".to_string(), |b| {
                    self.with_note(value(&b.value), b.note.as_ref())
                });
                let tg = fig(crate::assess::target_for(kpi, year).map(|(_, d)| d));
                let ac = fig(kpi.actuals.get(&year));
                if ja {
                    format!("基準値 {b}、目標値 {tg}、実績値 {ac}")
                } else {
                    format!("baseline {b}, target {tg}, actual {ac}")
                }
            }
        }
    }
}
