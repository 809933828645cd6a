//! What templates see: the model arranged per page, with display text
//! (years as the city writes them, numbers with separators) already made.
//! Templates stay simple and do not need to know the rules for either.

use std::collections::BTreeSet;

use serde_json::{json, Value as Json};

use super::format::{fiscal_year, number, value};
use crate::assess::{CityAssessment, ItemAssessment, KpiAssessment, PlanAssessment};
use crate::config::{Config, Level};
use crate::markdown;
use crate::model::{Category, City, Datum, Direction, Item, Kpi, Plan, Year, YearFormat, YearMap};

/// Everything a page needs to format years and resolve statuses.
pub struct Ctx<'a> {
    pub config: &'a Config,
}

impl Ctx<'_> {
    fn year_style(&self, plan: Option<&Plan>) -> YearFormat {
        plan.and_then(|p| p.year_format)
            .unwrap_or(self.config.year_format)
    }

    pub fn year(&self, plan: Option<&Plan>, y: Year) -> String {
        fiscal_year(y, self.year_style(plan), self.config.language)
    }

    fn md(&self, text: &str) -> String {
        markdown::to_html(text, self.config.allow_html)
    }

    fn level(&self, plan: &Plan, key: &str) -> Option<&Level> {
        self.config
            .scales
            .get(&plan.scale)
            .and_then(|s| s.level(key))
    }

    fn status(&self, plan: &Plan, year: Year, key: &str) -> Json {
        let level = self.level(plan, key);
        json!({
            "year": year,
            "year_text": self.year(Some(plan), year),
            "key": key,
            "label": level.map_or(key, |l| l.label.as_str()),
            "description": level.map_or("", |l| l.description.as_str()),
            "color": level.map_or("#595959", |l| l.color.as_str()),
        })
    }

    pub fn city_brief(&self, city: &City, root: &str) -> Json {
        json!({
            "slug": city.slug,
            "name": city.name,
            "prefecture": city.prefecture,
            "code": city.code,
            "url": format!("{root}{}/", city.slug),
        })
    }

    pub fn city_full(&self, city: &City, a: &CityAssessment, root: &str) -> Json {
        let mut v = self.city_brief(city, root);
        v["body_html"] = json!(self.md(&city.body));
        v["plans"] = city
            .plans
            .iter()
            .zip(&a.plans)
            .map(|(p, pa)| self.plan_brief(city, p, pa, root))
            .collect();
        v["summaries"] = a.summaries.iter().map(|s| self.summary(s)).collect();
        v
    }

    /// A status summary with the scale's name, for templates.
    fn summary(&self, s: &crate::assess::Summary) -> Json {
        let mut v = json!(s);
        v["scale_name"] = json!(self
            .config
            .scales
            .get(&s.scale)
            .map_or("", |sc| sc.name.as_str()));
        v
    }

    pub fn plan_brief(&self, city: &City, plan: &Plan, a: &PlanAssessment, root: &str) -> Json {
        let url = format!("{root}{}/{}/", city.slug, plan.slug);
        json!({
            "slug": plan.slug,
            "title": plan.title,
            "url": url,
            "period": plan.period,
            "period_text": format!("{}〜{}", self.year(Some(plan), plan.period[0]), self.year(Some(plan), plan.period[1])),
            "report_year": plan.report_year,
            "report_year_text": self.year(Some(plan), plan.report_year),
            "item_count": plan.items.len(),
            "kpi_count": plan.kpi_count(),
            "csv_url": format!("{url}data.csv"),
            "json_url": format!("{url}data.json"),
            "summary": self.summary(&a.summary),
        })
    }

    pub fn plan_full(&self, city: &City, plan: &Plan, a: &PlanAssessment, root: &str) -> Json {
        let mut v = self.plan_brief(city, plan, a, root);
        v["body_html"] = json!(self.md(&plan.body));
        v["notes"] = json!(plan.notes);
        v["source"] = json!(plan.source);
        v["category_levels"] = json!(plan.category_levels);
        v["categories"] = self.categories(plan, a, &plan.categories, 0);
        v["scale"] = match self.config.scales.get(&plan.scale) {
            Some(s) => {
                json!({ "key": s.key, "name": s.name, "description": s.description, "rule": s.rule, "levels": s.levels })
            }
            None => Json::Null,
        };
        v
    }

    fn categories(&self, plan: &Plan, a: &PlanAssessment, cats: &[Category], depth: usize) -> Json {
        cats.iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "title": c.title,
                    "level": plan.category_levels.get(depth),
                    "body_html": self.md(&c.body),
                    "item_count": plan.items.iter().filter(|i| i.category.as_deref().is_some_and(|id| c.contains(id))).count(),
                    "summary": a.categories.get(&c.id).map(|s| self.summary(s)),
                    "children": self.categories(plan, a, &c.children, depth + 1),
                })
            })
            .collect()
    }

    fn category_path(&self, plan: &Plan, item: &Item) -> Json {
        let Some(id) = &item.category else {
            return json!([]);
        };
        plan.category_path(id)
            .iter()
            .enumerate()
            .map(|(depth, c)| json!({ "id": c.id, "title": c.title, "level": plan.category_levels.get(depth) }))
            .collect()
    }

    /// A row of the plan's item table.
    pub fn item_row(
        &self,
        plan: &Plan,
        item: &Item,
        a: &ItemAssessment,
        root_of_plan: &str,
    ) -> Json {
        let latest = item
            .status
            .iter()
            .next_back()
            .map(|(y, k)| self.status(plan, *y, k));
        json!({
            "slug": item.slug,
            "number": item.number,
            "title": item.title,
            "url": format!("{root_of_plan}{}/", item.slug),
            "departments": item.departments,
            "category_path": self.category_path(plan, item),
            "status": latest,
            "computed": a.computed.as_ref().map(|k| self.status(plan, plan.report_year, k)),
            "disagrees": a.disagrees,
            "kpi_count": item.kpis.len(),
        })
    }

    pub fn item_full(&self, plan: &Plan, item: &Item, a: &ItemAssessment) -> Json {
        let mut v = self.item_row(plan, item, a, "../");
        v["status_history"] = item
            .status
            .iter()
            .map(|(y, k)| self.status(plan, *y, k))
            .collect();
        v["tags"] = json!(item.tags);
        v["details"] = json!(item.details);
        v["notes"] = json!(item.notes);
        let body = self.md(&item.body);
        // A narrative with its own sections needs no heading of ours above them.
        v["body_starts_with_heading"] = json!(body.starts_with("<h"));
        v["body_html"] = json!(body);
        v["kpis"] = item
            .kpis
            .iter()
            .zip(&a.kpis)
            .map(|(k, ka)| self.kpi(plan, k, ka))
            .collect();
        v["schedule"] = self.schedule(plan, item);
        v
    }

    fn cell(d: Option<&Datum>) -> Json {
        match d {
            Some(d) => json!({ "text": value(&d.value), "note": d.note }),
            None => json!({ "text": "", "note": null }),
        }
    }

    fn kpi(&self, plan: &Plan, k: &Kpi, a: &KpiAssessment) -> Json {
        let years: BTreeSet<Year> = k.targets.keys().chain(k.actuals.keys()).copied().collect();
        let direction = k.direction.unwrap_or(plan.direction);
        json!({
            "name": k.name,
            "unit": k.unit,
            "lower_is_better": direction == Direction::Lower,
            "baseline": k.baseline.as_ref().map(|b| json!({
                "year_text": b.year.map(|y| self.year(Some(plan), y)),
                "text": value(&b.value),
                "note": b.note,
            })),
            "years": years.iter().map(|y| json!({ "year": y, "text": self.year(Some(plan), *y) })).collect::<Vec<_>>(),
            "targets": years.iter().map(|y| Self::cell(k.targets.get(y))).collect::<Vec<_>>(),
            "totals": k.totals.as_ref().map(|t| json!({
                "target": Self::cell(t.target.as_ref()),
                "actual": Self::cell(t.actual.as_ref()),
            })),
            "actuals": years.iter().map(|y| Self::cell(k.actuals.get(y))).collect::<Vec<_>>(),
            "status_history": k.status.iter().map(|(y, s)| self.status(plan, *y, s)).collect::<Vec<_>>(),
            "reported_rate_text": k.reported_rate.map(|r| format!("{}%", number(r))),
            "assessment": self.kpi_assessment(plan, a),
            "notes": k.notes,
        })
    }

    fn kpi_assessment(&self, plan: &Plan, a: &KpiAssessment) -> Json {
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
        json!({
            "year_text": year(h.year),
            "method": method,
            "rate_text": h.rate.as_ref().map(|r| format!("{}%", number(crate::assess::round_to(r.percent, 2)))),
            "formula": h.rate.as_ref().map(|r| r.formula.clone()),
            "target_year_text": h.rate.as_ref().map(|r| year(r.target_year)),
            "rate_missing": h.rate_missing.as_ref().map(|m| m.describe(lang, &year)),
            "has_rule": has_rule,
            "computed": h.computed.as_ref().map(|k| self.status(plan, h.year, k)),
            "computed_missing": h.computed_missing.as_ref().map(|m| m.describe(lang, &year)),
            "reported": h.reported.as_ref().map(|k| self.status(plan, h.year, k)),
            "disagrees": h.disagrees,
            "rate_disagrees": a.rate_disagrees,
            "totals_disagree": a.totals_disagree,
        })
    }

    fn schedule(&self, plan: &Plan, item: &Item) -> Json {
        if item.actions.is_empty() {
            return Json::Null;
        }
        let mut years: BTreeSet<Year> = (plan.period[0]..=plan.period[1]).collect();
        for a in &item.actions {
            years.extend(a.plan.keys().chain(a.actual.keys()));
        }
        let row = |m: &YearMap<Datum>| {
            years
                .iter()
                .map(|y| Self::cell(m.get(y)))
                .collect::<Vec<_>>()
        };
        json!({
            "years": years.iter().map(|y| json!({ "year": y, "text": self.year(Some(plan), *y) })).collect::<Vec<_>>(),
            "actions": item.actions.iter().map(|a| json!({
                "title": a.title,
                "plan": row(&a.plan),
                "actual": row(&a.actual),
                "notes": a.notes,
            })).collect::<Vec<_>>(),
        })
    }
}
