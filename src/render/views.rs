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

    /// Between the two ends of a range of years.
    fn range_sep(&self) -> &'static str {
        if self.config.language == crate::config::Language::Ja {
            "〜"
        } else {
            " – "
        }
    }

    /// Between the entries of a list run into a sentence.
    fn list_sep(&self) -> &'static str {
        if self.config.language == crate::config::Language::Ja {
            "、"
        } else {
            ", "
        }
    }

    fn md(&self, text: &str) -> String {
        markdown::to_html(text, self.config.allow_html)
    }

    fn md_shifted(&self, text: &str, shift: usize) -> String {
        markdown::to_html_shifted(text, self.config.allow_html, shift)
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
            "period_text": format!("{}{}{}", self.year(Some(plan), plan.period[0]), self.range_sep(), self.year(Some(plan), plan.period[1])),
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
        v["category_list"] = self.category_list(plan, a);
        let departments: BTreeSet<&str> = plan
            .items
            .iter()
            .flat_map(|i| i.departments.iter().map(String::as_str))
            .collect();
        v["departments"] = json!(departments);
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

    /// The hierarchy in reading order with each category's depth, so that
    /// templates can render any depth without recursion.
    fn category_list(&self, plan: &Plan, a: &PlanAssessment) -> Json {
        fn walk<'a>(cats: &'a [Category], depth: usize, out: &mut Vec<(usize, &'a Category)>) {
            for c in cats {
                out.push((depth, c));
                walk(&c.children, depth + 1, out);
            }
        }
        let mut flat = Vec::new();
        walk(&plan.categories, 0, &mut flat);
        flat.iter()
            .map(|(depth, c)| {
                json!({
                    "id": c.id,
                    "title": c.title,
                    "depth": depth,
                    // h3 for the top level, down to h6 at most.
                    "heading": (3 + depth).min(6),
                    "level": plan.category_levels.get(*depth),
                    "indent": "　".repeat(*depth),
                    "body_html": self.md(&c.body),
                    "summary": a.categories.get(&c.id).map(|s| self.summary(s)),
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
        // Filters work on the report year's status, as the summary counts it.
        let status_slug = a
            .reported
            .as_ref()
            .and_then(|k| self.level(plan, k))
            .map_or(crate::config::NO_STATUS_SLUG, |l| l.slug.as_str());
        let headline = item.kpis.first().map(|k| {
            let actual = k.actuals.iter().next_back();
            let target = actual
                .and_then(|(y, _)| crate::assess::target_for(k, *y))
                .or_else(|| k.targets.iter().next_back().map(|(y, d)| (*y, d)));
            json!({
                "name": k.name,
                "unit": k.unit,
                "actual": actual.map(|(_, d)| value(&d.value)),
                "actual_year_text": actual.map(|(y, _)| self.year(Some(plan), *y)),
                "target": target.map(|(_, d)| value(&d.value)),
                "target_year_text": target.map(|(y, _)| self.year(Some(plan), y)),
            })
        });
        json!({
            "slug": item.slug,
            "number": item.number,
            "title": item.title,
            "url": format!("{root_of_plan}{}/", item.slug),
            "departments": item.departments,
            "departments_text": item.departments.join(self.list_sep()),
            "category_path": self.category_path(plan, item),
            "category_ids": plan.category_path(item.category.as_deref().unwrap_or_default()).iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(" "),
            "status": latest,
            "status_slug": status_slug,
            "headline": headline,
            "computed": a.computed.as_ref().map(|k| self.status(plan, plan.report_year, k)),
            "disagrees": a.disagrees,
            "kpi_count": item.kpis.len(),
        })
    }

    /// `ids` prefixes the element ids of the item, unique when several items
    /// share a page; `plan_dir` is the plan's path from the site root.
    pub fn item_full(
        &self,
        plan: &Plan,
        item: &Item,
        a: &ItemAssessment,
        ids: &str,
        plan_dir: &str,
    ) -> (Json, Vec<crate::chart::Drawing>) {
        let mut v = self.item_row(plan, item, a, plan_dir);
        v["anchor"] = json!(format!("{ids}item"));
        v["status_history"] = item
            .status
            .iter()
            .map(|(y, k)| self.status(plan, *y, k))
            .collect();
        v["tags"] = json!(item.tags);
        v["details"] = json!(item.details);
        v["notes"] = json!(item.notes);
        let body = self.md(&item.body);
        // The print view sets the narrative two levels deeper, under the item's own headings.
        v["body_html_print"] = json!(self.md_shifted(&item.body, 2));
        // A narrative with its own sections needs no heading of ours above them.
        v["body_starts_with_heading"] = json!(body.starts_with("<h"));
        v["body_html"] = json!(body);
        let mut charts = Vec::new();
        v["kpis"] = item
            .kpis
            .iter()
            .zip(&a.kpis)
            .enumerate()
            .map(|(n, (k, ka))| {
                let (kpi, chart) = self.kpi(plan, k, ka, &format!("{ids}kpi-{}", n + 1));
                charts.extend(chart);
                kpi
            })
            .collect();
        v["schedule"] = self.schedule(plan, item);
        (v, charts)
    }

    fn cell(d: Option<&Datum>) -> Json {
        match d {
            Some(d) => json!({ "text": value(&d.value), "note": d.note }),
            None => json!({ "text": "", "note": null }),
        }
    }

    /// The KPI's view and, when it has a chart, what to draw it from.
    fn kpi(
        &self,
        plan: &Plan,
        k: &Kpi,
        a: &KpiAssessment,
        id: &str,
    ) -> (Json, Option<crate::chart::Drawing>) {
        let years: BTreeSet<Year> = k.targets.keys().chain(k.actuals.keys()).copied().collect();
        let direction = k.direction.unwrap_or(plan.direction);
        let chart = crate::chart::Series::of(k)
            .filter(|_| self.config.charts)
            .map(|series| crate::chart::Drawing {
                id: format!("{id}-chart"),
                title: k.name.clone(),
                description: self.describe_trend(plan, k, &series, direction),
                unit: k.unit.clone(),
                years: years
                    .iter()
                    .map(|y| (*y, self.year(Some(plan), *y)))
                    .collect(),
                series,
                direction,
            });
        let view = json!({
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
            // The page shows the chart through a slot (see render/slots.rs).
            "chart": chart.as_ref().map(|c| json!({ "id": c.id, "svg": super::slots::marker(&c.id) })),
            "id": id,
            "notes": k.notes,
        });
        (view, chart)
    }

    /// The print view's review appendix: every disagreement, in the page's language.
    pub fn appendix(&self, plan: &Plan, a: &PlanAssessment) -> Json {
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
                    rows.push(json!({
                        "number": item.number,
                        "title": item.title,
                        "anchor": format!("item-{}-item", item.slug),
                        "kpi": kpi.name,
                        "what": what,
                        "year_text": year.map(|y| self.year(Some(plan), y)),
                        "reported": reported,
                        "computed": computed,
                        "basis": basis,
                    }));
                }
            }
        }
        json!(rows)
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

    /// The chart's text alternative: where targets and actuals start and end, in words.
    fn describe_trend(
        &self,
        plan: &Plan,
        k: &Kpi,
        s: &crate::chart::Series,
        direction: Direction,
    ) -> String {
        let ja = self.config.language == crate::config::Language::Ja;
        let unit = k.unit.clone().unwrap_or_default();
        let fig = |y: Year, v: f64| {
            if ja {
                format!("{} {}{unit}", self.year(Some(plan), y), number(v))
            } else {
                format!("{} {} {unit}", self.year(Some(plan), y), number(v))
                    .trim_end()
                    .to_string()
            }
        };
        let span = |series: &[(Year, f64)]| -> Option<(String, f64, f64)> {
            let (first, last) = (series.first()?, series.last()?);
            let text = if first.0 == last.0 {
                fig(first.0, first.1)
            } else if ja {
                format!("{}から{}", fig(first.0, first.1), fig(last.0, last.1))
            } else {
                format!("from {} to {}", fig(first.0, first.1), fig(last.0, last.1))
            };
            Some((text, first.1, last.1))
        };
        let mut parts = Vec::new();
        if let Some((t, _, _)) = span(&s.targets) {
            parts.push(if ja {
                format!("目標値は{t}")
            } else {
                format!("Targets run {t}")
            });
        }
        if let Some((t, first, last)) = span(&s.actuals) {
            let trend = match (last.partial_cmp(&first), ja) {
                (Some(std::cmp::Ordering::Greater), true) => "(増加)",
                (Some(std::cmp::Ordering::Less), true) => "(減少)",
                (_, true) if s.actuals.len() > 1 => "(横ばい)",
                (Some(std::cmp::Ordering::Greater), false) => " (rising)",
                (Some(std::cmp::Ordering::Less), false) => " (falling)",
                (_, false) if s.actuals.len() > 1 => " (flat)",
                _ => "",
            };
            parts.push(if ja {
                format!("実績値は{t}{trend}")
            } else {
                format!("actuals run {t}{trend}")
            });
        }
        if let Some(b) = s.baseline {
            parts.push(if ja {
                format!("基準値は{}{unit}", number(b))
            } else {
                format!("the baseline is {} {unit}", number(b))
                    .trim_end()
                    .to_string()
            });
        }
        if direction == Direction::Lower {
            parts.push(if ja {
                "数値が小さいほど良い指標".to_string()
            } else {
                "lower is better".to_string()
            });
        }
        let sep = if ja { "。" } else { "; " };
        parts.join(sep) + if ja { "。" } else { "." }
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
