//! plansite: a static site generator for the progress reports of Japanese
//! municipal plans.
//!
//! Data flows one way: [`content`] loads `content/` and [`config`] loads
//! `site.toml`; [`validate`] checks what spans files; [`render`] turns the
//! model into pages through Tera; [`data_files`] writes the data files; [`output`]
//! swaps the finished site in.

pub mod assess;
pub mod chart;
pub mod config;
pub mod content;
pub mod data_files;
pub mod diagnostics;
pub mod i18n;
pub mod incremental;
pub mod init;
pub mod links;
pub mod mapped;
pub mod markdown;
pub mod model;
pub mod output;
pub mod palette;
pub mod pdf;
pub mod render;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod statics;
pub mod themes;
pub mod validate;
pub mod workbook;
pub mod year_map;

use std::path::Path;
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
    /// The site's `language`, when site.toml could be read: messages speak
    /// it unless `--lang` says otherwise.
    pub language: Option<config::Language>,
    /// Pages a preview's rebuild rendered, when it rendered only those a
    /// change affects (`None` for a whole build).
    pub rendered: Option<usize>,
    /// Pages a build kept from its previous output without rendering them,
    /// their city's files and the site's settings, templates and static
    /// files being unchanged (`incremental::inputs`).
    pub kept: usize,
}

/// Records for `--timings` how long `stage` took since the previous lap.
pub(crate) fn lap(stages: &mut Vec<(&'static str, f64)>, stage: &'static str, since: &mut Instant) {
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
    load_remembering(root, content::memo::Memo::none())
}

/// As [`load`], for a build into `target`: items of files unchanged since
/// the build before are taken as it parsed them (`content::memo`).
pub fn load_for(root: &Path, target: &output::Target) -> Loaded {
    let memo = match target.parsed_items() {
        Some((dir, write)) => {
            content::memo::Memo::open(dir.to_path_buf(), write, incremental::inputs::program())
        }
        None => content::memo::Memo::none(),
    };
    load_remembering(root, memo)
}

fn load_remembering(root: &Path, memo: content::memo::Memo) -> Loaded {
    let mut diags = Diagnostics::default();
    let start = Instant::now();
    let config = config::load(root, &mut diags);
    let (site, remembered) = content::load_remembering(root, &mut diags, memo);
    let load = start.elapsed().as_secs_f64();
    let mut loaded = validate_and_assess(site, config, diags);
    loaded.stages.insert(0, ("load", load));
    loaded.remembered = remembered;
    loaded
}

/// The stages after loading: checks across files and of the Markdown
/// (when `site.toml` was read), then the assessment. Shared by [`load`] and
/// the fuzz target, so that both run the same pipeline.
pub fn validate_and_assess(
    site: model::Site,
    config: Option<config::Config>,
    mut diags: Diagnostics,
) -> Loaded {
    let mut stages = Vec::new();
    let mut since = Instant::now();
    if let Some(config) = &config {
        validate::site(&site, config, &mut diags);
        markdown::check::site(&site, markdown::Policy::of(config), &mut diags);
    }
    lap(&mut stages, "validate", &mut since);
    let language = config.as_ref().map(|c| c.language);
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
        language,
        remembered: None,
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
    /// The `language` of site.toml, if it was read.
    pub language: Option<config::Language>,
    /// What loading parsed, to be remembered once the build has succeeded.
    pub remembered: Option<content::memo::Pending>,
}

pub(crate) fn count(loaded: &Loaded, summary: &mut Summary) {
    let site = &loaded.site;
    summary.language = loaded.language;
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
    count(&loaded, &mut summary);
    let statics = statics::load(root, &mut diags);
    if let Some(mut t) = render::templates(root, &loaded.config, &mut diags) {
        t.use_statics(&statics);
        if !diags.has_errors() {
            // Each page's links, not its HTML: a national site's pages
            // would not fit in memory at once.
            let rendered = std::sync::Mutex::new(Vec::new());
            let hidden = indicatif::ProgressBar::hidden();
            let no_cache = |_: &str, _: u64| Ok(false);
            let (pages, d) =
                render::render_all(&loaded, &t, &hidden, no_cache, |path, bytes: Vec<u8>, _| {
                    if links {
                        let found = links::of(path, &bytes, &loaded.config.link_schemes);
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
                    &loaded,
                    &statics,
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
    build_speaking(root, out, progress, None)
}

/// As [`build_with`], saying that it waits for another build in `lang`
/// (else the `language` of site.toml, else Japanese): that is said before
/// the site is read.
pub fn build_speaking(
    root: &Path,
    out: &Path,
    progress: &indicatif::ProgressBar,
    lang: Option<config::Language>,
) -> Outcome {
    build_leaving(root, out, progress, lang, |loaded| {
        // A national site's model is millions of allocations: freed on
        // every core, not one by one after the build.
        use rayon::prelude::*;
        let (site, assessment) = (loaded.site.cities, loaded.assessment.cities);
        rayon::join(
            || site.into_par_iter().for_each(drop),
            || assessment.into_par_iter().for_each(drop),
        );
    })
}

/// As [`build_speaking`], for a process that ends right after: the model
/// is left for the system to take back with the rest of the process
/// instead of being freed (millions of allocations at national scale).
pub fn build_speaking_then_exit(
    root: &Path,
    out: &Path,
    progress: &indicatif::ProgressBar,
    lang: Option<config::Language>,
) -> Outcome {
    build_leaving(root, out, progress, lang, std::mem::forget)
}

/// A whole build, handing the model to `leave` once the site is written.
fn build_leaving(
    root: &Path,
    out: &Path,
    progress: &indicatif::ProgressBar,
    lang: Option<config::Language>,
    leave: impl FnOnce(Loaded) + Send,
) -> Outcome {
    build_using(
        root,
        out,
        progress,
        lang,
        |target| load_for(root, target),
        None,
        |loaded, _| leave(loaded),
    )
}

/// A last step of a build (`build --pdf` prints there): run once every
/// file is written into the staging folder, before it is swapped in, with
/// the templates to render pages again; an error it reports fails the build.
pub(crate) type Finish<'a> =
    &'a dyn Fn(&output::Target, &Loaded, &mut render::Templates) -> Diagnostics;

/// As [`build_speaking`], with `finish` run before the swap.
pub(crate) fn build_finishing(
    root: &Path,
    out: &Path,
    progress: &indicatif::ProgressBar,
    lang: Option<config::Language>,
    finish: Finish,
) -> Outcome {
    build_using(
        root,
        out,
        progress,
        lang,
        |target| load_for(root, target),
        Some(finish),
        |_, _| {},
    )
}

/// A whole build of the site `load` gives into `out`, swapped in at once;
/// `finish` runs before the swap; `after` is given the site and its static
/// files once the build is done or has failed (a preview keeps them, a
/// build frees them).
pub(crate) fn build_using(
    root: &Path,
    out: &Path,
    progress: &indicatif::ProgressBar,
    lang: Option<config::Language>,
    load: impl FnOnce(&output::Target) -> Loaded,
    finish: Option<Finish>,
    after: impl FnOnce(Loaded, Vec<(String, Vec<u8>)>) + Send,
) -> Outcome {
    let start = Instant::now();
    let mut summary = Summary::default();
    let waiting = |pid: Option<u32>| {
        let lang = lang
            .or_else(|| config::peek_language(root))
            .unwrap_or_default();
        let place = diagnostics::printable(&out.display().to_string()).into_owned();
        let text = match pid {
            Some(p) => tr!(
                "plansite: 別の plansite のビルド(プロセス {p})が {place} に書き込み中です。終わるまで待ちます",
                "plansite: another plansite build (process {p}) is writing into {place}; waiting for it to finish"
            ),
            None => tr!(
                "plansite: 別の plansite のビルドが {place} に書き込み中です。終わるまで待ちます",
                "plansite: another plansite build is writing into {place}; waiting for it to finish"
            ),
        };
        progress.suspend(|| eprintln!("{}", text.get(lang)));
    };
    let target = match output::Target::new(root, out, &waiting) {
        Ok(t) => t,
        Err(msg) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(Location::None, msg));
            return Outcome {
                summary,
                diagnostics: d,
            };
        }
    };
    let mut loaded = load(&target);
    let (diags, statics) = build_loaded(root, &target, &mut loaded, progress, finish, &mut summary);
    if let Some(remembered) = loaded.remembered.take().filter(|_| !diags.has_errors()) {
        remembered.write();
    }
    rayon::join(|| after(loaded, statics), || drop(target));
    summary.seconds = start.elapsed().as_secs_f64();
    Outcome {
        summary,
        diagnostics: diags,
    }
}

/// Renders and writes `loaded` into `target` and swaps it in, unless an
/// error is found; every problem found is returned, with the static files.
fn build_loaded(
    root: &Path,
    target: &output::Target,
    loaded: &mut Loaded,
    progress: &indicatif::ProgressBar,
    finish: Option<Finish>,
    summary: &mut Summary,
) -> (Diagnostics, Vec<(String, Vec<u8>)>) {
    summary.stages.append(&mut loaded.stages);
    let mut since = Instant::now();
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    count(loaded, summary);
    let templates = render::templates(root, &loaded.config, &mut diags);
    let statics = statics::load(root, &mut diags);
    lap(&mut summary.stages, "templates", &mut since);
    let Some(mut templates) = templates.filter(|_| !diags.has_errors()) else {
        return (diags, statics);
    };
    templates.use_statics(&statics);
    if let Err(e) = target.begin() {
        diags.push(Diagnostic::error(Location::None, {
            let e = output::said(&e);
            let (ja, en) = (&e.ja, &e.en);
            tr!(
                "出力先を準備できません: {ja}",
                "cannot prepare the output: {en}"
            )
        }));
        return (diags, statics);
    }
    lap(&mut summary.stages, "prepare output", &mut since);
    // `build --pdf` renders plan pages again with their PDFs' links: its
    // pages are all made, and it records no inputs.
    let keep_unchanged = finish.is_none();
    write_all(
        target,
        loaded,
        (&statics, &templates),
        keep_unchanged,
        progress,
        summary,
        &mut diags,
        &mut since,
    );
    progress.finish_and_clear();
    if let Some(finish) = finish.filter(|_| !diags.has_errors()) {
        diags.extend(finish(target, loaded, &mut templates));
        lap(&mut summary.stages, "print PDF", &mut since);
    }
    if diags.has_errors() {
        target.abandon();
        return (diags, statics);
    }
    let committed = target.commit();
    lap(&mut summary.stages, "swap in", &mut since);
    if let Err(e) = committed {
        diags.push(Diagnostic::error(Location::None, {
            let e = output::said(&e);
            let (ja, en) = (&e.ja, &e.en);
            tr!(
                "新しいサイトを所定の場所に置けませんでした: {ja}",
                "the new site could not be put in place: {en}"
            )
        }));
        target.abandon();
    }
    (diags, statics)
}

/// Reports links of the rendered pages that lead to no file of the site.
fn check_links(
    loaded: &Loaded,
    statics: &[(String, Vec<u8>)],
    mut pages: Vec<(String, links::PageLinks)>,
    diags: &mut Diagnostics,
) {
    let mut files: Vec<String> = Vec::new();
    for (path, bytes) in statics {
        pages.push((
            path.clone(),
            links::of(path, bytes, &loaded.config.link_schemes),
        ));
        files.push(path.clone());
    }
    for (city, plan) in loaded.site.plans() {
        for name in data_files::PLAN_FILES {
            files.push(format!("{}/{}/{name}", city.slug, plan.slug));
        }
    }
    files.extend(data_files::SITE_FILES.map(String::from));
    let paths = incremental::output_paths(loaded);
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    files.extend(sitemap::names(&loaded.config, &paths));
    files.extend(search::names_of(loaded));
    // Pages in path order, so that the report reads the same on every run.
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    let paths: std::collections::BTreeSet<&str> = pages
        .iter()
        .map(|(p, _)| p.as_str())
        .chain(files.iter().map(String::as_str))
        .collect();
    for (page, found) in &pages {
        for link in &found.disallowed {
            diags.push(
                Diagnostic::error(
                    Location::Path {
                        display: format!("[output]/{page}"),
                        line_col: None,
                    },
                    tr!(
                        "リンク \"{link}\" はこのサイトで許可していないスキームを使っています。閲覧者のブラウザでプログラムが実行されるおそれがあります",
                        "the link \"{link}\" uses a scheme the site does not allow; it could run code in the reader's browser"
                    ),
                )
                .with_help(tr!(
                    "リンクに使えるのは http:、https:、mailto:、tel: と相対アドレスです。site.toml の link_schemes で増やせます",
                    "links may use http:, https:, mailto:, tel:, or be relative; site.toml's link_schemes can allow more"
                )),
            );
        }
    }
    for b in links::broken(
        &paths,
        pages
            .iter()
            .map(|(p, l)| (p.as_str(), l.internal.as_slice())),
    ) {
        diags.push(Diagnostic::error(
            Location::Path {
                display: format!("[output]/{}", b.page),
                line_col: None,
            },
            {
                let link = &b.link;
                tr!(
                    "リンク \"{link}\" の行き先のページやファイルがサイトにありません",
                    "the link \"{link}\" leads to no page or file of the site"
                )
            },
        ));
    }
}

/// Writes the static files, every page and every data file into `target`.
/// The first failure to write (a full disk fails every page alike) is
/// reported once, with how many files it left unwritten; nothing more is
/// written after it. With `keep_unchanged`, the pages of cities made from
/// the same inputs as in the previous build are kept, not rendered
/// (`incremental::inputs`). Laps "render and write" and "search index" from
/// `since`.
#[allow(clippy::too_many_arguments)]
fn write_all(
    target: &output::Target,
    loaded: &Loaded,
    (statics, templates): (&[(String, Vec<u8>)], &render::Templates),
    keep_unchanged: bool,
    progress: &indicatif::ProgressBar,
    summary: &mut Summary,
    diags: &mut Diagnostics,
    since: &mut Instant,
) {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    use std::sync::Mutex;
    let files = AtomicUsize::new(0);
    let failed: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let unwritten = AtomicUsize::new(0);
    // Every write goes through here: after the first failure the rest are
    // only counted.
    let attempt = |write: &dyn Fn() -> std::io::Result<()>| {
        let mut first = failed.lock().unwrap_or_else(|e| e.into_inner());
        if first.is_some() {
            unwritten.fetch_add(1, Relaxed);
            return;
        }
        drop(first);
        if let Err(e) = write() {
            first = failed.lock().unwrap_or_else(|e| e.into_inner());
            match *first {
                Some(_) => {
                    unwritten.fetch_add(1, Relaxed);
                }
                None => *first = Some(e),
            }
        } else {
            files.fetch_add(1, Relaxed);
        }
    };
    for (rel, bytes) in statics {
        attempt(&|| target.write(rel, bytes));
    }
    let static_paths: std::collections::BTreeSet<&str> =
        statics.iter().map(|(p, _)| p.as_str()).collect();
    // A page or data file where a static file is: reported at the static
    // file, after the pages, in path order.
    let collisions: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let collides = |path: &str| {
        // The same path; a static file where the page needs a folder; static
        // files inside a folder where the page is a file.
        let inside = format!("{path}/");
        let hit = std::iter::once(path)
            .chain(path.match_indices('/').map(|(i, _)| &path[..i]))
            .find(|p| static_paths.contains(p))
            .map(str::to_string)
            .or_else(|| {
                static_paths
                    .range(inside.as_str()..)
                    .next()
                    .filter(|s| s.starts_with(&inside))
                    .map(|s| s.to_string())
            });
        let Some(hit) = hit else { return false };
        collisions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((hit, path.to_string()));
        true
    };
    let (site, config) = (&loaded.site, &loaded.config);
    let keep = |path: &str, key: u64| {
        if collides(path) {
            return Ok(true);
        }
        let kept = target.keep(path, key);
        if matches!(kept, Ok(true)) {
            files.fetch_add(1, Relaxed);
        }
        // A page that cannot be kept is made anew and written, which
        // reports the failure if there is one.
        Ok(kept.unwrap_or(false))
    };
    let keys = keep_unchanged
        .then(|| incremental::inputs::keys(loaded, templates, statics))
        .flatten();
    let (scope, kept) = match &keys {
        Some(keys) => {
            let (scope, kept) =
                incremental::inputs::keep_unchanged(loaded, keys, target, &collides);
            files.fetch_add(kept, Relaxed);
            progress.inc(kept as u64);
            summary.kept = kept;
            lap(&mut summary.stages, "keep unchanged pages", since);
            (scope, kept)
        }
        None => (render::Scope::all(), 0),
    };
    let (pages, d) = render::render_some(
        loaded,
        templates,
        &scope,
        progress,
        keep,
        |path, bytes: Vec<u8>, key| {
            if !collides(path) {
                attempt(&|| target.write_page(path, &bytes, key));
            }
            Ok(())
        },
    );
    diags.extend(d);
    summary.pages = pages + kept;
    // Each plan's data files, made and written on every core a batch at a
    // time; the site's CSV files join their rows as they come, written as
    // they are made (never held whole: the build's peak of memory).
    let fail = |e: std::io::Error| {
        let e = std::cell::RefCell::new(Some(e));
        attempt(&|| Err(e.borrow_mut().take().expect("tried once")));
    };
    let open = |rel: &str| {
        let opened = std::cell::RefCell::new(None);
        if !collides(rel) {
            attempt(&|| {
                *opened.borrow_mut() = Some(target.stream(rel)?);
                Ok(())
            });
        }
        opened.into_inner()
    };
    let (mut kpis, mut items) = (
        open(data_files::SITE_FILES[1]),
        open(data_files::SITE_FILES[2]),
    );
    let (mut no_kpis, mut no_items) = (std::io::sink(), std::io::sink());
    let kept_csvs = |ci: usize, pi: usize| {
        let csvs = incremental::inputs::keep_data_files(loaded, &scope, target, &collides, ci, pi)?;
        files.fetch_add(data_files::PLAN_FILES.len(), Relaxed);
        Some(csvs)
    };
    let joined = data_files::write_plans(
        config,
        site,
        &loaded.assessment,
        kept_csvs,
        |city, plan, files| {
            for (path, bytes) in files.files(city, plan) {
                if !collides(&path) {
                    attempt(&|| target.write(&path, bytes));
                }
            }
        },
        match kpis.as_mut() {
            Some(s) => s,
            None => &mut no_kpis,
        },
        match items.as_mut() {
            Some(s) => s,
            None => &mut no_items,
        },
    );
    if let Err(e) = joined {
        fail(e);
    }
    for stream in [kpis, items].into_iter().flatten() {
        if let Err(e) = stream.finish() {
            fail(e);
        }
    }
    for (path, bytes) in data_files::site_meta(config, site) {
        if !collides(path) {
            attempt(&|| target.write(path, &bytes));
        }
    }
    lap(&mut summary.stages, "render and write", since);
    // The index follows from the records alone: when the previous build
    // recorded every file of it as made from records that hash the same,
    // its files are kept and the index is not made (seconds at national
    // scale; hashing the records is a tenth of that).
    let names = search::names_of(loaded);
    let mut hashes = None;
    if names.first().is_some_and(|n| target.was_made_from_any(n)) {
        // Without keys nothing was kept (`scope` is every page): all hashed.
        let (fingerprint, unit_hashes) =
            incremental::inputs::search_fingerprint(loaded, &scope, target);
        let key = |n: &str| search::key(fingerprint, n);
        let kept = names.iter().all(|n| target.was_made_from(n, key(n)))
            && names
                .iter()
                .filter(|n| !collides(n))
                .all(|n| matches!(target.keep(n, key(n)), Ok(true)));
        hashes = kept.then_some(unit_hashes);
    }
    let hashes = hashes.unwrap_or_else(|| {
        search::each_file(loaded, |path, bytes, fingerprint| {
            if !collides(&path) {
                let key = search::key(fingerprint, &path);
                attempt(&|| target.write_page(&path, &bytes, key));
            }
        })
    });
    if keys.is_some() {
        incremental::inputs::record_search(loaded, target, &hashes);
    }
    lap(&mut summary.stages, "search index", since);
    if config.base_url.is_some() {
        let paths = incremental::output_paths(loaded);
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        for (path, bytes) in sitemap::files(config, &paths) {
            if !collides(&path) {
                attempt(&|| target.write(&path, &bytes));
            }
        }
    }
    let mut collisions = collisions.into_inner().unwrap_or_else(|e| e.into_inner());
    // One message per static file, naming the first page in its way.
    collisions.sort();
    collisions.dedup_by(|a, b| a.0 == b.0);
    for (file, page) in collisions {
        diags.push(statics::collision(&file, &page));
    }
    if let Some(e) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        let (more_ja, more_en) = match unwritten.into_inner() {
            0 => (String::new(), String::new()),
            n => (
                format!("(ほかに{n}個のファイルを書き込めませんでした)"),
                format!(
                    " ({n} more file{} could not be written)",
                    if n == 1 { "" } else { "s" }
                ),
            ),
        };
        let e = output::said(&e);
        let (ja, en) = (&e.ja, &e.en);
        diags.push(Diagnostic::error(
            Location::None,
            tr!(
                "新しいサイトを書き込めませんでした: {ja}{more_ja}",
                "the new site could not be written: {en}{more_en}"
            ),
        ));
    }
    summary.files = files.into_inner();
}
