//! Render: the Tera environment and the list of pages a site has.

pub mod format;
pub mod views;

use std::path::Path;

use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use serde_json::json;
use tera::{Context, Kwargs, State, Tera};

use crate::config::Config;
use crate::content::read_text;
use std::sync::Arc;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location, SourceFile};
use crate::i18n;
use crate::model::{Site, YearFormat};
use views::Ctx;

/// The default theme, compiled in so that a site needs only content/ and site.toml.
pub static THEME_TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");
pub static THEME_STATIC: Dir = include_dir!("$CARGO_MANIFEST_DIR/static");

/// The Tera environment and the template sources, kept to quote them in errors.
pub struct Templates {
    pub tera: Tera,
    sources: Vec<(String, Arc<SourceFile>)>,
}

/// Builds the Tera environment: the built-in theme, then the site's
/// `templates/` on top (same name replaces).
pub fn templates(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Templates> {
    let mut sources: Vec<(String, Arc<SourceFile>)> = Vec::new();
    collect_builtin(&THEME_TEMPLATES, &mut sources);
    let dir = root.join("templates");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = display_path(&dir, entry.path());
            if name.starts_with('.') || name.contains("/.") {
                continue;
            }
            let Some(text) = read_text(root, entry.path(), diags) else {
                continue;
            };
            sources.retain(|(n, _)| *n != name);
            sources.push((
                name.clone(),
                SourceFile::new(format!("templates/{name}"), text),
            ));
        }
    }
    let mut tera = Tera::new();
    register_filters(&mut tera, config);
    let result = tera.add_raw_templates(sources.iter().map(|(n, f)| (n.as_str(), f.text.as_str())));
    let templates = Templates { tera, sources };
    if let Err(e) = result {
        diags.push(templates.error(&e));
        return None;
    }
    Some(templates)
}

fn collect_builtin(dir: &'static Dir<'static>, out: &mut Vec<(String, Arc<SourceFile>)>) {
    for f in dir.files() {
        if let Some(text) = f.contents_utf8() {
            let name = f.path().to_string_lossy().replace('\\', "/");
            // Built-in templates are named so that an error in one is not taken for the site's file.
            let display = format!("[built-in theme]/templates/{name}");
            out.push((name, SourceFile::new(display, text.to_string())));
        }
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

impl Templates {
    /// A Tera error as a diagnostic at the template's file, line and column.
    fn error(&self, e: &tera::Error) -> Diagnostic {
        if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
            if let Some((_, file)) = self.sources.iter().find(|(n, _)| n == r.filename()) {
                return Diagnostic::error(
                    Location::Span {
                        file: file.clone(),
                        range: r.span().range.clone(),
                    },
                    format!("template error: {}", r.message()),
                );
            }
        }
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(&format!(": {s}"));
            source = s.source();
        }
        Diagnostic::error(
            Location::Path {
                display: "templates".into(),
                line_col: None,
            },
            format!("template error: {}", text.trim_start_matches("error: ")),
        )
    }

    pub fn render(&self, page: &Page) -> Result<String, Diagnostic> {
        self.tera
            .render(page.template, &page.context)
            .map_err(|e| self.error(&e))
    }
}

fn register_filters(tera: &mut Tera, config: &Config) {
    let lang = config.language;
    let default_style = config.year_format;
    tera.register_filter(
        "fy",
        move |year: i64, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let style = match kwargs.get::<&str>("style")? {
                None => default_style,
                Some("wareki") => YearFormat::Wareki,
                Some("short") => YearFormat::Short,
                Some("western") => YearFormat::Western,
                Some(other) => {
                    return Err(tera::Error::message(format!(
                        "fy: style must be \"wareki\", \"short\" or \"western\", not \"{other}\""
                    )))
                }
            };
            Ok(format::fiscal_year(year as i32, style, lang))
        },
    );
    tera.register_filter("num", |v: tera::Value, _: Kwargs, _: &State| -> String {
        match v.as_number().map(|n| n.as_float()) {
            Some(f) => format::number(f),
            None => v.to_string(),
        }
    });
}

/// One file of the built site.
pub struct Page {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

/// Every HTML page of the site with its template and data. Contexts are
/// built lazily per page by `render`, so memory stays flat.
pub fn pages(site: &Site, config: &Config) -> Vec<PageSpec> {
    let mut out = vec![PageSpec::Home, PageSpec::NotFound];
    for (ci, city) in site.cities.iter().enumerate() {
        out.push(PageSpec::City(ci));
        for (pi, plan) in city.plans.iter().enumerate() {
            out.push(PageSpec::Plan(ci, pi));
            if let Some(scale) = config.scales.get(&plan.scale) {
                for li in 0..scale.levels.len() {
                    out.push(PageSpec::Status(ci, pi, Some(li)));
                }
            }
            out.push(PageSpec::Status(ci, pi, None));
            out.push(PageSpec::Print(ci, pi));
            for ii in 0..plan.items.len() {
                out.push(PageSpec::Item(ci, pi, ii));
            }
        }
    }
    out
}

/// Which page, by index into the site.
#[derive(Debug, Clone, Copy)]
pub enum PageSpec {
    Home,
    NotFound,
    City(usize),
    Plan(usize, usize),
    /// The plan's items with one reported status (by level index), or with none.
    Status(usize, usize, Option<usize>),
    /// The whole plan as one document for printing.
    Print(usize, usize),
    Item(usize, usize, usize),
}

impl PageSpec {
    pub fn make(self, loaded: &crate::Loaded) -> Page {
        let (site, config, assessment) = (&loaded.site, &loaded.config, &loaded.assessment);
        let ctx = Ctx { config };
        let mut c = Context::new();
        c.insert(
            "site",
            &json!({
                "title": config.title,
                "description": config.description,
                "show_disagreements": config.show_disagreements,
            }),
        );
        c.insert("lang", i18n::html_lang(config.language));
        c.insert("t", &i18n::strings(config.language));
        let (path, template, root) = match self {
            PageSpec::Home => {
                let cities: Vec<_> = site
                    .cities
                    .iter()
                    .zip(&assessment.cities)
                    .map(|(city, a)| ctx.city_full(city, a, "./"))
                    .collect();
                c.insert("cities", &cities);
                c.insert(
                    "body_html",
                    &crate::markdown::to_html(&site.body, config.allow_html),
                );
                ("index.html".to_string(), "index.html", "./".to_string())
            }
            PageSpec::NotFound => ("404.html".to_string(), "404.html", "/".to_string()),
            PageSpec::City(ci) => {
                let city = &site.cities[ci];
                c.insert("city", &ctx.city_full(city, &assessment.cities[ci], "../"));
                (
                    format!("{}/index.html", city.slug),
                    "city.html",
                    "../".to_string(),
                )
            }
            PageSpec::Plan(ci, pi) => {
                let city = &site.cities[ci];
                let plan = &city.plans[pi];
                c.insert("city", &ctx.city_brief(city, "../../"));
                let pa = assessment.plan(ci, pi);
                c.insert("plan", &ctx.plan_full(city, plan, pa, "../../"));
                let rows: Vec<_> = plan
                    .items
                    .iter()
                    .zip(&pa.items)
                    .map(|(i, a)| ctx.item_row(plan, i, a, "./"))
                    .collect();
                c.insert("items", &rows);
                (
                    format!("{}/{}/index.html", city.slug, plan.slug),
                    "plan.html",
                    "../../".to_string(),
                )
            }
            PageSpec::Status(ci, pi, li) => {
                let city = &site.cities[ci];
                let plan = &city.plans[pi];
                let pa = assessment.plan(ci, pi);
                let level = li.and_then(|li| config.scales.get(&plan.scale).map(|s| &s.levels[li]));
                let slug = level.map_or(crate::config::NO_STATUS_SLUG, |l| l.slug.as_str());
                c.insert("city", &ctx.city_brief(city, "../../../../"));
                c.insert("plan", &ctx.plan_full(city, plan, pa, "../../../../"));
                c.insert("level", &level);
                let rows: Vec<_> = plan
                    .items
                    .iter()
                    .zip(&pa.items)
                    .map(|(i, a)| ctx.item_row(plan, i, a, "../../"))
                    .filter(|row| row["status_slug"] == slug)
                    .collect();
                c.insert("items", &rows);
                (
                    format!("{}/{}/status/{slug}/index.html", city.slug, plan.slug),
                    "status.html",
                    "../../../../".to_string(),
                )
            }
            PageSpec::Print(ci, pi) => {
                let city = &site.cities[ci];
                let plan = &city.plans[pi];
                let pa = assessment.plan(ci, pi);
                c.insert("city", &ctx.city_brief(city, "../../../"));
                c.insert("plan", &ctx.plan_full(city, plan, pa, "../../../"));
                let items: Vec<_> = plan
                    .items
                    .iter()
                    .zip(&pa.items)
                    .map(|(i, a)| ctx.item_full(plan, i, a, &format!("item-{}-", i.slug), 2))
                    .collect();
                c.insert("items", &items);
                c.insert("appendix", &ctx.appendix(plan, pa));
                let issued = plan.issued.as_ref().or(config.issued.as_ref());
                c.insert(
                    "issued_text",
                    &issued.map(|d| format::date(d, config.language)),
                );
                (
                    format!("{}/{}/print/index.html", city.slug, plan.slug),
                    "print.html",
                    "../../../".to_string(),
                )
            }
            PageSpec::Item(ci, pi, ii) => {
                let city = &site.cities[ci];
                let plan = &city.plans[pi];
                let item = &plan.items[ii];
                c.insert("city", &ctx.city_brief(city, "../../../"));
                let pa = assessment.plan(ci, pi);
                c.insert("plan", &ctx.plan_brief(city, plan, pa, "../../../"));
                c.insert("item", &ctx.item_full(plan, item, &pa.items[ii], "", 0));
                (
                    format!("{}/{}/{}/index.html", city.slug, plan.slug, item.slug),
                    "item.html",
                    "../../../".to_string(),
                )
            }
        };
        c.insert("root", &root);
        Page {
            path,
            template,
            context: c,
        }
    }
}

/// Renders every page in parallel and hands each to `write`. Errors of all
/// pages are collected (one per template is enough to act on).
pub fn render_all(
    loaded: &crate::Loaded,
    templates: &Templates,
    write: impl Fn(&str, Vec<u8>) -> std::io::Result<()> + Sync,
) -> (usize, Diagnostics) {
    let (site, config) = (&loaded.site, &loaded.config);
    let specs = pages(site, config);
    let results: Vec<Result<(), Diagnostic>> = specs
        .par_iter()
        .map(|spec| {
            let page = spec.make(loaded);
            let html = templates.render(&page)?;
            let bytes = if config.minify {
                minify(html.as_bytes())
            } else {
                html.into_bytes()
            };
            write(&page.path, bytes).map_err(|e| {
                Diagnostic::error(Location::None, format!("cannot write {}: {e}", page.path))
            })
        })
        .collect();
    let mut diags = Diagnostics::default();
    let mut seen: Vec<String> = Vec::new();
    for r in results {
        if let Err(d) = r {
            // The same template error repeats on every page that uses it.
            let key = d.to_string();
            if !seen.contains(&key) {
                seen.push(key);
                diags.push(d);
            }
        }
    }
    (specs.len(), diags)
}

pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        // Kept for valid HTML: `<!doctypehtml>` and a dropped <html lang> are not.
        minify_doctype: false,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: true,
        minify_css: true,
        minify_js: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}
