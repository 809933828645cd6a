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
use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::i18n;
use crate::model::{Site, YearFormat};
use views::Ctx;

/// The default theme, compiled in so that a site needs only content/ and site.toml.
pub static THEME_TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");
pub static THEME_STATIC: Dir = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Which template files are the site's own, to name them in errors.
pub struct Templates {
    pub tera: Tera,
    overridden: Vec<String>,
}

/// Builds the Tera environment: the built-in theme, then the site's
/// `templates/` on top (same name replaces).
pub fn templates(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Templates> {
    let mut sources: Vec<(String, String)> = Vec::new();
    collect_builtin(&THEME_TEMPLATES, &mut sources);
    let mut overridden = Vec::new();
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
            sources.push((name.clone(), text));
            overridden.push(name);
        }
    }
    let mut tera = Tera::new();
    register_filters(&mut tera, config);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_error(&e, &overridden));
        return None;
    }
    Some(Templates { tera, overridden })
}

fn collect_builtin(dir: &'static Dir<'static>, out: &mut Vec<(String, String)>) {
    for f in dir.files() {
        if let Some(text) = f.contents_utf8() {
            out.push((
                f.path().to_string_lossy().replace('\\', "/"),
                text.to_string(),
            ));
        }
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

/// A Tera error, naming the template file the site must fix.
fn template_error(e: &tera::Error, overridden: &[String]) -> Diagnostic {
    let name = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.filename().to_string())
        }
        _ => None,
    };
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("\n{s}"));
        source = s.source();
    }
    let display = match &name {
        Some(n) if overridden.contains(n) => format!("templates/{n}"),
        Some(n) => format!("templates/{n} (built-in theme)"),
        None => "templates".to_string(),
    };
    Diagnostic::error(
        Location::Path {
            display,
            line_col: None,
        },
        format!("template error: {}", text.trim_start_matches("error: ")),
    )
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
pub fn pages(site: &Site) -> Vec<PageSpec> {
    let mut out = vec![PageSpec::Home, PageSpec::NotFound];
    for (ci, city) in site.cities.iter().enumerate() {
        out.push(PageSpec::City(ci));
        for (pi, plan) in city.plans.iter().enumerate() {
            out.push(PageSpec::Plan(ci, pi));
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
    Item(usize, usize, usize),
}

impl PageSpec {
    pub fn make(self, site: &Site, config: &Config) -> Page {
        let ctx = Ctx { config };
        let mut c = Context::new();
        c.insert(
            "site",
            &json!({ "title": config.title, "description": config.description }),
        );
        c.insert("lang", i18n::html_lang(config.language));
        c.insert("t", &i18n::strings(config.language));
        let (path, template, root) = match self {
            PageSpec::Home => {
                let cities: Vec<_> = site
                    .cities
                    .iter()
                    .map(|city| ctx.city_full(city, "./"))
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
                c.insert("city", &ctx.city_full(city, "../"));
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
                c.insert("plan", &ctx.plan_full(city, plan, "../../"));
                let rows: Vec<_> = plan
                    .items
                    .iter()
                    .map(|i| ctx.item_row(plan, i, "./"))
                    .collect();
                c.insert("items", &rows);
                (
                    format!("{}/{}/index.html", city.slug, plan.slug),
                    "plan.html",
                    "../../".to_string(),
                )
            }
            PageSpec::Item(ci, pi, ii) => {
                let city = &site.cities[ci];
                let plan = &city.plans[pi];
                let item = &plan.items[ii];
                c.insert("city", &ctx.city_brief(city, "../../../"));
                c.insert("plan", &ctx.plan_brief(city, plan, "../../../"));
                c.insert("item", &ctx.item_full(plan, item));
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

impl Templates {
    pub fn render(&self, page: &Page) -> Result<String, Diagnostic> {
        self.tera
            .render(page.template, &page.context)
            .map_err(|e| template_error(&e, &self.overridden))
    }
}

/// Renders every page in parallel and hands each to `write`. Errors of all
/// pages are collected (one per template is enough to act on).
pub fn render_all(
    site: &Site,
    config: &Config,
    templates: &Templates,
    write: impl Fn(&str, Vec<u8>) -> std::io::Result<()> + Sync,
) -> (usize, Diagnostics) {
    let specs = pages(site);
    let results: Vec<Result<(), Diagnostic>> = specs
        .par_iter()
        .map(|spec| {
            let page = spec.make(site, config);
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
