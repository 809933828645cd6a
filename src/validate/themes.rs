//! Themes and indicators named in content must be those of `site.toml`,
//! and a KPI reporting an indicator must be comparable with it: the same
//! unit and, where the indicator says, the same direction. Two cities'
//! figures in different units on one chart would mislead every reader.

use super::help_for_unknown;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{City, Direction, Item, Plan, Pos, Value, Year};
use crate::tr;

pub(super) fn plan(plan: &Plan, config: &Config, diags: &mut Diagnostics) {
    known_themes(&plan.themes, &plan.themes_pos, config, diags);
}

pub(super) fn item(plan: &Plan, item: &Item, config: &Config, diags: &mut Diagnostics) {
    known_themes(&item.themes, &item.themes_pos, config, diags);
    for (i, kpi) in item.kpis.iter().enumerate() {
        let Some(id) = &kpi.indicator else {
            continue;
        };
        let at = kpi.indicator_pos.as_ref().unwrap_or(&kpi.pos);
        let Some(ind) = config.indicators.get(id) else {
            let known: Vec<&str> = config.indicators.keys().map(String::as_str).collect();
            let d = Diagnostic::error(
                at.location(),
                tr!(
                    "kpis[{i}].indicator: \"{id}\" は site.toml で定義された指標ではありません",
                    "kpis[{i}].indicator: \"{id}\" is not an indicator defined in site.toml"
                ),
            );
            diags.push(d.with_help(help_for_unknown(
                id,
                &known,
                tr!(
                    "site.toml に指標がありません。[indicators.名前] として名前・単位とともに定義してください",
                    "site.toml defines no indicators; add one as [indicators.NAME] with its name and unit"
                ),
                |known| {
                    tr!(
                        "site.toml の指標は次のとおりです: {known}",
                        "the indicators in site.toml are: {known}"
                    )
                },
            )));
            continue;
        };
        if item.all_themes(plan).is_empty() {
            diags.push(Diagnostic::warning(
                at.location(),
                tr!(
                    "kpis[{i}].indicator: 指標 \"{id}\" は、項目のテーマのページで他の市と比べます。この項目には themes がないため、どのページにも載りません",
                    "kpis[{i}].indicator: the indicator \"{id}\" is compared on the pages of its item's themes, but this item has no themes, so it is shown nowhere"
                ),
            ));
        }
        let name = &ind.name;
        let want = &ind.unit;
        if kpi.unit.as_deref() != Some(want.as_str()) {
            let at = kpi.unit_pos.as_ref().unwrap_or(&kpi.pos);
            let (found_ja, found_en) = match &kpi.unit {
                Some(u) => (format!(" \"{u}\" です"), format!("\"{u}\"")),
                None => ("書かれていません".to_string(), "not given".to_string()),
            };
            diags.push(
                Diagnostic::error(
                    at.location(),
                    tr!(
                        "kpis[{i}].unit: 指標 \"{id}\"({name})は単位 \"{want}\" で比べますが、この成果指標の単位は{found_ja}。単位の違う値は他の市と並べて比べられません",
                        "kpis[{i}].unit: the indicator \"{id}\" ({name}) is compared in \"{want}\", but this KPI's unit is {found_en}; figures in different units cannot be compared with other cities'"
                    ),
                )
                .with_help(tr!(
                    "値を \"{want}\" に換算して unit = \"{want}\" と書くか、比べられない指標なら indicator の行を消してください",
                    "convert the figures to \"{want}\" and write unit = \"{want}\", or remove the indicator line if the figures are not the same measure"
                )),
            );
        }
        let direction = kpi.direction.unwrap_or(plan.direction);
        if let Some(want) = ind.direction.filter(|d| *d != direction) {
            let word = |d: Direction| match d {
                Direction::Higher => ("higher", "大きいほど良い"),
                Direction::Lower => ("lower", "小さいほど良い"),
            };
            let ((want_en, want_ja), (found_en, found_ja)) = (word(want), word(direction));
            diags.push(Diagnostic::error(
                kpi.pos.location(),
                tr!(
                    "kpis[{i}]: 指標 \"{id}\"({name})は数値が{want_ja}指標ですが、この成果指標は{found_ja}指標です(direction = \"{found_en}\")。向きの違う値は比べられません",
                    "kpis[{i}]: the indicator \"{id}\" ({name}) is {want_en}-is-better, but this KPI is {found_en}-is-better (direction = \"{found_en}\"); they cannot be compared"
                ),
            ));
        }
    }
}

/// Two KPIs of one city reporting the same indicator must agree on a
/// year's actual: the theme page shows one figure per city and year (the
/// first KPI's, in the order of the city's folders), so a second, different
/// one would be dropped without a word.
pub(super) fn city(city: &City, diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<(&str, Year), (&Value, &Pos)> = Default::default();
    for plan in &city.plans {
        for item in &plan.items {
            for (i, kpi) in item.kpis.iter().enumerate() {
                let Some(id) = kpi.indicator.as_deref() else {
                    continue;
                };
                for (year, d) in &kpi.actuals {
                    let Some(&(first, at)) = seen.get(&(id, *year)) else {
                        seen.insert((id, *year), (&d.value, &kpi.pos));
                        continue;
                    };
                    if *first == d.value {
                        continue;
                    }
                    let (file, (line, _)) = (&at.file.display, at.file.line_col(at.range.start));
                    let (ours, theirs) = (show(&d.value), show(first));
                    diags.push(Diagnostic::warning(
                        kpi.pos.location(),
                        tr!(
                            "kpis[{i}].actuals.{year}: 指標 \"{id}\" の{year}年度の値 {ours} が、{file} の{line}行目の成果指標の値 {theirs} と違います。テーマのページには {theirs} を載せます",
                            "kpis[{i}].actuals.{year}: the indicator \"{id}\" has {ours} for {year} here but {theirs} in the KPI at {file}, line {line}; the theme page shows {theirs}"
                        ),
                    ));
                }
            }
        }
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Number(n) => crate::content::reader::fmt_number(*n),
        Value::Text(t) => format!("\"{t}\""),
    }
}

fn known_themes(themes: &[String], at: &[Pos], config: &Config, diags: &mut Diagnostics) {
    let known: Vec<&str> = config.themes.iter().map(|t| t.slug.as_str()).collect();
    for (n, (slug, pos)) in themes.iter().zip(at).enumerate() {
        if known.contains(&slug.as_str()) {
            continue;
        }
        let d = Diagnostic::error(
            pos.location(),
            tr!(
                "themes[{n}]: \"{slug}\" は site.toml で定義されたテーマではありません",
                "themes[{n}]: \"{slug}\" is not a theme defined in site.toml"
            ),
        );
        diags.push(d.with_help(help_for_unknown(
            slug,
            &known,
            tr!(
                "site.toml にテーマがありません。[[themes]] として slug と label を書いて追加してください",
                "site.toml defines no themes; add one as [[themes]] with its slug and label"
            ),
            |known| {
                tr!(
                    "site.toml のテーマは次のとおりです: {known}",
                    "the themes in site.toml are: {known}"
                )
            },
        )));
    }
}
