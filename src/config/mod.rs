//! `site.toml`: site-wide settings and the status scales plans grade against.

use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::content::reader::Reader;
use crate::content::{read_text, toml_error};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFile};
use crate::model::YearFormat;
use crate::tr;

mod scale;
mod themes;

pub use scale::{Condition, Level, Rule, Scale, CONDITIONS};
pub use themes::{sdg_name, Indicator, Theme};

/// Interface language; Japanese unless a site or a command says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Ja,
    En,
}

/// The `language` of the site at `root`, read without the rest of
/// site.toml, for what is said before the site is loaded; `None` when the
/// file or the setting cannot be read (the load reports why).
pub fn peek_language(root: &Path) -> Option<Language> {
    let bytes = crate::content::file::read_bytes(
        &root.join("site.toml"),
        crate::content::file::MAX_TEXT_BYTES,
    )
    .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let doc = DeTable::parse(text.trim_start_matches('\u{FEFF}')).ok()?;
    match doc.get_ref().get("language")?.get_ref() {
        DeValue::String(s) if s == "ja" => Some(Language::Ja),
        DeValue::String(s) if s == "en" => Some(Language::En),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: Language,
    pub year_format: YearFormat,
    /// Make the site's own templates compact when they are loaded
    /// (`render::compact`).
    pub minify: bool,
    /// Link pages by folder (`mine/reform/`) instead of by file
    /// (`mine/reform/index.html`); folder links need a web server.
    pub pretty_urls: bool,
    /// Draw a trend chart for every numeric KPI.
    pub charts: bool,
    /// Pass raw HTML in Markdown through instead of escaping it.
    pub allow_html: bool,
    /// URL schemes Markdown links may use besides http, https, mailto and
    /// tel (`crate::markdown::urls`); lower-case.
    pub link_schemes: Vec<String>,
    /// Show disagreements between reported and computed figures on public
    /// pages too (they are always in `check`, `build` and data.json).
    pub show_disagreements: bool,
    /// Default date of issue for the print view's cover (a plan's `issued` wins).
    pub issued: Option<String>,
    /// Defaults of the plans' print settings (`publisher`, `report_title`,
    /// `print_layout`).
    pub print: crate::model::PrintSettings,
    /// The most bytes a template may make for one page (`max_page_mib`).
    pub max_page_bytes: usize,
    pub scales: IndexMap<String, Scale>,
    /// The language of the CSV files' header line (`csv_header`; the
    /// site's language unless set).
    pub csv_header: Language,
    /// The site's public address, ending in `/` (`base_url`): with it the
    /// site publishes sitemap.xml, robots.txt, canonical links and Open
    /// Graph metadata; without it every link stays relative.
    pub base_url: Option<String>,
    /// Subjects several cities' plans share (`[[themes]]`), in order.
    pub themes: Vec<Theme>,
    /// Comparable measures (`[indicators.ID]`) KPIs may report.
    pub indicators: IndexMap<String, Indicator>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "計画の進捗".to_string(),
            description: String::new(),
            language: Language::Ja,
            year_format: YearFormat::Wareki,
            minify: true,
            pretty_urls: false,
            charts: true,
            allow_html: false,
            link_schemes: Vec::new(),
            show_disagreements: false,
            issued: None,
            print: Default::default(),
            max_page_bytes: crate::render::limits::MAX_PAGE_BYTES,
            scales: IndexMap::new(),
            csv_header: Language::Ja,
            base_url: None,
            themes: Vec::new(),
            indicators: IndexMap::new(),
        }
    }
}

/// The slug of the page listing items without a status.
pub const NO_STATUS_SLUG: &str = "none";

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
    // Anything at the path is read (and refused if it is no ordinary file),
    // so that a pipe or folder named site.toml is not reported as missing.
    if !path.exists() {
        diags.push(
            Diagnostic::error(
                Location::Path {
                    display: "site.toml".into(),
                    line_col: None,
                },
                tr!(
                    "site.toml が見つかりません。サイトのフォルダの一番上に必要です",
                    "site.toml not found: every site needs one at its root"
                ),
            )
            .with_help(tr!(
                "plansite をサイトのフォルダで実行するか、--root DIR でフォルダを指定してください",
                "run plansite from the site's folder, or pass --root DIR"
            )),
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
            "pretty_urls",
            "charts",
            "allow_html",
            "link_schemes",
            "show_disagreements",
            "issued",
            "publisher",
            "report_title",
            "print_layout",
            "max_page_mib",
            "csv_header",
            "base_url",
            "scales",
            "themes",
            "indicators",
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
    config.csv_header = r
        .keyword(
            t,
            "",
            "csv_header",
            &[("ja", Language::Ja), ("en", Language::En)],
        )
        .unwrap_or(config.language);
    if let Some(node) = t.get("base_url") {
        if let Some(url) = r.text(node, "base_url") {
            match base_url(&url) {
                Some(url) => config.base_url = Some(url),
                None => r.error(
                    node.span(),
                    tr!(
                        "base_url: \"https://www.city.example.lg.jp/plans/\" のような、http:// か https:// で始まるサイトの公開アドレスを書いてください(\"{url}\" と書かれています)",
                        "base_url: expected the site's public address starting with http:// or https://, such as \"https://www.city.example.lg.jp/plans/\", found \"{url}\""
                    ),
                ),
            }
        }
    }
    if let Some(v) = r.keyword(t, "", "year_format", &YEAR_FORMATS) {
        config.year_format = v;
    }
    for (key, slot) in [
        ("minify", &mut config.minify),
        ("pretty_urls", &mut config.pretty_urls),
        ("charts", &mut config.charts),
        ("allow_html", &mut config.allow_html),
        ("show_disagreements", &mut config.show_disagreements),
    ] {
        if let Some(node) = t.get(key) {
            match node.get_ref() {
                DeValue::Boolean(b) => *slot = *b,
                _ => r.type_error(node, key, tr!("true または false", "true or false")),
            }
        }
    }
    config.link_schemes = link_schemes(&mut r, t);
    if let Some(node) = t.get("max_page_mib") {
        if let Some(n) = r.integer(node, "max_page_mib") {
            if (1..=4096).contains(&n) {
                config.max_page_bytes = (n as usize) << 20;
            } else {
                r.error(
                    node.span(),
                    tr!(
                        "max_page_mib: 1から4096までの MiB 単位の大きさを書いてください({n} と書かれています)",
                        "max_page_mib: expected a size in MiB from 1 to 4096, found {n}"
                    ),
                );
            }
        }
    }
    config.issued = t.get("issued").and_then(|n| r.date(n, "issued"));
    config.print = crate::content::parse::print_settings(&mut r, t);
    config.themes = themes::parse_themes(&mut r, t);
    config.indicators = themes::parse_indicators(&mut r, t);
    if let Some(node) = t.get("scales") {
        match node.get_ref() {
            DeValue::Table(scales) => {
                for (key, node) in scales.iter() {
                    let key = key.get_ref().to_string();
                    let path = format!("scales.{key}");
                    match node.get_ref() {
                        DeValue::Table(st) => {
                            if let Some(scale) =
                                scale::parse_scale(&mut r, st, node.span(), &path, &key)
                            {
                                config.scales.insert(key, scale);
                            }
                        }
                        _ => r.type_error(
                            node,
                            &path,
                            tr!("[scales.名前] の表", "a table [scales.NAME]"),
                        ),
                    }
                }
            }
            _ => r.type_error(node, "scales", tr!("評価の区分の表", "a table of scales")),
        }
    }
    config
}

/// A public address as pages link it: http(s), a host, no query or
/// fragment, ending in `/` so that page paths join it.
fn base_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    let fine = |c: char| c.is_ascii_alphanumeric() || "-._~:%/[]@!$&'()*+,;=".contains(c);
    if host.is_empty() || !rest.chars().all(fine) {
        return None;
    }
    Some(match url.ends_with('/') {
        true => url.to_string(),
        false => format!("{url}/"),
    })
}

/// `link_schemes = ["ftp"]`: names as URLs write them, never one that runs code.
fn link_schemes(r: &mut Reader, t: &DeTable) -> Vec<String> {
    let Some(DeValue::Array(items)) = t.get("link_schemes").map(|n| n.get_ref()) else {
        if let Some(node) = t.get("link_schemes") {
            r.type_error(
                node,
                "link_schemes",
                tr!(
                    "[\"ftp\"] のようなスキームのリスト",
                    "a list of schemes such as [\"ftp\"]"
                ),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, node) in items.iter().enumerate() {
        let path = format!("link_schemes[{i}]");
        let Some(name) = r.text(node, &path) else {
            continue;
        };
        let scheme = name.trim_end_matches(':').to_ascii_lowercase();
        if crate::markdown::urls::scheme(&format!("{scheme}:")).as_deref() != Some(&*scheme) {
            r.error(
                node.span(),
                tr!(
                    "{path}: \"{name}\" は URL のスキームではありません(英字で始まり、英字・数字・'+'・'-'・'.' だけからなる名前です)",
                    "{path}: \"{name}\" is not a URL scheme (letters, digits, '+', '-' and '.', starting with a letter)"
                ),
            );
        } else if crate::markdown::urls::CODE_SCHEMES.contains(&scheme.as_str()) {
            r.error(
                node.span(),
                tr!(
                    "{path}: \"{scheme}:\" へのリンクは閲覧者のブラウザでプログラムを実行するため、許可できません",
                    "{path}: links to \"{scheme}:\" run code in the reader's browser and cannot be allowed"
                ),
            );
        } else {
            out.push(scheme);
        }
    }
    out
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
    fn a_public_address_ends_in_a_slash_and_needs_a_scheme_and_host() {
        assert_eq!(
            base_url("https://www.city.mine.lg.jp/plans").as_deref(),
            Some("https://www.city.mine.lg.jp/plans/")
        );
        assert_eq!(
            base_url("http://localhost:8000/").as_deref(),
            Some("http://localhost:8000/")
        );
        for bad in [
            "www.city.mine.lg.jp",
            "https://",
            "https:///x",
            "ftp://a/",
            "https://a/b c",
            "https://a/?q",
            "https://a/#f",
        ] {
            assert_eq!(base_url(bad), None, "{bad}");
        }
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
