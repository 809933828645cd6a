//! An item's front matter edited as the workbook asks: its own keys, its
//! KPIs and actions (new ones appended), and a new item's whole file.

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value as Toml};

use crate::model::{Direction, Method, Value};
use crate::workbook::edits::{ActionEdits, Change, ItemEdits, KpiEdits, Noted};

use crate::content::parse::{ACTION_KEYS, ITEM_KEYS, KPI_KEYS};

use super::toml_value::{
    keys_in_order, order_keys, replace_keeping_decor, same_value, set_list, set_text,
    set_year_table, tidy_inline, to_toml,
};

/// A baseline's keys in the documented order.
const BASELINE_KEYS: &[&str] = &["year", "value", "note"];

/// Applies `e` to an item's front matter. Returns whether anything changed.
pub fn edit_item(doc: &mut DocumentMut, e: &ItemEdits) -> bool {
    let root = doc.as_table_mut();
    let ordered = keys_in_order(root, ITEM_KEYS);
    let before = root.len();
    let mut changed = false;
    changed |= set_text(root, "title", &e.title);
    changed |= set_text(root, "category", &e.category);
    changed |= set_list(root, "departments", &e.departments);
    let status: Vec<(i32, Noted)> = e.status.iter().map(|(y, c)| (*y, text_noted(c))).collect();
    changed |= set_year_table(root, "status", status.iter().map(|(y, n)| (*y, n)));
    changed |= set_list(root, "tags", &e.tags);
    changed |= edit_list(
        root,
        "actions",
        &e.actions,
        |a| a.number,
        edit_action,
        ACTION_KEYS,
    );
    changed |= edit_list(root, "kpis", &e.kpis, |k| k.number, edit_kpi, KPI_KEYS);
    if root.len() > before {
        order_keys(root, ITEM_KEYS, ordered);
    }
    changed
}

/// The front matter of a new item: its number, then what the workbook gives.
pub fn new_item(e: &ItemEdits) -> String {
    let mut doc = DocumentMut::new();
    doc.insert("number", toml_edit::value(e.number.as_str()));
    edit_item(&mut doc, e);
    doc.to_string()
}

fn text_noted(c: &Change<String>) -> Noted {
    Noted {
        value: match c {
            Change::Keep => Change::Keep,
            Change::Set(s) => Change::Set(Value::Text(s.clone())),
            Change::Clear => Change::Clear,
        },
        note: Change::Keep,
    }
}

/// Applies edits to the entries of `[[key]]` (or `key = [{ … }]`) by their
/// 1-based number; numbers past the last entry are appended in number order.
fn edit_list<E>(
    root: &mut Table,
    key: &str,
    edits: &[E],
    number: impl Fn(&E) -> usize,
    edit: fn(&mut dyn TableLike, &E) -> bool,
    order: &[&str],
) -> bool {
    let existing = match root.get(key) {
        Some(Item::ArrayOfTables(a)) => a.len(),
        Some(Item::Value(Toml::Array(a))) => a.len(),
        _ => 0,
    };
    let mut changed = false;
    let mut new: Vec<&E> = Vec::new();
    for e in edits {
        let n = number(e);
        if n == 0 {
            continue;
        }
        if n > existing {
            new.push(e);
            continue;
        }
        if let Some(list) = root.get_mut(key) {
            changed |= edit_entry(list, n - 1, |t| edit(t, e), order);
        }
    }
    new.sort_by_key(|e| number(e));
    for e in new {
        let mut t = Table::new();
        if !edit(&mut t, e) {
            continue;
        }
        changed = true;
        match root.get_mut(key) {
            Some(Item::Value(Toml::Array(a))) => {
                let mut inline = t.into_inline_table();
                tidy_inline(&mut inline);
                a.push(inline);
            }
            Some(Item::ArrayOfTables(a)) => a.push(t),
            _ => {
                let mut a = ArrayOfTables::new();
                a.push(t);
                root.insert(key, Item::ArrayOfTables(a));
            }
        }
    }
    changed
}

/// Edits entry `i` of a list of tables, putting keys it adds in `order`.
fn edit_entry(
    list: &mut Item,
    i: usize,
    edit: impl FnOnce(&mut dyn TableLike) -> bool,
    order: &[&str],
) -> bool {
    match list {
        Item::ArrayOfTables(a) => {
            let Some(t) = a.get_mut(i) else { return false };
            let ordered = keys_in_order(t, order);
            let before = t.len();
            let changed = edit(t);
            if t.len() > before {
                order_keys(t, order, ordered);
            }
            changed
        }
        Item::Value(Toml::Array(a)) => {
            let Some(Toml::InlineTable(t)) = a.get_mut(i) else {
                return false;
            };
            let ordered = keys_in_order(t, order);
            let before = t.len();
            let changed = edit(t);
            if t.len() > before && ordered {
                let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
                t.sort_values_by(|k1, _, k2, _| rank(k1.get()).cmp(&rank(k2.get())));
            }
            if changed {
                tidy_inline(t);
            }
            changed
        }
        _ => false,
    }
}

fn direction_text(c: &Change<Direction>) -> Change<String> {
    map(c, |d| match d {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
    })
}

fn method_text(c: &Change<Method>) -> Change<String> {
    map(c, |m| match m {
        Method::Ratio => "ratio",
        Method::Progress => "progress",
        Method::Cumulative => "cumulative",
    })
}

fn map<T>(c: &Change<T>, f: impl Fn(&T) -> &'static str) -> Change<String> {
    match c {
        Change::Keep => Change::Keep,
        Change::Set(v) => Change::Set(f(v).to_string()),
        Change::Clear => Change::Clear,
    }
}

fn edit_kpi(t: &mut dyn TableLike, e: &KpiEdits) -> bool {
    let mut changed = false;
    changed |= set_text(t, "name", &e.name);
    changed |= set_text(t, "unit", &e.unit);
    changed |= set_text(t, "direction", &direction_text(&e.direction));
    changed |= set_text(t, "method", &method_text(&e.method));
    changed |= set_baseline(t, &e.baseline, &e.baseline_year);
    changed |= set_year_table(t, "targets", e.years.iter().map(|(y, k)| (*y, &k.target)));
    changed |= set_year_table(t, "actuals", e.years.iter().map(|(y, k)| (*y, &k.actual)));
    changed
}

fn edit_action(t: &mut dyn TableLike, e: &ActionEdits) -> bool {
    let mut changed = false;
    changed |= set_text(t, "title", &e.title);
    let noted = |c: &Change<Value>| Noted {
        value: c.clone(),
        note: Change::Keep,
    };
    let plan: Vec<(i32, Noted)> = e.years.iter().map(|(y, (p, _))| (*y, noted(p))).collect();
    let actual: Vec<(i32, Noted)> = e.years.iter().map(|(y, (_, a))| (*y, noted(a))).collect();
    changed |= set_year_table(t, "plan", plan.iter().map(|(y, n)| (*y, n)));
    changed |= set_year_table(t, "actual", actual.iter().map(|(y, n)| (*y, n)));
    changed
}

/// `baseline = { year?, value, note? }`: made when a value is given, removed
/// when the value is cleared.
fn set_baseline(kpi: &mut dyn TableLike, value: &Noted, year: &Change<i32>) -> bool {
    if value.value.is_keep() && value.note.is_keep() && year.is_keep() {
        return false;
    }
    if matches!(value.value, Change::Clear) {
        return kpi.remove("baseline").is_some();
    }
    if !kpi.contains_key("baseline") {
        let Change::Set(v) = &value.value else {
            // A year or note without a value makes no baseline.
            return false;
        };
        let mut t = InlineTable::new();
        if let Change::Set(y) = year {
            t.insert("year", Toml::from(i64::from(*y)));
        }
        t.insert("value", to_toml(v));
        if let Change::Set(n) = &value.note {
            t.insert("note", Toml::from(n.as_str()));
        }
        kpi.insert("baseline", toml_edit::value(t));
        return true;
    }
    let Some(b) = kpi.get_mut("baseline") else {
        return false;
    };
    match b {
        Item::Value(Toml::InlineTable(t)) => {
            let ordered = keys_in_order(t, BASELINE_KEYS);
            let changed = edit_baseline(t, value, year);
            if changed {
                if ordered {
                    let rank = |k: &str| BASELINE_KEYS.iter().position(|o| *o == k).unwrap_or(3);
                    t.sort_values_by(|k1, _, k2, _| rank(k1.get()).cmp(&rank(k2.get())));
                }
                tidy_inline(t);
            }
            changed
        }
        Item::Table(t) => {
            let ordered = keys_in_order(t, BASELINE_KEYS);
            let changed = edit_baseline(t, value, year);
            order_keys(t, BASELINE_KEYS, ordered && changed);
            changed
        }
        _ => false,
    }
}

fn edit_baseline(t: &mut dyn TableLike, value: &Noted, year: &Change<i32>) -> bool {
    let mut changed = false;
    match year {
        Change::Keep => {}
        Change::Clear => changed |= t.remove("year").is_some(),
        Change::Set(y) => match t.get_mut("year") {
            Some(Item::Value(v)) if v.as_integer() == Some(i64::from(*y)) => {}
            Some(Item::Value(v)) => {
                replace_keeping_decor(v, Toml::from(i64::from(*y)));
                changed = true;
            }
            _ => {
                t.insert("year", toml_edit::value(i64::from(*y)));
                changed = true;
            }
        },
    }
    if let Change::Set(v) = &value.value {
        let current = t
            .get("value")
            .and_then(Item::as_value)
            .and_then(super::toml_value::from_toml);
        if !current.is_some_and(|c| same_value(&c, v)) {
            super::toml_value::set_plain(t, "value", v);
            changed = true;
        }
    }
    // The note is a key of the baseline itself, not a `{ value, note }` pair.
    changed |= set_text(t, "note", &value.note);
    changed
}
