//! `site.toml`: site-wide settings and the status scales plans grade against.

use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::content::reader::{join, Reader};
use crate::content::{read_text, toml_error};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFile};
use crate::model::YearFormat;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ja,
    En,
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: Language,
    pub year_format: YearFormat,
    /// Minify the HTML pages.
    pub minify: bool,
    /// Pass raw HTML in Markdown through instead of escaping it.
    pub allow_html: bool,
    pub scales: IndexMap<String, Scale>,
}

/// An ordered grading scale, best level first.
#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    pub key: String,
    pub name: String,
    pub description: String,
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub key: String,
    pub label: String,
    pub description: String,
    /// `#rrggbb`; never the only carrier of meaning: the label is always shown.
    pub color: String,
}

impl Scale {
    pub fn level(&self, key: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.key == key)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "計画の進捗".to_string(),
            description: String::new(),
            language: Language::Ja,
            year_format: YearFormat::Wareki,
            minify: true,
            allow_html: false,
            scales: IndexMap::new(),
        }
    }
}

pub const YEAR_FORMATS: [(&str, YearFormat); 3] = [
    ("wareki", YearFormat::Wareki),
    ("short", YearFormat::Short),
    ("western", YearFormat::Western),
];

/// Loads `site.toml` from the site root. Problems go to `diags`; the result
/// is always usable so that content can still be checked. `None` when the
/// file itself is missing or unreadable, so that checks against it are skipped
/// instead of reporting every scale as unknown.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let path = root.join("site.toml");
    if !path.is_file() {
        diags.push(
            Diagnostic::error(
                Location::Path {
                    display: "site.toml".into(),
                    line_col: None,
                },
                "site.toml not found: every site needs one at its root",
            )
            .with_help("run plansite from the site's folder, or pass --root DIR"),
        );
        return None;
    }
    let text = read_text(root, &path, diags)?;
    let file = SourceFile::new("site.toml".into(), text);
    Some(parse(file, diags))
}

pub fn parse(file: std::sync::Arc<SourceFile>, diags: &mut Diagnostics) -> Config {
    let text = file.text.clone();
    let doc = match DeTable::parse(&text) {
        Ok(doc) => doc,
        Err(e) => {
            diags.push(toml_error(&file, 0, &e));
            return Config::default();
        }
    };
    let mut r = Reader::new(file, 0, diags);
    let t = doc.get_ref();
    r.check_keys(
        t,
        "",
        &[
            "title",
            "description",
            "language",
            "year_format",
            "minify",
            "allow_html",
            "scales",
        ],
    );
    let mut config = Config::default();
    if let Some(v) = r.opt_text(t, "", "title") {
        config.title = v;
    }
    if let Some(v) = r.opt_text(t, "", "description") {
        config.description = v;
    }
    if let Some(v) = r.keyword(
        t,
        "",
        "language",
        &[("ja", Language::Ja), ("en", Language::En)],
    ) {
        config.language = v;
    }
    if let Some(v) = r.keyword(t, "", "year_format", &YEAR_FORMATS) {
        config.year_format = v;
    }
    for (key, slot) in [
        ("minify", &mut config.minify),
        ("allow_html", &mut config.allow_html),
    ] {
        if let Some(node) = t.get(key) {
            match node.get_ref() {
                DeValue::Boolean(b) => *slot = *b,
                _ => r.type_error(node, key, "true or false"),
            }
        }
    }
    if let Some(node) = t.get("scales") {
        match node.get_ref() {
            DeValue::Table(scales) => {
                for (key, node) in scales.iter() {
                    let key = key.get_ref().to_string();
                    let path = format!("scales.{key}");
                    match node.get_ref() {
                        DeValue::Table(st) => {
                            if let Some(scale) = parse_scale(&mut r, st, node.span(), &path, &key) {
                                config.scales.insert(key, scale);
                            }
                        }
                        _ => r.type_error(node, &path, "a table [scales.NAME]"),
                    }
                }
            }
            _ => r.type_error(node, "scales", "a table of scales"),
        }
    }
    config
}

fn parse_scale(
    r: &mut Reader,
    t: &DeTable,
    span: std::ops::Range<usize>,
    path: &str,
    key: &str,
) -> Option<Scale> {
    r.check_keys(t, path, &["name", "description", "levels"]);
    let name = r.req_text(t, span.clone(), path, "name", "\"A〜D評価\"");
    let description = r.opt_text(t, path, "description").unwrap_or_default();
    let mut levels: Vec<Level> = Vec::new();
    let tables = r.tables(t, path, "levels");
    if tables.is_empty() && !t.contains_key("levels") {
        r.missing(
            span,
            path,
            "levels",
            "[{ key = \"A\", label = \"A\", color = \"#1d6b2f\" }]",
        );
    }
    for (lpath, lt, lspan) in tables {
        r.check_keys(lt, &lpath, &["key", "label", "description", "color"]);
        let Some(lkey) = r.req_text(lt, lspan.clone(), &lpath, "key", "\"A\"") else {
            continue;
        };
        if levels.iter().any(|l| l.key == lkey) {
            let span = lt.get("key").map_or(lspan.clone(), |n| n.span());
            r.error(
                span,
                format!("{}: level \"{lkey}\" is defined twice", join(&lpath, "key")),
            );
            continue;
        }
        let label = r
            .opt_text(lt, &lpath, "label")
            .unwrap_or_else(|| lkey.clone());
        let description = r.opt_text(lt, &lpath, "description").unwrap_or_default();
        let color = match lt.get("color") {
            Some(node) => {
                let c = r.text(node, &join(&lpath, "color")).unwrap_or_default();
                if !is_hex_colour(&c) {
                    r.error(
                        node.span(),
                        format!(
                            "{}: expected a colour such as \"#1d6b2f\", found \"{c}\"",
                            join(&lpath, "color")
                        ),
                    );
                }
                c
            }
            None => "#595959".to_string(),
        };
        levels.push(Level {
            key: lkey,
            label,
            description,
            color,
        });
    }
    Some(Scale {
        key: key.to_string(),
        name: name?,
        description,
        levels,
    })
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> (Config, Vec<String>) {
        let mut d = Diagnostics::default();
        let c = parse(SourceFile::new("site.toml".into(), s.into()), &mut d);
        (c, d.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_scales_in_order() {
        let (c, errs) = parse_str(
            "title = \"t\"\n[scales.abcd]\nname = \"A-D\"\n[[scales.abcd.levels]]\nkey = \"A\"\ncolor = \"#000000\"\n[[scales.abcd.levels]]\nkey = \"B\"\n",
        );
        assert!(errs.is_empty(), "{errs:?}");
        let keys: Vec<_> = c.scales["abcd"]
            .levels
            .iter()
            .map(|l| l.key.as_str())
            .collect();
        assert_eq!(keys, ["A", "B"]);
    }

    #[test]
    fn reports_misspelt_keys_and_bad_values() {
        let (_, errs) = parse_str("titel = \"t\"\nlanguage = \"jp\"\nminify = \"yes\"\n");
        assert_eq!(
            errs,
            [
                "site.toml:1:1: error: titel: unknown key",
                "site.toml:2:12: error: language: expected one of \"ja\", \"en\", found \"jp\"",
                "site.toml:3:10: error: minify: expected true or false, found text",
            ]
        );
    }
}
