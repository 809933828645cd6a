//! The plan's data for reuse: `data.json` (everything) and `data.csv` (one
//! row per KPI and year). Formats are documented in docs/data-format.md.

use std::collections::BTreeSet;

use serde_json::{json, Value as Json};

use crate::assess::{round_to, CityAssessment, ItemAssessment, PlanAssessment};
use crate::config::Config;
use crate::content::reader::fmt_number;
use crate::model::{City, Datum, Direction, Item, Method, Plan, Value, Year};

pub const JSON_FORMAT: &str = "plansite-plan/1";

pub fn plan_json(
    config: &Config,
    city: &City,
    plan: &Plan,
    city_assessment: &CityAssessment,
    assessment: &PlanAssessment,
) -> String {
    let items: Vec<Json> = plan
        .items
        .iter()
        .zip(&assessment.items)
        .map(|(i, a)| item_json(plan, i, a))
        .collect();
    let doc = json!({
        "format": JSON_FORMAT,
        "city": {
            "slug": city.slug,
            "name": city.name,
            "prefecture": city.prefecture,
            "code": city.code,
            "summaries": city_assessment.summaries,
        },
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "period": plan.period,
            "report_year": plan.report_year,
            "method": plan.method,
            "direction": plan.direction,
            "scale": config.scales.get(&plan.scale),
            "category_levels": plan.category_levels,
            "categories": plan.categories,
            "source": plan.source,
            "notes": plan.notes,
            "body": plan.body,
        },
        "summary": assessment.summary,
        "category_summaries": assessment.categories,
        "items": items,
    });
    // Compact: a plan's data runs to hundreds of kilobytes, and browsers and
    // tools format JSON for reading themselves.
    let mut s = serde_json::to_string(&doc).expect("JSON of plain data cannot fail");
    s.push('\n');
    s
}

fn item_json(plan: &Plan, item: &Item, assessment: &ItemAssessment) -> Json {
    let path: Vec<&str> = item
        .category
        .as_deref()
        .map(|id| {
            plan.category_path(id)
                .iter()
                .map(|c| c.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut v = serde_json::to_value(item).expect("JSON of plain data cannot fail");
    v["category_path"] = json!(path);
    // The effective method and direction, so that consumers need not apply defaults.
    if let Some(kpis) = v["kpis"].as_array_mut() {
        for ((k, model), a) in kpis.iter_mut().zip(&item.kpis).zip(&assessment.kpis) {
            k["direction"] = json!(model.direction.unwrap_or(plan.direction));
            k["method"] = json!(model.method.unwrap_or(plan.method));
            k["assessment"] = json!({
                "years": a.years,
                "disagreements": a.disagreements,
            });
        }
    }
    v["assessment"] = json!({
        "year": plan.report_year,
        "reported": assessment.reported,
        "computed": assessment.computed,
        "disagrees": assessment.disagrees,
    });
    v
}

const CSV_HEADER: [&str; 25] = [
    "city_code",
    "city",
    "plan",
    "item_number",
    "item_title",
    "category_id",
    "category",
    "departments",
    "kpi",
    "unit",
    "direction",
    "method",
    "year",
    "baseline_year",
    "baseline",
    "target",
    "target_note",
    "actual",
    "actual_note",
    "total_target",
    "total_actual",
    "reported_status",
    "reported_rate",
    "computed_rate",
    "computed_status",
];

/// UTF-8 with BOM: Excel on Windows reads BOM-less CSV as Shift_JIS and garbles Japanese.
pub fn plan_csv(city: &City, plan: &Plan, assessment: &PlanAssessment) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(CSV_HEADER)
        .expect("writing to memory cannot fail");
    for (item, ia) in plan.items.iter().zip(&assessment.items) {
        let (cat_id, cat_title) = match item.category.as_deref() {
            Some(id) => (
                id.to_string(),
                plan.category_path(id)
                    .iter()
                    .map(|c| c.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" › "),
            ),
            None => (String::new(), String::new()),
        };
        for (kpi, ka) in item.kpis.iter().zip(&ia.kpis) {
            let mut years: BTreeSet<Option<Year>> = kpi
                .targets
                .keys()
                .chain(kpi.actuals.keys())
                .chain(kpi.status.keys())
                .map(|y| Some(*y))
                .collect();
            if years.is_empty() {
                // A KPI without yearly figures still gets its row, so nothing is lost.
                years.insert(None);
            }
            let direction = match kpi.direction.unwrap_or(plan.direction) {
                Direction::Higher => "higher",
                Direction::Lower => "lower",
            };
            let method = match kpi.method.unwrap_or(plan.method) {
                Method::Ratio => "ratio",
                Method::Progress => "progress",
                Method::Cumulative => "cumulative",
            };
            for year in years {
                let get = |m: &std::collections::BTreeMap<Year, Datum>| {
                    year.and_then(|y| m.get(&y)).cloned()
                };
                let target = get(&kpi.targets);
                let assessed = year.and_then(|y| ka.years.iter().find(|a| a.year == y));
                let actual = get(&kpi.actuals);
                let record = [
                    city.code.clone().unwrap_or_default(),
                    city.name.clone(),
                    plan.title.clone(),
                    item.number.clone(),
                    item.title.clone(),
                    cat_id.clone(),
                    cat_title.clone(),
                    item.departments.join("、"),
                    kpi.name.clone(),
                    kpi.unit.clone().unwrap_or_default(),
                    direction.to_string(),
                    method.to_string(),
                    year.map(|y| y.to_string()).unwrap_or_default(),
                    kpi.baseline
                        .as_ref()
                        .and_then(|b| b.year)
                        .map(|y| y.to_string())
                        .unwrap_or_default(),
                    kpi.baseline
                        .as_ref()
                        .map(|b| plain(&b.value))
                        .unwrap_or_default(),
                    target.as_ref().map(|d| plain(&d.value)).unwrap_or_default(),
                    target.and_then(|d| d.note).unwrap_or_default(),
                    actual.as_ref().map(|d| plain(&d.value)).unwrap_or_default(),
                    actual.and_then(|d| d.note).unwrap_or_default(),
                    total(kpi.totals.as_ref().and_then(|t| t.target.as_ref())),
                    total(kpi.totals.as_ref().and_then(|t| t.actual.as_ref())),
                    year.and_then(|y| kpi.status.get(&y).cloned())
                        .unwrap_or_default(),
                    kpi.reported_rate.map(fmt_number).unwrap_or_default(),
                    assessed
                        .and_then(|a| a.rate.as_ref())
                        .map(|r| fmt_number(round_to(r.percent, 2)))
                        .unwrap_or_default(),
                    assessed
                        .and_then(|a| a.computed.clone())
                        .unwrap_or_default(),
                ];
                w.write_record(&record)
                    .expect("writing to memory cannot fail");
            }
        }
    }
    w.into_inner().expect("writing to memory cannot fail")
}

fn total(d: Option<&Datum>) -> String {
    d.map(|d| plain(&d.value)).unwrap_or_default()
}

/// Numbers without separators so that spreadsheets read them as numbers.
fn plain(v: &Value) -> String {
    match v {
        Value::Number(n) => fmt_number(*n),
        Value::Text(t) => t.clone(),
    }
}
