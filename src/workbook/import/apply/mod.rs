//! What the workbook asks ([`PlanEdits`]) turned into new texts of the
//! content files. Only values that differ from the file are written, in
//! place, so comments, key order, spacing, the BOM, the line ends and the
//! Markdown bodies survive; an edit that asks for what the file has already
//! changes nothing.

mod category;
mod item;
mod text;
pub mod toml_value;

use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::model::{City, Plan};
use crate::tr;
use crate::workbook::edits::{CategoryEdits, PlanEdits};

pub use text::Source;

/// A content file's new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: PathBuf,
    /// The text the file has; None for a new file.
    pub old: Option<String>,
    pub new: String,
}

/// The files of `plan` that `edits` change, with their new texts: the
/// plan's `_index.md` first (categories), then the items in the order of
/// `edits`. Errors name the file (or the cell that asked for the change).
pub fn apply(
    root: &Path,
    city: &City,
    plan: &Plan,
    edits: &PlanEdits,
) -> Result<Vec<FileChange>, Diagnostics> {
    let dir = root.join("content").join(&city.slug).join(&plan.slug);
    let mut diags = Diagnostics::default();
    let mut changes = Vec::new();
    if edits.categories.iter().any(asks_something) {
        let path = dir.join("_index.md");
        if let Some(change) = edit_file(root, &path, &mut diags, |doc, diags| {
            category::edit_categories(doc, &edits.categories, diags)
        }) {
            changes.push(change);
        }
    }
    for e in &edits.items {
        if e.new {
            let path = dir.join(format!("{}.md", e.slug));
            if find_item_file(&dir, &e.slug).is_some() {
                diags.push(
                    Diagnostic::error(e.at.clone(), {
                        let file = display_path(root, &path);
                        tr!(
                            "新しい項目のファイル {file} は、すでにあります",
                            "the new item's file {file} exists already"
                        )
                    })
                    .with_help(tr!(
                        "ファイル名の列に、ほかの項目と重ならない名前を入れてください",
                        "give the new item a file name that no other item has"
                    )),
                );
                continue;
            }
            changes.push(FileChange {
                path,
                old: None,
                new: format!("+++\n{}+++\n", item::new_item(e)),
            });
            continue;
        }
        let Some(path) = find_item_file(&dir, &e.slug) else {
            let file = display_path(root, &dir.join(format!("{}.md", e.slug)));
            diags.push(Diagnostic::error(
                e.at.clone(),
                tr!(
                    "項目のファイル {file} が見つかりません。読み込み中に消された可能性があります",
                    "the item's file {file} is not found; it may have been removed meanwhile"
                ),
            ));
            continue;
        };
        if let Some(change) = edit_file(root, &path, &mut diags, |doc, _| item::edit_item(doc, e)) {
            changes.push(change);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(changes)
    }
}

fn asks_something(e: &CategoryEdits) -> bool {
    e.new || !e.title.is_keep() || !e.description.is_keep()
}

/// `<slug>.md`, or the file the loader reads as it (`25.MD`).
fn find_item_file(dir: &Path, slug: &str) -> Option<PathBuf> {
    let exact = dir.join(format!("{slug}.md"));
    if exact.is_file() {
        return Some(exact);
    }
    let wanted = format!("{slug}.md");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.eq_ignore_ascii_case(&wanted))
        })
}

/// Reads `path`, lets `edit` change its front matter, and gives the new
/// text if it differs.
fn edit_file(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
    edit: impl FnOnce(&mut DocumentMut, &mut Diagnostics) -> bool,
) -> Option<FileChange> {
    let source = match Source::read(root, path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let mut doc: DocumentMut = match source.front.parse() {
        Ok(doc) => doc,
        Err(e) => {
            let display = display_path(root, path);
            let e = e.to_string();
            diags.push(Diagnostic::error(
                Location::Path {
                    display,
                    line_col: None,
                },
                tr!(
                    "設定を読めません(plansite check で確かめてください): {e}",
                    "the settings cannot be read (run plansite check): {e}"
                ),
            ));
            return None;
        }
    };
    if !edit(&mut doc, diags) {
        return None;
    }
    let new = source.with_front(&doc.to_string());
    (new != source.raw).then(|| FileChange {
        path: path.to_path_buf(),
        old: Some(source.raw.clone()),
        new,
    })
}
