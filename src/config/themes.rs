//! The themes of `site.toml` (`[[themes]]`), which put items of different
//! cities side by side, and the indicators (`[indicators.ID]`) that make
//! their KPIs comparable: one definition, one unit, one direction.

use indexmap::IndexMap;
use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::content::parse::DIRECTIONS;
use crate::content::reader::{join, Reader};
use crate::model::{Direction, Pos};
use crate::tr;

/// A subject several cities' plans share (ふるさと納税・寄附, 公共施設マネジメント).
#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    /// The theme's web address part: `/themes/<slug>/`.
    pub slug: String,
    pub label: String,
    pub description: String,
    /// Sustainable Development Goals (1–17) the theme serves, if the site says.
    pub sdgs: Vec<u8>,
    #[serde(skip)]
    pub pos: Pos,
}

/// A measure defined once for the whole site, so that KPIs of different
/// cities that report it can be shown on one chart.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// Every KPI reporting the indicator must be in this unit.
    pub unit: String,
    /// When set, every KPI reporting the indicator must improve this way.
    pub direction: Option<Direction>,
    pub description: String,
    #[serde(skip)]
    pub pos: Pos,
}

pub const THEME_KEYS: &[&str] = &["slug", "label", "description", "sdgs"];
pub const INDICATOR_KEYS: &[&str] = &["name", "unit", "direction", "description"];

/// `[[themes]]`, in the order written (the order of the theme index).
pub fn parse_themes(r: &mut Reader, t: &DeTable) -> Vec<Theme> {
    let mut themes: Vec<Theme> = Vec::new();
    for (path, tt, span) in r.tables(t, "", "themes") {
        r.check_keys(tt, &path, THEME_KEYS);
        let slug = r.req_text(tt, span.clone(), &path, "slug", "\"furusato\"");
        let label = r.req_text(tt, span.clone(), &path, "label", "\"ふるさと納税・寄附\"");
        let description = r.opt_text(tt, &path, "description").unwrap_or_default();
        let sdgs = sdgs(r, tt, &path);
        let (Some(slug), Some(label)) = (slug, label) else {
            continue;
        };
        let node = tt.get("slug").map(|n| n.span()).unwrap_or(span.clone());
        if let Err(why) = crate::content::check_slug(&slug) {
            let p = join(&path, "slug");
            let (why_ja, why_en) = (why.ja, why.en);
            r.error(
                node,
                tr!(
                    "{p}: \"{slug}\" はウェブのアドレスに使えません。{why_ja}",
                    "{p}: \"{slug}\" cannot be used in a web address: {why_en}"
                ),
            );
            continue;
        }
        if let Some(first) = themes.iter().find(|th| th.slug == slug) {
            let (line, _) = first.pos.file.line_col(first.pos.range.start);
            let p = join(&path, "slug");
            r.error(
                node,
                tr!(
                    "{p}: テーマ \"{slug}\" は{line}行目ですでに定義されています",
                    "{p}: the theme \"{slug}\" is already defined on line {line}"
                ),
            );
            continue;
        }
        themes.push(Theme {
            slug,
            label,
            description,
            sdgs,
            pos: r.pos(span),
        });
    }
    themes
}

/// `sdgs = [11, 17]`: goal numbers 1 to 17.
fn sdgs(r: &mut Reader, t: &DeTable, path: &str) -> Vec<u8> {
    let Some(node) = t.get("sdgs") else {
        return Vec::new();
    };
    let path = join(path, "sdgs");
    let DeValue::Array(items) = node.get_ref() else {
        r.type_error(
            node,
            &path,
            tr!(
                "[11, 17] のような SDGs の目標番号のリスト",
                "a list of SDG goal numbers such as [11, 17]"
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, n) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let Some(goal) = r.integer(n, &p) else {
            continue;
        };
        if (1..=17).contains(&goal) {
            if !out.contains(&(goal as u8)) {
                out.push(goal as u8);
            }
        } else {
            r.error(
                n.span(),
                tr!(
                    "{p}: SDGs の目標は1から17までです({goal} と書かれています)",
                    "{p}: SDG goals are numbered 1 to 17, found {goal}"
                ),
            );
        }
    }
    out
}

/// `[indicators.ID]`, in the order written.
pub fn parse_indicators(r: &mut Reader, t: &DeTable) -> IndexMap<String, Indicator> {
    let mut out = IndexMap::new();
    let Some(node) = t.get("indicators") else {
        return out;
    };
    let DeValue::Table(all) = node.get_ref() else {
        r.type_error(
            node,
            "indicators",
            tr!("[indicators.名前] の表", "tables written [indicators.NAME]"),
        );
        return out;
    };
    for (key, node) in all.iter() {
        let id = key.get_ref().to_string();
        let path = format!("indicators.{id}");
        let DeValue::Table(it) = node.get_ref() else {
            r.type_error(
                node,
                &path,
                tr!("[indicators.名前] の表", "a table [indicators.NAME]"),
            );
            continue;
        };
        if crate::content::check_slug(&id).is_err() {
            r.error(
                key.span(),
                tr!(
                    "{path}: 指標の名前には半角の英小文字・数字・'-'・'_' だけを使ってください(\"{id}\" と書かれています)。成果指標の indicator にこの名前を書きます",
                    "{path}: an indicator's name takes only lower-case ASCII letters, digits, '-' and '_' (found \"{id}\"); KPIs name it in their indicator"
                ),
            );
            continue;
        }
        r.check_keys(it, &path, INDICATOR_KEYS);
        let span = node.span();
        let name = r.req_text(it, span.clone(), &path, "name", "\"ふるさと納税の寄附額\"");
        let unit = r.req_text(it, span.clone(), &path, "unit", "\"千円\"");
        let direction = r.keyword(it, &path, "direction", &DIRECTIONS);
        let description = r.opt_text(it, &path, "description").unwrap_or_default();
        let (Some(name), Some(unit)) = (name, unit) else {
            continue;
        };
        out.insert(
            id.clone(),
            Indicator {
                id,
                name,
                unit,
                direction,
                description,
                pos: r.pos(span),
            },
        );
    }
    out
}

/// The short names of the 17 Sustainable Development Goals, as the UN's
/// Japanese and English icons write them.
pub fn sdg_name(goal: u8, language: super::Language) -> &'static str {
    const NAMES: [(&str, &str); 17] = [
        ("貧困をなくそう", "No poverty"),
        ("飢餓をゼロに", "Zero hunger"),
        ("すべての人に健康と福祉を", "Good health and well-being"),
        ("質の高い教育をみんなに", "Quality education"),
        ("ジェンダー平等を実現しよう", "Gender equality"),
        ("安全な水とトイレを世界中に", "Clean water and sanitation"),
        (
            "エネルギーをみんなに そしてクリーンに",
            "Affordable and clean energy",
        ),
        ("働きがいも経済成長も", "Decent work and economic growth"),
        (
            "産業と技術革新の基盤をつくろう",
            "Industry, innovation and infrastructure",
        ),
        ("人や国の不平等をなくそう", "Reduced inequalities"),
        (
            "住み続けられるまちづくりを",
            "Sustainable cities and communities",
        ),
        (
            "つくる責任 つかう責任",
            "Responsible consumption and production",
        ),
        ("気候変動に具体的な対策を", "Climate action"),
        ("海の豊かさを守ろう", "Life below water"),
        ("陸の豊かさも守ろう", "Life on land"),
        (
            "平和と公正をすべての人に",
            "Peace, justice and strong institutions",
        ),
        (
            "パートナーシップで目標を達成しよう",
            "Partnerships for the goals",
        ),
    ];
    let (ja, en) = NAMES[(goal.clamp(1, 17) - 1) as usize];
    match language {
        super::Language::Ja => ja,
        super::Language::En => en,
    }
}
