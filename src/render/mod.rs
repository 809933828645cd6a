//! Render: the Tera environment and the list of pages a site has.

mod compact;
pub mod format;
pub mod limits;
mod pages;
mod scope;
pub mod slots;
pub mod views;

use std::path::Path;

use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use serde_json::json;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::content::read_text;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFile, Text};
use crate::i18n;
use crate::model::YearFormat;
use crate::tr;
use pages::{plan_pages, site_pages};
pub use scope::Scope;

/// The default theme, compiled in so that a site needs only content/ and site.toml.
pub static THEME_TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");
pub static THEME_STATIC: Dir = include_dir!("$CARGO_MANIFEST_DIR/static");

/// The Tera environment and the template sources, kept to quote them in errors.
pub struct Templates {
    pub tera: Tera,
    sources: Vec<(String, Arc<SourceFile>)>,
    /// The most bytes one page may have (`max_page_mib`).
    max_page_bytes: usize,
    /// The text of style.css and print.css: the theme's, or what
    /// [`Templates::use_statics`] took (the site's where it has its own).
    pub(super) print_css: String,
    /// The text of style.css alone, for the 404 page: it is served at any
    /// address, so no link to the stylesheet can be right at every depth.
    pub(super) style_css: String,
    /// Each plan's PDF as its plan page links it, by the plan's folder
    /// (`city/plan`): set by `build --pdf` once the PDFs are made.
    pub(crate) pdf_links: std::collections::HashMap<String, Value>,
}

/// Builds the Tera environment: the built-in theme, then the site's
/// `templates/` on top (same name replaces).
pub fn templates(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Templates> {
    let mut sources: Vec<(String, Arc<SourceFile>)> = Vec::new();
    collect_builtin(&THEME_TEMPLATES, &mut sources);
    let dir = root.join("templates");
    if dir.is_dir() {
        for (name, path) in crate::content::file::files_under(root, &dir, diags) {
            if name.starts_with('.') || name.contains("/.") {
                continue;
            }
            let Some(text) = read_text(root, &path, diags) else {
                continue;
            };
            sources.retain(|(n, _)| *n != name);
            sources.push((
                name.clone(),
                SourceFile::new(format!("templates/{name}"), text),
            ));
        }
    }
    // Errors are found in the templates as written, where their lines and
    // columns are those the author sees; the compact ones are what renders.
    let (mut tera, mut result) = tera_of(
        sources.iter().map(|(n, f)| (n.as_str(), f.text.as_str())),
        config,
    );
    if result.is_ok() && config.minify {
        (tera, result) = tera_of(
            sources
                .iter()
                .map(|(n, f)| (n.as_str(), compact::compact(&f.text))),
            config,
        );
    }
    let templates = Templates {
        tera,
        sources,
        max_page_bytes: config.max_page_bytes,
        print_css: print_css(
            ["style.css", "print.css"].map(|n| THEME_STATIC.get_file(n).map(|f| f.contents())),
        ),
        style_css: print_css([
            THEME_STATIC.get_file("style.css").map(|f| f.contents()),
            None,
        ]),
        pdf_links: Default::default(),
    };
    if let Err(e) = result {
        diags.push(templates.error(&e));
        return None;
    }
    Some(templates)
}

/// A Tera environment of the theme's filters and globals holding `sources`
/// (name and text), and whether they all parsed.
fn tera_of<'a>(
    sources: impl IntoIterator<Item = (&'a str, impl AsRef<str>)>,
    config: &Config,
) -> (Tera, tera::TeraResult<()>) {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_html);
    register_filters(&mut tera, config);
    set_globals(&mut tera, config);
    let result = tera.add_raw_templates(sources);
    (tera, result)
}

/// The stylesheets as one text for a `<style>` element.
fn print_css(files: [Option<&[u8]>; 2]) -> String {
    let mut css = String::new();
    for bytes in files.into_iter().flatten() {
        css.push_str(&String::from_utf8_lossy(bytes));
        css.push('\n');
    }
    // `</style` would end the element early; `\/` is the same `/` to CSS.
    css.replace("</", "<\\/")
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
    /// Takes the stylesheets the print view carries inline from the static
    /// files the build copies. Inline, because Paged.js fetches a linked
    /// stylesheet to lay pages out, and a browser refuses that to a page
    /// opened from disk; inline, the layout is the same from disk and from
    /// any server.
    pub fn use_statics(&mut self, statics: &[(String, Vec<u8>)]) {
        let file = |name: &str| {
            statics
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, b)| b.as_slice())
        };
        self.print_css = print_css([file("style.css"), file("print.css")]);
        self.style_css = print_css([file("style.css"), None]);
    }

    /// A hash of what pages are made from besides their contexts: every
    /// template's name and text, the style sheets pages carry inline, the
    /// size limit and the PDF links.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (name, file) in &self.sources {
            (name, &file.text).hash(&mut h);
        }
        (&self.print_css, &self.style_css, self.max_page_bytes).hash(&mut h);
        let mut links: Vec<String> = self
            .pdf_links
            .iter()
            .map(|(k, v)| format!("{k} {v:?}"))
            .collect();
        links.sort();
        links.hash(&mut h);
        h.finish()
    }

    /// A Tera error as a diagnostic at the template's file, line and column.
    fn error(&self, e: &tera::Error) -> Diagnostic {
        if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
            if let Some((_, file)) = self.sources.iter().find(|(n, _)| n == r.filename()) {
                return Diagnostic::error(
                    Location::Span {
                        file: file.clone(),
                        range: r.span().range.clone(),
                    },
                    template_error(r.message()),
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
            template_error(text.trim_start_matches("error: ")),
        )
    }

    /// The page's HTML as bytes: templates and values are UTF-8 already,
    /// and checking it again (as `Tera::render` does) cost 3 % of a build.
    pub fn render(&self, page: &Page) -> Result<Vec<u8>, Diagnostic> {
        self.render_bytes(page.template, &page.context, 64 * 1024)
    }

    /// A part of pages rendered on its own by the partial `template`, to be
    /// shown by several pages without rendering it for each.
    fn fragment(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        let html = self.render_bytes(template, context, 4 * 1024)?;
        // Templates and values are UTF-8, so the output is.
        String::from_utf8(html).map_err(|e| Diagnostic::error(Location::None, e.to_string()))
    }

    fn render_bytes(
        &self,
        template: &str,
        context: &Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut html = Vec::with_capacity(capacity);
        let mut out = limits::Capped::new(&mut html, self.max_page_bytes);
        if let Err(e) = self.tera.render_to(template, context, &mut out) {
            if out.refused.is_some() {
                return Err(self.too_large(template, out.last_writes()));
            }
            return Err(self.error(&e));
        }
        Ok(html)
    }

    /// Each template's name and text, the site's where it replaces the theme's.
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .map(|(n, f)| (n.as_str(), f.text.as_str()))
    }

    /// The file a template's name stands for, site's or theme's.
    fn source(&self, template: &str) -> Option<&Arc<SourceFile>> {
        self.sources
            .iter()
            .find(|(n, _)| n == template)
            .map(|(_, f)| f)
    }

    /// A page that grew past [`limits::MAX_PAGE_BYTES`], reported where the
    /// text it was repeating is written when that text is found in one
    /// place of the templates, else at the page's template.
    fn too_large(&self, template: &str, mut writes: Vec<String>) -> Diagnostic {
        let mib = self.max_page_bytes >> 20;
        let message = tr!(
            "テンプレートのエラー: {template} が、1ページの上限 {mib} MiB (site.toml の max_page_mib) を超えるページを作りました。繰り返しが終わらなくなっている可能性があります",
            "template error: {template} made a page larger than {mib} MiB, the most a page may have (max_page_mib in site.toml); a loop probably repeats without end"
        );
        writes.sort_by_key(|w| std::cmp::Reverse(w.len()));
        for w in writes.iter().filter(|w| w.trim().len() >= 3) {
            let mut found = self
                .sources
                .iter()
                .flat_map(|(_, f)| f.text.match_indices(w.as_str()).map(move |(i, _)| (f, i)));
            if let (Some((file, at)), None) = (found.next(), found.next()) {
                return Diagnostic::error(
                    Location::Span {
                        file: file.clone(),
                        range: at..at + w.len(),
                    },
                    message,
                );
            }
        }
        self.at_template(template, message)
    }

    fn at_template(&self, template: &str, message: Text) -> Diagnostic {
        let display = self
            .source(template)
            .map_or_else(|| format!("templates/{template}"), |f| f.display.clone());
        Diagnostic::error(
            Location::Path {
                display,
                line_col: None,
            },
            message,
        )
    }

    /// An item's view with what its page and the print view share rendered
    /// once (see [`views::ItemParts`]), its charts, and the errors of those
    /// renders (the item's parts are then empty; the build fails anyway).
    fn finish_item<'a>(
        &self,
        parts: views::ItemParts<'a>,
    ) -> (
        views::ItemView<'a>,
        Vec<crate::chart::Drawing>,
        Vec<Diagnostic>,
    ) {
        let mut errors = Vec::new();
        let mut fragment = |template: &str, context: Context| {
            self.fragment(template, &context).unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            })
        };
        let kpi_html = parts
            .kpis
            .iter()
            .map(|k| {
                let mut c = Context::new();
                c.insert_value("kpi", value(k));
                fragment("partials/kpi.html", c)
            })
            .collect();
        let schedule_html = parts.schedule.as_ref().map(|s| {
            let mut c = Context::new();
            c.insert_value("schedule", value(s));
            c.insert("anchor", parts.anchor());
            fragment("partials/schedule.html", c)
        });
        let (view, charts) = parts.finish(kpi_html, schedule_html);
        (view, charts, errors)
    }
}

/// Tera's own escaping, with the same output, in runs: Tera's writes each
/// byte with a call of its own, which cost 7 % of a build.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
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
    tera.register_filter("css_string", |v: &str, _: Kwargs, _: &State| {
        format::css_string(v)
    });
    tera.register_filter("num", |v: tera::Value, _: Kwargs, _: &State| -> String {
        match v.as_number().map(|n| n.as_float()) {
            Some(f) => format::number(f),
            None => v.to_string(),
        }
    });
}

/// One page of the built site, ready to render.
pub struct Page {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

impl Page {
    fn new(path: String, template: &'static str, root: &str) -> Page {
        let mut context = Context::new();
        context.insert("root", root);
        Page {
            path,
            template,
            context,
        }
    }

    fn with(mut self, key: &'static str, value: &Value) -> Page {
        self.context.insert_value(key, value.clone());
        self
    }
}

/// The relative way up from a page `depth` folders below the root.
fn root(depth: usize) -> String {
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

fn value(view: &impl serde::Serialize) -> Value {
    Value::from_serializable(view)
}

/// Puts what every page shares into Tera's global context, once.
fn set_globals(tera: &mut Tera, config: &Config) {
    let g = tera.global_context();
    g.insert(
        "site",
        &json!({
            "title": config.title,
            "description": config.description,
            "show_disagreements": config.show_disagreements,
        }),
    );
    g.insert("lang", i18n::html_lang(config.language));
    g.insert(
        "og_locale",
        match config.language {
            crate::config::Language::Ja => "ja_JP",
            crate::config::Language::En => "en_US",
        },
    );
    // Templates end links to pages in it: `{{ root }}{{ index_page }}` is home.
    g.insert("index_page", views::index_page(config));
    g.insert("t", &i18n::strings(config.language));
}

/// Renders every page and hands each to `write` as soon as it is made, so
/// that no page's HTML is held longer than it takes to write it. Plans are
/// the unit of work: what a plan's pages share (the plan, its item rows, its
/// items in full) is built and converted for Tera once, then reused by its
/// item pages, status pages, plan page and print view. Errors of all pages
/// are collected, each template error once.
pub fn render_all(
    loaded: &crate::Loaded,
    templates: &Templates,
    progress: &indicatif::ProgressBar,
    keep: impl Fn(&str, u64) -> std::io::Result<bool> + Sync,
    write: impl Fn(&str, Vec<u8>, u64) -> std::io::Result<()> + Sync,
) -> (usize, Diagnostics) {
    render_some(loaded, templates, &Scope::all(), progress, keep, write)
}

/// As [`render_all`], for the pages of `scope` only: the others are not
/// even made into contexts.
pub fn render_some(
    loaded: &crate::Loaded,
    templates: &Templates,
    scope: &Scope,
    progress: &indicatif::ProgressBar,
    keep: impl Fn(&str, u64) -> std::io::Result<bool> + Sync,
    write: impl Fn(&str, Vec<u8>, u64) -> std::io::Result<()> + Sync,
) -> (usize, Diagnostics) {
    let site = &loaded.site;
    let mut units = site.plan_indices();
    units.retain(|&unit| scope.plan(unit));
    progress.set_length(page_count(loaded) as u64);
    let emit = |mut page: Page, charts: &slots::Charts| -> Result<(), Diagnostic> {
        progress.inc(1);
        // The 404 page is served at every missing address: it has none.
        if let Some(url) = crate::sitemap::canonical(&loaded.config, &page.path)
            .filter(|_| page.path != "404.html")
        {
            page.context.insert("canonical", &url);
        }
        let html = templates.render(&page)?;
        let failed = |e: std::io::Error| {
            let path = &page.path;
            let e = crate::output::said(&e);
            let (ja, en) = (&e.ja, &e.en);
            Diagnostic::error(
                Location::None,
                tr!("{path} を書き込めません: {ja}", "cannot write {path}: {en}"),
            )
        };
        // A page whose HTML and charts are those of the previous build
        // keeps that build's file: nothing is written, and the disk and
        // any server's caches see the file unchanged.
        let key = xxhash_rust::xxh3::xxh3_64_with_seed(&html, charts.hash);
        if keep(&page.path, key).map_err(failed)? {
            return Ok(());
        }
        write(&page.path, slots::fill(html, charts), key).map_err(failed)
    };
    let themes = crate::themes::ThemeMap::of(site, &loaded.config);
    let site_results: Vec<Result<usize, Diagnostic>> =
        site_pages(loaded, templates, scope, &themes)
            .into_par_iter()
            .map(|page| emit(page, &slots::Charts::default()).map(|_| 1))
            .collect();
    let plan_results: Vec<Vec<Result<usize, Diagnostic>>> = units
        .par_iter()
        .map(|&(ci, pi)| {
            plan_pages(
                loaded,
                templates,
                ci,
                pi,
                scope.plan_page_only,
                &themes,
                &emit,
            )
        })
        .collect();
    let mut diags = Diagnostics::default();
    let mut seen: Vec<String> = Vec::new();
    let mut count = 0;
    for r in site_results
        .into_iter()
        .chain(plan_results.into_iter().flatten())
    {
        match r {
            Ok(n) => count += n,
            Err(d) => {
                // The same template error repeats on every page that uses it.
                let key = d.to_string();
                if !seen.contains(&key) {
                    seen.push(key);
                    diags.push(d);
                }
            }
        }
    }
    (count, diags)
}

/// Renders again the plan page of each of `plans` (city and plan index),
/// and no other page: `build --pdf` does so once the PDFs they link are made.
pub fn render_plan_pages(
    loaded: &crate::Loaded,
    templates: &Templates,
    plans: std::collections::BTreeSet<(usize, usize)>,
    keep: impl Fn(&str, u64) -> std::io::Result<bool> + Sync,
    write: impl Fn(&str, Vec<u8>, u64) -> std::io::Result<()> + Sync,
) -> Diagnostics {
    let scope = Scope {
        plans,
        plan_page_only: true,
        ..Scope::default()
    };
    let hidden = indicatif::ProgressBar::hidden();
    render_some(loaded, templates, &scope, &hidden, keep, write).1
}

/// How many pages the site has, for the progress bar.
pub(crate) fn page_count(loaded: &crate::Loaded) -> usize {
    let plans: usize = loaded
        .site
        .plans()
        .map(|(_, p)| {
            let levels = loaded
                .config
                .scales
                .get(&p.scale)
                .map_or(0, |s| s.levels.len());
            // plan page, a status page per level and one for none, print view, items
            3 + levels + p.items.len()
        })
        .sum();
    // home, 404 and search pages; the theme index and a page per theme
    let themes = match loaded.config.themes.len() {
        0 => 0,
        n => n + 1,
    };
    3 + themes + loaded.site.cities.len() + plans
}

/// "template error: …" around Tera's own words, which are English.
fn template_error(detail: &str) -> Text {
    tr!("テンプレートのエラー: {detail}", "template error: {detail}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_as_tera_does() {
        for s in [
            "",
            "plain 日本語",
            "<a href=\"x\">Tom & Jerry's</a>",
            "&&",
            "x>",
            "'",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(s, &mut ours).unwrap();
            tera::escape_html(s, &mut teras).unwrap();
            assert_eq!(ours, teras, "{s}");
        }
    }
}
