//! The plan's category tree in its `_index.md`: titles and descriptions
//! changed in place, new categories appended under their parent, at any
//! depth, written `[[categories]]`/`[[categories.children]]` or inline.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value as Toml};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::tr;
use crate::workbook::edits::{CategoryEdits, Change};

use super::toml_value::{set_text, tidy_inline};

/// Applies the category edits to a plan's front matter. Returns whether
/// anything changed; a new category whose parent is nowhere is an error.
pub fn edit_categories(
    doc: &mut DocumentMut,
    edits: &[CategoryEdits],
    diags: &mut Diagnostics,
) -> bool {
    let mut changed = false;
    let mut pending: Vec<&CategoryEdits> = Vec::new();
    for e in edits {
        match find(doc.as_table(), &e.id) {
            Some(path) => {
                if let Some(t) = at_path(doc.as_table_mut(), &path) {
                    changed |= set_text(t, "title", &e.title);
                    changed |= set_text(t, "description", &e.description);
                    if changed {
                        tidy(doc.as_table_mut(), &path);
                    }
                }
            }
            None => pending.push(e),
        }
    }
    // A new category may name as parent another new one further down the
    // sheet: added once its parent is.
    loop {
        let before = pending.len();
        let mut rest = Vec::new();
        for e in pending {
            let parent = match e.parent.as_deref().map(str::trim) {
                None | Some("") => Some(Vec::new()),
                Some(p) => find(doc.as_table(), p),
            };
            match parent {
                Some(path) => {
                    add(doc.as_table_mut(), &path, e);
                    changed = true;
                }
                None => rest.push(e),
            }
        }
        pending = rest;
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    for e in pending {
        let parent = e.parent.clone().unwrap_or_default();
        diags.push(
            Diagnostic::error(
                e.at.clone(),
                tr!(
                    "上位分類「{parent}」が計画にも分類シートにもありません",
                    "the parent category \"{parent}\" is neither in the plan nor on the categories sheet"
                ),
            )
            .with_help(tr!(
                "上位分類IDには、ある分類の分類IDを入れてください。最上位の分類なら空欄にします",
                "give the id of an existing category as the parent, or leave it blank for a top-level category"
            )),
        );
    }
    changed
}

/// The tables of a list of categories, as written either way.
fn entries(list: &Item) -> Vec<&dyn TableLike> {
    match list {
        Item::ArrayOfTables(a) => a.iter().map(|t| t as &dyn TableLike).collect(),
        Item::Value(Toml::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
            .collect(),
        _ => Vec::new(),
    }
}

fn entry_mut(list: &mut Item, i: usize) -> Option<&mut dyn TableLike> {
    match list {
        Item::ArrayOfTables(a) => a.get_mut(i).map(|t| t as &mut dyn TableLike),
        Item::Value(Toml::Array(a)) => a
            .get_mut(i)
            .and_then(Toml::as_inline_table_mut)
            .map(|t| t as &mut dyn TableLike),
        _ => None,
    }
}

/// The positions leading to category `id` (ids compared as the loader
/// trims them).
fn find(root: &dyn TableLike, id: &str) -> Option<Vec<usize>> {
    fn walk(t: &dyn TableLike, key: &str, id: &str, path: &mut Vec<usize>) -> bool {
        let Some(list) = t.get(key) else { return false };
        for (i, c) in entries(list).into_iter().enumerate() {
            path.push(i);
            let this = c.get("id").and_then(Item::as_str).map(str::trim);
            if this == Some(id.trim()) || walk(c, "children", id, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    walk(root, "categories", id, &mut path).then_some(path)
}

fn at_path<'a>(root: &'a mut dyn TableLike, path: &[usize]) -> Option<&'a mut dyn TableLike> {
    let mut t = root;
    for (depth, i) in path.iter().enumerate() {
        let key = if depth == 0 { "categories" } else { "children" };
        t = entry_mut(t.get_mut(key)?, *i)?;
    }
    Some(t)
}

/// Keeps an inline category written `{ id = "1", title = "…" }` tidy after an edit.
fn tidy(root: &mut dyn TableLike, path: &[usize]) {
    let Some((last, up)) = path.split_last() else {
        return;
    };
    let key = if up.is_empty() {
        "categories"
    } else {
        "children"
    };
    let Some(parent) = at_path(root, up) else {
        return;
    };
    if let Some(Item::Value(Toml::Array(a))) = parent.get_mut(key) {
        if let Some(Toml::InlineTable(t)) = a.get_mut(*last) {
            tidy_inline(t);
        }
    }
}

/// Appends category `e` to the children of the category at `path` (the
/// top-level list when `path` is empty).
fn add(root: &mut dyn TableLike, path: &[usize], e: &CategoryEdits) {
    let key = if path.is_empty() {
        "categories"
    } else {
        "children"
    };
    let inline = is_inline_at(root, path);
    let Some(parent) = at_path(root, path) else {
        return;
    };
    let mut t = Table::new();
    t.insert("id", toml_edit::value(e.id.trim()));
    set_text(&mut t, "title", &e.title);
    if let Change::Set(_) = &e.description {
        set_text(&mut t, "description", &e.description);
    }
    // Written as the parent's list is: `[[…children]]` under a table,
    // `children = [{ … }]` inside an inline table.
    match parent.get_mut(key) {
        Some(Item::ArrayOfTables(a)) => a.push(t),
        Some(Item::Value(Toml::Array(a))) => {
            let mut inline = t.into_inline_table();
            tidy_inline(&mut inline);
            a.push(inline);
        }
        _ => {
            if inline {
                let mut one = t.into_inline_table();
                tidy_inline(&mut one);
                let mut array = toml_edit::Array::new();
                array.push(one);
                parent.insert(key, toml_edit::value(array));
            } else {
                let mut a = ArrayOfTables::new();
                a.push(t);
                parent.insert(key, Item::ArrayOfTables(a));
            }
        }
    }
}

/// Whether the category at `path` is written inline (somewhere up its
/// chain a list is `[{ … }]`): it cannot hold `[[…]]` headers then.
fn is_inline_at(root: &dyn TableLike, path: &[usize]) -> bool {
    let mut t = root;
    for (depth, i) in path.iter().enumerate() {
        let key = if depth == 0 { "categories" } else { "children" };
        let Some(list) = t.get(key) else { return false };
        if list.is_value() {
            return true;
        }
        match entries(list).into_iter().nth(*i) {
            Some(next) => t = next,
            None => return false,
        }
    }
    false
}
