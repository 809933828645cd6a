//! Validate: checks that need more than one file — references between
//! content and `site.toml`, duplicates, and years against the plan period.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::parse::code_points;
use crate::content::reader::did_you_mean_help;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Text};
use crate::model::{Plan, Pos, Site, Year};
use crate::tr;

mod themes;

/// Years of actuals accepted before the plan period when a KPI has no baseline.
const HISTORY_YEARS: i32 = 5;

pub fn site(site: &Site, config: &Config, diags: &mut Diagnostics) {
    for city in &site.cities {
        self::city(city, config, diags);
    }
}

/// The checks of one city: each plan's, and those across its plans.
pub fn city(city: &crate::model::City, config: &Config, diags: &mut Diagnostics) {
    for plan in &city.plans {
        self::plan(plan, config, diags);
    }
    themes::city(city, diags);
}

/// The help for a name site.toml does not define: the defined name it is
/// closest to, else how to add one (`none`) or the names there are.
fn help_for_unknown(name: &str, known: &[&str], none: Text, listed: impl Fn(&str) -> Text) -> Text {
    match did_you_mean(name, known) {
        Some(k) => did_you_mean_help(&format!("\"{k}\"")),
        None if known.is_empty() => none,
        None => listed(&known.join(", ")),
    }
}

pub fn plan(plan: &Plan, config: &Config, diags: &mut Diagnostics) {
    let scale = config.scales.get(&plan.scale);
    if scale.is_none() {
        let known: Vec<&str> = config.scales.keys().map(String::as_str).collect();
        let mut d = Diagnostic::error(plan.scale_pos.location(), {
            let scale = &plan.scale;
            tr!(
                "scale: \"{scale}\" は site.toml で定義された評価の区分ではありません",
                "scale: \"{scale}\" is not a scale defined in site.toml"
            )
        });
        d = d.with_help(help_for_unknown(
            &plan.scale,
            &known,
            tr!(
                "site.toml に評価の区分がありません。[scales.名前] として追加してください",
                "site.toml defines no scales; add one as [scales.NAME]"
            ),
            |known| {
                tr!(
                    "site.toml の評価の区分は次のとおりです: {known}",
                    "the scales in site.toml are: {known}"
                )
            },
        ));
        diags.push(d);
    }
    themes::plan(plan, config, diags);
    if plan.report_year < plan.period[0] || plan.report_year > plan.period[1] {
        diags.push(Diagnostic::warning(plan.pos.location(), {
            let (y, first, last) = (plan.report_year, plan.period[0], plan.period[1]);
            tr!(
                "report_year: {y}年度は計画期間({first}〜{last}年度)の外です",
                "report_year: {y} is outside the plan period {first}–{last}"
            )
        }));
    }

    // Ids and numbers are compared by how they read, so that "1", "１" and
    // "1 " cannot name two things; the text kept is the one written.
    let mut ids: BTreeMap<&str, &Pos> = BTreeMap::new();
    let mut id_keys: BTreeMap<String, (&str, &Pos)> = BTreeMap::new();
    for c in plan.all_categories() {
        match id_keys.get(&reading(&c.id)) {
            Some((first, at)) => {
                let (line, _) = at.file.line_col(at.range.start);
                diags.push(Diagnostic::error(c.pos.location(), {
                    let id = &c.id;
                    let (diff_ja, diff_en) = written_differently(id, first);
                    tr!(
                        "categories: id \"{id}\" は{line}行目ですでに使われています{diff_ja}",
                        "categories: the id \"{id}\" is already used on line {line}{diff_en}"
                    )
                }));
            }
            None => {
                id_keys.insert(reading(&c.id), (&c.id, &c.pos));
                ids.insert(&c.id, &c.pos);
            }
        }
    }
    let known_ids: Vec<&str> = ids.keys().copied().collect();
    let levels: Vec<&str> = scale.map_or(Vec::new(), |s| {
        s.levels.iter().map(|l| l.key.as_str()).collect()
    });

    let mut numbers: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for item in &plan.items {
        let key = reading(&item.number);
        if let Some((first, other)) = numbers.get(&key) {
            diags.push(Diagnostic::error(item.pos.location(), {
                let number = &item.number;
                let (diff_ja, diff_en) = written_differently(number, first);
                tr!(
                    "number: \"{number}\" はすでに {other} の番号です{diff_ja}",
                    "number: \"{number}\" is already the number of {other}{diff_en}"
                )
            }));
        } else {
            numbers.insert(key, (&item.number, &item.pos.file.display));
        }
        if let (Some(cat), Some(pos)) = (&item.category, &item.category_pos) {
            if !ids.contains_key(cat.as_str()) && !plan.unread_category_ids {
                let d = match id_keys.get(&reading(cat)) {
                    // A reference must name the id as written: the id is also
                    // what data.json and data.csv carry.
                    Some((id, _)) => {
                        let (diff_ja, diff_en) = written_differently(cat, id);
                        Diagnostic::error(
                            pos.location(),
                            tr!(
                                "category: \"{cat}\" はこの計画の分類ではありません。\"{id}\" はあります{diff_ja}",
                                "category: \"{cat}\" is not a category of this plan, but \"{id}\" is{diff_en}"
                            ),
                        )
                        .with_help(tr!(
                            "計画の _index.md と同じく \"{id}\" と書いてください",
                            "write it as the plan's _index.md does: \"{id}\""
                        ))
                    }
                    None => {
                        let d = Diagnostic::error(
                            pos.location(),
                            tr!(
                                "category: \"{cat}\" はこの計画の分類ではありません",
                                "category: \"{cat}\" is not a category of this plan"
                            ),
                        );
                        match did_you_mean(cat, &known_ids) {
                            Some(k) => d.with_help(did_you_mean_help(&format!("\"{k}\""))),
                            None if known_ids.is_empty() => d.with_help(tr!(
                                "計画の _index.md に [[categories]] がありません",
                                "the plan's _index.md defines no [[categories]]"
                            )),
                            None => {
                                let known = known_ids.join(", ");
                                d.with_help(tr!(
                                    "この計画の分類は次のとおりです: {known}",
                                    "the plan's categories are: {known}"
                                ))
                            }
                        }
                    }
                };
                diags.push(d);
            }
        }
        // Statuses are checked against the scale unless a level's key could
        // not be read: a status may name that level.
        if scale.is_some_and(|s| !s.unread_keys) {
            check_statuses(
                &item.status,
                &item.status_pos,
                "status",
                &levels,
                &plan.scale,
                diags,
            );
        }
        check_years(plan, item.status.keys(), &item.status_pos, "status", diags);
        themes::item(plan, item, config, diags);
        for (i, kpi) in item.kpis.iter().enumerate() {
            if scale.is_some_and(|s| !s.unread_keys) {
                let path = format!("kpis[{i}].status");
                check_statuses(
                    &kpi.status,
                    &kpi.status_pos,
                    &path,
                    &levels,
                    &plan.scale,
                    diags,
                );
            }
            // Reports show some history before the period (the baseline year, the year after it).
            let first = kpi
                .baseline
                .as_ref()
                .and_then(|b| b.year)
                .map_or(plan.period[0] - HISTORY_YEARS, |y| y.min(plan.period[0]));
            let last = plan.period[1].max(plan.report_year);
            for (what, years) in [
                ("targets", kpi.targets.keys()),
                ("actuals", kpi.actuals.keys()),
            ] {
                let lo = if what == "targets" {
                    plan.period[0]
                } else {
                    first
                };
                for &y in years {
                    if y < lo || y > last + 1 {
                        diags.push(Diagnostic::warning(
                            kpi.pos.location(),
                            outside_period(&format!("kpis[{i}].{what}.{y}"), y, plan),
                        ));
                    }
                }
            }
        }
    }
}

/// Reported statuses must be levels of the plan's scale.
fn check_statuses(
    status: &crate::model::YearMap<String>,
    positions: &crate::model::YearMap<Pos>,
    path: &str,
    levels: &[&str],
    scale: &str,
    diags: &mut Diagnostics,
) {
    for (year, key) in status {
        if levels.contains(&key.as_str()) {
            continue;
        }
        let Some(pos) = positions.get(year) else {
            continue;
        };
        let msg = match levels.iter().find(|l| reading(l) == reading(key)) {
            Some(level) => {
                let (diff_ja, diff_en) = written_differently(key, level);
                tr!(
                    "{path}.{year}: \"{key}\" は評価の区分 \"{scale}\" の評価ではありません。\"{level}\" はあります{diff_ja}",
                    "{path}.{year}: \"{key}\" is not a level of the scale \"{scale}\", but \"{level}\" is{diff_en}"
                )
            }
            None => tr!(
                "{path}.{year}: \"{key}\" は評価の区分 \"{scale}\" の評価ではありません",
                "{path}.{year}: \"{key}\" is not a level of the scale \"{scale}\""
            ),
        };
        let levels = levels.join(", ");
        diags.push(Diagnostic::error(pos.location(), msg).with_help(tr!(
            "評価は次のとおりです: {levels}",
            "the levels are: {levels}"
        )));
    }
}

/// Status years outside the plan period are suspicious but publishable.
fn check_years<'a>(
    plan: &Plan,
    years: impl Iterator<Item = &'a Year>,
    positions: &crate::model::YearMap<Pos>,
    path: &str,
    diags: &mut Diagnostics,
) {
    for y in years {
        if *y < plan.period[0] || *y > plan.period[1] {
            if let Some(pos) = positions.get(y) {
                diags.push(Diagnostic::warning(
                    pos.location(),
                    outside_period(&format!("{path}.{y}"), *y, plan),
                ));
            }
        }
    }
}

/// How a number or id reads, for comparing: without spaces around it, in
/// Unicode NFKC (full-width "１" is "1", "ｱ" is "ア", and a kana with a
/// separate voicing mark is the precomposed one), and with every dash that
/// passes for a hyphen (‐ ‑ ‒ – — ― − ー) read as "-".
fn reading(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // ASCII is its own NFKC and has no dash but "-": most numbers and ids.
    if s.is_ascii() {
        return s.trim().to_string();
    }
    s.trim()
        .nfkc()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2043}' | '\u{2212}' | '\u{30FC}' | '\u{FE58}' => '-',
            c => c,
        })
        .collect()
}

/// For a message about two texts that read the same: nothing when they are
/// the same text; otherwise how they differ, in code points, since on screen
/// they look alike.
/// In Japanese and English.
fn written_differently(a: &str, b: &str) -> (String, String) {
    if a == b {
        return (String::new(), String::new());
    }
    let (ca, cb) = (code_points(a), code_points(b));
    (
        format!("(\"{a}\" ({ca}) と \"{b}\" ({cb}) は書き方だけが違います)"),
        format!(" (\"{a}\" ({ca}) and \"{b}\" ({cb}) differ only in how they are written)"),
    )
}

/// "`path`: the year is outside the plan period".
fn outside_period(path: &str, year: Year, plan: &Plan) -> Text {
    let (first, last) = (plan.period[0], plan.period[1]);
    tr!(
        "{path}: {year}年度は計画期間({first}〜{last}年度)の外です",
        "{path}: the year is outside the plan period {first}–{last}"
    )
}
