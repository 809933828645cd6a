//! `plansite import`: a workbook or CSV files read back into the content
//! files — every problem at once, located at its cell, and nothing written
//! unless there are none. See docs/authoring-with-excel.md.
//!
//! [`read`] opens the files into [`Sheet`](super::Sheet)s, [`sheets`] checks
//! every cell against the plan and says what the workbook asks
//! ([`PlanEdits`](super::edits::PlanEdits)), [`apply`] turns that into new
//! texts of the content files, changing only what differs, and [`write`]
//! shows them as a diff or writes them.

pub mod apply;
pub mod cells;
pub mod read;
pub mod sheets;
pub mod write;

use std::path::{Path, PathBuf};

use crate::config::Language;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location, Severity};
use crate::tr;

use apply::FileChange;

/// What an import did, for the command to print.
#[derive(Debug, Default)]
pub struct Imported {
    /// Every problem; with any error nothing was written.
    pub diagnostics: Diagnostics,
    /// The files that change (shown as a diff with `--dry-run`).
    pub changes: Vec<FileChange>,
    /// The unified diff of every change, with `--dry-run`.
    pub diff: String,
    /// The files written, from the site root; empty with `--dry-run`.
    pub written: Vec<PathBuf>,
    /// The site's `language`, if site.toml was read.
    pub language: Option<Language>,
}

impl Imported {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// `plansite import FILE...`: reads the files, checks them against the
/// plan, works out the new texts, checks the site with them (in a copy),
/// and then shows them as a diff (`dry_run`) or writes them. Any error at
/// any stage stops it before anything is written.
pub fn run(root: &Path, files: &[PathBuf], plan: Option<&str>, dry_run: bool) -> Imported {
    let mut out = Imported::default();
    let loaded = crate::load(root);
    out.language = loaded.language;
    if loaded.diagnostics.has_errors() {
        // The site's warnings are not this command's business.
        for d in loaded.diagnostics.iter() {
            if d.severity == Severity::Error {
                out.diagnostics.push(d.clone());
            }
        }
        out.diagnostics.push(Diagnostic::error(
            Location::None,
            tr!(
                "サイトの内容にエラーがあるため、取り込みをやめました。plansite check で確かめ、直してからもう一度取り込んでください",
                "the site has errors, so nothing was imported; run plansite check, fix them and import again"
            ),
        ));
        return out;
    }
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (sheets, d) = read::read_files(&paths);
    out.diagnostics.extend(d);
    if out.failed() {
        return out;
    }
    let Some(id) = which_plan(files, plan, read::plan_id(&sheets), &mut out.diagnostics) else {
        return out;
    };
    let Some((city, plan)) = find_plan(&loaded.site, &id, &mut out.diagnostics) else {
        return out;
    };
    let (edits, d) = sheets::read_plan(&sheets, &loaded.config, city, plan);
    out.diagnostics.extend(d);
    if out.failed() {
        return out;
    }
    let changes = match apply::apply(root, city, plan, &edits) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics.extend(d);
            return out;
        }
    };
    if changes.is_empty() {
        return out;
    }
    if !verify(root, &changes, &mut out.diagnostics) {
        return out;
    }
    if dry_run {
        out.diff = changes.iter().map(|c| write::diff(root, c)).collect();
    } else {
        match write::write_all(root, &changes) {
            Ok(written) => out.written = written,
            Err((path, e)) => {
                let file = crate::diagnostics::display_path(root, &path);
                out.diagnostics.push(Diagnostic::error(
                    Location::Path {
                        display: file,
                        line_col: None,
                    },
                    tr!(
                        "ファイルを書き込めませんでした: {e}。これより前のファイルは書き込み済みです",
                        "the file could not be written: {e}; the files before it were written"
                    ),
                ));
            }
        }
    }
    out.changes = changes;
    out
}

/// The plan the files are for: `--plan`, else the workbook's guide sheet,
/// else the CSV files' names (`<city>.<plan>.<sheet>.csv`); any two that
/// disagree are an error.
fn which_plan(
    files: &[PathBuf],
    flag: Option<&str>,
    guide: Option<String>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut named: Vec<(String, String)> = Vec::new();
    if let Some(g) = guide {
        named.push((g, "使い方 (Guide)".to_string()));
    }
    for f in files {
        let Some(name) = f.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let parts: Vec<&str> = name.split('.').collect();
        let csv = parts.last().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if csv && parts.len() >= 4 && !parts[0].is_empty() && !parts[1].is_empty() {
            named.push((format!("{}/{}", parts[0], parts[1]), name.to_string()));
        }
    }
    if let Some(flag) = flag {
        let flag = flag.trim().trim_matches('/').to_string();
        for (id, from) in &named {
            if *id != flag {
                diags.push(
                    Diagnostic::error(
                        Location::None,
                        tr!(
                            "--plan の計画「{flag}」と、{from} が示す計画「{id}」が違います",
                            "--plan names the plan \"{flag}\" but {from} is for \"{id}\""
                        ),
                    )
                    .with_help(tr!(
                        "取り込むファイルの計画を --plan に指定してください",
                        "give --plan the plan the files are for"
                    )),
                );
                return None;
            }
        }
        return Some(flag);
    }
    let Some((first, from)) = named.first().cloned() else {
        diags.push(
            Diagnostic::error(
                Location::None,
                tr!(
                    "どの計画のファイルか分かりません",
                    "which plan the files are for is not known"
                ),
            )
            .with_help(tr!(
                "--plan 市町村/計画 で指定してください(例: --plan mine/reform)",
                "give it with --plan CITY/PLAN (e.g. --plan mine/reform)"
            )),
        );
        return None;
    };
    for (id, other) in &named[1..] {
        if *id != first {
            diags.push(
                Diagnostic::error(
                    Location::None,
                    tr!(
                        "{from} は計画「{first}」の、{other} は計画「{id}」のファイルです。一度に取り込めるのは一つの計画だけです",
                        "{from} is for the plan \"{first}\" and {other} for \"{id}\"; one import takes one plan"
                    ),
                )
                .with_help(tr!(
                    "計画ごとに分けて取り込んでください",
                    "import the files of each plan separately"
                )),
            );
            return None;
        }
    }
    Some(first)
}

fn find_plan<'s>(
    site: &'s crate::model::Site,
    id: &str,
    diags: &mut Diagnostics,
) -> Option<(&'s crate::model::City, &'s crate::model::Plan)> {
    let (city, plan) = id.split_once('/').unwrap_or((id, ""));
    if let Some(found) = site.plans().find(|(c, p)| c.slug == city && p.slug == plan) {
        return Some(found);
    }
    let known: Vec<String> = site
        .plans()
        .map(|(c, p)| format!("{}/{}", c.slug, p.slug))
        .collect();
    let refs: Vec<&str> = known.iter().map(String::as_str).collect();
    let help = match did_you_mean(id, &refs) {
        Some(close) => tr!("「{close}」のことですか?", "did you mean \"{close}\"?"),
        None => {
            let list = known.join(", ");
            tr!("サイトの計画: {list}", "the site's plans: {list}")
        }
    };
    diags.push(
        Diagnostic::error(
            Location::None,
            tr!(
                "計画「{id}」がサイトにありません",
                "the site has no plan \"{id}\""
            ),
        )
        .with_help(help),
    );
    None
}

/// Loads a copy of the site with the new texts: the import must leave a
/// site that passes `plansite check`. Its errors (and its warnings about
/// the changed files) are reported; false when there are errors.
fn verify(root: &Path, changes: &[FileChange], diags: &mut Diagnostics) -> bool {
    let copy = match copy_site(root) {
        Ok(dir) => dir,
        Err(e) => {
            diags.push(Diagnostic::error(
                Location::None,
                tr!(
                    "取り込み結果を確かめるための一時フォルダを作れません: {e}",
                    "a temporary folder to check the result in cannot be made: {e}"
                ),
            ));
            return false;
        }
    };
    for c in changes {
        let rel = c.path.strip_prefix(root).unwrap_or(&c.path);
        let target = copy.path().join(rel);
        if let Err(e) = std::fs::write(&target, &c.new) {
            let file = write::relative(root, &c.path);
            diags.push(Diagnostic::error(
                Location::None,
                tr!(
                    "取り込み結果を一時フォルダに書けません({file}): {e}",
                    "the result cannot be written to a temporary folder ({file}): {e}"
                ),
            ));
            return false;
        }
    }
    let changed: Vec<String> = changes
        .iter()
        .map(|c| write::relative(root, &c.path))
        .collect();
    let loaded = crate::load(copy.path());
    let failed = loaded.diagnostics.has_errors();
    for d in loaded.diagnostics.iter() {
        let about_changed = d
            .place()
            .is_some_and(|p| changed.iter().any(|c| p.starts_with(c.as_str())));
        if d.severity == Severity::Error || about_changed {
            diags.push(d.clone());
        }
    }
    if failed {
        diags.push(Diagnostic::error(
            Location::None,
            tr!(
                "取り込んだ結果の内容にエラーがあるため、何も書き込みませんでした。上のエラーの箇所をブックで直してください",
                "the content after the import would have errors, so nothing was written; fix the places above in the workbook"
            ),
        ));
    }
    !failed
}

/// `site.toml` and `content/` copied into a temporary folder (all that
/// loading needs: templates are not part of the content's check).
fn copy_site(root: &Path) -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    std::fs::copy(root.join("site.toml"), dir.path().join("site.toml"))?;
    copy_tree(&root.join("content"), &dir.path().join("content"))?;
    Ok(dir)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_symlink() {
            // Kept a link, so that the loader judges it as it does in the site.
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn the_plan_comes_from_the_flag_the_guide_or_the_csv_names() {
        let mut d = Diagnostics::default();
        let csv = files(&["dir/mine.reform.成果指標.csv", "mine.reform.項目.CSV"]);
        assert_eq!(
            which_plan(&csv, None, None, &mut d).as_deref(),
            Some("mine/reform")
        );
        let xlsx = files(&["plan.xlsx"]);
        let guide = Some("ube/comprehensive".to_string());
        assert_eq!(
            which_plan(&xlsx, None, guide.clone(), &mut d).as_deref(),
            Some("ube/comprehensive")
        );
        assert_eq!(
            which_plan(&xlsx, Some("ube/comprehensive"), guide, &mut d).as_deref(),
            Some("ube/comprehensive")
        );
        assert!(d.is_empty());
    }

    #[test]
    fn plans_that_disagree_or_none_are_errors() {
        let mut d = Diagnostics::default();
        let csv = files(&["mine.reform.成果指標.csv"]);
        assert_eq!(which_plan(&csv, Some("ube/reform"), None, &mut d), None);
        let two = files(&["mine.reform.成果指標.csv", "ube.reform.項目.csv"]);
        assert_eq!(which_plan(&two, None, None, &mut d), None);
        assert_eq!(which_plan(&files(&["plan.xlsx"]), None, None, &mut d), None);
        assert_eq!(d.count(Severity::Error), 3);
    }

    #[test]
    fn the_new_texts_must_pass_the_check_before_anything_is_written() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("content/mine/reform/08.md");
        let old = std::fs::read_to_string(&path).unwrap();
        let good = FileChange {
            path: path.clone(),
            old: Some(old.clone()),
            new: old.replace("status = { 2023 = \"A\" }", "status = { 2023 = \"B\" }"),
        };
        let mut d = Diagnostics::default();
        assert!(verify(root, &[good], &mut d));
        assert!(!d.has_errors());
        let bad = FileChange {
            path,
            old: Some(old.clone()),
            new: old.replace("status = { 2023 = \"A\" }", "status = { 2023 = \"Z\" }"),
        };
        assert!(!verify(root, &[bad], &mut d));
        let lines: Vec<String> = d.iter().map(|d| d.line(Language::En)).collect();
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("content/mine/reform/08.md:")),
            "{lines:?}"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("content/mine/reform/08.md")).unwrap(),
            old
        );
    }
}
