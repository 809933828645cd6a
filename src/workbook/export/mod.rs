//! `plansite export`: a plan as a workbook staff fill in (`.xlsx`), or as
//! CSV files (UTF-8 with BOM, or CP932). See docs/authoring-with-excel.md.
//!
//! [`book`] lays the plan out as sheets, [`xlsx`] and [`csv`] write them;
//! [`files`] and [`write`] are what the command does with them.

pub mod book;
pub mod csv;
pub mod guide;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::config::{Config, Language};
use crate::diagnostics::{did_you_mean, Diagnostic, Location, Text};
use crate::model::{City, Plan, Site};
use crate::tr;
use crate::workbook::layout::SheetKind;

pub use self::csv::CsvEncoding;
pub use book::{book, Book, BookSheet};

/// What `plansite export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

/// The city and plan `id` (`city/plan`) names; else an error listing the
/// plans there are.
pub fn find<'a>(site: &'a Site, id: &str) -> Result<(&'a City, &'a Plan), Vec<Diagnostic>> {
    let id = id.trim().trim_matches('/');
    if let Some(found) = site
        .plans()
        .find(|(c, p)| id.split_once('/') == Some((c.slug.as_str(), p.slug.as_str())))
    {
        return Ok(found);
    }
    let known: Vec<String> = site
        .plans()
        .map(|(c, p)| format!("{}/{}", c.slug, p.slug))
        .collect();
    let refs: Vec<&str> = known.iter().map(String::as_str).collect();
    let (list_ja, list_en) = if known.is_empty() {
        (
            "(計画がありません)".to_string(),
            "(there are none)".to_string(),
        )
    } else {
        (known.join("、"), known.join(", "))
    };
    let (mut ja, mut en) = (
        format!("ある計画: {list_ja}。CITY/PLAN の形で指定してください"),
        format!("the plans are: {list_en}; give one as CITY/PLAN"),
    );
    if let Some(close) = did_you_mean(id, &refs) {
        ja = format!("「{close}」のことですか? {ja}");
        en = format!("did you mean \"{close}\"? {en}");
    }
    let help = Text::new(ja, en);
    Err(vec![Diagnostic::error(
        Location::None,
        tr!("計画「{id}」はありません", "there is no plan \"{id}\""),
    )
    .with_help(help)])
}

/// The files export makes for `plan`, with the bytes of each: one workbook
/// at `output` (default `<city>.<plan>.xlsx`; an existing folder holds it),
/// or the four data sheets as `<city>.<plan>.<sheet>.csv` in the folder
/// `output` (default the current one). Errors: cells CP932 cannot hold.
pub fn files(
    config: &Config,
    city: &City,
    plan: &Plan,
    format: Format,
    encoding: CsvEncoding,
    output: Option<&Path>,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Vec<Diagnostic>> {
    let lang: Language = config.language;
    let b = book(config, city, plan, lang);
    let stem = format!("{}.{}", city.slug, plan.slug);
    match format {
        Format::Xlsx => {
            let name = format!("{stem}.xlsx");
            let path = match output {
                Some(o) if o.is_dir() => o.join(name),
                Some(o) => o.to_path_buf(),
                None => PathBuf::from(name),
            };
            let bytes = xlsx::write_xlsx(&b).map_err(|e| {
                vec![Diagnostic::error(
                    Location::Path {
                        display: path.display().to_string(),
                        line_col: None,
                    },
                    tr!(
                        "ワークブックを作れませんでした: {e}",
                        "could not make the workbook: {e}"
                    ),
                )]
            })?;
            Ok(vec![(path, bytes)])
        }
        Format::Csv => {
            let dir = output.map(Path::to_path_buf).unwrap_or_default();
            let mut out = Vec::new();
            let mut errors = Vec::new();
            for (i, s) in b.sheets.iter().enumerate() {
                if !s.kind.is_some_and(|k| SheetKind::DATA.contains(&k)) {
                    continue;
                }
                let name = format!("{stem}.{}.csv", s.sheet.name);
                match csv::write_csv(&s.sheet, &name, i as u32, encoding) {
                    Ok(bytes) => out.push((dir.join(name), bytes)),
                    Err(e) => errors.extend(e),
                }
            }
            if errors.is_empty() {
                Ok(out)
            } else {
                Err(errors)
            }
        }
    }
}

/// Writes `files`; with one already there and no `force`, writes nothing
/// and says which (staff may have typed into it and not imported yet).
pub fn write(files: &[(PathBuf, Vec<u8>)], force: bool) -> Result<(), Vec<Diagnostic>> {
    let at = |p: &Path| Location::Path {
        display: p.display().to_string(),
        line_col: None,
    };
    if !force {
        let there: Vec<Diagnostic> = files
            .iter()
            .filter(|(p, _)| p.exists())
            .map(|(p, _)| {
                let name = p.display().to_string();
                Diagnostic::error(
                    Location::None,
                    tr!(
                        "{name} はすでにあります。取り込んでいない書き込みがあるかもしれないため、上書きしません",
                        "{name} already exists; it is not overwritten, as it may hold edits not imported yet"
                    ),
                )
                .with_help(tr!(
                    "先に plansite import {name} で取り込むか、上書きしてよければ --force を付けてください",
                    "import it first with plansite import {name}, or pass --force to overwrite it"
                ))
            })
            .collect();
        if !there.is_empty() {
            return Err(there);
        }
    }
    let mut errors = Vec::new();
    for (path, bytes) in files {
        let made = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
            _ => Ok(()),
        };
        if let Err(e) = made.and_then(|()| std::fs::write(path, bytes)) {
            errors.push(Diagnostic::error(
                at(path),
                tr!("書き込めませんでした: {e}", "could not be written: {e}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What `plansite export` did.
#[derive(Debug, Default)]
pub struct Exported {
    /// Every problem; with any error nothing was written.
    pub diagnostics: crate::diagnostics::Diagnostics,
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The site's `language`, if site.toml was read.
    pub language: Option<Language>,
}

/// `plansite export PLAN`: loads the site (a site with errors is not
/// exported), lays the plan out and writes its workbook or CSV files,
/// never over a file already there unless `force`.
pub fn run(
    root: &Path,
    id: &str,
    output: Option<&Path>,
    format: Format,
    encoding: CsvEncoding,
    force: bool,
) -> Exported {
    let loaded = crate::load(root);
    let mut done = Exported {
        language: loaded.language,
        ..Exported::default()
    };
    if loaded.diagnostics.has_errors() {
        for d in loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        {
            done.diagnostics.push(d.clone());
        }
        return done;
    }
    let result = find(&loaded.site, id)
        .and_then(|(city, plan)| files(&loaded.config, city, plan, format, encoding, output))
        .and_then(|files| write(&files, force).map(|()| files));
    match result {
        Ok(files) => done.written = files.into_iter().map(|(p, _)| p).collect(),
        Err(diags) => diags.into_iter().for_each(|d| done.diagnostics.push(d)),
    }
    done
}
