//! Rebuilding a site after its files change, for `serve`: the same pipeline
//! as `build` (load → validate → assess → render → write), kept between
//! rebuilds so that a change renders only the pages it affects.
//!
//! A session keeps what each content file was read as (`store`), reads
//! again only the files that changed, and checks and assesses again the
//! cities they belong to (`checks`; its messages are still the whole
//! site's). It then renders the pages that show what changed (`scope`) into
//! memory and puts them in place in the preview's folder (`place`); the
//! pages are told, and then the site-wide data files and search index are
//! made from each plan's part as last made (`site_wide`). A change to
//! site.toml, to a template every plan's pages use, or anything it cannot
//! place, is built whole and swapped in as `build` does.

mod checks;
pub(crate) mod inputs;
mod place;
mod scope;
mod site_wide;
mod store;

/// Every page and data file a whole build of `loaded` writes, by path.
pub(crate) fn output_paths(loaded: &Loaded) -> Vec<String> {
    scope::files(loaded).into_iter().map(|(p, _)| p).collect()
}

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::{config, lap, render, statics, Loaded, Outcome, Summary};
use checks::Checks;
use place::Written;
use store::{Store, Touched};

/// A site being previewed: its source folder, the folder its pages are
/// written into, and what the last build knew.
pub struct Session {
    root: PathBuf,
    out: PathBuf,
    /// Every content file as last read; `None` before the first build.
    store: Option<Store>,
    /// Each city's checks and assessment.
    checks: Checks,
    /// What `out` holds; `None` until a build succeeded.
    written: Option<Written>,
    /// What changed since `out` was last brought up to date: a rebuild that
    /// fails writes nothing, and the next one covers its changes too.
    pending: Pending,
}

#[derive(Default)]
struct Pending {
    touched: Touched,
    templates: BTreeSet<String>,
    templates_all: bool,
}

impl Session {
    /// A session building `root` into `out` (a folder of the preview's own,
    /// never the site's `public/`).
    pub fn new(root: &Path, out: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            store: None,
            checks: Checks::default(),
            written: None,
            pending: Pending::default(),
        }
    }

    /// Rebuilds after `changed` (paths as the watcher reports them; empty:
    /// everything) and puts the new pages in place. On an error nothing in
    /// `out` changes, so the last good site stays served. Whatever is written
    /// into `out` in place is put there while holding `gate` for writing, so
    /// a reader holding it for reading never sees half of a change.
    pub fn rebuild(&mut self, changed: &[PathBuf], gate: &RwLock<()>) -> Outcome {
        self.rebuild_telling(changed, gate, |_| {})
    }

    /// As [`Session::rebuild`], calling `pages_ready` once the pages are in
    /// place (or the rebuild failed) — before the site-wide data files and
    /// the search index, which no page shows and which take the longest at
    /// national scale — so that the preview's pages can reload meanwhile.
    /// The outcome returned is the whole rebuild's.
    pub fn rebuild_telling(
        &mut self,
        changed: &[PathBuf],
        gate: &RwLock<()>,
        pages_ready: impl FnOnce(&Outcome),
    ) -> Outcome {
        self.rebuild_for_preview(changed, gate, pages_ready, &|| false)
    }

    /// As [`Session::rebuild_telling`], leaving the site-wide files for the
    /// next rebuild when `newer` says, once the pages are in place, that
    /// another change is waiting: the author's next save then shows without
    /// waiting for files no page shows. The folder equals a fresh build's
    /// after a rebuild that did not leave them.
    pub fn rebuild_for_preview(
        &mut self,
        changed: &[PathBuf],
        gate: &RwLock<()>,
        pages_ready: impl FnOnce(&Outcome),
        newer: &dyn Fn() -> bool,
    ) -> Outcome {
        let start = Instant::now();
        let mut ready = Some(pages_ready);
        let changes = scope::classify(&self.root, changed);
        let Session {
            root,
            out,
            store,
            checks,
            written,
            pending,
        } = self;
        pending.touched.all |= changes.all || changes.config;
        pending.templates.extend(changes.templates);
        pending.templates_all |= changes.templates_all;
        // Content files are read the same whatever site.toml says.
        let store = match store {
            Some(store) if !changes.all => {
                let touched = store.update(root, &changes.content);
                pending.touched.merge(touched);
                store
            }
            _ => {
                pending.touched.all = true;
                store.insert(Store::read(root))
            }
        };
        checks.forget(&pending.touched);
        let done = match written.as_mut() {
            Some(written) if !pending.touched.all && !pending.templates_all => {
                let mut tell = |outcome: &mut Outcome| {
                    if let Some(ready) = ready.take() {
                        outcome.summary.seconds = start.elapsed().as_secs_f64();
                        ready(outcome);
                    }
                };
                in_place(
                    root, out, store, checks, written, pending, gate, &mut tell, newer,
                )
            }
            _ => None,
        };
        let mut outcome = match done {
            Some(outcome) => outcome,
            None => self.whole(),
        };
        outcome.summary.seconds = start.elapsed().as_secs_f64();
        if let Some(ready) = ready {
            ready(&outcome);
        }
        outcome
    }

    /// Builds the whole site and swaps it in, as `build` does.
    fn whole(&mut self) -> Outcome {
        let (root, out) = (self.root.clone(), self.out.clone());
        let store = self.store.get_or_insert_with(|| Store::read(&root));
        let kept = Mutex::new((store, &mut self.checks));
        let statics = Mutex::new(None);
        // What item pages showed of the themes, the site-wide files' parts
        // and the search index's fingerprint: what a later change is
        // compared with and starts from.
        let shown = Mutex::new((Vec::new(), Default::default()));
        let outcome = crate::build_using(
            &root,
            &out,
            &indicatif::ProgressBar::hidden(),
            None,
            |_| {
                let (store, checks) = &mut *kept.lock().unwrap_or_else(|e| e.into_inner());
                lend(&root, store, checks)
            },
            None,
            |loaded, files| {
                let (store, checks) = &mut *kept.lock().unwrap_or_else(|e| e.into_inner());
                *shown.lock().unwrap_or_else(|e| e.into_inner()) = (
                    crate::themes::ThemeMap::of(&loaded.site, &loaded.config)
                        .shown_on_item_pages(&loaded.site),
                    site_wide::Parts::of_whole(&loaded),
                );
                give_back(store, checks, loaded);
                *statics.lock().unwrap_or_else(|e| e.into_inner()) = Some(files);
            },
        );
        if !outcome.failed() {
            let statics = statics.into_inner().unwrap_or_else(|e| e.into_inner());
            let (themes, parts) = shown.into_inner().unwrap_or_else(|e| e.into_inner());
            self.written = Some(Written::after_build(
                &out,
                statics.unwrap_or_default(),
                themes,
                parts,
            ));
            self.pending = Pending::default();
        }
        outcome
    }
}

/// The site as the store has it, loaded, checked and assessed as
/// [`crate::load`] does.
fn lend(root: &Path, store: &mut Store, checks: &mut Checks) -> Loaded {
    let mut diags = Diagnostics::default();
    let start = Instant::now();
    let config = config::load(root, &mut diags);
    let site = store.lend(&mut diags);
    let load = start.elapsed().as_secs_f64();
    let mut loaded = checks.validate_and_assess(site, config, diags);
    loaded.stages.insert(0, ("load", load));
    loaded
}

/// Takes back into the store and the checks what [`lend`] lent.
fn give_back(store: &mut Store, checks: &mut Checks, loaded: Loaded) {
    checks.give_back(&loaded.site, loaded.assessment);
    store.give_back(loaded.site);
}

/// Renders the pages `pending` affects and puts them, the data files and
/// the static files that changed in place in `out`; `None` when the change
/// needs a whole build. `tell` is called once the pages are in place, before
/// the site-wide files are made.
#[allow(clippy::too_many_arguments)]
fn in_place(
    root: &Path,
    out: &Path,
    store: &mut Store,
    checks: &mut Checks,
    written: &mut Written,
    pending: &mut Pending,
    gate: &RwLock<()>,
    tell: &mut dyn FnMut(&mut Outcome),
    newer: &dyn Fn() -> bool,
) -> Option<Outcome> {
    let mut loaded = lend(root, store, checks);
    let result = render_in_place(root, out, &mut loaded, written, pending, gate, tell, newer);
    give_back(store, checks, loaded);
    result
}

#[allow(clippy::too_many_arguments)]
fn render_in_place(
    root: &Path,
    out: &Path,
    loaded: &mut Loaded,
    written: &mut Written,
    pending: &mut Pending,
    gate: &RwLock<()>,
    tell: &mut dyn FnMut(&mut Outcome),
    newer: &dyn Fn() -> bool,
) -> Option<Outcome> {
    let mut summary = Summary::default();
    summary.stages.append(&mut loaded.stages);
    let mut since = Instant::now();
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    crate::count(loaded, &mut summary);
    let templates = render::templates(root, &loaded.config, &mut diags);
    let statics = statics::load(root, &mut diags);
    lap(&mut summary.stages, "templates", &mut since);
    let Some(mut templates) = templates.filter(|_| !diags.has_errors()) else {
        return Some(Outcome {
            summary,
            diagnostics: diags,
        });
    };
    templates.use_statics(&statics);

    // An item page names the other cities on its themes with their counts:
    // when those change, pages of plans that did not change show it.
    let themes = crate::themes::ThemeMap::of(&loaded.site, &loaded.config);
    if themes.shown_on_item_pages(&loaded.site) != written.themes {
        return None;
    }
    // What to render: what the content files say, the pages using a
    // changed template, and any file the site has now that `out` has not.
    let mut scope = scope::pages(loaded, &pending.touched);
    let mut data = scope::data(loaded, &scope);
    if !pending.templates.is_empty() {
        let uses = scope::template_users(&templates, &pending.templates)?;
        if !scope::add_users(loaded, &mut scope, uses) {
            return None;
        }
    }
    // Files new or gone, and the sitemap, follow from the site's shape: while
    // it stays as the last rebuild left it, they are known to be none and the
    // same (making every path of a national site takes tenths of a second).
    let shape = scope::shape(loaded, &statics);
    let mut sitemap = Vec::new();
    let mut remove = Vec::new();
    if written.shape != Some(shape) {
        let files = scope::files(loaded);
        for (path, unit) in &files {
            if !written.files.contains(path) {
                scope::add(&mut scope, &mut data, *unit);
            }
        }
        let pages: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let static_paths: BTreeSet<&str> = statics.iter().map(|(p, _)| p.as_str()).collect();
        if scope::collides(&static_paths, &pages) {
            // The whole build reports each static file in the way, as `build`.
            return None;
        }
        // The sitemap lists every page: made again when pages come or go.
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for (path, bytes) in crate::sitemap::files(&loaded.config, &paths) {
            sitemap.push((path, bytes, None));
        }
        remove = written
            .files
            .iter()
            .filter(|f| !pages.contains(f.as_str()) && !static_paths.contains(f.as_str()))
            .cloned()
            .collect();
    }
    lap(&mut summary.stages, "scope", &mut since);

    // Render into memory: nothing is written unless every page is made.
    let made = Mutex::new(Vec::new());
    let keys = &written.keys;
    let (rendered, d) = render::render_some(
        loaded,
        &templates,
        &scope,
        &indicatif::ProgressBar::hidden(),
        |path, key| Ok(keys.get(path) == Some(&key)),
        |path, bytes, key| {
            made.lock().unwrap_or_else(|e| e.into_inner()).push((
                path.to_string(),
                bytes,
                Some(key),
            ));
            Ok(())
        },
    );
    diags.extend(d);
    summary.rendered = Some(rendered);
    summary.pages = render::page_count(loaded);
    if diags.has_errors() {
        return Some(Outcome {
            summary,
            diagnostics: diags,
        });
    }
    let mut write = made.into_inner().unwrap_or_else(|e| e.into_inner());
    lap(&mut summary.stages, "render", &mut since);
    let site = &loaded.site;
    for &(ci, pi) in &data {
        // (0, 0) stands for the site's files and may be no plan.
        let Some(plan) = site.cities.get(ci).and_then(|c| c.plans.get(pi)) else {
            continue;
        };
        let city = &site.cities[ci];
        let made = crate::data_files::PlanFiles::make(
            &loaded.config,
            city,
            plan,
            &loaded.assessment.cities[ci],
            loaded.assessment.plan(ci, pi),
        );
        for (path, bytes) in made.files(city, plan) {
            write.push((path, bytes.to_vec(), None));
        }
    }
    lap(&mut summary.stages, "plan data files", &mut since);
    write.append(&mut sitemap);
    let before: std::collections::HashMap<&str, &[u8]> = written
        .statics
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    for (path, bytes) in &statics {
        if before.get(path.as_str()) != Some(&bytes.as_slice()) {
            write.push((path.clone(), bytes.clone(), None));
        }
    }
    lap(&mut summary.stages, "statics", &mut since);

    match put_in_place(out, gate, place::Changes { write, remove }, written) {
        Ok(done) => {
            summary.files = done;
            written.statics = statics;
            written.shape = Some(shape);
            *pending = Pending::default();
        }
        Err(e) => {
            failed_to_place(&mut diags, pending, e);
            lap(&mut summary.stages, "write", &mut since);
            return Some(Outcome {
                summary,
                diagnostics: diags,
            });
        }
    }
    lap(&mut summary.stages, "write", &mut since);
    let mut outcome = Outcome {
        summary,
        diagnostics: diags,
    };
    tell(&mut outcome);
    let Outcome {
        mut summary,
        diagnostics: mut diags,
    } = outcome;
    since = Instant::now();

    // The site-wide files, after the pages: no page shows them. Each is
    // made from its plans' parts, of which only the changed are made again;
    // files a rebuild left for later (`owed`) are made by the next.
    let owed = std::mem::take(&mut written.owed);
    let site_wide = !data.is_empty() || owed;
    let changed = site_wide::Changed {
        plans: &data,
        cities: &scope.cities,
    };
    written.parts.update_csv(loaded, &changed);
    // The search index, looked at with any change of content (the home page
    // is then rendered; a city without plans has no data files), made again
    // whole when a record changed (`search::fingerprint`): one record's text
    // changes the postings of its bigrams in every shard they fall in.
    let fingerprint = (site_wide || scope.home())
        .then(|| written.parts.search_fingerprint(loaded, &changed))
        .filter(|f| *f != written.search);
    // The parts are up to date (milliseconds); joining and writing the files
    // takes up to a second at national scale. When the author saves again
    // meanwhile, what is left of it is left to the next rebuild, which then
    // shows its pages without waiting for files no page shows.
    written.owed = 'tail: {
        if !site_wide && fingerprint.is_none() {
            break 'tail false;
        }
        if newer() {
            break 'tail true;
        }
        let mut write = Vec::new();
        if site_wide {
            let made = written.parts.site_files(loaded);
            for (path, bytes) in crate::data_files::SITE_FILES.iter().zip(made) {
                write.push((path.to_string(), bytes, None));
            }
        }
        lap(&mut summary.stages, "site data files", &mut since);
        if fingerprint.is_some() {
            for (path, bytes) in crate::search::files(loaded) {
                write.push((path, bytes, None));
            }
        }
        lap(&mut summary.stages, "search index", &mut since);
        let changes = place::Changes {
            write,
            remove: Vec::new(),
        };
        let placed = put_in_place_unless(out, gate, changes, written, newer);
        lap(&mut summary.stages, "write site-wide files", &mut since);
        match placed {
            Ok(Some(done)) => {
                summary.files += done;
                if let Some(fingerprint) = fingerprint {
                    written.search = fingerprint;
                }
                false
            }
            Ok(None) => true,
            Err(e) => {
                failed_to_place(&mut diags, pending, e);
                false
            }
        }
    };
    Some(Outcome {
        summary,
        diagnostics: diags,
    })
}

/// Writes `changes` beside their places, then, holding `gate`, puts them in
/// place: readers wait for the renames alone.
fn put_in_place(
    out: &Path,
    gate: &RwLock<()>,
    changes: place::Changes,
    written: &mut Written,
) -> std::io::Result<usize> {
    let done = put_in_place_unless(out, gate, changes, written, &|| false)?;
    Ok(done.expect("never stopped"))
}

/// As [`put_in_place`], unless `stop` says to stop before the files are
/// written (None: nothing was put in place).
fn put_in_place_unless(
    out: &Path,
    gate: &RwLock<()>,
    changes: place::Changes,
    written: &mut Written,
    stop: &dyn Fn() -> bool,
) -> std::io::Result<Option<usize>> {
    let Some(staged) = place::stage(out, changes, stop)? else {
        return Ok(None);
    };
    let _readers_wait = gate.write().unwrap_or_else(|e| e.into_inner());
    place::commit(out, staged, written).map(Some)
}

/// A change that could not be put in place: part of it may be, and only a
/// whole build brings the folder back to a state known file by file.
fn failed_to_place(diags: &mut Diagnostics, pending: &mut Pending, e: std::io::Error) {
    pending.touched.all = true;
    diags.push(Diagnostic::error(
        Location::None,
        crate::tr!(
            "プレビューのページを書き込めませんでした: {e}",
            "the preview's pages could not be written: {e}"
        ),
    ));
}
