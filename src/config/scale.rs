//! The status scales of `site.toml`: the grades a city reports on, their
//! order, colours and pages, and the rule (if any) that computes a grade
//! from the figures.

use serde::Serialize;
use toml::de::{DeTable, DeValue};

use super::NO_STATUS_SLUG;
use crate::content::reader::{join, Reader};
use crate::diagnostics::did_you_mean;
use crate::tr;

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

pub(super) fn parse_scale(
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
