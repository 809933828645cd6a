//! plansite: a static site generator for the progress reports of Japanese
//! municipal plans.
//!
//! Data flows one way: [`content`] loads `content/` and [`config`] loads
//! `site.toml`; [`validate`] checks what spans files; [`render`] turns the
//! model into pages through Tera; [`export`] writes the data files; [`output`]
//! swaps the finished site in.

pub mod assess;
pub mod chart;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod export;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::Instant;

use diagnostics::{Diagnostic, Diagnostics, Location};

/// What a run did, for the summary line.
#[derive(Debug, Default)]
pub struct Summary {
    pub cities: usize,
    pub plans: usize,
    pub items: usize,
    pub kpis: usize,
    pub pages: usize,
    pub files: usize,
    pub seconds: f64,
    /// Seconds spent in each stage, in order, for `--timings`.
    pub stages: Vec<(&'static str, f64)>,
}

/// Records for `--timings` how long `stage` took since the previous lap.
fn lap(stages: &mut Vec<(&'static str, f64)>, stage: &'static str, since: &mut Instant) {
    stages.push((stage, since.elapsed().as_secs_f64()));
    *since = Instant::now();
}

/// The result of `build` or `check`: what was done and every problem found.
pub struct Outcome {
    pub summary: Summary,
    pub diagnostics: Diagnostics,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// Loads, validates and assesses the site at `root`: everything `build`
/// checks except the templates, writing nothing.
pub fn load(root: &Path) -> Loaded {
    let mut diags = Diagnostics::default();
    let mut stages = Vec::new();
    let mut since = Instant::now();
    let config = config::load(root, &mut diags);
    let site = content::load(root, &mut diags);
    lap(&mut stages, "load", &mut since);
    if let Some(config) = &config {
        validate::site(&site, config, &mut diags);
    }
    lap(&mut stages, "validate", &mut since);
    let config = config.unwrap_or_default();
    // Figures are only worth questioning once the content and the scales
    // hold together; before that the findings would be noise.
    let assessment = if diags.has_errors() {
        assess::site(&site, &config, &mut Diagnostics::default())
    } else {
        assess::site(&site, &config, &mut diags)
    };
    lap(&mut stages, "assess", &mut since);
    Loaded {
        config,
        site,
        assessment,
        diagnostics: diags,
        stages,
    }
}

/// The site as loaded, with its assessment and every problem found.
pub struct Loaded {
    pub config: config::Config,
    pub site: model::Site,
    pub assessment: assess::Assessment,
    pub diagnostics: Diagnostics,
    /// Seconds each stage of loading took, for `--timings`.
    pub stages: Vec<(&'static str, f64)>,
}

fn count(site: &model::Site, summary: &mut Summary) {
    summary.cities = site.cities.len();
    summary.plans = site.plans().count();
    summary.items = site.plans().map(|(_, p)| p.items.len()).sum();
    summary.kpis = site.plans().map(|(_, p)| p.kpi_count()).sum();
}

/// Everything `build` validates, including the templates, without writing.
/// With `links`, every internal link of the rendered site is followed too.
pub fn check(root: &Path, links: bool) -> Outcome {
    let start = Instant::now();
    let mut loaded = load(root);
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    let mut summary = Summary::default();
    count(&loaded.site, &mut summary);
    // Minifying finds no error and changes no link; it was half of a check.
    loaded.config.minify = false;
    if let Some(t) = render::templates(root, &loaded.config, &mut diags) {
        if !diags.has_errors() {
            // Each page's links, not its HTML: a national site's pages
            // would not fit in memory at once.
            let rendered = std::sync::Mutex::new(Vec::new());
            let hidden = indicatif::ProgressBar::hidden();
            let no_cache = |_: &str, _: u64| Ok(false);
            let (pages, d) =
                render::render_all(&loaded, &t, &hidden, no_cache, |path, bytes: Vec<u8>, _| {
                    if links {
                        let found = links::internal(path, &bytes);
                        rendered
                            .lock()
                            .expect("no panic while holding it")
                            .push((path.to_string(), found));
                    }
                    Ok(())
                });
            summary.pages = pages;
            diags.extend(d);
            if links {
                check_links(
                    root,
                    &loaded,
                    rendered.into_inner().unwrap_or_default(),
                    &mut diags,
                );
            }
        }
    }
    summary.seconds = start.elapsed().as_secs_f64();
    Outcome {
        summary,
        diagnostics: diags,
    }
}

/// Builds the site at `root` into `out`. On any error the previous output is left as it was.
pub fn build(root: &Path, out: &Path) -> Outcome {
    build_with(root, out, &indicatif::ProgressBar::hidden())
}

/// As [`build`], reporting pages rendered to `progress` (hidden, or a bar on a terminal).
pub fn build_with(root: &Path, out: &Path, progress: &indicatif::ProgressBar) -> Outcome {
    let start = Instant::now();
    let mut summary = Summary::default();
    let fail = |diags: Diagnostics, summary: Summary| Outcome {
        summary,
        diagnostics: diags,
    };
    let target = match output::Target::new(root, out) {
        Ok(t) => t,
        Err(msg) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(Location::None, msg));
            return fail(d, summary);
        }
    };
    let mut loaded = load(root);
    summary.stages.append(&mut loaded.stages);
    let mut since = Instant::now();
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    count(&loaded.site, &mut summary);
    let templates = render::templates(root, &loaded.config, &mut diags);
    lap(&mut summary.stages, "templates", &mut since);
    let Some(templates) = templates.filter(|_| !diags.has_errors()) else {
        return fail(diags, summary);
    };
    match target.begin() {
        Ok(_) => {}
        Err(e) => {
            diags.push(Diagnostic::error(
                Location::None,
                format!("cannot prepare the output: {e}"),
            ));
            return fail(diags, summary);
        }
    };
    lap(&mut summary.stages, "prepare output", &mut since);
    let written = write_all(
        root,
        &target,
        &loaded,
        &templates,
        progress,
        &mut summary,
        &mut diags,
    );
    progress.finish_and_clear();
    lap(&mut summary.stages, "render and write", &mut since);
    if written.is_err() || diags.has_errors() {
        if let Err(e) = written {
            diags.push(Diagnostic::error(
                Location::None,
                format!("cannot write the output: {e}"),
            ));
        }
        target.abandon();
        return fail(diags, summary);
    }
    let committed = target.commit();
    lap(&mut summary.stages, "swap in", &mut since);
    if let Err(e) = committed {
        diags.push(Diagnostic::error(
            Location::None,
            format!(
                "cannot move the new site into {}: {e}",
                target.out.display()
            ),
        ));
        target.abandon();
    }
    // A national site's model is millions of allocations: freed on every
    // core, not one by one after the build.
    use rayon::prelude::*;
    let (site, assessment) = (loaded.site.cities, loaded.assessment.cities);
    rayon::join(
        || site.into_par_iter().for_each(drop),
        || {
            assessment.into_par_iter().for_each(drop);
            drop(target);
        },
    );
    summary.seconds = start.elapsed().as_secs_f64();
    Outcome {
        summary,
        diagnostics: diags,
    }
}

/// Reports links of the rendered pages that lead to no file of the site.
fn check_links(
    root: &Path,
    loaded: &Loaded,
    mut pages: Vec<(String, Vec<String>)>,
    diags: &mut Diagnostics,
) {
    let mut files: Vec<String> = Vec::new();
    match static_files(root) {
        Ok(statics) => {
            for (path, bytes) in statics {
                pages.push((path.clone(), links::internal(&path, &bytes)));
                files.push(path);
            }
        }
        Err(e) => diags.push(Diagnostic::error(
            Location::None,
            format!("cannot read static files: {e}"),
        )),
    }
    for (city, plan) in loaded.site.plans() {
        for name in ["data.csv", "data.json"] {
            files.push(format!("{}/{}/{name}", city.slug, plan.slug));
        }
    }
    // Pages in path order, so that the report reads the same on every run.
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    let paths: std::collections::BTreeSet<&str> = pages
        .iter()
        .map(|(p, _)| p.as_str())
        .chain(files.iter().map(String::as_str))
        .collect();
    for b in links::broken(
        &paths,
        pages.iter().map(|(p, l)| (p.as_str(), l.as_slice())),
    ) {
        diags.push(Diagnostic::error(
            Location::Path {
                display: format!("[output]/{}", b.page),
                line_col: None,
            },
            format!(
                "the link \"{}\" leads to no page or file of the site",
                b.link
            ),
        ));
    }
}

fn write_all(
    root: &Path,
    target: &output::Target,
    loaded: &Loaded,
    templates: &render::Templates,
    progress: &indicatif::ProgressBar,
    summary: &mut Summary,
    diags: &mut Diagnostics,
) -> std::io::Result<()> {
    // Static files first, so that a page of the same path is reported, not silently replaced.
    let statics = static_files(root)?;
    let files = std::sync::atomic::AtomicUsize::new(0);
    for (rel, bytes) in &statics {
        target.write(rel, bytes)?;
    }
    let static_paths: std::collections::BTreeSet<&str> =
        statics.iter().map(|(p, _)| p.as_str()).collect();
    let (site, config) = (&loaded.site, &loaded.config);
    let collision = |path: &str| {
        static_paths.contains(path).then(|| {
            std::io::Error::other(format!(
                "static/{path} has the same path as a page; rename one of them"
            ))
        })
    };
    let keep = |path: &str, key: u64| match collision(path) {
        Some(e) => Err(e),
        None => {
            let kept = target.keep(path, key)?;
            if kept {
                files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(kept)
        }
    };
    let (pages, d) = render::render_all(
        loaded,
        templates,
        progress,
        keep,
        |path, bytes: Vec<u8>, key| {
            if let Some(e) = collision(path) {
                return Err(e);
            }
            files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            match key {
                Some(key) => target.write_page(path, &bytes, key),
                None => target.write(path, &bytes),
            }
        },
    );
    diags.extend(d);
    summary.pages = pages;
    // Each plan's data files, on every core.
    use rayon::prelude::*;
    let plans: Vec<(usize, usize)> = site
        .cities
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| (0..c.plans.len()).map(move |pi| (ci, pi)))
        .collect();
    plans
        .par_iter()
        .try_for_each(|&(ci, pi)| -> std::io::Result<()> {
            let (city, plan) = (&site.cities[ci], &site.cities[ci].plans[pi]);
            let (ca, pa) = (
                &loaded.assessment.cities[ci],
                &loaded.assessment.cities[ci].plans[pi],
            );
            let dir = format!("{}/{}", city.slug, plan.slug);
            target.write(
                &format!("{dir}/data.json"),
                export::plan_json(config, city, plan, ca, pa).as_bytes(),
            )?;
            target.write(
                &format!("{dir}/data.csv"),
                &export::plan_csv(city, plan, pa),
            )
        })?;
    summary.files = files.into_inner() + statics.len() + 2 * summary.plans;
    Ok(())
}

/// The theme's static files overlaid by the site's `static/`, by relative path.
fn static_files(root: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = std::collections::BTreeMap::new();
    fn builtin(
        dir: &'static include_dir::Dir<'static>,
        out: &mut std::collections::BTreeMap<String, Vec<u8>>,
    ) {
        for f in dir.files() {
            out.insert(
                f.path().to_string_lossy().replace('\\', "/"),
                f.contents().to_vec(),
            );
        }
        for d in dir.dirs() {
            builtin(d, out);
        }
    }
    builtin(&render::THEME_STATIC, &mut files);
    let dir: PathBuf = root.join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = entry.map_err(std::io::Error::other)?;
            if !content::stays_inside(root, &entry) {
                return Err(std::io::Error::other(format!(
                    "{} points outside the site folder; plansite copies only files inside it",
                    diagnostics::display_path(root, entry.path())
                )));
            }
            if entry.file_type().is_file() {
                let rel = diagnostics::display_path(&dir, entry.path());
                files.insert(rel, std::fs::read(entry.path())?);
            }
        }
    }
    Ok(files.into_iter().collect())
}
