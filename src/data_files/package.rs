//! What describes the data for machines: `datapackage.json` (a Frictionless
//! Data Package listing every CSV file of the site with its dialect and
//! encoding), the Table Schemas of the two kinds of CSV file it points to,
//! and the JSON Schema of `data.json`. Published with the site, so that a
//! validator checks the files without knowing plansite.

use std::collections::BTreeSet;

use serde_json::{json, Value as Json};

use super::columns::{Column, Kind};
use crate::config::{Config, Language};
use crate::model::Site;

/// The JSON Schema of every `data.json`, as published.
pub const PLAN_SCHEMA: &str = include_str!("plan.schema.json");

pub const KPIS_SCHEMA_PATH: &str = "data/kpis.schema.json";
pub const ITEMS_SCHEMA_PATH: &str = "data/items.schema.json";

/// The Table Schema of a file of `columns` written with `language`'s header.
pub fn table_schema(columns: &[Column], language: Language) -> String {
    let fields: Vec<Json> = columns.iter().map(|c| field(c, language)).collect();
    let schema = json!({
        "fields": fields,
        // An empty cell is a value the source does not give.
        "missingValues": [""],
    });
    pretty(&schema)
}

fn field(c: &Column, language: Language) -> Json {
    let (kind, constraints) = match c.kind {
        Kind::Text => ("string", None),
        Kind::Year => ("year", None),
        Kind::Integer => ("integer", Some(json!({ "minimum": 0 }))),
        Kind::Number => ("number", None),
        // A number or the city's text: typed by value, not by column.
        Kind::Figure => ("any", None),
        Kind::Code(codes) => ("string", Some(json!({ "enum": codes }))),
    };
    let mut f = json!({
        "name": c.header(language),
        "title": c.label,
        "type": kind,
        "description": c.about,
        "description_ja": c.about_ja,
    });
    let o = f.as_object_mut().expect("an object");
    if language == Language::Ja {
        // The English name stays findable for programs written against it.
        o.insert("name_en".into(), json!(c.name));
    }
    if let Some(constraints) = constraints {
        o.insert("constraints".into(), constraints);
    }
    if let Some(unit) = c.unit {
        o.insert("unit".into(), json!(unit));
    }
    f
}

/// `datapackage.json`: the site-wide CSV files first, then each plan's.
pub fn datapackage(config: &Config, site: &Site) -> String {
    let mut names = BTreeSet::new();
    let mut resources = vec![
        resource(
            &mut names,
            "kpis",
            "data/kpis.csv",
            "全市区町村の成果指標(年度ごと) / every city's KPIs by year",
            KPIS_SCHEMA_PATH,
        ),
        resource(
            &mut names,
            "items",
            "data/items.csv",
            "全市区町村の項目と評価(年度ごと) / every city's items and grades by year",
            ITEMS_SCHEMA_PATH,
        ),
    ];
    for city in &site.cities {
        for plan in &city.plans {
            let dir = format!("{}/{}", city.slug, plan.slug);
            let title = format!("{} {}", city.name, plan.title);
            resources.push(resource(
                &mut names,
                &format!("{dir}/kpis"),
                &format!("{dir}/data.csv"),
                &format!("{title}: 成果指標 / KPIs"),
                KPIS_SCHEMA_PATH,
            ));
            resources.push(resource(
                &mut names,
                &format!("{dir}/items"),
                &format!("{dir}/items.csv"),
                &format!("{title}: 項目 / items"),
                ITEMS_SCHEMA_PATH,
            ));
        }
    }
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "plansite",
        "title": config.title,
        "resources": resources,
    });
    if !config.description.is_empty() {
        package["description"] = json!(config.description);
    }
    pretty(&package)
}

fn resource(
    names: &mut BTreeSet<String>,
    name: &str,
    path: &str,
    title: &str,
    schema: &str,
) -> Json {
    json!({
        "name": unique_name(names, name),
        "path": path,
        "title": title,
        "description": "UTF-8 with a byte-order mark (BOM), CRLF line ends; one header line. UTF-8(BOM付き)、改行は CRLF、1行目は列名。",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        // The files begin with a byte-order mark, which UTF-8 readers skip.
        "encoding": "utf-8",
        "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
        "schema": schema,
    })
}

/// Resource names allow lower-case letters, digits and `-._/`; slugs may
/// also have `_`, so `a_b` and `a-b` could meet: the later one is numbered.
fn unique_name(names: &mut BTreeSet<String>, name: &str) -> String {
    let base: String = name
        .chars()
        .map(|c| if c == '_' { '-' } else { c })
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

fn pretty(v: &Json) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON of plain data cannot fail");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_validator_accepts_and_never_twice() {
        let mut names = BTreeSet::new();
        assert_eq!(
            unique_name(&mut names, "a_b/reform/kpis"),
            "a-b/reform/kpis"
        );
        assert_eq!(
            unique_name(&mut names, "a-b/reform/kpis"),
            "a-b/reform/kpis-2"
        );
    }

    #[test]
    fn the_schema_of_data_json_is_json() {
        let v: Json = serde_json::from_str(PLAN_SCHEMA).unwrap();
        assert_eq!(v["$id"], super::super::JSON_FORMAT);
    }
}
