//! The pages a site has: the home page, the 404 page and the city pages,
//! and every page of a plan, each made into a context to render.

use rayon::prelude::*;
use serde_json::json;
use tera::Value;

use super::views::Ctx;
use super::{format, root, slots, value, Page, Scope, Templates};
use crate::diagnostics::Diagnostic;

/// The home page, the 404 page and one page per city, those of `scope`.
pub(super) fn site_pages(
    loaded: &crate::Loaded,
    templates: &Templates,
    scope: &Scope,
    themes: &crate::themes::ThemeMap,
) -> Vec<Page> {
    let (site, config, assessment) = (&loaded.site, &loaded.config, &loaded.assessment);
    let ctx = Ctx { config };
    // The home page shows every city in full: then each city page uses the
    // view made for it.
    let cities: Vec<(usize, _)> = site
        .cities
        .iter()
        .zip(&assessment.cities)
        .enumerate()
        .filter(|&(ci, _)| scope.home() || scope.city(ci))
        .map(|(ci, (city, a))| (ci, ctx.city_full(city, a, "")))
        .collect();
    let mut pages = Vec::new();
    if scope.home() {
        let all: Vec<_> = cities.iter().map(|(_, c)| c).collect();
        let names: Vec<&str> = site.cities.iter().map(|c| c.name.as_str()).collect();
        let description = match (config.description.is_empty(), config.language) {
            (false, _) => config.description.clone(),
            (true, crate::config::Language::Ja) => format!("{}の計画の進捗", names.join("、")),
            (true, crate::config::Language::En) => {
                format!("Progress of the plans of {}", names.join(", "))
            }
        };
        pages.push(
            Page::new("index.html".into(), "index.html", &root(0))
                .with("share", &share(config.title.clone(), &description))
                .with("cities", &value(&all))
                .with(
                    "themes",
                    &value(
                        &config
                            .themes
                            .iter()
                            .map(|t| ctx.theme_entry(site, t, themes.get(&t.slug)))
                            .collect::<Vec<_>>(),
                    ),
                )
                .with(
                    "body_html",
                    &Value::from(crate::markdown::to_html(
                        &site.body,
                        crate::markdown::Policy::of(config),
                    )),
                ),
        );
    }
    if scope.home() {
        let title = i18n_search_title(config);
        pages.push(
            Page::new(crate::search::PAGE.into(), "search.html", &root(1))
                .with(
                    "share",
                    &share(format!("{title} | {}", config.title), &title),
                )
                .with("search", &value(&crate::search::page_view(loaded))),
        );
    }
    if scope.home() && !config.themes.is_empty() {
        pages.extend(theme_pages(loaded, themes));
    }
    if scope.not_found() {
        // A 404 page is served at any depth, below any sub-path: its links
        // start at the server's root, and its script (templates/404.html)
        // moves them under the site's folder once it has found it; its
        // stylesheet is inline, so it is styled wherever it is served.
        pages.push(
            Page::new("404.html".into(), "404.html", "/")
                .with("style_css", &Value::from(templates.style_css.as_str())),
        );
    }
    for (ci, c) in cities.iter().filter(|(ci, _)| scope.city(*ci)) {
        let city = value(c);
        // Each plan's opening sentence, as the city page opens with them.
        let plans = city.get_from_path("plans").and_then(Value::as_array);
        let said: Vec<String> = plans
            .into_iter()
            .flatten()
            .map(|p| {
                let field = |k| {
                    p.get_from_path(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                };
                format!("{}: {}", field("title"), field("summary_text"))
            })
            .collect();
        let name = &site.cities[*ci].name;
        pages.push(
            Page::new(
                format!("{}/index.html", site.cities[*ci].slug),
                "city.html",
                &root(1),
            )
            .with(
                "share",
                &share(format!("{name} | {}", config.title), &said.join(" ")),
            )
            .with("city", &city)
            .with(
                "themes",
                &value(&{
                    let mine: Vec<&str> = themes
                        .themes
                        .iter()
                        .filter(|t| t.cities.iter().any(|(c, _)| c == ci))
                        .map(|t| t.slug.as_str())
                        .collect();
                    ctx.theme_links(site, themes, *ci, &mine)
                }),
            ),
        );
    }
    pages
}

/// The index of themes and a page per theme: they show every city's items
/// on the theme, so any change of content makes them again (as the home page).
fn theme_pages(loaded: &crate::Loaded, map: &crate::themes::ThemeMap) -> Vec<Page> {
    let (site, config) = (&loaded.site, &loaded.config);
    let ctx = Ctx { config };
    let title = crate::i18n::strings(config.language)
        .get("themes")
        .copied()
        .unwrap_or_default();
    let dir = super::views::THEMES_DIR;
    let entries: Vec<_> = config
        .themes
        .iter()
        .map(|t| ctx.theme_entry(site, t, map.get(&t.slug)))
        .collect();
    let labels: Vec<&str> = config.themes.iter().map(|t| t.label.as_str()).collect();
    let mut pages = vec![
        Page::new(format!("{dir}/index.html"), "themes.html", &root(1))
            .with(
                "share",
                &share(
                    format!("{title} | {}", config.title),
                    &labels.join(ctx.list_sep()),
                ),
            )
            .with("themes", &value(&entries)),
    ];
    for theme in &config.themes {
        let view = ctx.theme_page(site, &loaded.assessment, map, theme);
        let about = match theme.description.is_empty() {
            false => theme.description.clone(),
            true => theme.label.clone(),
        };
        pages.push(
            Page::new(
                format!("{dir}/{}/index.html", theme.slug),
                "theme.html",
                &root(2),
            )
            .with(
                "share",
                &share(
                    format!("{} | {title} | {}", theme.label, config.title),
                    &about,
                ),
            )
            .with("theme", &value(&view)),
        );
    }
    pages
}

/// Every page of one plan (its plan page alone with `plan_page_only`),
/// rendered and written in turn.
pub(super) fn plan_pages(
    loaded: &crate::Loaded,
    templates: &Templates,
    ci: usize,
    pi: usize,
    plan_page_only: bool,
    themes: &crate::themes::ThemeMap,
    emit: &(impl Fn(Page, &slots::Charts) -> Result<(), Diagnostic> + Sync),
) -> Vec<Result<usize, Diagnostic>> {
    let (config, assessment) = (&loaded.config, &loaded.assessment);
    let ctx = Ctx { config };
    let city = &loaded.site.cities[ci];
    let plan = &city.plans[pi];
    let pa = assessment.plan(ci, pi);
    let dir = format!("{}/{}", city.slug, plan.slug);
    let city_v = value(&ctx.city_brief(city, ""));
    let plan_v = value(&ctx.plan_full(city, plan, pa, ""));
    // Each item in full, for its own page, the print view and as a row of
    // the plan's tables; its charts are drawn at most once, when the first
    // page that shows them is made.
    let mut out = Vec::new();
    let built: Vec<(&str, Value, Vec<crate::chart::Drawing>, Vec<Diagnostic>)> = plan
        .items
        .par_iter()
        .zip(&pa.items)
        .map(|(i, a)| {
            let parts = ctx.item_full(plan, i, a, &format!("item-{}-", i.slug), &format!("{dir}/"));
            let (view, charts, errors) = templates.finish_item(parts);
            (view.status_slug, value(&view), charts, errors)
        })
        .collect();
    let mut drawn = Vec::new();
    // Each item's status slug (for the status pages) and its view.
    let mut rows: Vec<(&str, Value)> = Vec::with_capacity(built.len());
    for (slug, v, d, errors) in built {
        drawn.extend(d);
        out.extend(errors.into_iter().map(Err));
        rows.push((slug, v));
    }
    let charts = slots::Charts::new(drawn);
    let plan_share = share(
        format!("{} | {}", plan.title, city.name),
        plan_v
            .get_from_path("summary_text")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    );
    let page = |path: String, template: &'static str, depth: usize| {
        Page::new(path, template, &root(depth))
            .with("city", &city_v)
            .with("plan", &plan_v)
            .with("share", &plan_share)
    };
    // The plan page and the print view show every item: one shared list.
    let all_items = Value::from(rows.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>());
    let pdf = templates
        .pdf_links
        .get(&dir)
        .cloned()
        .unwrap_or_else(Value::none);
    out.push(
        emit(
            page(format!("{dir}/index.html"), "plan.html", 2)
                .with("items", &all_items)
                .with("pdf", &pdf),
            &charts,
        )
        .map(|_| 1),
    );
    if plan_page_only {
        return out;
    }
    let scale = config.scales.get(&plan.scale);
    let levels: Vec<Option<&crate::config::Level>> =
        scale.map_or(Vec::new(), |s| s.levels.iter().map(Some).collect());
    for level in levels.into_iter().chain(std::iter::once(None)) {
        let slug = level.map_or(crate::config::NO_STATUS_SLUG, |l| l.slug.as_str());
        let shown = Value::from(
            rows.iter()
                .filter(|(s, _)| *s == slug)
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>(),
        );
        let p = page(format!("{dir}/status/{slug}/index.html"), "status.html", 4)
            .with("level", &Value::from_serializable(&level))
            .with("items", &shown);
        out.push(emit(p, &charts).map(|_| 1));
    }
    // A page per category with the items in it and below it: the category
    // tree links to them, so the tree leads to items without JavaScript.
    let entries = plan_v
        .get_from_path("category_list")
        .and_then(Value::as_array);
    for (k, (cat, slug)) in plan
        .all_categories()
        .into_iter()
        .zip(plan.category_slugs())
        .enumerate()
    {
        let shown = Value::from(
            plan.items
                .iter()
                .zip(&rows)
                .filter(|(i, _)| i.category.as_deref().is_some_and(|id| cat.contains(id)))
                .map(|(_, (_, v))| v.clone())
                .collect::<Vec<_>>(),
        );
        let entry = entries
            .and_then(|e| e.get(k))
            .cloned()
            .unwrap_or_else(Value::none);
        let p = page(
            format!("{dir}/category/{slug}/index.html"),
            "category.html",
            4,
        )
        .with("category", &entry)
        .with("items", &shown);
        out.push(emit(p, &charts).map(|_| 1));
    }
    let issued = plan.issued.as_ref().or(config.issued.as_ref());
    let print = page(format!("{dir}/print/index.html"), "print.html", 3)
        .with("print_css", &Value::from(templates.print_css.as_str()))
        .with("items", &all_items)
        .with("appendix", &value(&ctx.appendix(plan, pa)))
        .with("overview", &value(&ctx.overview(plan, pa)))
        .with("print", &value(&plan.print.or(&config.print)))
        .with(
            "issued_text",
            &Value::from_serializable(&issued.map(|d| format::date(d, config.language))),
        );
    out.push(emit(print, &charts).map(|_| 1));
    let item_results: Vec<Result<usize, Diagnostic>> = plan
        .items
        .par_iter()
        .zip(rows.par_iter())
        .enumerate()
        .map(|(n, (item, (_, v)))| {
            // The items before and after it in the plan's order, by number,
            // title and address only (the rows hold whole items).
            let neighbour = |m: Option<usize>| {
                let row = m.and_then(|m| rows.get(m)).map(|(_, r)| r);
                Value::from_serializable(&row.map(|r| {
                    let field = |k| r.get_from_path(k).and_then(Value::as_str);
                    json!({ "number": field("number"), "title": field("title"), "url": field("url") })
                }))
            };
            let grade = v
                .get_from_path("status.label")
                .and_then(Value::as_str);
            let about = match (config.language, grade) {
                (crate::config::Language::Ja, g) => format!(
                    "{}「{}」の項目 {}「{}」{}",
                    city.name,
                    plan.title,
                    item.number,
                    item.title,
                    g.map(|g| format!("。評価: {g}")).unwrap_or_default()
                ),
                (crate::config::Language::En, g) => format!(
                    "Item {} of {} ({}): {}{}",
                    item.number,
                    plan.title,
                    city.name,
                    item.title,
                    g.map(|g| format!(". Grade: {g}")).unwrap_or_default()
                ),
            };
            emit(
                page(format!("{dir}/{}/index.html", item.slug), "item.html", 3)
                    .with(
                        "share",
                        &share(format!("{} {} | {}", item.number, item.title, plan.title), &about),
                    )
                    .with("item", v)
                    .with(
                        "themes",
                        &value(&ctx.theme_links(
                            &loaded.site,
                            themes,
                            ci,
                            &item.all_themes(plan),
                        )),
                    )
                    .with("comparisons", &value(&ctx.comparison_links(plan, item)))
                    .with("prev", &neighbour(n.checked_sub(1)))
                    .with("next", &neighbour(Some(n + 1))),
                &charts,
            )
            .map(|_| 1)
        })
        .collect();
    out.extend(item_results);
    out
}

/// The search page's title in the site's language.
fn i18n_search_title(config: &crate::config::Config) -> String {
    crate::i18n::strings(config.language)
        .get("search")
        .copied()
        .unwrap_or_default()
        .to_string()
}

/// What a shared link and a search result show of a page: its title and a
/// description of at most 200 characters.
fn share(title: String, description: &str) -> Value {
    let description: String = match description.chars().count() > 200 {
        true => description.chars().take(199).chain(['…']).collect(),
        false => description.to_string(),
    };
    value(&json!({ "title": title, "description": description }))
}
