//! What a change affects: the changed paths sorted by what they are, the
//! pages that use a template, and the pages and data files of a site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use super::store::Touched;
use crate::render::{Scope, Templates};
use crate::Loaded;

/// The changed paths, sorted by what they are.
#[derive(Debug, Default)]
pub struct Changes {
    /// Everything must be read and built again: the site folder itself, a
    /// path outside it, or no path at all.
    pub all: bool,
    /// site.toml changed: every page is built again from the files as read.
    pub config: bool,
    /// Paths inside content/, as the site's root joined with them.
    pub content: Vec<PathBuf>,
    /// Names of templates changed (`partials/kpi.html`).
    pub templates: BTreeSet<String>,
    /// Some template or folder of templates changed that has no single name.
    pub templates_all: bool,
    /// Something in static/ changed.
    pub statics: bool,
}

/// Sorts `changed` (as a watcher reports them: absolute, or relative to the
/// working folder) by the part of the site at `root` they belong to.
pub fn classify(root: &Path, changed: &[PathBuf]) -> Changes {
    let mut c = Changes {
        all: changed.is_empty(),
        ..Changes::default()
    };
    let roots: Vec<PathBuf> = [
        std::fs::canonicalize(root).ok(),
        std::path::absolute(root).ok(),
    ]
    .into_iter()
    .flatten()
    .collect();
    for path in changed {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let rel = roots.iter().find_map(|r| absolute.strip_prefix(r).ok());
        let Some(rel) = rel else {
            c.all = true;
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|p| match p {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        match parts.first().map(String::as_str) {
            None => c.all = true,
            Some("site.toml") if parts.len() == 1 => c.config = true,
            Some("content") => {
                // Editors' litter (.swp, .DS_Store): content::load skips
                // files named with a dot.
                let litter = parts.len() > 1
                    && parts.last().is_some_and(|n| n.starts_with('.'))
                    && !absolute.is_dir();
                if !litter {
                    c.content.push(root.join(rel));
                }
            }
            Some("templates") => {
                if parts.len() == 1 || absolute.is_dir() {
                    c.templates_all = true;
                } else {
                    c.templates.insert(parts[1..].join("/"));
                }
            }
            Some("static") => {
                c.statics = true;
                // The print view carries these two inline: every plan's
                // print page changes with them.
                if parts.len() == 2 && (parts[1] == "style.css" || parts[1] == "print.css") {
                    c.all = true;
                }
            }
            // Not read by a build (the README, .git, the site's public/).
            Some(_) => {}
        }
    }
    c
}

/// The templates a page is rendered with, by what kind of page it is.
const HOME: &[&str] = &["index.html", "search.html", "themes.html", "theme.html"];
const NOT_FOUND: &[&str] = &["404.html"];
const CITY: &[&str] = &["city.html"];
const PLAN: &[&str] = &[
    "plan.html",
    "status.html",
    "category.html",
    "print.html",
    "item.html",
    "partials/kpi.html",
    "partials/schedule.html",
];

/// The kinds of page that use a changed template.
#[derive(Debug, Default, Clone, Copy)]
pub struct Uses {
    pub home: bool,
    pub not_found: bool,
    pub cities: bool,
    pub plans: bool,
}

/// Which pages use one of the templates `changed` (through `extends`,
/// `include` or `import`, followed to the end): `None` when that cannot be
/// told, and then every page may.
pub fn template_users(templates: &Templates, changed: &BTreeSet<String>) -> Option<Uses> {
    let mut uses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, text) in templates.sources() {
        uses.insert(name, references(text)?);
    }
    let reaches = |start: &str| {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(t) = todo.pop() {
            if !seen.insert(t) {
                continue;
            }
            if let Some(next) = uses.get(t) {
                todo.extend(next.iter().map(String::as_str));
            }
        }
        seen.iter().any(|t| changed.contains(*t))
    };
    let used = |roots: &[&str]| roots.iter().any(|r| reaches(r));
    Some(Uses {
        home: used(HOME),
        not_found: used(NOT_FOUND),
        cities: used(CITY),
        plans: used(PLAN),
    })
}

/// The names of the templates `text` extends, includes or imports; `None`
/// if a name is not written out (it could be any template).
fn references(text: &str) -> Option<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{%") {
        rest = rest[at + 2..].trim_start_matches('-').trim_start();
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if !matches!(word.as_str(), "extends" | "include" | "import") {
            continue;
        }
        let arg = rest[word.len()..].trim_start();
        let quote = arg.chars().next()?;
        if !matches!(quote, '"' | '\'' | '`') {
            return None;
        }
        let name: String = arg[1..].chars().take_while(|&c| c != quote).collect();
        found.push(name);
    }
    Some(found)
}

/// The pages that show what the content files `touched` say, on the site
/// as it is now.
pub fn pages(loaded: &Loaded, touched: &Touched) -> Scope {
    if touched.all {
        return Scope::all();
    }
    let site = &loaded.site;
    let city_at = |slug: &str| site.cities.iter().position(|c| c.slug == slug);
    let mut scope = Scope {
        home: touched.home,
        ..Scope::default()
    };
    for slug in &touched.cities {
        // What a city's file says shows on its page, the home page and the
        // heading of each of its plans' pages.
        scope.home = true;
        if let Some(ci) = city_at(slug) {
            scope.cities.insert(ci);
            scope
                .plans
                .extend((0..site.cities[ci].plans.len()).map(|pi| (ci, pi)));
        }
    }
    for (city, plan) in &touched.plans {
        // A plan's figures add up into its city's summary, shown on the
        // city page and the home page.
        scope.home = true;
        if let Some(ci) = city_at(city) {
            scope.cities.insert(ci);
            if let Some(pi) = site.cities[ci].plans.iter().position(|p| p.slug == *plan) {
                scope.plans.insert((ci, pi));
            }
        }
    }
    scope
}

/// Adds to `scope` the pages that use a changed template; false when they
/// are every plan's pages (a whole build then).
pub fn add_users(loaded: &Loaded, scope: &mut Scope, uses: Uses) -> bool {
    if uses.plans {
        return false;
    }
    scope.home |= uses.home;
    scope.not_found |= uses.not_found;
    if uses.cities {
        scope.cities.extend(0..loaded.site.cities.len());
    }
    true
}

/// What one output file of the site shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Home,
    NotFound,
    City(usize),
    Plan(usize, usize),
    /// A plan's data files, which carry its city's summaries too.
    Data(usize, usize),
    /// The site's data files, made again whenever a plan's are.
    SiteData,
}

/// Every page and data file of the site, as the build writes them.
pub fn files(loaded: &Loaded) -> Vec<(String, Unit)> {
    let mut files = vec![
        ("index.html".to_string(), Unit::Home),
        ("404.html".to_string(), Unit::NotFound),
        // It lists every plan and the filters' choices, as the home page does.
        (crate::search::PAGE.to_string(), Unit::Home),
    ];
    // Theme pages show every city's items on the theme, as the home page
    // shows every plan.
    if !loaded.config.themes.is_empty() {
        let dir = crate::render::views::THEMES_DIR;
        files.push((format!("{dir}/index.html"), Unit::Home));
        for t in &loaded.config.themes {
            files.push((format!("{dir}/{}/index.html", t.slug), Unit::Home));
        }
    }
    files.extend(
        crate::data_files::SITE_FILES
            .iter()
            .map(|p| (p.to_string(), Unit::SiteData)),
    );
    for (ci, city) in loaded.site.cities.iter().enumerate() {
        files.push((format!("{}/index.html", city.slug), Unit::City(ci)));
        for (pi, plan) in city.plans.iter().enumerate() {
            let dir = format!("{}/{}", city.slug, plan.slug);
            let unit = Unit::Plan(ci, pi);
            files.push((format!("{dir}/index.html"), unit));
            let levels = loaded.config.scales.get(&plan.scale);
            for slug in levels
                .into_iter()
                .flat_map(|s| s.levels.iter().map(|l| l.slug.as_str()))
                .chain([crate::config::NO_STATUS_SLUG])
            {
                files.push((format!("{dir}/status/{slug}/index.html"), unit));
            }
            for slug in plan.category_slugs() {
                files.push((format!("{dir}/category/{slug}/index.html"), unit));
            }
            files.push((format!("{dir}/print/index.html"), unit));
            for item in &plan.items {
                files.push((format!("{dir}/{}/index.html", item.slug), unit));
            }
            for name in crate::data_files::PLAN_FILES {
                files.push((format!("{dir}/{name}"), Unit::Data(ci, pi)));
            }
        }
    }
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let sitemap = crate::sitemap::names(&loaded.config, &paths);
    files.extend(sitemap.into_iter().map(|p| (p, Unit::SiteData)));
    // The search index covers every plan: made again with the site's data files.
    let search = crate::search::names_of(loaded);
    files.extend(search.into_iter().map(|p| (p, Unit::SiteData)));
    files
}

/// A hash of what [`files`] follows from on a site of the same settings —
/// the cities' and plans' slugs, each plan's scale, categories, items and
/// KPI count (the search index's file count) — and of the static files'
/// names: while it stays the same, no file is new or gone.
pub fn shape(loaded: &Loaded, statics: &[(String, Vec<u8>)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (path, _) in statics {
        path.hash(&mut h);
    }
    for city in &loaded.site.cities {
        city.slug.hash(&mut h);
        for plan in &city.plans {
            (&plan.slug, &plan.scale, plan.category_slugs()).hash(&mut h);
            plan.all_categories().len().hash(&mut h);
            for item in &plan.items {
                (&item.slug, item.kpis.len()).hash(&mut h);
            }
        }
        // Where one city's plans end.
        usize::MAX.hash(&mut h);
    }
    h.finish()
}

/// Adds what makes `unit` to `scope`, or to `data` for data files.
pub fn add(scope: &mut Scope, data: &mut BTreeSet<(usize, usize)>, unit: Unit) {
    match unit {
        Unit::Home => scope.home = true,
        Unit::NotFound => scope.not_found = true,
        Unit::City(ci) => {
            scope.cities.insert(ci);
        }
        Unit::Plan(ci, pi) => {
            scope.plans.insert((ci, pi));
        }
        Unit::Data(ci, pi) => {
            data.insert((ci, pi));
        }
        // Written with any plan's data files: the first plan's stand in.
        Unit::SiteData => {
            data.insert((0, 0));
        }
    }
}

/// The plans whose data files must be written again for `scope`: every
/// plan of a city whose page is rendered (data.json carries the city's
/// summaries).
pub fn data(loaded: &Loaded, scope: &Scope) -> BTreeSet<(usize, usize)> {
    let mut data: BTreeSet<(usize, usize)> = scope.plans.clone();
    for &ci in &scope.cities {
        if let Some(city) = loaded.site.cities.get(ci) {
            data.extend((0..city.plans.len()).map(|pi| (ci, pi)));
        }
    }
    data
}

/// Whether a static file is where a page or data file must be, at its
/// path, where its folder must be, or inside it (the build reports it).
pub fn collides(statics: &BTreeSet<&str>, files: &BTreeSet<&str>) -> bool {
    statics.iter().any(|s| {
        let inside = format!("{s}/");
        files.contains(s)
            || files
                .range(inside.as_str()..)
                .next()
                .is_some_and(|f| f.starts_with(&inside))
            || s.match_indices('/').any(|(i, _)| files.contains(&s[..i]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_from_tags() {
        let text = r#"{% extends "base.html" %}{%- include 'partials/bar.html' -%}
            {% import "macros.html" as m %}{% if x %}{% endif %}"#;
        assert_eq!(
            references(text).unwrap(),
            ["base.html", "partials/bar.html", "macros.html"]
        );
        assert_eq!(references("{% include name %}"), None);
    }

    #[test]
    fn changed_paths_are_sorted_by_what_they_are() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("templates/partials")).unwrap();
        let c = classify(
            root,
            &[
                root.join("content/a/b/1.md"),
                root.join("content/a/b/.1.md.swp"),
                root.join("templates/partials/kpi.html"),
                root.join("static/x.css"),
                root.join("README.md"),
                root.join("public/index.html"),
            ],
        );
        assert!(!c.all && !c.config && !c.templates_all && c.statics);
        assert_eq!(c.content, [root.join("content/a/b/1.md")]);
        assert_eq!(Vec::from_iter(&c.templates), ["partials/kpi.html"]);
        assert!(classify(root, &[root.join("site.toml")]).config);
        assert!(classify(root, &[root.join("templates/partials")]).templates_all);
        assert!(classify(root, &[PathBuf::from("/elsewhere/x.md")]).all);
        assert!(classify(root, &[]).all, "no path: everything");
    }

    #[test]
    fn a_static_file_in_the_way_of_a_page_collides() {
        let files: BTreeSet<&str> = ["a/index.html", "a/b/data.json"].into();
        let hit = |s: &str| collides(&[s].into(), &files);
        assert!(hit("a/index.html"));
        assert!(hit("a"), "where a folder must be");
        assert!(hit("a/b/data.json/x"), "inside what must be a file");
        assert!(!hit("ab/index.html"));
        assert!(!hit("style.css"));
    }
}
