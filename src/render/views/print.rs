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
                for d in &ka.disagreements {
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
                            formula.clone(),
                        ),
                        Disagreement::Total { what, printed, sum } => (
                            if *what == Figure::Target {
                                "total_target"
                            } else {
                                "total_actual"
                            },
                            None,
                            number(*printed),
                            number(*sum),
                            if ja {
                                "年度別の値の合計".to_string()
                            } else {
                                "sum of the yearly figures".to_string()
                            },
                        ),
                    };
                    rows.push(AppendixRow {
                        number: &item.number,
                        title: &item.title,
                        anchor: format!("item-{}-item", item.slug),
                        kpi: &kpi.name,
                        what,
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
                    r.formula
                )
            }
            _ => {
                let year = ya.map_or(plan.report_year, |y| y.year);
                let fig = |d: Option<&Datum>| d.map_or("―".to_string(), |d| value(&d.value));
                let b = kpi
                    .baseline
                    .as_ref()
                    .map_or("―".to_string(), |b| value(&b.value));
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
