//! The columns of the CSV files, listed once: the header a file is written
//! with (English names or Japanese labels, by `csv_header`), which cells
//! are guarded against spreadsheet formulas, and the Table Schemas in
//! `datapackage.json` all come from these lists.

use crate::config::Language;

/// What a column holds, as Table Schema types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A Western fiscal year.
    Year,
    /// A whole number (a count).
    Integer,
    /// A number (a percentage where the column says so).
    Number,
    /// A figure as the city wrote it: a number, or text where it gave none
    /// ("前年同期比50%", "-").
    Figure,
    /// One of a few codes.
    Code(&'static [&'static str]),
}

impl Kind {
    /// Cells of text columns go through [`super::guard`]; numbers never do,
    /// and a figure written as text is guarded where it is made.
    pub fn is_text(self) -> bool {
        matches!(self, Kind::Text | Kind::Code(_))
    }
}

pub struct Column {
    pub name: &'static str,
    /// The label a Japanese reader sees as the header (`csv_header = "ja"`).
    pub label: &'static str,
    pub kind: Kind,
    /// The unit of every value in the column, where there is one.
    pub unit: Option<&'static str>,
    pub about: &'static str,
    pub about_ja: &'static str,
}

impl Column {
    pub fn header(&self, language: Language) -> &'static str {
        match language {
            Language::Ja => self.label,
            Language::En => self.name,
        }
    }
}

const fn col(
    name: &'static str,
    label: &'static str,
    kind: Kind,
    about: &'static str,
    about_ja: &'static str,
) -> Column {
    Column {
        name,
        label,
        kind,
        unit: None,
        about,
        about_ja,
    }
}

const fn percent(
    name: &'static str,
    label: &'static str,
    about: &'static str,
    about_ja: &'static str,
) -> Column {
    Column {
        name,
        label,
        kind: Kind::Number,
        unit: Some("%"),
        about,
        about_ja,
    }
}

pub const DIRECTIONS: &[&str] = &["higher", "lower"];
pub const METHODS: &[&str] = &["ratio", "progress", "cumulative"];

/// The columns an item's place in the site takes, first in both files.
const fn place() -> [Column; 9] {
    [
        col(
            "city_code",
            "全国地方公共団体コード",
            Kind::Text,
            "the city's six-digit local government code (全国地方公共団体コード), if given",
            "市区町村の全国地方公共団体コード(6桁)",
        ),
        col("city", "市区町村名", Kind::Text, "city name", "市区町村名"),
        col("plan", "計画名", Kind::Text, "plan title", "計画の名前"),
        col(
            "item_number",
            "項目番号",
            Kind::Text,
            "the item's number in its plan",
            "計画の中の項目の番号",
        ),
        col(
            "item_title",
            "項目名",
            Kind::Text,
            "item title",
            "項目の名前",
        ),
        col(
            "category_id",
            "分類番号",
            Kind::Text,
            "the id of the item's category",
            "項目が属する分類の番号",
        ),
        col(
            "category",
            "分類",
            Kind::Text,
            "the category path, titles joined by ' › '",
            "分類の階層(名前を「 › 」でつないだもの)",
        ),
        col(
            "departments",
            "担当課",
            Kind::Text,
            "departments, joined by '、'",
            "担当課(「、」区切り)",
        ),
        col(
            "themes",
            "テーマ",
            Kind::Text,
            "the ids of the item's themes (site.toml [[themes]], its plan's included), joined by ' '",
            "項目のテーマ(site.toml の [[themes]] の slug。計画のテーマを含む。半角空白区切り)",
        ),
    ]
}

/// `data.csv` and `data/kpis.csv`: one row per KPI and fiscal year.
pub const KPIS: [Column; 27] = {
    let [a, b, c, d, e, f, g, h, i] = place();
    [
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        h,
        i,
        col("kpi", "成果指標", Kind::Text, "KPI name", "成果指標の名前"),
        col(
            "indicator",
            "比較指標",
            Kind::Text,
            "the id of the comparable indicator (site.toml [indicators.ID]) the KPI reports, if any",
            "成果指標が報告する、他の市と比べる指標(site.toml の [indicators.名前] の名前)。ない場合は空欄",
        ),
        col(
            "unit",
            "単位",
            Kind::Text,
            "the unit of the KPI's baseline, targets, actuals and totals",
            "基準値・目標値・実績値・合計の単位",
        ),
        col(
            "direction",
            "望ましい方向",
            Kind::Code(DIRECTIONS),
            "higher or lower: which way is better (the plan's default applied)",
            "higher(高いほどよい)または lower(低いほどよい)",
        ),
        col(
            "method",
            "達成率の算定方法",
            Kind::Code(METHODS),
            "how the achievement rate is computed: ratio, progress or cumulative",
            "達成率の計算方法: ratio(目標値に対する割合)、progress(基準値からの進み具合)、cumulative(累計)",
        ),
        col(
            "year",
            "年度",
            Kind::Year,
            "Western fiscal year; empty for a KPI without yearly figures",
            "年度(西暦)。年度ごとの数値がない指標では空欄",
        ),
        col(
            "baseline_year",
            "基準年度",
            Kind::Year,
            "the year of the baseline",
            "基準値の年度(西暦)",
        ),
        col(
            "baseline",
            "基準値",
            Kind::Figure,
            "the baseline: a number, or the text the city wrote",
            "基準値(数値、または市が書いた文字)",
        ),
        col(
            "target",
            "目標値",
            Kind::Figure,
            "the target of the year: a number, or the text the city wrote",
            "その年度の目標値(数値、または市が書いた文字)",
        ),
        col(
            "target_note",
            "目標値の注記",
            Kind::Text,
            "a note on the target (e.g. 以上)",
            "目標値の注記(「以上」など)",
        ),
        col(
            "actual",
            "実績値",
            Kind::Figure,
            "the actual of the year: a number, or the text the city wrote",
            "その年度の実績値(数値、または市が書いた文字)",
        ),
        col(
            "actual_note",
            "実績値の注記",
            Kind::Text,
            "a note on the actual (e.g. 見込 for an estimate)",
            "実績値の注記(見込など)",
        ),
        col(
            "total_target",
            "目標値の合計",
            Kind::Figure,
            "the reported sum of targets (合計), repeated on each row",
            "公表された目標値の合計(各行に同じ値)",
        ),
        col(
            "total_actual",
            "実績値の合計",
            Kind::Figure,
            "the reported sum of actuals (合計), repeated on each row",
            "公表された実績値の合計(各行に同じ値)",
        ),
        col(
            "reported_status",
            "評価(公表)",
            Kind::Text,
            "the KPI's status for the year as the city reported it (a level of the plan's scale)",
            "市が公表したその年度の指標の評価(計画の評価区分の記号)",
        ),
        percent(
            "reported_rate",
            "達成率(公表)",
            "the achievement rate the city published, in %, repeated on each row",
            "市が公表した達成率(%、各行に同じ値)",
        ),
        percent(
            "computed_rate",
            "達成率(算出)",
            "the achievement rate plansite computed for the year, in %, two decimals",
            "plansite が計算したその年度の達成率(%、小数第2位まで)",
        ),
        col(
            "computed_status",
            "評価(算出)",
            Kind::Text,
            "the status the scale's rule gives for the year's computed rate",
            "計算した達成率に評価区分の基準を当てはめた評価",
        ),
    ]
};

/// `items.csv` and `data/items.csv`: one row per item and fiscal year with
/// a grade, so that every item is in a file, KPIs or not.
pub const ITEMS: [Column; 13] = {
    let [a, b, c, d, e, f, g, h, i] = place();
    [
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        h,
        i,
        col(
            "kpis",
            "成果指標の数",
            Kind::Integer,
            "how many KPIs the item has",
            "項目の成果指標の数",
        ),
        col(
            "year",
            "年度",
            Kind::Year,
            "Western fiscal year; empty for an item without any grade",
            "年度(西暦)。評価がひとつもない項目では空欄",
        ),
        col(
            "reported_status",
            "評価(公表)",
            Kind::Text,
            "the item's status for the year as the city reported it (a level of the plan's scale)",
            "市が公表したその年度の項目の評価(計画の評価区分の記号)",
        ),
        col(
            "computed_status",
            "評価(算出)",
            Kind::Text,
            "the status computed from the item's KPI, where it has exactly one and the scale has a rule",
            "項目の成果指標がひとつで評価区分に基準があるとき、その達成率から求めた評価",
        ),
    ]
};
