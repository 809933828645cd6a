//! The workbook's shape, shared by export and import so that the two can
//! never disagree: sheet names, columns, their headers in both languages,
//! and how fiscal years, directions and methods are written in cells.
//!
//! A workbook is written in the site's language; import reads either.

use crate::config::Language;
use crate::model::{Direction, Method, Year, YearFormat};

/// Written on the guide sheet, so that a later plansite can tell a
/// workbook of an older shape.
pub const FORMAT: &str = "plansite-workbook/1";

/// What a staff member types to remove a value (a blank cell keeps it).
pub const CLEAR: [&str; 3] = ["削除", "(削除)", "delete"];

/// Whether `text` (trimmed) asks for the value to be removed.
pub fn is_clear(text: &str) -> bool {
    let t = text.trim();
    CLEAR.iter().any(|c| t.eq_ignore_ascii_case(c)) || t == "（削除）"
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SheetKind {
    /// First sheet: how to fill in the workbook, and which plan it is.
    Guide,
    /// One row per item.
    Items,
    /// One row per KPI and fiscal year.
    Kpis,
    /// One row per schedule action and fiscal year.
    Schedule,
    /// One row per category.
    Categories,
    /// Hidden: the lists that feed the dropdowns.
    Lists,
}

impl SheetKind {
    pub const ALL: [SheetKind; 6] = [
        SheetKind::Guide,
        SheetKind::Items,
        SheetKind::Kpis,
        SheetKind::Schedule,
        SheetKind::Categories,
        SheetKind::Lists,
    ];
    /// The sheets that carry data; import needs each of them in a workbook.
    pub const DATA: [SheetKind; 4] = [
        SheetKind::Items,
        SheetKind::Kpis,
        SheetKind::Schedule,
        SheetKind::Categories,
    ];

    pub fn name(self, lang: Language) -> &'static str {
        let (ja, en) = match self {
            SheetKind::Guide => ("使い方", "Guide"),
            SheetKind::Items => ("項目", "Items"),
            SheetKind::Kpis => ("成果指標", "KPIs"),
            SheetKind::Schedule => ("スケジュール", "Schedule"),
            SheetKind::Categories => ("分類", "Categories"),
            SheetKind::Lists => ("選択肢", "Lists"),
        };
        match lang {
            Language::Ja => ja,
            Language::En => en,
        }
    }

    /// The sheet a name means, in either language.
    pub fn from_name(name: &str) -> Option<SheetKind> {
        let name = name.trim();
        SheetKind::ALL.into_iter().find(|k| {
            k.name(Language::Ja) == name || k.name(Language::En).eq_ignore_ascii_case(name)
        })
    }

    /// The columns of a data sheet in the order export writes them. Items
    /// also get a column per department, status year and tag: see
    /// [`item_columns`].
    pub fn columns(self) -> &'static [Col] {
        match self {
            SheetKind::Items => &[
                Col::ItemNumber,
                Col::ItemTitle,
                Col::Category,
                Col::CategoryTitle,
            ],
            SheetKind::Kpis => &[
                Col::ItemNumber,
                Col::KpiNumber,
                Col::KpiName,
                Col::Year,
                Col::Target,
                Col::Actual,
                Col::TargetNote,
                Col::ActualNote,
                Col::Unit,
                Col::Direction,
                Col::Method,
                Col::Baseline,
                Col::BaselineYear,
                Col::BaselineNote,
            ],
            SheetKind::Schedule => &[
                Col::ItemNumber,
                Col::ActionNumber,
                Col::ActionTitle,
                Col::Year,
                Col::Planned,
                Col::Done,
            ],
            SheetKind::Categories => &[
                Col::CategoryId,
                Col::CategoryName,
                Col::Parent,
                Col::Level,
                Col::Description,
            ],
            SheetKind::Guide | SheetKind::Lists => &[],
        }
    }
}

/// The columns of the items sheet: the fixed ones, then `departments`
/// department columns, a status column per year of `years`, `tags` tag
/// columns, and the file name.
pub fn item_columns(departments: u8, years: &[Year], tags: u8) -> Vec<Col> {
    let mut cols = SheetKind::Items.columns().to_vec();
    cols.extend((1..=departments).map(Col::Department));
    cols.extend(years.iter().map(|&y| Col::Status(y)));
    cols.extend((1..=tags).map(Col::Tag));
    cols.push(Col::File);
    cols
}

/// One column of a data sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    // Several sheets.
    ItemNumber,
    Year,
    // 項目
    ItemTitle,
    Category,
    CategoryTitle,
    /// 担当課1, 担当課2 … (main department first).
    Department(u8),
    /// 評価(令和5年度): the reported status of that year.
    Status(Year),
    Tag(u8),
    /// The item's file name without `.md`; for a new item, optional.
    File,
    // 成果指標
    KpiNumber,
    KpiName,
    Target,
    Actual,
    TargetNote,
    ActualNote,
    Unit,
    Direction,
    Method,
    Baseline,
    BaselineYear,
    BaselineNote,
    // スケジュール
    ActionNumber,
    ActionTitle,
    Planned,
    Done,
    // 分類
    CategoryId,
    CategoryName,
    Parent,
    Level,
    Description,
}

/// What import does with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Says which row of the content a row is; locked on rows export wrote,
    /// typed on rows staff add.
    Identity,
    /// Staff fill it in.
    Input,
    /// Shown for reading (a category's title beside its id); import ignores it.
    Derived,
}

impl Col {
    pub fn role(self) -> Role {
        match self {
            Col::ItemNumber | Col::KpiNumber | Col::ActionNumber | Col::CategoryId | Col::File => {
                Role::Identity
            }
            // A row of a KPI or an action is that KPI's or action's year.
            Col::Year => Role::Identity,
            Col::CategoryTitle | Col::Level => Role::Derived,
            _ => Role::Input,
        }
    }

    /// Whether a row needs it filled in (a new row, or an existing one
    /// that would otherwise lose it).
    pub fn required(self) -> bool {
        matches!(
            self,
            Col::ItemNumber
                | Col::ItemTitle
                | Col::KpiNumber
                | Col::KpiName
                | Col::ActionNumber
                | Col::ActionTitle
                | Col::CategoryId
                | Col::CategoryName
        )
    }

    /// The header as export writes it; `year_format` prints the year of a
    /// status column.
    pub fn header(self, lang: Language, year_format: YearFormat) -> String {
        let ja = lang == Language::Ja;
        let s = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
        match self {
            Col::ItemNumber => s("項目番号", "Item number"),
            Col::Year => s("年度", "Fiscal year"),
            Col::ItemTitle => s("項目名", "Title"),
            Col::Category => s("分類ID", "Category id"),
            Col::CategoryTitle => s("分類名", "Category title"),
            Col::Department(n) => {
                if ja {
                    format!("担当課{n}")
                } else {
                    format!("Department {n}")
                }
            }
            Col::Status(y) => {
                let year = year_text(y, year_format, lang);
                if ja {
                    format!("評価({year})")
                } else {
                    format!("Status ({year})")
                }
            }
            Col::Tag(n) => {
                if ja {
                    format!("タグ{n}")
                } else {
                    format!("Tag {n}")
                }
            }
            Col::File => s("ファイル名", "File name"),
            Col::KpiNumber => s("指標番号", "KPI number"),
            Col::KpiName => s("指標名", "KPI"),
            Col::Target => s("目標", "Target"),
            Col::Actual => s("実績", "Actual"),
            Col::TargetNote => s("目標の注記", "Target note"),
            Col::ActualNote => s("実績の注記", "Actual note"),
            Col::Unit => s("単位", "Unit"),
            Col::Direction => s("方向", "Direction"),
            Col::Method => s("算定方法", "Method"),
            Col::Baseline => s("基準値", "Baseline"),
            Col::BaselineYear => s("基準年度", "Baseline year"),
            Col::BaselineNote => s("基準値の注記", "Baseline note"),
            Col::ActionNumber => s("取組番号", "Action number"),
            Col::ActionTitle => s("取組名", "Action"),
            Col::Planned => s("計画", "Planned"),
            Col::Done => s("実績", "Done"),
            Col::CategoryId => s("分類ID", "Category id"),
            Col::CategoryName => s("分類名", "Title"),
            Col::Parent => s("上位分類ID", "Parent id"),
            Col::Level => s("階層", "Level"),
            Col::Description => s("説明", "Description"),
        }
    }

    /// The column a header names on `sheet`, in either language (status
    /// columns with their year in any form [`parse_year`] reads).
    pub fn from_header(sheet: SheetKind, header: &str) -> Option<Col> {
        let h = header.trim();
        let fixed = sheet.columns().iter().copied().find(|c| {
            [Language::Ja, Language::En]
                .iter()
                .any(|&l| c.header(l, YearFormat::Wareki).eq_ignore_ascii_case(h))
        });
        if fixed.is_some() || sheet != SheetKind::Items {
            return fixed;
        }
        if h == "ファイル名" || h.eq_ignore_ascii_case("File name") {
            return Some(Col::File);
        }
        let numbered = |prefixes: &[&str]| {
            prefixes.iter().find_map(|p| {
                let rest = h.strip_prefix(p)?.trim();
                let n: u8 = rest.parse().ok()?;
                (n >= 1).then_some(n)
            })
        };
        if let Some(n) = numbered(&["担当課", "Department"]) {
            return Some(Col::Department(n));
        }
        if let Some(n) = numbered(&["タグ", "Tag"]) {
            return Some(Col::Tag(n));
        }
        let year = ["評価(", "評価（", "Status ("].iter().find_map(|p| {
            let rest = h.strip_prefix(p)?;
            let inner = rest.strip_suffix(')').or_else(|| rest.strip_suffix('）'))?;
            parse_year(inner)
        })?;
        Some(Col::Status(year))
    }
}

/// A fiscal year as the plan writes it (令和5年度, R5, 2023年度); English
/// workbooks write `FY2023`.
pub fn year_text(year: Year, style: YearFormat, lang: Language) -> String {
    match lang {
        Language::Ja => crate::render::format::fiscal_year(year, style, lang),
        Language::En => format!("FY{year}"),
    }
}

/// The Western fiscal year of a year as staff write it: `2023`, `2023年度`,
/// `令和5年度`, `令和元年`, `R5`, `H29`, `FY2023`, `FY2023 (Reiwa 5)`,
/// full-width digits too. None for anything else.
pub fn parse_year(text: &str) -> Option<Year> {
    use unicode_normalization::UnicodeNormalization;
    let t: String = text.nfkc().collect();
    let t = t.trim();
    let western = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .map(|r| r.split(" (").next().unwrap_or(r).trim())
        .unwrap_or(t);
    let western = western
        .strip_suffix("年度")
        .or_else(|| western.strip_suffix('年'))
        .unwrap_or(western);
    if western.len() == 4 && western.bytes().all(|b| b.is_ascii_digit()) {
        return western.parse().ok();
    }
    crate::content::slips::era_year(t).and_then(|y| Year::try_from(y).ok())
}

/// The directions and methods in the order the dropdowns offer them.
pub const DIRECTIONS: [Direction; 2] = [Direction::Higher, Direction::Lower];
pub const METHODS: [Method; 3] = [Method::Ratio, Method::Progress, Method::Cumulative];

/// What a staff member may type for a direction, in `lang`.
pub fn direction_labels(lang: Language) -> Vec<&'static str> {
    DIRECTIONS
        .iter()
        .map(|&d| direction_text(d, lang))
        .collect()
}

/// What a staff member may type for a method, in `lang`.
pub fn method_labels(lang: Language) -> Vec<&'static str> {
    METHODS.iter().map(|&m| method_text(m, lang)).collect()
}

pub fn direction_text(d: Direction, lang: Language) -> &'static str {
    match (d, lang) {
        (Direction::Higher, Language::Ja) => "高いほど良い",
        (Direction::Lower, Language::Ja) => "低いほど良い",
        (Direction::Higher, Language::En) => "higher",
        (Direction::Lower, Language::En) => "lower",
    }
}

pub fn parse_direction(text: &str) -> Option<Direction> {
    let t = text.trim();
    [Direction::Higher, Direction::Lower]
        .into_iter()
        .find(|&d| {
            t == direction_text(d, Language::Ja)
                || t.eq_ignore_ascii_case(direction_text(d, Language::En))
        })
}

pub fn method_text(m: Method, lang: Language) -> &'static str {
    match (m, lang) {
        (Method::Ratio, Language::Ja) => "比率",
        (Method::Progress, Language::Ja) => "進捗",
        (Method::Cumulative, Language::Ja) => "累計",
        (Method::Ratio, Language::En) => "ratio",
        (Method::Progress, Language::En) => "progress",
        (Method::Cumulative, Language::En) => "cumulative",
    }
}

pub fn parse_method(text: &str) -> Option<Method> {
    let t = text.trim();
    METHODS.into_iter().find(|&m| {
        t == method_text(m, Language::Ja) || t.eq_ignore_ascii_case(method_text(m, Language::En))
    })
}

/// Labels in column A of the guide sheet; the value is in column B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideKey {
    /// `city/plan`, the plan the workbook belongs to.
    Plan,
    /// [`FORMAT`].
    Format,
    City,
    Title,
    Period,
    ReportYear,
    Scale,
}

impl GuideKey {
    pub const ALL: [GuideKey; 7] = [
        GuideKey::Plan,
        GuideKey::Format,
        GuideKey::City,
        GuideKey::Title,
        GuideKey::Period,
        GuideKey::ReportYear,
        GuideKey::Scale,
    ];

    pub fn label(self, lang: Language) -> &'static str {
        let (ja, en) = match self {
            GuideKey::Plan => ("計画ID", "Plan id"),
            GuideKey::Format => ("書式", "Format"),
            GuideKey::City => ("市町村", "City"),
            GuideKey::Title => ("計画名", "Plan"),
            GuideKey::Period => ("計画期間", "Period"),
            GuideKey::ReportYear => ("報告年度", "Report year"),
            GuideKey::Scale => ("評価の段階", "Status levels"),
        };
        match lang {
            Language::Ja => ja,
            Language::En => en,
        }
    }

    pub fn from_label(label: &str) -> Option<GuideKey> {
        let l = label.trim();
        GuideKey::ALL
            .into_iter()
            .find(|k| k.label(Language::Ja) == l || k.label(Language::En).eq_ignore_ascii_case(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_read_in_every_form_staff_write() {
        for (text, year) in [
            ("2023", 2023),
            ("２０２３", 2023),
            ("2023年度", 2023),
            ("令和5年度", 2023),
            ("令和元年度", 2019),
            ("R5", 2023),
            ("H29", 2017),
            ("平成29年度", 2017),
            ("FY2023", 2023),
            ("FY2023 (Reiwa 5)", 2023),
        ] {
            assert_eq!(parse_year(text), Some(year), "{text}");
        }
        for text in ["", "来年", "20234", "R", "令和"] {
            assert_eq!(parse_year(text), None, "{text}");
        }
    }

    #[test]
    fn every_header_reads_back_as_its_column() {
        for sheet in SheetKind::DATA {
            let cols = if sheet == SheetKind::Items {
                item_columns(3, &[2019, 2023], 2)
            } else {
                sheet.columns().to_vec()
            };
            for col in cols {
                for lang in [Language::Ja, Language::En] {
                    for style in [YearFormat::Wareki, YearFormat::Short, YearFormat::Western] {
                        let h = col.header(lang, style);
                        assert_eq!(Col::from_header(sheet, &h), Some(col), "{sheet:?} {h}");
                    }
                }
            }
        }
    }

    #[test]
    fn directions_and_methods_read_back() {
        for lang in [Language::Ja, Language::En] {
            for d in [Direction::Higher, Direction::Lower] {
                assert_eq!(parse_direction(direction_text(d, lang)), Some(d));
            }
            for m in [Method::Ratio, Method::Progress, Method::Cumulative] {
                assert_eq!(parse_method(method_text(m, lang)), Some(m));
            }
        }
    }
}
