//! The front-matter schema of city, plan and item files (docs/content-format.md).

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::reader::{join, Node, Reader};
use crate::config::YEAR_FORMATS;
use crate::model::{
    Action, Baseline, Category, City, Detail, Direction, Item, Kpi, Method, Plan, Totals, Year,
};
use crate::tr;

pub const DIRECTIONS: [(&str, Direction); 2] =
    [("higher", Direction::Higher), ("lower", Direction::Lower)];
pub const METHODS: [(&str, Method); 3] = [
    ("ratio", Method::Ratio),
    ("progress", Method::Progress),
    ("cumulative", Method::Cumulative),
];

const CITY_KEYS: &[&str] = &["name", "prefecture", "code"];
const PLAN_KEYS: &[&str] = &[
    "title",
    "period",
    "report_year",
    "scale",
    "method",
    "direction",
    "year_format",
    "category_levels",
    "categories",
    "source",
    "issued",
    "publisher",
    "report_title",
    "print_layout",
    "notes",
    "themes",
];
const CATEGORY_KEYS: &[&str] = &["id", "title", "description", "children"];
/// The keys of an item, a KPI and an action in their documented order
/// (docs/content-format.md); import writes new keys in this order too.
pub(crate) const ITEM_KEYS: &[&str] = &[
    "number",
    "title",
    "category",
    "departments",
    "status",
    "tags",
    "themes",
    "details",
    "actions",
    "kpis",
    "notes",
];
pub(crate) const ACTION_KEYS: &[&str] = &["title", "plan", "actual", "notes"];
pub(crate) const KPI_KEYS: &[&str] = &[
    "name",
    "indicator",
    "unit",
    "direction",
    "method",
    "baseline",
    "targets",
    "actuals",
    "totals",
    "status",
    "reported_rate",
    "notes",
];

/// `at` is where "missing key" errors point: the opening `+++` of the file.
pub fn city(
    r: &mut Reader,
    t: &DeTable,
    at: Range<usize>,
    slug: &str,
    body: String,
) -> Option<City> {
    r.check_keys(t, "", CITY_KEYS);
    let name = r.req_text(t, at.clone(), "", "name", "\"美祢市\"");
    let prefecture = r.opt_text(t, "", "prefecture");
    let code = r.opt_text(t, "", "code");
    if let (Some(c), Some(node)) = (&code, t.get("code")) {
        match lg_check_digit(c) {
            None => r.error(
                node.span(),
                tr!(
                    "code: \"{c}\" は6桁の全国地方公共団体コード(\"352136\" など)ではありません",
                    "code: \"{c}\" is not a six-digit 全国地方公共団体コード such as \"352136\""
                ),
            ),
            Some(want) if c.as_bytes()[5] - b'0' != want => {
                let head = &c[..5];
                r.error(
                    node.span(),
                    tr!(
                        "code: \"{c}\" の検査数字(6桁目)が合いません。{head} に続く検査数字は {want} です(\"{head}{want}\")。総務省の全国地方公共団体コードを確かめてください",
                        "code: the check digit (the sixth) of \"{c}\" is wrong: after {head} it is {want} (\"{head}{want}\"); look the 全国地方公共団体コード up in the Ministry's list"
                    ),
                );
            }
            Some(_) => {}
        }
    }
    Some(City {
        slug: slug.to_string(),
        name: name?,
        prefecture,
        code,
        body,
        plans: Vec::new(),
        pos: r.pos(at),
    })
}

/// The check digit a 全国地方公共団体コード should end with: weights 6 to 2
/// over its first five digits, the sum mod 11 taken from 11, its last
/// digit. None when `code` is not six ASCII digits.
pub fn lg_check_digit(code: &str) -> Option<u8> {
    let digits: Vec<u8> = code.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if digits.len() != 6 || digits.iter().any(|d| *d > 9) {
        return None;
    }
    let sum: u32 = digits[..5]
        .iter()
        .zip([6, 5, 4, 3, 2])
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    Some(((11 - sum % 11) % 10) as u8)
}

#[cfg(test)]
#[test]
fn check_digits_of_real_codes() {
    // 美祢市, 山陽小野田市, 宇部市, 荒尾市, 千代田区, 札幌市, 北海道
    for code in [
        "352136", "352161", "352021", "432041", "131016", "011002", "010006",
    ] {
        assert_eq!(
            lg_check_digit(code),
            Some(code.as_bytes()[5] - b'0'),
            "{code}"
        );
    }
    assert_eq!(lg_check_digit("352137"), Some(6));
    assert_eq!(lg_check_digit("35213"), None);
    assert_eq!(lg_check_digit("３５２１３６"), None);
}

pub fn plan(
    r: &mut Reader,
    t: &DeTable,
    at: Range<usize>,
    slug: &str,
    body: String,
) -> Option<Plan> {
    r.check_keys(t, "", PLAN_KEYS);
    let title = r.req_text(t, at.clone(), "", "title", "\"行政改革 実施計画\"");
    let period = r.required(t, at.clone(), "", "period", "[2019, 2023]", |r, n, _| {
        period(r, n)
    });
    let report_year = r.required(t, at.clone(), "", "report_year", "2023", |r, n, p| {
        r.year(n, p)
    });
    let scale_pos = t.get("scale").map(|n| r.pos(n.span()));
    let scale = r.req_text(
        t,
        at.clone(),
        "",
        "scale",
        tr!(
            "\"abcd\" (site.toml で定義した評価の区分)",
            "\"abcd\" (a scale defined in site.toml)"
        ),
    );
    let method = r
        .keyword(t, "", "method", &METHODS)
        .unwrap_or(Method::Ratio);
    let direction = r
        .keyword(t, "", "direction", &DIRECTIONS)
        .unwrap_or(Direction::Higher);
    let year_format = r.keyword(t, "", "year_format", &YEAR_FORMATS);
    let category_levels = r.text_list(t, "", "category_levels");
    let mut unread_category_ids = false;
    let categories = categories(r, t, "", &mut unread_category_ids);
    let source = r.opt_text(t, "", "source");
    let issued = t.get("issued").and_then(|n| r.date(n, "issued"));
    let print = print_settings(r, t);
    let notes = r.text_list(t, "", "notes");
    let (themes, themes_pos) = r.text_list_at(t, "", "themes").into_iter().unzip();
    Some(Plan {
        slug: slug.to_string(),
        title: title?,
        period: period?,
        report_year: report_year?,
        scale: scale?,
        method,
        direction,
        year_format,
        category_levels,
        categories,
        source,
        issued,
        print,
        notes,
        themes,
        body,
        items: Vec::new(),
        themes_pos,
        unread_category_ids,
        pos: r.pos(at.clone()),
        scale_pos: scale_pos.unwrap_or_else(|| r.pos(at)),
    })
}

/// `publisher`, `report_title` and `print_layout`, as a plan's front matter
/// and `site.toml` both write them.
pub(crate) fn print_settings(r: &mut Reader, t: &DeTable) -> crate::model::PrintSettings {
    crate::model::PrintSettings {
        publisher: r.opt_text(t, "", "publisher"),
        report_title: r.opt_text(t, "", "report_title"),
        layout: r.keyword(t, "", "print_layout", &crate::model::PRINT_LAYOUTS),
    }
}

fn period(r: &mut Reader, node: &super::reader::Node) -> Option<[Year; 2]> {
    let DeValue::Array(a) = node.get_ref() else {
        r.type_error(
            node,
            "period",
            tr!(
                "[2019, 2023] のような [最初の年度, 最後の年度]",
                "[first year, last year] such as [2019, 2023]"
            ),
        );
        return None;
    };
    if a.len() != 2 {
        r.error(
            node.span(),
            {
                let n = a.len();
                tr!(
                    "period: [2019, 2023] のように最初と最後の2つの年度を書いてください({n}個の値が書かれています)",
                    "period: expected two years [first, last] such as [2019, 2023], found {n} values"
                )
            },
        );
        return None;
    }
    let first = r.year(&a[0], "period[0]");
    let last = r.year(&a[1], "period[1]");
    let (first, last) = (first?, last?);
    if first > last {
        r.error(
            node.span(),
            tr!(
                "period: 最初の年度 {first} が最後の年度 {last} より後になっています",
                "period: the first year {first} is after the last year {last}"
            ),
        );
        return None;
    }
    Some([first, last])
}

/// `unread`: set when a category's id is missing or could not be read
/// (already an error), so that items naming it are not reported again.
fn categories(r: &mut Reader, t: &DeTable, path: &str, unread: &mut bool) -> Vec<Category> {
    let key = if path.is_empty() {
        "categories"
    } else {
        "children"
    };
    let mut out = Vec::new();
    for (cpath, ct, span) in r.tables(t, path, key) {
        r.check_keys(ct, &cpath, CATEGORY_KEYS);
        let id = r.required(ct, span.clone(), &cpath, "id", "\"1-2\"", |r, n, p| {
            id(r, n, p, false)
        });
        *unread |= id.is_none();
        let title = r.req_text(ct, span.clone(), &cpath, "title", "\"人材育成・人材登用\"");
        let body = r.opt_text(ct, &cpath, "description").unwrap_or_default();
        let body_pos = ct.get("description").map(|n| r.pos(n.span()));
        let children = categories(r, ct, &cpath, unread);
        let pos = r.pos(ct.get("id").map_or(span, |n| n.span()));
        // Kept without its title (already an error) so that items naming it
        // are not reported again.
        if let Some(id) = id {
            out.push(Category {
                id,
                title: title.unwrap_or_default(),
                body,
                children,
                pos,
                body_pos,
            });
        }
    }
    out
}

pub fn item(
    r: &mut Reader,
    t: &DeTable,
    at: Range<usize>,
    slug: &str,
    body: String,
) -> Option<Item> {
    r.check_keys(t, "", ITEM_KEYS);
    // Numbers are labels ("01", "3-2"), but a bare 8 is what people type.
    let number = r.required(t, at.clone(), "", "number", "\"8\"", |r, n, p| {
        id(r, n, p, true)
    });
    let title = r.req_text(t, at.clone(), "", "title", "\"美祿魅力発掘隊の採用\"");
    let category_pos = t.get("category").map(|n| r.pos(n.span()));
    let category = t.get("category").and_then(|n| id(r, n, "category", false));
    let departments = r.text_list(t, "", "departments");
    let (status, status_pos) = r.year_map_with_positions(t, "", "status", |r, n, p| r.text(n, p));
    let tags = r.text_list(t, "", "tags");
    let (themes, themes_pos) = r.text_list_at(t, "", "themes").into_iter().unzip();
    let details = details(r, t);
    let actions = r
        .tables(t, "", "actions")
        .into_iter()
        .filter_map(|(p, at, span)| action(r, at, span, &p))
        .collect();
    let kpis = r
        .tables(t, "", "kpis")
        .into_iter()
        .filter_map(|(p, kt, span)| kpi(r, kt, span, &p))
        .collect();
    super::stray_keys::status_after_kpis(r, t);
    let notes = r.text_list(t, "", "notes");
    // Lists collected through filters grow to four places or more: at
    // national scale the unused ones were an eighth of the model's memory.
    Some(Item {
        slug: slug.to_string(),
        number: number?,
        title: title?,
        category,
        departments: fitted(departments),
        status,
        tags: fitted(tags),
        themes: fitted(themes),
        details: fitted(details),
        actions: fitted(actions),
        kpis: fitted(kpis),
        notes: fitted(notes),
        body,
        pos: r.pos(at),
        category_pos,
        status_pos,
        themes_pos,
    })
}

fn fitted<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

fn details(r: &mut Reader, t: &DeTable) -> Vec<Detail> {
    let Some(node) = t.get("details") else {
        return Vec::new();
    };
    let DeValue::Table(dt) = node.get_ref() else {
        r.type_error(
            node,
            "details",
            tr!(
                "[details] と書き、見出し = \"文字列\" の行を並べた表",
                "a table of label = \"text\" lines, written [details]"
            ),
        );
        return Vec::new();
    };
    dt.iter()
        .filter_map(|(k, v)| {
            let label = k.get_ref().to_string();
            if !r.printable(k.span(), "details", &label) {
                return None;
            }
            if !super::stray_keys::detail_label(r, t, k, v, ITEM_KEYS) {
                return None;
            }
            let text = r.text(v, &format!("details.{label}"))?;
            Some(Detail { label, text })
        })
        .collect()
}

fn action(r: &mut Reader, t: &DeTable, span: Range<usize>, path: &str) -> Option<Action> {
    super::stray_keys::check(r, t, path, "actions", ACTION_KEYS, ITEM_KEYS);
    let title = r.req_text(t, span.clone(), path, "title", "\"要望調査の実施\"");
    let plan = r.year_map(t, path, "plan", |r, n, p| r.datum(n, p, false));
    let actual = r.year_map(t, path, "actual", |r, n, p| r.datum(n, p, false));
    let notes = r.text_list(t, path, "notes");
    Some(Action {
        title: title?,
        plan,
        actual,
        notes,
        pos: r.pos(span),
    })
}

fn kpi(r: &mut Reader, t: &DeTable, span: Range<usize>, path: &str) -> Option<Kpi> {
    super::stray_keys::check(r, t, path, "kpis", KPI_KEYS, ITEM_KEYS);
    let name = r.req_text(
        t,
        span.clone(),
        path,
        "name",
        "\"マイナンバーカードの発行件数\"",
    );
    let indicator_pos = t.get("indicator").map(|n| r.pos(n.span()));
    let indicator = r.opt_text(t, path, "indicator");
    let unit_pos = t.get("unit").map(|n| r.pos(n.span()));
    let unit = r.opt_text(t, path, "unit");
    let direction = r.keyword(t, path, "direction", &DIRECTIONS);
    let method = r.keyword(t, path, "method", &METHODS);
    let baseline = t
        .get("baseline")
        .and_then(|node| baseline(r, node, &join(path, "baseline")));
    let targets = r.year_map(t, path, "targets", |r, n, p| r.datum(n, p, true));
    let actuals = r.year_map(t, path, "actuals", |r, n, p| r.datum(n, p, true));
    let totals_pos = t.get("totals").map(|n| r.pos(n.span()));
    let reported_rate_pos = t.get("reported_rate").map(|n| r.pos(n.span()));
    let totals = t
        .get("totals")
        .and_then(|node| totals(r, node, &join(path, "totals")));
    let (status, status_pos) = r.year_map_with_positions(t, path, "status", |r, n, p| r.text(n, p));
    let reported_rate = t
        .get("reported_rate")
        .and_then(|n| r.number(n, &join(path, "reported_rate")));
    let notes = r.text_list(t, path, "notes");
    Some(Kpi {
        name: name?,
        indicator,
        unit,
        direction,
        method,
        baseline,
        targets,
        actuals,
        totals,
        status,
        reported_rate,
        notes,
        pos: r.pos(span),
        status_pos,
        reported_rate_pos,
        totals_pos,
        indicator_pos,
        unit_pos,
    })
}

fn totals(r: &mut Reader, node: &super::reader::Node, path: &str) -> Option<Totals> {
    let DeValue::Table(t) = node.get_ref() else {
        r.type_error(
            node,
            path,
            tr!(
                "{{ target = 38020, actual = 40439 }} のような表",
                "a table such as {{ target = 38020, actual = 40439 }}"
            ),
        );
        return None;
    };
    r.check_keys(t, path, &["target", "actual"]);
    let target = t
        .get("target")
        .and_then(|n| r.datum(n, &join(path, "target"), true));
    let actual = t
        .get("actual")
        .and_then(|n| r.datum(n, &join(path, "actual"), true));
    Some(Totals { target, actual })
}

fn baseline(r: &mut Reader, node: &super::reader::Node, path: &str) -> Option<Baseline> {
    let DeValue::Table(t) = node.get_ref() else {
        r.type_error(
            node,
            path,
            tr!(
                "{{ year = 2017, value = 2637 }} のような表",
                "a table such as {{ year = 2017, value = 2637 }}"
            ),
        );
        return None;
    };
    r.check_keys(t, path, &["year", "value", "note"]);
    let year = t.get("year").and_then(|n| r.year(n, &join(path, "year")));
    let value = r.required(t, node.span(), path, "value", "2637", |r, n, p| {
        r.value(n, p, true)
    });
    let note = r.opt_text(t, path, "note");
    Some(Baseline {
        year,
        value: value?,
        note,
    })
}

/// A name people type and other places refer to: an item's number, a
/// category id. Text (or, with `integers`, a whole number such as 8);
/// refused when empty, and trimmed of spaces around it with a warning,
/// since " 1 " and "1" must not become two numbers.
fn id(r: &mut Reader, node: &Node, path: &str, integers: bool) -> Option<String> {
    let text = match node.get_ref() {
        DeValue::Integer(_) if integers => r.integer(node, path)?.to_string(),
        _ => r.text(node, path)?,
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        r.error(
            node.span(),
            tr!("{path}: 空欄にはできません", "{path}: must not be empty"),
        );
        return None;
    }
    if trimmed.len() != text.len() {
        let start = text.len() - text.trim_start().len();
        let before = code_points(&text[..start]);
        let after = code_points(&text[start + trimmed.len()..]);
        let at = match (before.is_empty(), after.is_empty()) {
            (false, false) => tr!(
                "前に {before}、後に {after}",
                "{before} before it, {after} after it"
            ),
            (false, true) => tr!("前に {before}", "{before} before it"),
            _ => tr!("後に {after}", "{after} after it"),
        };
        let (at_ja, at_en) = (&at.ja, &at.en);
        r.warn(
            node.span(),
            tr!(
                "{path}: \"{trimmed}\" の前後の空白を除いて読みます({at_ja})",
                "{path}: the spaces around \"{trimmed}\" are left out ({at_en})"
            ),
        );
    }
    Some(trimmed.to_string())
}

/// The characters of `s` as code points, "U+FF11 U+002D U+0031", so that two
/// texts that look alike can be told apart in a message (and no control
/// character is echoed raw). Long texts are cut after 16 characters.
pub(crate) fn code_points(s: &str) -> String {
    let mut out: Vec<String> = s
        .chars()
        .take(16)
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    if s.chars().nth(16).is_some() {
        out.push("…".to_string());
    }
    out.join(" ")
}
