//! The site as data: cities, plans, items, KPIs, fiscal years and values.
//!
//! Everything here is produced by `content` and read by later stages; nothing
//! in the model knows about files or HTML. Source positions are kept (and not
//! serialised) so that later checks can point at the line that caused them.

use std::ops::Range;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::diagnostics::{Location, SourceFile};

/// A Western fiscal year: 2023 is 令和5年度 (April 2023 – March 2024).
pub type Year = i32;

pub use crate::year_map::YearMap;

/// A place in a content file, kept for messages from later stages.
#[derive(Debug, Clone)]
pub struct Pos {
    pub file: Arc<SourceFile>,
    pub range: Range<usize>,
}

impl Pos {
    pub fn location(&self) -> Location {
        Location::Span {
            file: self.file.clone(),
            range: self.range.clone(),
        }
    }
}

/// A reported figure: a number to compute with and chart, or text to show as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
}

impl Value {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Text(_) => None,
        }
    }
}

/// Integral numbers serialise as integers so that JSON shows `18248`, not `18248.0`.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(n) => serialize_number(*n, s),
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

pub fn serialize_number<S: Serializer>(n: f64, s: S) -> Result<S::Ok, S::Error> {
    // 2^53: beyond it f64 no longer holds every integer, so keep the float form.
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        s.serialize_i64(n as i64)
    } else {
        s.serialize_f64(n)
    }
}

/// A value with an optional annotation as printed in the source, such as 見込 (estimate).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Datum {
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether a KPI improves upwards or downwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

/// How an achievement rate is computed (see docs/content-format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Ratio,
    Progress,
    Cumulative,
}

/// How fiscal years are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum YearFormat {
    /// 令和5年度
    Wareki,
    /// R5
    Short,
    /// 2023年度
    Western,
}

#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// Markdown of `content/_index.md`, if any.
    pub body: String,
    /// `content/_index.md`, for messages about its body.
    #[serde(skip)]
    pub file: Option<Arc<SourceFile>>,
    pub cities: Vec<City>,
}

#[derive(Debug, Clone, Serialize)]
pub struct City {
    pub slug: String,
    pub name: String,
    pub prefecture: Option<String>,
    /// 全国地方公共団体コード (six digits).
    pub code: Option<String>,
    pub body: String,
    pub plans: Vec<Plan>,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub slug: String,
    pub title: String,
    /// First and last fiscal year of the plan.
    pub period: [Year; 2],
    /// The fiscal year whose results the report gives.
    pub report_year: Year,
    /// Key of a status scale in `site.toml`.
    pub scale: String,
    pub method: Method,
    pub direction: Direction,
    pub year_format: Option<YearFormat>,
    /// Names of the hierarchy's levels, top first (大分類, 小分類 …).
    pub category_levels: Vec<String>,
    pub categories: Vec<Category>,
    pub source: Option<String>,
    /// Date of issue of the report (YYYY-MM-DD), printed on the cover of the print view.
    pub issued: Option<String>,
    /// The print view's issuer, report title and layout; each unset one
    /// takes the site's (`site.toml`).
    pub print: PrintSettings,
    pub notes: Vec<String>,
    /// Themes of `site.toml` the whole plan is on: each of its items is too.
    pub themes: Vec<String>,
    pub body: String,
    pub items: Vec<Item>,
    #[serde(skip)]
    pub themes_pos: Vec<Pos>,
    /// A category's id is missing or could not be read (an error already),
    /// so an item naming an unknown category is not reported again.
    #[serde(skip)]
    pub unread_category_ids: bool,
    #[serde(skip)]
    pub pos: Pos,
    #[serde(skip)]
    pub scale_pos: Pos,
}

/// What the print view's cover says and how it lays out items: a plan's
/// `_index.md` and `site.toml` both set them, the plan's winning.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PrintSettings {
    /// The issuing department (発行者), on the cover.
    pub publisher: Option<String>,
    /// The report's title on the cover (「令和5年度 行政改革実施計画
    /// 進捗状況報告書」); the plan's title stands below it.
    pub report_title: Option<String>,
    pub layout: Option<PrintLayout>,
}

impl PrintSettings {
    /// These settings, each unset one taken from `site`, the layout from
    /// the default where neither sets it.
    pub fn or(&self, site: &PrintSettings) -> PrintSettings {
        PrintSettings {
            publisher: self.publisher.clone().or_else(|| site.publisher.clone()),
            report_title: self
                .report_title
                .clone()
                .or_else(|| site.report_title.clone()),
            layout: Some(self.layout.or(site.layout).unwrap_or_default()),
        }
    }
}

/// How the print view sets items on pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrintLayout {
    /// Items follow one another, several to a page, breaking only where a
    /// table or chart would not fit: what a committee reads.
    #[default]
    Compact,
    /// Every item starts a new page.
    PagePerItem,
}

pub const PRINT_LAYOUTS: [(&str, PrintLayout); 2] = [
    ("compact", PrintLayout::Compact),
    ("page-per-item", PrintLayout::PagePerItem),
];

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub body: String,
    pub children: Vec<Category>,
    #[serde(skip)]
    pub pos: Pos,
    /// Where the description is written, for messages about its Markdown.
    #[serde(skip)]
    pub body_pos: Option<Pos>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub slug: String,
    pub number: String,
    pub title: String,
    pub category: Option<String>,
    pub departments: Vec<String>,
    /// The grade the city reported, per fiscal year.
    pub status: YearMap<String>,
    pub tags: Vec<String>,
    /// Themes of `site.toml` the item is on, as written (its plan's are
    /// added by [`Item::all_themes`]).
    pub themes: Vec<String>,
    /// Labelled facts of the source sheet (新規・継続, 協創の担い手 …), in order.
    pub details: Vec<Detail>,
    pub actions: Vec<Action>,
    pub kpis: Vec<Kpi>,
    pub notes: Vec<String>,
    pub body: String,
    #[serde(skip)]
    pub pos: Pos,
    #[serde(skip)]
    pub category_pos: Option<Pos>,
    #[serde(skip)]
    pub status_pos: YearMap<Pos>,
    #[serde(skip)]
    pub themes_pos: Vec<Pos>,
}

/// One labelled fact of an item, shown as written.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub label: String,
    pub text: String,
}

/// A schedule row: what was planned and what was done, per year.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub title: String,
    pub plan: YearMap<Datum>,
    pub actual: YearMap<Datum>,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    /// None where the source gives the baseline without its year.
    pub year: Option<Year>,
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Reported sums of targets and actuals over the period (the source's 合計 column).
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Datum>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Datum>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    pub name: String,
    /// An indicator of `site.toml` this KPI reports, comparable across cities.
    pub indicator: Option<String>,
    pub unit: Option<String>,
    /// None: the plan's default.
    pub direction: Option<Direction>,
    /// None: the plan's default.
    pub method: Option<Method>,
    pub baseline: Option<Baseline>,
    pub targets: YearMap<Datum>,
    pub actuals: YearMap<Datum>,
    /// Totals over the plan period as the city printed them (合計), if any.
    pub totals: Option<Totals>,
    /// A status the city reported for this KPI, per year.
    pub status: YearMap<String>,
    /// The achievement rate (%) the city published, if any.
    #[serde(serialize_with = "serialize_opt_number")]
    pub reported_rate: Option<f64>,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub pos: Pos,
    #[serde(skip)]
    pub status_pos: YearMap<Pos>,
    #[serde(skip)]
    pub reported_rate_pos: Option<Pos>,
    #[serde(skip)]
    pub totals_pos: Option<Pos>,
    #[serde(skip)]
    pub indicator_pos: Option<Pos>,
    #[serde(skip)]
    pub unit_pos: Option<Pos>,
}

pub(crate) fn serialize_opt_number<S: Serializer>(
    n: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => serialize_number(*n, s),
        None => s.serialize_none(),
    }
}

impl Site {
    pub fn plans(&self) -> impl Iterator<Item = (&City, &Plan)> {
        self.cities
            .iter()
            .flat_map(|c| c.plans.iter().map(move |p| (c, p)))
    }

    /// Every plan as its (city, plan) index pair, in site order: the units
    /// of parallel work.
    pub fn plan_indices(&self) -> Vec<(usize, usize)> {
        let cities = self.cities.iter().enumerate();
        cities
            .flat_map(|(ci, c)| (0..c.plans.len()).map(move |pi| (ci, pi)))
            .collect()
    }
}

impl Item {
    /// The fiscal years it reports something for: a grade, a result of its
    /// schedule or a KPI's actual.
    pub fn reported_years(&self) -> std::collections::BTreeSet<Year> {
        let mut years: std::collections::BTreeSet<Year> = self.status.keys().copied().collect();
        for a in &self.actions {
            years.extend(a.actual.keys());
        }
        for k in &self.kpis {
            years.extend(k.actuals.keys());
        }
        years
    }

    /// The item's themes and its plan's, each once, the plan's first.
    pub fn all_themes<'a>(&'a self, plan: &'a Plan) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for t in plan.themes.iter().chain(&self.themes) {
            if !out.contains(&t.as_str()) {
                out.push(t);
            }
        }
        out
    }
}

impl Category {
    /// Whether `id` is this category or one below it.
    pub fn contains(&self, id: &str) -> bool {
        self.id == id || self.children.iter().any(|c| c.contains(id))
    }
}

/// What a plan's items cover, as the search page's filters offer it.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    /// The years its items report something for (`Item::reported_years`),
    /// and the plan's report year.
    pub years: std::collections::BTreeSet<Year>,
    pub departments: std::collections::BTreeSet<String>,
}

impl Plan {
    /// What its items cover: every item and KPI walked, so kept with the
    /// plan's assessment (which the preview keeps for unchanged cities).
    pub fn facets(&self) -> Facets {
        let mut facets = Facets::default();
        facets.years.insert(self.report_year);
        for item in &self.items {
            facets.departments.extend(item.departments.iter().cloned());
            facets.years.extend(item.reported_years());
        }
        facets
    }

    /// Every category at every depth, parents before children.
    pub fn all_categories(&self) -> Vec<&Category> {
        fn walk<'a>(cats: &'a [Category], out: &mut Vec<&'a Category>) {
            for c in cats {
                out.push(c);
                walk(&c.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.categories, &mut out);
        out
    }

    /// The chain of categories from the top down to `id`.
    pub fn category_path(&self, id: &str) -> Vec<&Category> {
        fn find<'a>(cats: &'a [Category], id: &str, path: &mut Vec<&'a Category>) -> bool {
            for c in cats {
                path.push(c);
                if c.id == id || find(&c.children, id, path) {
                    return true;
                }
                path.pop();
            }
            false
        }
        let mut path = Vec::new();
        find(&self.categories, id, &mut path);
        path
    }

    /// The folder of each category's page (`category/<slug>/`), in the
    /// order of [`Plan::all_categories`]. An id that is already a safe
    /// folder name (ASCII letters, digits, `-`, `_`) gives it in lower
    /// case, so `1-2` stays `1-2`; an id that is not (基本目標1, Ⅱ), or two
    /// that differ only in case (a site copied to a drive that ignores case
    /// would merge them), give `c` and the category's place in the tree,
    /// skipping any name an id already took.
    pub fn category_slugs(&self) -> Vec<String> {
        let ids: Vec<&str> = self
            .all_categories()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        folder_names(&ids)
    }

    pub fn kpi_count(&self) -> usize {
        self.items.iter().map(|i| i.kpis.len()).sum()
    }
}

/// The folder names of [`Plan::category_slugs`], for the ids in tree order.
fn folder_names(ids: &[&str]) -> Vec<String> {
    let safe = |id: &str| {
        (!id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| id.to_ascii_lowercase())
    };
    let wanted: Vec<Option<String>> = ids.iter().map(|id| safe(id)).collect();
    let once = |w: &String| wanted.iter().flatten().filter(|o| *o == w).count() == 1;
    let mut taken: std::collections::BTreeSet<String> = wanted
        .iter()
        .flatten()
        .filter(|w| once(w))
        .cloned()
        .collect();
    wanted
        .iter()
        .enumerate()
        .map(|(n, w)| match w {
            Some(w) if once(w) => w.clone(),
            _ => {
                let mut k = n + 1;
                while taken.contains(&format!("c{k}")) {
                    k += 1;
                }
                let slug = format!("c{k}");
                taken.insert(slug.clone());
                slug
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_folders_are_their_ids_where_safe_and_never_collide() {
        assert_eq!(
            folder_names(&["1", "1-2", "Goal_A", "基本目標1", "c4", "X", "x", "Ⅱ"]),
            ["1", "1-2", "goal_a", "c5", "c4", "c6", "c7", "c8"]
        );
    }

    #[test]
    fn integral_numbers_serialise_without_fraction() {
        let v = serde_json::to_string(&vec![
            Value::Number(18248.0),
            Value::Number(99.2),
            Value::Number(-30095.0),
            Value::Text("実施".into()),
        ])
        .unwrap();
        assert_eq!(v, r#"[18248,99.2,-30095,"実施"]"#);
    }
}
