//! Item keys written after `[[kpis]]`, `[[actions]]` or `[details]`.
//!
//! TOML gives every line after a `[[kpis]]` header to that KPI, up to the
//! next header. A typist who adds `status = …` or `departments = …` at the
//! end of an item file therefore gives it to the last KPI or action: an
//! error when that table has no such key, and silently a KPI's status when
//! it does, leaving the item without a grade. Both are reported at the key,
//! with the line the item's own keys must come before.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

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

/// Reports a line of `[details]` whose label is an item key the item does
/// not have itself (`status = …` written after `[details]`): an error when
/// its value is not text, as a detail it cannot be; a warning when it is,
/// as it is shown as a detail labelled `category` but was most likely meant
/// for the item. Returns whether the line is still read as a detail.
pub fn detail_label(
    r: &mut Reader,
    item: &DeTable,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    item_keys: &[&str],
) -> bool {
    let name = key.get_ref().as_ref();
    if !item_keys.contains(&name) || name == "details" || item.contains_key(name) {
        return true;
    }
    let text = matches!(value.get_ref(), DeValue::String(_));
    let (n_ja, n_en) = match first_header(r) {
        Some((n, line)) => (
            format!("{n} 行目の {line} より上"),
            format!("above line {n} ({line})"),
        ),
        None => (
            "[details] より上".to_string(),
            "above [details]".to_string(),
        ),
    };
    let help = Text::new(
        format!("項目の {name} なら、この行を {n_ja}に移してください"),
        format!("if it is the item's {name}, move this line {n_en}"),
    );
    let loc = r.loc(key.span());
    let d = if text {
        Diagnostic::warning(
            loc,
            tr!(
                "details.{name}: {name} は項目のキーですが、[details] より後に書いたため、「{name}」という見出しの詳細として表示されます",
                "details.{name}: {name} is a key of the item, but written after [details] it is shown as a detail labelled \"{name}\""
            ),
        )
    } else {
        Diagnostic::error(
            loc,
            tr!(
                "details.{name}: {name} は項目のキーです。[details] より後に書いた行は、TOML では詳細の表のものになります",
                "details.{name}: {name} is a key of the item: TOML gives every line after [details] to the details table"
            ),
        )
    };
    r.diags.push(d.with_help(help));
    text
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
            "項目の評価なら、この行を {}に移してください。KPI の評価なら、項目自体の status もそこに書いてください",
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

#[cfg(test)]
mod tests {
    use crate::config::Language;
    use crate::content::{parse_source, FileKind};
    use crate::diagnostics::{Diagnostics, Severity, SourceFile};

    /// Each finding as (severity, line, English message).
    fn findings(front: &str) -> Vec<(Severity, usize, String)> {
        let text = format!("+++\n{front}+++\n");
        let file = SourceFile::new("content/c/p/03.md".into(), text);
        let mut diags = Diagnostics::default();
        parse_source(file, FileKind::Item, "03", &mut diags);
        diags
            .sorted()
            .iter()
            .map(|d| {
                let line = d
                    .place()
                    .unwrap()
                    .split(':')
                    .nth(1)
                    .unwrap()
                    .parse()
                    .unwrap();
                (d.severity, line, d.message.get(Language::En).to_string())
            })
            .collect()
    }

    const HEAD: &str = "number = \"3\"\ntitle = \"t\"\n";

    #[test]
    fn item_keys_a_kpi_or_action_does_not_take_are_errors_naming_the_item() {
        let f = findings(&format!(
            "{HEAD}[[actions]]\ntitle = \"a\"\nstatus = {{ 2020 = \"B\" }}\n[[kpis]]\nname = \"k\"\ncategory = \"1\"\ncolour = 1\n"
        ));
        assert_eq!(f.len(), 3, "{f:?}");
        assert_eq!(f[0].0, Severity::Error);
        assert_eq!(f[0].1, 6);
        assert!(f[0]
            .2
            .starts_with("actions[0].status: status is a key of the item, not of an action"));
        assert!(f[1]
            .2
            .starts_with("kpis[0].category: category is a key of the item, not of a KPI"));
        // Not an item key: the usual message.
        assert_eq!(f[2].2, "kpis[0].colour: unknown key");
    }

    #[test]
    fn a_status_only_on_the_last_kpi_warns_when_the_item_has_none() {
        let kpi = "[[kpis]]\nname = \"k\"\nstatus = { 2020 = \"B\" }\n";
        let f = findings(&format!("{HEAD}{kpi}"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (Severity::Warning, 6));
        assert!(f[0]
            .2
            .starts_with("kpis[0].status: this status is read as the last KPI's"));
        // The item graded itself, or every KPI is graded: no warning.
        assert!(findings(&format!("{HEAD}status = {{ 2020 = \"A\" }}\n{kpi}")).is_empty());
        assert!(findings(&format!("{HEAD}{kpi}{kpi}")).is_empty());
        // Notes are the KPI's as often as not: no warning.
        assert!(findings(&format!("{HEAD}[[kpis]]\nname = \"k\"\nnotes = [\"n\"]\n")).is_empty());
    }

    #[test]
    fn item_keys_after_details_are_named() {
        let f = findings(&format!(
            "{HEAD}[details]\n\"新規・継続\" = \"新規\"\ncategory = \"1\"\ntags = [\"a\"]\n"
        ));
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (Severity::Warning, 6));
        assert!(f[0].2.contains("shown as a detail labelled \"category\""));
        assert_eq!((f[1].0, f[1].1), (Severity::Error, 7));
        assert!(f[1]
            .2
            .starts_with("details.tags: tags is a key of the item"));
        // A label the item has itself, or any other label, is a detail.
        assert!(findings(&format!(
            "{HEAD}category = \"1\"\n[details]\ncategory = \"区分\"\n\"担当\" = \"x\"\n"
        ))
        .is_empty());
    }
}
