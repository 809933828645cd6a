//! Themes across cities: which items of which cities are on each theme of
//! `site.toml`, and the figures of the KPIs that report a comparable
//! indicator, gathered per city. Pages show them side by side (views/theme.rs);
//! nothing here orders cities by a figure or a grade.

use std::collections::BTreeMap;

use crate::config::{Config, Indicator};
use crate::model::{Site, Value, Year};

/// Where an item is: city, plan and item index.
pub type ItemAt = (usize, usize, usize);

/// Per theme, each city's folder, name and count of items on it: what an
/// item page shows of the other cities on its themes.
pub type ShownOnItemPages = Vec<(String, Vec<(String, String, usize)>)>;

/// Every theme's items, per city.
#[derive(Debug, Default)]
pub struct ThemeMap {
    /// In the order of `config.themes`.
    pub themes: Vec<ThemeItems>,
}

#[derive(Debug, Default)]
pub struct ThemeItems {
    pub slug: String,
    /// Cities with at least one item on the theme, in [`city_order`].
    pub cities: Vec<(usize, Vec<ItemAt>)>,
}

/// Cities by their 全国地方公共団体コード (the order of official lists, which
/// says nothing about how a city is doing), those without one after, in the
/// site's order.
pub fn city_order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.cities.len()).collect();
    order.sort_by_key(|&ci| {
        (
            site.cities[ci].code.is_none(),
            site.cities[ci].code.clone(),
            ci,
        )
    });
    order
}

impl ThemeMap {
    pub fn of(site: &Site, config: &Config) -> ThemeMap {
        if config.themes.is_empty() {
            return ThemeMap::default();
        }
        let order = city_order(site);
        let themes = config
            .themes
            .iter()
            .map(|theme| {
                let cities = order
                    .iter()
                    .filter_map(|&ci| {
                        let items: Vec<ItemAt> = site.cities[ci]
                            .plans
                            .iter()
                            .enumerate()
                            .flat_map(|(pi, plan)| {
                                plan.items
                                    .iter()
                                    .enumerate()
                                    .filter(|(_, item)| {
                                        item.all_themes(plan).contains(&theme.slug.as_str())
                                    })
                                    .map(move |(ii, _)| (ci, pi, ii))
                            })
                            .collect();
                        (!items.is_empty()).then_some((ci, items))
                    })
                    .collect();
                ThemeItems {
                    slug: theme.slug.clone(),
                    cities,
                }
            })
            .collect();
        ThemeMap { themes }
    }

    pub fn get(&self, slug: &str) -> Option<&ThemeItems> {
        self.themes.iter().find(|t| t.slug == slug)
    }

    /// What an item page shows of each theme's other cities: their
    /// folders, names and counts. The preview compares it before and after
    /// a change, since item pages of plans that did not change show it.
    pub fn shown_on_item_pages(&self, site: &Site) -> ShownOnItemPages {
        self.themes
            .iter()
            .map(|t| {
                let cities = t
                    .cities
                    .iter()
                    .map(|(ci, items)| {
                        let city = &site.cities[*ci];
                        (city.slug.clone(), city.name.clone(), items.len())
                    })
                    .collect();
                (t.slug.clone(), cities)
            })
            .collect()
    }
}

/// One figure of a city for an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: Value,
    pub note: Option<String>,
    /// A baseline given with its year rather than an actual.
    pub baseline: bool,
    /// The KPI it comes from: an index into [`CityFigures::sources`].
    pub source: usize,
}

/// A city's figures for one indicator, from each of its KPIs reporting it.
#[derive(Debug, Clone)]
pub struct CityFigures {
    pub city: usize,
    /// (city, plan, item, KPI index), in site order.
    pub sources: Vec<(usize, usize, usize, usize)>,
    /// One figure per year: an actual before a baseline, the first KPI's
    /// before a later one's (the table names the source of each).
    pub figures: BTreeMap<Year, Figure>,
}

/// An indicator with every city's figures, cities in [`city_order`].
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    pub indicator: &'a Indicator,
    pub cities: Vec<CityFigures>,
}

impl Comparison<'_> {
    /// Every year from the first figure to the last, so that a year no city
    /// reported is shown as the gap it is.
    pub fn years(&self) -> Vec<Year> {
        let years = self.cities.iter().flat_map(|c| c.figures.keys().copied());
        let (lo, hi) = years.fold((Year::MAX, Year::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        if lo > hi {
            return Vec::new();
        }
        (lo..=hi).collect()
    }
}

/// The indicators reported by the KPIs of `items`, in the order of
/// `site.toml`, each with the figures of those KPIs: a theme page compares
/// what its own items report, so every city in a chart is in its lists.
pub fn comparisons<'a>(site: &Site, config: &'a Config, items: &[ItemAt]) -> Vec<Comparison<'a>> {
    let reported: Vec<&str> = items
        .iter()
        .flat_map(|&(ci, pi, ii)| &site.cities[ci].plans[pi].items[ii].kpis)
        .filter_map(|k| k.indicator.as_deref())
        .collect();
    config
        .indicators
        .values()
        .filter(|ind| reported.contains(&ind.id.as_str()))
        .map(|ind| comparison(site, ind, items))
        .collect()
}

fn comparison<'a>(site: &Site, indicator: &'a Indicator, items: &[ItemAt]) -> Comparison<'a> {
    let mut cities = Vec::new();
    for ci in city_order(site) {
        let mut c = CityFigures {
            city: ci,
            sources: Vec::new(),
            figures: BTreeMap::new(),
        };
        // `items` are in site order within each city.
        for &(_, pi, ii) in items.iter().filter(|(c, _, _)| *c == ci) {
            let item = &site.cities[ci].plans[pi].items[ii];
            for (ki, kpi) in item.kpis.iter().enumerate() {
                if kpi.indicator.as_deref() != Some(indicator.id.as_str()) {
                    continue;
                }
                let source = c.sources.len();
                c.sources.push((ci, pi, ii, ki));
                for (year, d) in &kpi.actuals {
                    let taken = c.figures.get(year).is_some_and(|f| !f.baseline);
                    if !taken {
                        c.figures.insert(
                            *year,
                            Figure {
                                value: d.value.clone(),
                                note: d.note.clone(),
                                baseline: false,
                                source,
                            },
                        );
                    }
                }
                if let Some((b, year)) = kpi.baseline.as_ref().and_then(|b| Some((b, b.year?))) {
                    c.figures.entry(year).or_insert(Figure {
                        value: b.value.clone(),
                        note: b.note.clone(),
                        baseline: true,
                        source,
                    });
                }
            }
        }
        if !c.sources.is_empty() {
            cities.push(c);
        }
    }
    Comparison { indicator, cities }
}
