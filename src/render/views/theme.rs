//! The theme pages' views: the index of themes with counts per city, a
//! theme's items grouped by city and plan (each grade on its own city's
//! scale), and the comparison of each indicator its items report — a chart
//! with a line per city and a table of every year, gaps included. Cities
//! come in code order (themes.rs); figures are never ranked.

use serde::Serialize;

use super::{Ctx, ItemView, YearText};
use crate::assess::Assessment;
use crate::chart::{CompareSeries, Comparison as Chart, Point};
use crate::config::{sdg_name, Language, Theme};
use crate::model::{Site, Value};
use crate::render::format;
use crate::themes::{comparisons, Comparison, ItemAt, ThemeItems, ThemeMap};

/// The folder of the theme pages.
pub const THEMES_DIR: &str = "themes";

#[derive(Serialize)]
pub struct ThemeEntry<'a> {
    slug: &'a str,
    label: &'a str,
    description: &'a str,
    url: String,
    sdgs: Vec<Sdg>,
    item_count: usize,
    cities: Vec<CityCount<'a>>,
}

#[derive(Serialize)]
struct Sdg {
    goal: u8,
    /// 「目標11 住み続けられるまちづくりを」
    text: String,
}

#[derive(Serialize)]
pub struct CityCount<'a> {
    #[serde(skip)]
    city: usize,
    name: &'a str,
    /// The city's part of the theme page (`themes/<slug>/index.html#city-…`).
    url: String,
    count: usize,
}

#[derive(Serialize)]
pub struct ThemePage<'a> {
    #[serde(flatten)]
    entry: ThemeEntry<'a>,
    /// The items of each city, by plan (the entry's `cities` counts them).
    city_groups: Vec<ThemeCity<'a>>,
    /// The grading scales of the plans shown, each once: more than one, and
    /// the page says grades cannot be compared between them.
    scales: Vec<&'a str>,
    /// Cities with no item on the theme, named so that their absence is
    /// seen rather than guessed.
    without: Vec<&'a str>,
    comparisons: Vec<ComparisonView<'a>>,
}

#[derive(Serialize)]
struct ThemeCity<'a> {
    name: &'a str,
    count: usize,
    anchor: String,
    url: String,
    plans: Vec<ThemePlan<'a>>,
}

#[derive(Serialize)]
struct ThemePlan<'a> {
    title: &'a str,
    url: String,
    scale_name: &'a str,
    report_year_text: String,
    items: Vec<ItemView<'a>>,
}

#[derive(Serialize)]
struct ComparisonView<'a> {
    id: String,
    name: &'a str,
    unit: &'a str,
    description: &'a str,
    direction_text: Option<&'static str>,
    /// The chart, where two or more cities report numbers; absent with
    /// `charts = false`.
    svg: Option<String>,
    chart_text: Option<String>,
    legend: Vec<LegendEntry<'a>>,
    /// The key of a value with a note (見込…), where the chart has one.
    noted_marker: Option<String>,
    /// The cities reporting, as the table's columns.
    columns: Vec<&'a str>,
    rows: Vec<ComparisonRow>,
    sources: Vec<Source<'a>>,
}

#[derive(Serialize)]
struct LegendEntry<'a> {
    label: &'a str,
    marker: String,
}

#[derive(Serialize)]
struct ComparisonRow {
    year: YearText,
    /// One per column; an empty text where the city has no figure.
    cells: Vec<FigureCell>,
}

#[derive(Serialize)]
struct FigureCell {
    text: String,
    note: Option<String>,
    baseline: bool,
    /// The number of the source in the list under the table (from 1).
    source: Option<usize>,
}

#[derive(Serialize)]
struct Source<'a> {
    number: usize,
    city: &'a str,
    plan: &'a str,
    item_number: &'a str,
    item_title: &'a str,
    kpi: &'a str,
    url: String,
}

impl<'a> Ctx<'a> {
    /// A theme as the index lists it; `map` says which cities have items on it.
    pub fn theme_entry(
        &self,
        site: &'a Site,
        theme: &'a Theme,
        items: Option<&ThemeItems>,
    ) -> ThemeEntry<'a> {
        let url_dir = format!("{THEMES_DIR}/{}/", theme.slug);
        let cities: Vec<CityCount<'a>> = items
            .into_iter()
            .flat_map(|t| &t.cities)
            .map(|(ci, at)| {
                let city = &site.cities[*ci];
                CityCount {
                    city: *ci,
                    name: &city.name,
                    url: format!("{}#city-{}", self.page_link(url_dir.clone()), city.slug),
                    count: at.len(),
                }
            })
            .collect();
        ThemeEntry {
            slug: &theme.slug,
            label: &theme.label,
            description: &theme.description,
            url: self.page_link(url_dir),
            sdgs: theme
                .sdgs
                .iter()
                .map(|&goal| Sdg {
                    goal,
                    text: match self.config.language {
                        Language::Ja => format!("目標{goal} {}", sdg_name(goal, Language::Ja)),
                        Language::En => format!("Goal {goal}: {}", sdg_name(goal, Language::En)),
                    },
                })
                .collect(),
            item_count: cities.iter().map(|c| c.count).sum(),
            cities,
        }
    }

    /// The page of one theme.
    pub fn theme_page(
        &self,
        site: &'a Site,
        assessment: &'a Assessment,
        map: &ThemeMap,
        theme: &'a Theme,
    ) -> ThemePage<'a> {
        let items = map.get(&theme.slug);
        let city_groups: Vec<ThemeCity<'a>> = items
            .into_iter()
            .flat_map(|t| &t.cities)
            .map(|(ci, at)| self.theme_city(site, assessment, *ci, at))
            .collect();
        let mut scales: Vec<&'a str> = Vec::new();
        for p in city_groups.iter().flat_map(|c| &c.plans) {
            if !scales.contains(&p.scale_name) {
                scales.push(p.scale_name);
            }
        }
        let with: Vec<usize> = items
            .into_iter()
            .flat_map(|t| t.cities.iter().map(|(ci, _)| *ci))
            .collect();
        let without = crate::themes::city_order(site)
            .into_iter()
            .filter(|ci| !with.contains(ci))
            .map(|ci| site.cities[ci].name.as_str())
            .collect();
        let all: Vec<ItemAt> = items
            .into_iter()
            .flat_map(|t| t.cities.iter().flat_map(|(_, at)| at.iter().copied()))
            .collect();
        let comparisons = comparisons(site, self.config, &all)
            .iter()
            .map(|c| self.indicator_comparison(site, c))
            .collect();
        ThemePage {
            entry: self.theme_entry(site, theme, items),
            city_groups,
            scales,
            without,
            comparisons,
        }
    }

    fn theme_city(
        &self,
        site: &'a Site,
        assessment: &'a Assessment,
        ci: usize,
        at: &[ItemAt],
    ) -> ThemeCity<'a> {
        let city = &site.cities[ci];
        let mut plans: Vec<ThemePlan<'a>> = Vec::new();
        let mut last_plan = None;
        for &(_, pi, ii) in at {
            let plan = &city.plans[pi];
            let a = &assessment.plan(ci, pi).items[ii];
            let row = self.item_row(
                plan,
                &plan.items[ii],
                a,
                &format!("{}/{}/", city.slug, plan.slug),
            );
            if last_plan != Some(pi) {
                last_plan = Some(pi);
                plans.push(ThemePlan {
                    title: &plan.title,
                    url: self.page_link(format!("{}/{}/", city.slug, plan.slug)),
                    scale_name: self
                        .config
                        .scales
                        .get(&plan.scale)
                        .map_or(plan.scale.as_str(), |s| s.name.as_str()),
                    report_year_text: self.year(Some(plan), plan.report_year),
                    items: Vec::new(),
                });
            }
            if let Some(p) = plans.last_mut() {
                p.items.push(row);
            }
        }
        ThemeCity {
            name: &city.name,
            count: at.len(),
            anchor: format!("city-{}", city.slug),
            url: self.page_link(format!("{}/", city.slug)),
            plans,
        }
    }

    fn indicator_comparison(&self, site: &'a Site, c: &Comparison<'a>) -> ComparisonView<'a> {
        let ind = c.indicator;
        let years = c.years();
        let id = format!("indicator-{}", ind.id);
        let name_of = |ci: usize| site.cities[ci].name.as_str();
        // Sources are numbered across the cities, in the table's order.
        let mut sources = Vec::new();
        let mut first_source = Vec::new();
        for f in &c.cities {
            first_source.push(sources.len());
            for &(ci, pi, ii, ki) in &f.sources {
                let (city, plan) = (&site.cities[ci], &site.cities[ci].plans[pi]);
                let item = &plan.items[ii];
                sources.push(Source {
                    number: sources.len() + 1,
                    city: &city.name,
                    plan: &plan.title,
                    item_number: &item.number,
                    item_title: &item.title,
                    kpi: &item.kpis[ki].name,
                    url: self.page_link(format!("{}/{}/{}/", city.slug, plan.slug, item.slug)),
                });
            }
        }
        let rows = years
            .iter()
            .map(|y| ComparisonRow {
                year: YearText {
                    year: *y,
                    text: self.year(None, *y),
                },
                cells: c
                    .cities
                    .iter()
                    .zip(&first_source)
                    .map(|(f, first)| match f.figures.get(y) {
                        Some(fig) => FigureCell {
                            text: format::value(&fig.value),
                            note: fig.note.clone(),
                            baseline: fig.baseline,
                            source: Some(first + fig.source + 1),
                        },
                        None => FigureCell {
                            text: String::new(),
                            note: None,
                            baseline: false,
                            source: None,
                        },
                    })
                    .collect(),
            })
            .collect();
        let baseline_word = match self.config.language {
            Language::Ja => "基準値",
            Language::En => "baseline",
        };
        let sep = self.list_sep();
        let series: Vec<CompareSeries> = c
            .cities
            .iter()
            .map(|f| CompareSeries {
                label: name_of(f.city).to_string(),
                points: f
                    .figures
                    .iter()
                    .filter_map(|(y, fig)| match fig.value {
                        // A baseline is drawn hollow and named, as a noted
                        // value is: it is not a result of the plan's years.
                        Value::Number(v) => Some(Point {
                            year: *y,
                            value: v,
                            note: match (fig.baseline, &fig.note) {
                                (false, note) => note.clone(),
                                (true, None) => Some(baseline_word.to_string()),
                                (true, Some(n)) => Some(format!("{baseline_word}{sep}{n}")),
                            },
                        }),
                        Value::Text(_) => None,
                    })
                    .collect(),
            })
            .collect();
        let charted = series.iter().filter(|s| !s.points.is_empty()).count() >= 2;
        let chart = (self.config.charts && charted).then(|| Chart {
            id: format!("{id}-chart"),
            title: ind.name.clone(),
            unit: Some(ind.unit.clone()),
            years: years.iter().map(|y| (*y, self.year(None, *y))).collect(),
            series,
            language: self.config.language,
        });
        let noted_marker = chart.as_ref().and_then(|chart| {
            let n = chart
                .series
                .iter()
                .position(|s| s.points.iter().any(|p| p.note.is_some()))?;
            Some(crate::chart::noted_marker_svg(n))
        });
        ComparisonView {
            noted_marker,
            svg: chart.as_ref().map(|c| c.svg()),
            chart_text: chart.as_ref().map(|c| c.description()),
            legend: match &chart {
                Some(_) => c
                    .cities
                    .iter()
                    .enumerate()
                    .map(|(n, f)| LegendEntry {
                        label: name_of(f.city),
                        marker: crate::chart::marker_svg(n),
                    })
                    .collect(),
                None => Vec::new(),
            },
            id,
            name: &ind.name,
            unit: &ind.unit,
            description: &ind.description,
            direction_text: ind
                .direction
                .map(|d| direction_text(d, self.config.language)),
            columns: c.cities.iter().map(|f| name_of(f.city)).collect(),
            rows,
            sources,
        }
    }
}

/// The words the KPI tables use for a direction.
fn direction_text(d: crate::model::Direction, language: Language) -> &'static str {
    let key = match d {
        crate::model::Direction::Higher => "direction_higher",
        crate::model::Direction::Lower => "direction_lower",
    };
    crate::i18n::strings(language)
        .get(key)
        .copied()
        .unwrap_or_default()
}

/// A theme as a city page or an item page links it.
#[derive(Serialize)]
pub struct ThemeLink<'a> {
    label: &'a str,
    url: String,
    /// On a city page: the city's items on the theme.
    count: usize,
    /// On an item page: the other cities with items on the theme, each
    /// linking to its part of the theme page, at most [`OTHERS_LISTED`].
    others: Vec<CityCount<'a>>,
    /// How many more there are, which the theme page lists.
    others_more: usize,
}

/// The most other cities an item page names on one theme: a national site
/// would otherwise repeat a list of hundreds on every item page.
const OTHERS_LISTED: usize = 20;

impl<'a> Ctx<'a> {
    /// The themes `slugs` (in the order of site.toml), linked; `ci` is the
    /// city whose page it is or whose item's, left out of `others`.
    pub fn theme_links(
        &self,
        site: &'a Site,
        map: &ThemeMap,
        ci: usize,
        slugs: &[&str],
    ) -> Vec<ThemeLink<'a>> {
        self.config
            .themes
            .iter()
            .filter(|t| slugs.contains(&t.slug.as_str()))
            .map(|t| {
                let entry = self.theme_entry(site, t, map.get(&t.slug));
                let count = entry
                    .cities
                    .iter()
                    .find(|c| c.city == ci)
                    .map_or(0, |c| c.count);
                let mut others: Vec<CityCount<'a>> =
                    entry.cities.into_iter().filter(|c| c.city != ci).collect();
                let others_more = others.len().saturating_sub(OTHERS_LISTED);
                others.truncate(OTHERS_LISTED);
                ThemeLink {
                    label: &t.label,
                    url: entry.url,
                    count,
                    others,
                    others_more,
                }
            })
            .collect()
    }
}

/// A KPI of an item compared with other cities: its indicator's part of
/// the page of the item's first theme (every theme of the item shows it).
#[derive(Serialize)]
pub struct ComparisonLink<'a> {
    kpi: &'a str,
    indicator: &'a str,
    url: String,
}

impl<'a> Ctx<'a> {
    pub fn comparison_links(
        &self,
        plan: &'a crate::model::Plan,
        item: &'a crate::model::Item,
    ) -> Vec<ComparisonLink<'a>> {
        let Some(theme) = item.all_themes(plan).first().copied() else {
            return Vec::new();
        };
        item.kpis
            .iter()
            .filter_map(|k| {
                let ind = self.config.indicators.get(k.indicator.as_deref()?)?;
                Some(ComparisonLink {
                    kpi: &k.name,
                    indicator: &ind.name,
                    url: format!(
                        "{}#indicator-{}",
                        self.page_link(format!("{THEMES_DIR}/{theme}/")),
                        ind.id
                    ),
                })
            })
            .collect()
    }
}
