//! Item keys written after `[[kpis]]` or `[[actions]]`.
//!
//! TOML gives every line after a `[[kpis]]` header to that KPI, up to the
//! next header. A typist who adds `status = …` or `departments = …` at the
//! end of an item file therefore gives it to the last KPI or action: an
//! error when that table has no such key, and silently a KPI's status when
//! it does, leaving the item without a grade. Both are reported at the key,
//! with the line the item's own keys must come before.

use toml::de::{DeTable, DeValue};

use super::reader::{join, Reader};
use crate::diagnostics::{Diagnostic, Text};
use crate::tr;

/// Reports the keys of a KPI or action table (`header` is `kpis` or
/// `actions`): item keys it does not take as stray item keys, then the
/// rest as `Reader::check_keys` does.
pub fn check(
    r: &mut Reader,
    t: &DeTable,
    path: &str,
    header: &str,
    own: &[&str],
    item_keys: &[&str],
) {
    let what = if header == "kpis" {
        ("a KPI", "KPI")
    } else {
        ("an action", "action")
    };
    let mut known: Vec<&str> = own.to_vec();
    for (key, _) in t.iter() {
        let name = key.get_ref().as_ref();
        let Some(item_key) = item_keys.iter().find(|k| **k == name) else {
            continue;
        };
        if own.contains(item_key) {
            continue;
        }
        known.push(item_key);
        let full = join(path, name);
        let ja = if header == "kpis" {
            format!("{full}: {name} は項目のキーで、KPI のキーではありません。[[kpis]] より後に書いた行は、TOML ではその上の KPI のものになります")
        } else {
            format!("{full}: {name} は項目のキーで、取組のキーではありません。[[actions]] より後に書いた行は、TOML ではその上の取組のものになります")
        };
        let en = format!(
            "{full}: {name} is a key of the item, not of {}: TOML gives every line after [[{header}]] to the {} above it",
            what.0, what.1
        );
        let message = Text::new(ja, en);
        let help = match first_header(r) {
            Some((n, line)) => tr!(
                "この行を {n} 行目の {line} より上に移してください。項目のキーはそこまでに書きます",
                "move this line above line {n} ({line}), where the item's own keys end"
            ),
            None => tr!(
                "この行を最初の [[…]] の行より上に移してください",
                "move this line above the first [[…]] line"
            ),
        };
        r.error_help(key.span(), message, help);
    }
    r.check_keys(t, path, &known);
}

/// Warns when the item has no `status` while its last KPI, and only that
/// one, has: the grade was most likely meant for the item and landed on the
/// KPI, and the item shows as without a status.
pub fn status_after_kpis(r: &mut Reader, item: &DeTable) {
    if item.contains_key("status") {
        return;
    }
    let Some(DeValue::Array(kpis)) = item.get("kpis").map(|n| n.get_ref()) else {
        return;
    };
    let tables: Vec<&DeTable> = kpis
        .iter()
        .filter_map(|k| match k.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let Some((last, earlier)) = tables.split_last() else {
        return;
    };
    if earlier.iter().any(|t| t.contains_key("status")) {
        return; // every KPI graded: a plan that grades KPIs, not items
    }
    let Some((key, _)) = last.iter().find(|(k, _)| k.get_ref() == "status") else {
        return;
    };
    let path = format!("kpis[{}].status", tables.len() - 1);
    let above = match first_header(r) {
        Some((n, line)) => tr!("{n} 行目の {line} より上", "above line {n} ({line})"),
        None => tr!("最初の [[kpis]] より上", "above the first [[kpis]]"),
    };
    let d = Diagnostic::warning(
        r.loc(key.span()),
        tr!(
            "{path}: この status は最後の KPI のものとして読まれます（[[kpis]] より後の行は KPI のものになります）。項目自体には status がないため、項目は「評価なし」と表示されます",
            "{path}: this status is read as the last KPI's (every line after [[kpis]] belongs to the KPI); the item itself has no status, so it is shown as \"Not graded\""
        ),
    )
    .with_help(Text::new(
        format!(
            "項目の評価なら、この行を {} に移してください。KPI の評価なら、項目自体の status もそこに書いてください",
            above.ja
        ),
        format!(
            "if it is the item's grade, move this line {}; if it is the KPI's, give the item its own status there too",
            above.en
        ),
    ));
    r.diags.push(d);
}

/// The line number and text of the first table header of the front
/// matter (`[[kpis]]`, `[details]` …), where the item's own keys end.
fn first_header(r: &Reader) -> Option<(usize, String)> {
    let start = r.pos(0..0).range.start;
    let mut offset = start;
    for line in r.file.text[start..].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == "+++" {
            return None;
        }
        if trimmed.starts_with('[') {
            return Some((r.file.line_col(offset).0, trimmed.to_string()));
        }
        offset += line.len();
    }
    None
}
