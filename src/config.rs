//! `site.toml`: site-wide settings and the status scales plans grade against.

use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::content::reader::{join, Reader};
use crate::content::{read_text, toml_error};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location, SourceFile};
use crate::model::YearFormat;
use crate::tr;

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
    /// Minify the HTML pages.
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
    /// The most bytes a template may make for one page (`max_page_mib`).
    pub max_page_bytes: usize,
    pub scales: IndexMap<String, Scale>,
}

/// An ordered grading scale, best level first.
#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    pub key: String,
    pub name: String,
    pub description: String,
    /// How a status is computed from the figures; None: statuses are manual.
    pub rule: Option<Rule>,
    pub levels: Vec<Level>,
    /// A level's key is missing or could not be read (an error already), so
    /// a status naming an unknown level is not reported again.
    #[serde(skip)]
    pub unread_keys: bool,
}

/// The kinds of rule a scale can have (docs/content-format.md, "Rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Thresholds on the achievement rate: the first level whose `min_rate` the rate reaches.
    Rate,
    /// The actual compared with the baseline and the target (`when` on each level).
    Compare,
}

/// A condition of the `compare` rule. The four are mutually exclusive, so
/// the order of levels never changes the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The actual is at or beyond the target (unless baseline = target = actual).
    TargetMet,
    /// The actual is at or better than the baseline but short of the target.
    Improved,
    /// Baseline, target and actual are all equal.
    Unchanged,
    /// The actual is worse than the baseline.
    Worsened,
}

pub const CONDITIONS: [(&str, Condition); 4] = [
    ("target_met", Condition::TargetMet),
    ("improved", Condition::Improved),
    ("unchanged", Condition::Unchanged),
    ("worsened", Condition::Worsened),
];

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub key: String,
    /// The level's web address part: `/<city>/<plan>/status/<slug>/`.
    pub slug: String,
    pub label: String,
    pub description: String,
    /// `#rrggbb`; never the only carrier of meaning: the label is always shown.
    pub color: String,
    /// `rate` rule: the lowest achievement rate (%) of this level; None on the fallback level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_rate: Option<f64>,
    /// `compare` rule: the condition that gives this level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
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
            pretty_urls: false,
            charts: true,
            allow_html: false,
            link_schemes: Vec::new(),
            show_disagreements: false,
            issued: None,
            max_page_bytes: crate::render::limits::MAX_PAGE_BYTES,
            scales: IndexMap::new(),
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
            "max_page_mib",
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

fn parse_scale(
    r: &mut Reader,
    t: &DeTable,
    span: std::ops::Range<usize>,
    path: &str,
    key: &str,
) -> Option<Scale> {
    r.check_keys(t, path, &["name", "description", "rule", "levels"]);
    let rule = r.keyword(
        t,
        path,
        "rule",
        &[("rate", Rule::Rate), ("compare", Rule::Compare)],
    );
    // A rule written wrongly is reported once; the checks that depend on
    // which rule it is would only guess.
    let rule_unread = rule.is_none() && t.contains_key("rule");
    let name = r.req_text(t, span.clone(), path, "name", "\"A〜D評価\"");
    let description = r.opt_text(t, path, "description").unwrap_or_default();
    let mut levels: Vec<Level> = Vec::new();
    // Every level table as the rule checks see it, also those left out below.
    let mut rule_levels: Vec<RuleLevel> = Vec::new();
    let mut unread_keys = false;
    let tables = r.tables(t, path, "levels");
    if tables.is_empty() && !t.contains_key("levels") {
        r.missing(
            span.clone(),
            path,
            "levels",
            "[{ key = \"A\", label = \"A\", color = \"#1d6b2f\" }]",
        );
    }
    for (lpath, lt, lspan) in tables {
        r.check_keys(
            lt,
            &lpath,
            &[
                "key",
                "slug",
                "label",
                "description",
                "color",
                "min_rate",
                "when",
            ],
        );
        let min_rate = match lt.get("min_rate") {
            None => Given::Absent,
            Some(n) => {
                if rule != Some(Rule::Rate) && !rule_unread {
                    r.error(n.span(), {
                        let p = join(&lpath, "min_rate");
                        tr!(
                            "{p}: min_rate を書けるのは rule = \"rate\" の評価の区分だけです",
                            "{p}: only a scale with rule = \"rate\" takes min_rate"
                        )
                    });
                }
                r.number(n, &join(&lpath, "min_rate"))
                    .map_or(Given::Unread(None), Given::Valid)
            }
        };
        let when = match (r.keyword(lt, &lpath, "when", &CONDITIONS), lt.get("when")) {
            (_, None) => Given::Absent,
            (Some(c), Some(n)) => {
                if rule != Some(Rule::Compare) && !rule_unread {
                    r.error(n.span(), {
                        let p = join(&lpath, "when");
                        tr!(
                            "{p}: when を書けるのは rule = \"compare\" の評価の区分だけです",
                            "{p}: only a scale with rule = \"compare\" takes when"
                        )
                    });
                }
                Given::Valid(c)
            }
            // The condition it was probably meant to be, so that the rule is
            // not also said to lack it.
            (None, Some(n)) => Given::Unread(match n.get_ref() {
                DeValue::String(w) => {
                    let names = CONDITIONS.map(|(name, _)| name);
                    did_you_mean(w, &names)
                        .and_then(|m| CONDITIONS.iter().find(|(name, _)| *name == m))
                        .map(|(_, c)| *c)
                }
                _ => None,
            }),
        };
        rule_levels.push(RuleLevel {
            path: lpath.clone(),
            span: lspan.clone(),
            min_rate,
            when,
        });
        let Some(lkey) = r.req_text(lt, lspan.clone(), &lpath, "key", "\"A\"") else {
            unread_keys = true;
            continue;
        };
        if levels.iter().any(|l| l.key == lkey) {
            let span = lt.get("key").map_or(lspan.clone(), |n| n.span());
            r.error(span, {
                let p = join(&lpath, "key");
                tr!(
                    "{p}: 評価 \"{lkey}\" が2回定義されています",
                    "{p}: level \"{lkey}\" is defined twice"
                )
            });
            continue;
        }
        let label = r
            .opt_text(lt, &lpath, "label")
            .unwrap_or_else(|| lkey.clone());
        let description = r.opt_text(lt, &lpath, "description").unwrap_or_default();
        let color = match lt.get("color") {
            Some(node) => {
                // Text of another type was refused already; not "found \"\"" too.
                let c = r.text(node, &join(&lpath, "color"));
                let c = c.unwrap_or_else(|| DEFAULT_COLOUR.to_string());
                let ratio = crate::palette::contrast(&c, crate::palette::PAGE);
                if let Some(ratio) = ratio.filter(|r| *r < crate::palette::MIN_MARK_CONTRAST) {
                    // A warning, not an error: the label still says the level.
                    let p = join(&lpath, "color");
                    let ratio = format!("{:.2}", (ratio * 100.0).floor() / 100.0);
                    r.warn(
                        node.span(),
                        tr!(
                            "{p}: \"{c}\" は白い背景とのコントラストが {ratio}:1 で、評価のタグの枠と内訳の帯に必要な 3:1(WCAG 2.1 AA)に足りません。\"#595959\" のような濃い色にしてください",
                            "{p}: \"{c}\" has a contrast of {ratio}:1 against the white page, short of the 3:1 (WCAG 2.1 AA) a status tag's border and the summary bar need; use a darker colour such as \"#595959\""
                        ),
                    );
                }
                if !is_hex_colour(&c) {
                    r.error(node.span(), {
                        let p = join(&lpath, "color");
                        tr!(
                            "{p}: \"#1d6b2f\" のような色を書いてください(\"{c}\" と書かれています)",
                            "{p}: expected a colour such as \"#1d6b2f\", found \"{c}\""
                        )
                    });
                }
                c
            }
            // Distinct by position, so that a scale without colours still
            // has a bar of parts and tags told apart (src/palette.rs).
            None => crate::palette::default_colour(levels.len()).to_string(),
        };
        // Keys like A or b can name the page; 目標達成 or ○ need a slug of their own.
        let slug = match lt.get("slug") {
            Some(node) => match r.text(node, &join(&lpath, "slug")) {
                // Refused already: a name by position, not "\"\" cannot be used".
                None => format!("level-{}", levels.len() + 1),
                Some(s) => {
                    if let Err(why) = crate::content::check_slug(&s) {
                        r.error(node.span(), {
                            let p = join(&lpath, "slug");
                            let (why_ja, why_en) = (why.ja, why.en);
                            tr!(
                                "{p}: \"{s}\" はウェブのアドレスに使えません。{why_ja}",
                                "{p}: \"{s}\" cannot be used in a web address: {why_en}"
                            )
                        });
                    } else if s == NO_STATUS_SLUG || levels.iter().any(|l| l.slug == s) {
                        r.error(node.span(), {
                            let p = join(&lpath, "slug");
                            tr!(
                                "{p}: \"{s}\" はこの評価の区分の別のページに使われています",
                                "{p}: \"{s}\" is already used for another page of the scale"
                            )
                        });
                    }
                    s
                }
            },
            None => {
                let lower = lkey.to_ascii_lowercase();
                if crate::content::check_slug(&lower).is_ok()
                    && lower != NO_STATUS_SLUG
                    && !levels.iter().any(|l| l.slug == lower)
                {
                    lower
                } else {
                    format!("level-{}", levels.len() + 1)
                }
            }
        };
        levels.push(Level {
            key: lkey,
            slug,
            label,
            description,
            color,
            min_rate: min_rate.valid(),
            when: when.valid(),
        });
    }
    check_rule(r, rule, &rule_levels, span.clone(), path);
    Some(Scale {
        key: key.to_string(),
        name: name?,
        description,
        rule,
        levels,
        unread_keys,
    })
}

/// A key of a level as the rule checks see it.
#[derive(Debug, Clone, Copy)]
enum Given<T> {
    Absent,
    /// Given but not readable (already an error); for `when`, the condition
    /// the text is closest to, if any.
    Unread(Option<T>),
    Valid(T),
}

impl<T: Copy> Given<T> {
    fn valid(&self) -> Option<T> {
        match self {
            Given::Valid(v) => Some(*v),
            _ => None,
        }
    }
}

/// One level table of a scale, for the checks of its rule.
struct RuleLevel {
    path: String,
    span: std::ops::Range<usize>,
    min_rate: Given<f64>,
    when: Given<Condition>,
}

/// A rule must give exactly one level for every case. A key whose value was
/// already refused is not reported again as missing or out of order.
fn check_rule(
    r: &mut Reader,
    rule: Option<Rule>,
    levels: &[RuleLevel],
    span: std::ops::Range<usize>,
    path: &str,
) {
    match rule {
        None => {}
        Some(Rule::Rate) => {
            let mut previous: Option<f64> = None;
            for (i, level) in levels.iter().enumerate() {
                let at = level.span.start..level.span.start;
                match level.min_rate {
                    Given::Absent if i + 1 != levels.len() => r.error(
                        at,
                        {
                            let p = &level.path;
                            tr!(
                                "{p}: min_rate を省けるのは最後の評価だけです(最後の評価はそれより低いすべての達成率を受け持ちます)",
                                "{p}: only the last level may leave out min_rate (it takes every lower rate)"
                            )
                        },
                    ),
                    Given::Valid(m) if previous.is_some_and(|p| m >= p) => r.error(
                        at,
                        {
                            let p = &level.path;
                            tr!(
                                "{p}: min_rate は一つ上の評価より低くしてください(評価は良いものから順に並べます)",
                                "{p}: min_rate must be lower than the level above it (levels are listed best first)"
                            )
                        },
                    ),
                    _ => {}
                }
                previous = match level.min_rate {
                    Given::Valid(m) => Some(m),
                    // Unknown: the next level cannot be compared across it.
                    Given::Unread(_) => None,
                    Given::Absent => previous,
                };
            }
        }
        Some(Rule::Compare) => {
            // A `when` that could not be read may be the missing one.
            let guessless = levels.iter().any(|l| matches!(l.when, Given::Unread(None)));
            for (name, condition) in CONDITIONS {
                let n = levels
                    .iter()
                    .filter(|l| matches!(l.when, Given::Valid(c) if c == condition))
                    .count();
                let meant = levels
                    .iter()
                    .any(|l| matches!(l.when, Given::Unread(Some(c)) if c == condition));
                let (what_ja, what_en) = match n {
                    0 if meant || guessless => continue,
                    0 => ("ありません", "no level"),
                    1 => continue,
                    _ => ("2つ以上あります", "more than one level"),
                };
                r.error(
                    span.start..span.start,
                    tr!(
                        "{path}: rule = \"compare\" では when = \"{name}\" の評価がちょうど1つ必要ですが、{what_ja}",
                        "{path}: rule = \"compare\" needs exactly one level with when = \"{name}\", found {what_en}"
                    ),
                );
            }
        }
    }
}

/// A colour that could not be read (an error already): a grey with enough
/// contrast on white.
const DEFAULT_COLOUR: &str = "#595959";

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
