//! The guide sheet's plain instructions, one sentence a row, for staff
//! who open the workbook without having read any documentation.

use crate::config::Language;
use crate::workbook::layout::SheetKind;

/// What each sheet is and how to fill it in, in `lang`.
pub fn instructions(lang: Language) -> Vec<String> {
    let n = |k: SheetKind| k.name(lang);
    let (items, kpis, schedule, cats, lists) = (
        n(SheetKind::Items),
        n(SheetKind::Kpis),
        n(SheetKind::Schedule),
        n(SheetKind::Categories),
        n(SheetKind::Lists),
    );
    let lines: Vec<String> = if lang == Language::Ja {
        vec![
            "このファイルは計画の内容を表にしたものです。書き込んだあと plansite import で内容のファイルに戻します。".into(),
            format!("「{items}」は項目ごとに1行で、項目名・分類・担当課・年度ごとの評価・タグを書きます。"),
            format!("「{kpis}」は成果指標と年度ごとに1行で、目標・実績・注記・単位・基準値を書きます。"),
            format!("「{schedule}」はスケジュールの取組と年度ごとに1行で、計画と実績を書きます。"),
            format!("「{cats}」は分類ごとに1行です。「{lists}」は選択肢のための隠しシートです。"),
            "行を見分ける列(項目番号・指標番号・年度など)は、書き出した行では保護されていて書き換えられません。保護は[校閲]→[シート保護の解除]で外せます(パスワードはありません)。".into(),
            "空欄のセルは「変更なし」です。値を消すときは「削除」と入力してください。".into(),
            "新しい項目・成果指標・年度・取組・分類は、表の一番下の空いた行に書き足してください。行を消しても内容は消えません。".into(),
            "シート名と見出しの行は変えないでください。".into(),
            "年度は「令和5年度」「R5」「2023」のどれで書いてもかまいません。".into(),
            "数値はそのまま書いてください(△や全角数字も読み取ります)。「1-2」のように日付に変わる書き方は、先頭に ' を付けてください。".into(),
            "項目の本文(Markdown の説明文)はこのファイルにはなく、取り込んでもそのまま残ります。".into(),
            "書き終えたら plansite import ファイル名 を実行してください。--dry-run を付けると、書き換えずに変更点だけを表示します。".into(),
        ]
    } else {
        vec![
            "This workbook holds the plan's content as tables. After filling it in, run plansite import to write it back into the content files.".into(),
            format!("\"{items}\" has a row per item: title, category, departments, status per fiscal year, tags."),
            format!("\"{kpis}\" has a row per KPI and fiscal year: target, actual, notes, unit, baseline."),
            format!("\"{schedule}\" has a row per schedule action and fiscal year: planned and done."),
            format!("\"{cats}\" has a row per category. \"{lists}\" is a hidden sheet holding the dropdowns' choices."),
            "Protected columns (item number and the others that tell rows apart) cannot be changed; Review → Unprotect Sheet lifts the protection (there is no password).".into(),
            "A blank cell means no change. To remove a value, type 削除 (or delete).".into(),
            "Add new items, KPIs, years, actions and categories in the empty rows at the bottom of a sheet. Removing a row removes nothing.".into(),
            "Do not rename the sheets or the header cells.".into(),
            "Fiscal years may be written as FY2023, 2023, 令和5年度 or R5.".into(),
            "Type numbers plainly (△ and full-width digits are understood). Put ' before something like 1-2 that would turn into a date.".into(),
            "The Markdown text of each item is not in the workbook and is kept untouched by the import.".into(),
            "When done, run plansite import FILE; --dry-run shows the changes without writing them.".into(),
        ]
    };
    lines
}
