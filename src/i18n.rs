//! Interface strings, one table per language. Content is never translated.

use indexmap::IndexMap;

use crate::config::Language;

/// (key, Japanese, English)
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "本文へ移動", "Skip to content"),
    ("list_sep", "、", ", "),
    ("home", "ホーム", "Home"),
    ("breadcrumbs", "現在位置", "You are here"),
    ("cities", "自治体", "Municipalities"),
    ("plans", "計画", "Plans"),
    ("plan", "計画", "Plan"),
    ("period", "計画期間", "Plan period"),
    ("report_year", "報告年度", "Report year"),
    ("items", "項目", "Items"),
    ("item_count", "項目数", "Items"),
    ("kpi_count", "成果指標数", "KPIs"),
    ("number", "番号", "No."),
    ("title", "名称", "Title"),
    ("department", "担当課", "Department"),
    ("category", "分類", "Category"),
    ("categories", "計画の体系", "Structure of the plan"),
    ("category_details", "説明と取組内容", "Description and projects"),
    ("status", "評価", "Status"),
    ("tags", "タグ", "Tags"),
    ("details", "基本情報", "Details"),
    (
        "schedule",
        "スケジュール(計画と実績)",
        "Schedule (planned and done)",
    ),
    ("action", "取組", "Action"),
    ("planned", "計画", "Planned"),
    ("done", "実績", "Done"),
    ("kpis", "成果指標", "KPIs"),
    ("unit", "単位", "Unit"),
    ("baseline", "基準値", "Baseline"),
    ("target", "目標", "Target"),
    ("actual", "実績", "Actual"),
    ("year", "年度", "Year"),
    ("total", "合計", "Total"),
    (
        "reported_rate",
        "公表された達成率",
        "Published achievement rate",
    ),
    (
        "direction_lower",
        "数値が小さいほど良い指標",
        "Lower is better",
    ),
    (
        "direction_higher",
        "数値が大きいほど良い指標",
        "Higher is better",
    ),
    ("notes", "注記", "Notes"),
    ("narrative", "取組の内容", "Narrative"),
    ("data", "データ", "Data"),
    ("print_and_data", "印刷", "Print"),
    ("download_csv", "CSV形式でダウンロード", "Download as CSV"),
    (
        "download_json",
        "JSON形式でダウンロード",
        "Download as JSON",
    ),
    ("no_status", "評価なし", "Not graded"),
    ("source", "出典", "Source"),
    ("scale", "評価の区分", "Grading scale"),
    ("not_found", "ページが見つかりません", "Page not found"),
    (
        "not_found_text",
        "お探しのページは見つかりませんでした。",
        "The page you were looking for was not found.",
    ),
    (
        "no_plans",
        "公開されている計画はありません。",
        "No plans are published.",
    ),
    (
        "no_items",
        "この計画には項目がありません。",
        "This plan has no items.",
    ),
    ("generated_by", "plansite で作成", "Made with plansite"),
    ("summary", "評価の内訳", "Status summary"),
    ("print_edition", "印刷用", "print edition"),
    ("print_view", "印刷用の表示(PDF保存)", "Print view (save as PDF)"),
    ("back_to_plan", "計画のページへ戻る", "Back to the plan"),
    ("print_hint", "ブラウザの印刷機能でA4に印刷、またはPDFとして保存できます。", "Print on A4 or save as PDF with your browser's print function."),
    ("issued", "発行日", "Date of issue"),
    ("contents", "目次", "Contents"),
    ("review_appendix", "付録: 公表値と算出値の相違", "Appendix: reported and computed figures that differ"),
    ("appendix_intro", "市が公表した評価・達成率・合計と、公表された数値から評価の基準に従って算出した値が異なるものの一覧です。公表された値が市の正式な値です。", "Every reported status, achievement rate or total that differs from what the published figures give under the scale's rule. The reported values are the city's official ones."),
    ("appendix_caption", "公表値と算出値の相違の一覧", "Reported and computed figures that differ"),
    ("appendix_none", "相違はありません。", "There are no differences."),
    ("appendix_what", "項目", "What"),
    ("appendix_status", "評価", "Status"),
    ("appendix_rate", "達成率", "Achievement rate"),
    ("appendix_total_target", "目標値の合計", "Total of targets"),
    ("appendix_total_actual", "実績値の合計", "Total of actuals"),
    ("appendix_basis", "算出の根拠", "Basis"),
    ("reported_value", "公表値", "Reported"),
    ("computed_value", "算出値", "Computed"),
    ("summary_caption_print", "評価ごとの項目数と割合", "Items and shares by status"),
    ("level_description", "基準", "Definition"),
    ("summary_caption", "評価ごとの項目数と割合(評価名から、その評価の項目の一覧へ移動できます)", "Items and shares by status (each status links to its items)"),
    ("headline_kpi", "主な成果指標(実績 / 目標)", "Headline KPI (actual / target)"),
    ("items_caption", "項目の一覧", "Items"),
    ("all", "すべて", "All"),
    ("all_items", "すべての項目", "All items"),
    ("text_filter", "文字で絞り込み", "Text filter"),
    ("clear_filters", "条件をクリア", "Clear filters"),
    ("download_shown", "表示中の項目をCSVで保存", "Download the shown rows as CSV"),
    ("shown_count", "{total}件中{shown}件を表示", "Showing {shown} of {total}"),
    ("other_statuses", "ほかの評価", "Other statuses"),
    ("no_items_with_status", "この評価の項目はありません。", "No items have this status."),
    ("sort_by", "並べ替え", "Sort"),
    ("legend_target", "目標値(破線・白丸)", "Target (dashed, hollow circles)"),
    ("legend_actual", "実績値(実線・塗りの四角)", "Actual (solid, filled squares)"),
    (
        "legend_noted",
        "注記のある実績値(見込など・白抜きの四角)",
        "Actual with a note, such as an estimate (hollow square)",
    ),
    ("legend_baseline", "基準値(点線)", "Baseline (dotted)"),
    ("reported_status", "公表された評価", "Reported status"),
    (
        "computed_status",
        "数値から算出した評価",
        "Status computed from the figures",
    ),
    (
        "computed_rate",
        "数値から算出した達成率",
        "Achievement rate computed from the figures",
    ),
    ("count", "件数", "Count"),
    ("share", "割合", "Share"),
    ("not_computed", "算出できません", "Cannot be computed"),
    ("against_target", "目標年度", "Target year"),
    (
        "method_ratio",
        "比率(実績値 ÷ 目標値)",
        "ratio (actual ÷ target)",
    ),
    (
        "method_progress",
        "進捗率((実績値 − 基準値) ÷ (目標値 − 基準値))",
        "progress ((actual − baseline) ÷ (target − baseline))",
    ),
    (
        "method_cumulative",
        "累計(実績値の合計 ÷ 目標値の合計)",
        "cumulative (Σ actuals ÷ Σ targets)",
    ),
    (
        "disagreement",
        "公表値と算出値の相違",
        "Reported and computed differ",
    ),
    (
        "status_disagrees",
        "公表された評価と、数値から算出した評価が異なります。",
        "The reported status differs from the one the figures give.",
    ),
    (
        "rate_disagrees",
        "公表された達成率と、数値から算出した達成率が異なります。",
        "The published achievement rate differs from the one the figures give.",
    ),
    (
        "totals_disagree",
        "公表された合計が、年度別の値の合計と異なります。",
        "A printed total differs from the sum of the yearly figures.",
    ),
    ("cmp_heading", "公表された評価と、数値から算出した評価", "Reported grades and grades computed from the figures"),
    (
        "cmp_reported",
        "「公表された評価」は、市が項目ごとに付けた正式な評価です。{n}項目に付いています。",
        "A reported grade is the one the city gave an item; it is the official grade. {n} items have one.",
    ),
    (
        "cmp_computed",
        "「数値から算出した評価」は、このサイトが成果指標の目標値と実績値から、評価の区分の基準どおりに計算した参考の評価です。成果指標が1つで数値がそろっている{n}項目で算出できます。",
        "A computed grade is worked out by this site from a KPI's targets and actuals by the scale's own rule, for reference. It can be worked out for the {n} items with a single KPI and the figures it needs.",
    ),
    (
        "cmp_why",
        "両者は異なることがあります。市は数値だけでなく取組の進み具合なども見て評価しており、見込みの値や、別の年度の目標と比べていることもあるためです。",
        "The two can differ: the city grades on more than the figures (how the work went, for one), and sometimes against estimates or another year's target.",
    ),
    (
        "cmp_both",
        "両方の評価がある{both}項目で比べると、同じ評価が{agree}項目、異なる評価が{differ}項目です。",
        "Of the {both} items that have both, {agree} have the same grade and {differ} a different one.",
    ),
    ("cmp_caption", "両方の評価がある{both}項目の評価ごとの項目数", "Items by grade, of the {both} items with both grades"),
    (
        "cmp_detail",
        "項目ごとの違いは、各項目のページと印刷用の表示の付録にあります。",
        "Item by item, the differences are on each item's page and in the appendix of the print view.",
    ),
    (
        "official_note",
        "公表された評価が市の正式な評価です。算出した評価は参考です。",
        "The reported status is the city's official one; the computed one is for reference.",
    ),
    // Navigation between items, categories and the plan's files (issue 16).
    ("item_pager", "前後の項目", "Previous and next items"),
    ("prev_item", "前の項目", "Previous item"),
    ("next_item", "次の項目", "Next item"),
    ("plan_links", "印刷とデータ", "Print and data"),
    ("item_data_intro", "この計画のすべての項目の成果指標を、表計算ソフトやプログラムで使える形式でダウンロードできます。この項目の行は、列 item_number が", "The KPIs of every item of this plan, for spreadsheets and programs. This item's rows are those whose item_number is"),
    ("item_data_outro", "のものです。", "."),
    ("category_items", "この分類の項目", "Items in this category"),
    ("no_items_in_category", "この分類の項目はありません。", "No items are in this category."),
    ("subcategories", "下位の分類", "Subcategories"),
    ("bar_none_key", "斜線の部分(評価なし)", "Hatched part (not graded)"),
];

/// The strings of `lang`, as a map for templates (`{{ t.items }}`).
pub fn strings(lang: Language) -> IndexMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, ja, en)| (*k, if lang == Language::En { *en } else { *ja }))
        .collect()
}

pub fn html_lang(lang: Language) -> &'static str {
    match lang {
        Language::Ja => "ja",
        Language::En => "en",
    }
}
