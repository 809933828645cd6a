//! Values in the TOML as the workbook asks for them: compared as numbers
//! where they are numbers (so that 11 and 11.0, or 0.1 + 0.2 and 0.3, are
//! not rewritten), written in place so that the comments and spacing around
//! them survive, and year tables kept in year order.

use toml_edit::{InlineTable, Item, Table, TableLike, Value as Toml};

use crate::content::reader::fmt_number;
use crate::model::{Value, Year};
use crate::workbook::edits::{Change, Noted};

/// 2^53: beyond it f64 no longer holds every integer.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// A number as the content writes it: integral and below 2^53 → integer.
pub fn number(n: f64) -> Toml {
    if n.fract() == 0.0 && n.abs() < EXACT_INTEGERS {
        Toml::from(n as i64)
    } else {
        Toml::from(n)
    }
}

pub fn to_toml(v: &Value) -> Toml {
    match v {
        Value::Number(n) => number(*n),
        Value::Text(t) => Toml::from(t.as_str()),
    }
}

/// A plain value of the file (not a `{ value, note }` table).
pub fn from_toml(v: &Toml) -> Option<Value> {
    match v {
        Toml::Integer(i) => Some(Value::Number(*i.value() as f64)),
        Toml::Float(f) => Some(Value::Number(*f.value())),
        Toml::String(s) => Some(Value::Text(s.value().clone())),
        _ => None,
    }
}

/// Equal within 1e-9 relative, or the same to 15 significant digits: what a
/// spreadsheet gives back of a number it was given.
pub fn same_number(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    if !a.is_finite() || !b.is_finite() {
        return false;
    }
    if (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) {
        return true;
    }
    format!("{a:.14e}") == format!("{b:.14e}")
}

pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => same_number(*x, *y),
        (Value::Text(x), Value::Text(y)) => same_text(x, y),
        // A CSV cell is text: `12` there is the schedule's number 12.
        (Value::Number(n), Value::Text(t)) | (Value::Text(t), Value::Number(n)) => {
            t.trim() == fmt_number(*n)
        }
    }
}

/// Texts that read the same in a spreadsheet: spaces around a cell's text
/// are not kept by one (a description's last line end), and CP932 writes
/// some characters in a second form (`workbook::cp932`).
pub fn same_text(a: &str, b: &str) -> bool {
    a == b || crate::workbook::cp932::same_text(a.trim(), b.trim())
}

/// Replaces `slot` with `new`, keeping the spacing and comments around it.
pub fn replace_keeping_decor(slot: &mut Toml, new: Toml) {
    let decor = slot.decor().clone();
    *slot = new;
    *slot.decor_mut() = decor;
}

/// Sets `key` of `table` to the text `new` unless it already says so.
/// Returns whether anything changed.
pub fn set_text(table: &mut dyn TableLike, key: &str, change: &Change<String>) -> bool {
    let new = match change {
        Change::Keep => return false,
        Change::Clear => return table.remove(key).is_some(),
        Change::Set(s) => s,
    };
    match table.get_mut(key) {
        Some(Item::Value(v)) => {
            if v.as_str().is_some_and(|old| same_text(old, new)) {
                return false;
            }
            replace_keeping_decor(v, Toml::from(new.as_str()));
            true
        }
        _ => {
            table.insert(key, toml_edit::value(new.as_str()));
            true
        }
    }
}

/// Sets `key` to a list of texts; an empty list removes the key.
pub fn set_list(table: &mut dyn TableLike, key: &str, change: &Change<Vec<String>>) -> bool {
    let new = match change {
        Change::Keep => return false,
        Change::Clear => return table.remove(key).is_some(),
        Change::Set(list) => list,
    };
    let current: Option<Vec<Option<&str>>> = table
        .get(key)
        .and_then(Item::as_array)
        .map(|a| a.iter().map(Toml::as_str).collect());
    if let Some(current) = &current {
        if current.len() == new.len()
            && current
                .iter()
                .zip(new)
                .all(|(c, n)| c.is_some_and(|c| same_text(c, n)))
        {
            return false;
        }
    }
    if new.is_empty() {
        return table.remove(key).is_some();
    }
    let array: toml_edit::Array = new.iter().map(String::as_str).collect();
    match table.get_mut(key) {
        Some(Item::Value(v)) => replace_keeping_decor(v, Toml::Array(array)),
        _ => {
            table.insert(key, toml_edit::value(array));
        }
    }
    true
}

/// What a value slot of the file holds: a plain value, or `{ value, note }`.
fn read_noted(item: &Item) -> (Option<Value>, Option<String>) {
    if let Some(t) = item.as_table_like() {
        let value = t.get("value").and_then(Item::as_value).and_then(from_toml);
        let note = t.get("note").and_then(Item::as_str).map(str::to_string);
        return (value, note);
    }
    (item.as_value().and_then(from_toml), None)
}

/// A value with its note as the content writes it: plain without a note.
fn noted_value(value: &Value, note: Option<&str>) -> Toml {
    match note {
        None => to_toml(value),
        Some(note) => {
            let mut t = InlineTable::new();
            t.insert("value", to_toml(value));
            t.insert("note", Toml::from(note));
            Toml::InlineTable(t)
        }
    }
}

/// Applies a value-with-note change to `key` of `table`. Only the parts
/// that differ are written; a value cleared removes the key (a note alone
/// means nothing). Returns whether anything changed.
pub fn set_noted(table: &mut dyn TableLike, key: &str, change: &Noted) -> bool {
    if change.value.is_keep() && change.note.is_keep() {
        return false;
    }
    let (cur_value, cur_note) = table.get(key).map(read_noted).unwrap_or_default();
    let new_value = match &change.value {
        Change::Keep => cur_value.clone(),
        Change::Set(v) => Some(v.clone()),
        Change::Clear => None,
    };
    let new_note = match &change.note {
        Change::Keep => cur_note.clone(),
        Change::Set(n) => Some(n.clone()),
        Change::Clear => None,
    };
    let Some(new_value) = new_value else {
        return table.remove(key).is_some();
    };
    let value_same = cur_value
        .as_ref()
        .is_some_and(|c| same_value(c, &new_value));
    let note_same = match (&cur_note, &new_note) {
        (Some(a), Some(b)) => same_text(a, b),
        (a, b) => a == b,
    };
    if value_same && note_same {
        return false;
    }
    match table.get_mut(key) {
        None | Some(Item::None) | Some(Item::ArrayOfTables(_)) => {
            table.insert(
                key,
                Item::Value(noted_value(&new_value, new_note.as_deref())),
            );
        }
        Some(Item::Table(t)) => {
            // `[kpis.actuals.2023]` written as a table: kept a table.
            if !value_same {
                set_plain(t, "value", &new_value);
            }
            match &new_note {
                Some(n) => {
                    set_text(t, "note", &Change::Set(n.clone()));
                }
                None => {
                    t.remove("note");
                }
            }
        }
        Some(Item::Value(Toml::InlineTable(t))) => match &new_note {
            None => {
                let mut plain = to_toml(&new_value);
                if value_same {
                    // Keep the number as the file writes it (11.0 stays 11.0).
                    if let Some(v) = t.get("value") {
                        plain = v.clone();
                        plain.decor_mut().clear();
                    }
                }
                let decor = t.decor().clone();
                let mut slot = plain;
                *slot.decor_mut() = decor;
                table.insert(key, Item::Value(slot));
            }
            Some(n) => {
                if !value_same {
                    set_plain(t, "value", &new_value);
                }
                if !note_same {
                    set_text(t, "note", &Change::Set(n.clone()));
                }
                tidy_inline(t);
            }
        },
        Some(Item::Value(v)) => match &new_note {
            None => replace_keeping_decor(v, to_toml(&new_value)),
            Some(n) => {
                let base = if value_same {
                    let mut kept = v.clone();
                    kept.decor_mut().clear();
                    kept
                } else {
                    to_toml(&new_value)
                };
                let mut t = InlineTable::new();
                t.insert("value", base);
                t.insert("note", Toml::from(n.as_str()));
                replace_keeping_decor(v, Toml::InlineTable(t));
            }
        },
    }
    true
}

/// Sets a plain value, keeping the decor of the one it replaces.
pub fn set_plain(table: &mut dyn TableLike, key: &str, value: &Value) {
    match table.get_mut(key) {
        Some(Item::Value(v)) => replace_keeping_decor(v, to_toml(value)),
        _ => {
            table.insert(key, Item::Value(to_toml(value)));
        }
    }
}

/// Keeps an inline table written `{ a = 1, b = 2 }` after keys were added,
/// removed or moved: no space before a comma, one before the closing brace.
pub fn tidy_inline(t: &mut InlineTable) {
    let n = t.len();
    for (i, (_, v)) in t.iter_mut().enumerate() {
        let blank = v
            .decor()
            .suffix()
            .is_none_or(|s| s.as_str().is_some_and(|s| s.trim().is_empty()));
        if blank {
            v.decor_mut().set_suffix(if i + 1 == n { " " } else { "" });
        }
    }
}

fn year_key(key: &str) -> Option<Year> {
    key.trim().parse().ok()
}

fn in_year_order<'a>(keys: impl Iterator<Item = &'a str>) -> bool {
    let years: Option<Vec<Year>> = keys.map(year_key).collect();
    years.is_some_and(|y| y.windows(2).all(|w| w[0] < w[1]))
}

fn by_year(a: &str, b: &str) -> std::cmp::Ordering {
    year_key(a).cmp(&year_key(b))
}

/// Applies per-year changes to the year table `key` of `table` (inline or
/// `[x.key]`), made if missing, removed if left empty. A year added goes in
/// year order when the table's years are in order.
pub fn set_year_table<'c>(
    table: &mut dyn TableLike,
    key: &str,
    changes: impl IntoIterator<Item = (Year, &'c Noted)>,
) -> bool {
    let changes: Vec<(Year, &Noted)> = changes
        .into_iter()
        .filter(|(_, c)| !(c.value.is_keep() && c.note.is_keep()))
        .collect();
    if changes.is_empty() {
        return false;
    }
    let adds = changes
        .iter()
        .any(|(_, c)| matches!(c.value, Change::Set(_)));
    if !table.contains_key(key) {
        if !adds {
            return false;
        }
        table.insert(key, toml_edit::value(InlineTable::new()));
    }
    let Some(item) = table.get_mut(key) else {
        return false;
    };
    let mut changed = false;
    match item {
        Item::Value(Toml::InlineTable(t)) => {
            let ordered = in_year_order(t.iter().map(|(k, _)| k));
            for (year, c) in &changes {
                changed |= set_noted(t, &year.to_string(), c);
            }
            if changed {
                if ordered {
                    t.sort_values_by(|k1, _, k2, _| by_year(k1.get(), k2.get()));
                }
                tidy_inline(t);
            }
        }
        Item::Table(t) => {
            let ordered = in_year_order(t.iter().map(|(k, _)| k));
            for (year, c) in &changes {
                changed |= set_noted(t, &year.to_string(), c);
            }
            if changed && ordered {
                t.sort_values_by(|k1, _, k2, _| by_year(k1.get(), k2.get()));
            }
        }
        _ => {
            // Not a table (the load would have refused it): written anew.
            let mut t = InlineTable::new();
            for (year, c) in &changes {
                set_noted(&mut t, &year.to_string(), c);
            }
            t.sort_values_by(|k1, _, k2, _| by_year(k1.get(), k2.get()));
            tidy_inline(&mut t);
            *item = toml_edit::value(t);
            changed = true;
        }
    }
    let empty = table
        .get(key)
        .and_then(Item::as_table_like)
        .is_some_and(|t| t.is_empty());
    if empty {
        table.remove(key);
        changed = true;
    }
    changed
}

/// Sorts the keys of `t` into `order` after a key was added, when the keys
/// it had were in that order already (a file someone ordered otherwise is
/// left as it is, the new key last).
pub fn order_keys(t: &mut Table, order: &[&str], was_ordered: bool) {
    if !was_ordered {
        return;
    }
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    t.sort_values_by(|k1, _, k2, _| rank(k1.get()).cmp(&rank(k2.get())));
}

/// Whether the keys of `t` follow `order` (keys it does not list count as last).
pub fn keys_in_order(t: &dyn TableLike, order: &[&str]) -> bool {
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    let ranks: Vec<usize> = t.iter().map(|(k, _)| rank(k)).collect();
    ranks.windows(2).all(|w| w[0] <= w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_as_a_spreadsheet_gives_them_back() {
        assert!(same_number(11.0, 11.0));
        assert!(same_number(0.1 + 0.2, 0.3));
        assert!(same_number(99.2, 99.2 * (1.0 + 1e-15)));
        assert!(!same_number(99.2, 99.3));
        assert!(!same_number(0.0, 1e-300));
    }

    #[test]
    fn integral_numbers_are_written_as_integers() {
        assert_eq!(number(11.0).to_string(), "11");
        assert_eq!(number(-30095.0).to_string(), "-30095");
        assert_eq!(number(99.2).to_string(), "99.2");
        assert_eq!(number(1e20).to_string(), "100000000000000000000.0");
    }
}
