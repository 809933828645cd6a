use super::*;

fn num(n: f64) -> Read<Value> {
    Ok(Value::Number(n))
}

#[test]
fn numbers_come_back_from_every_mangled_form() {
    for (text, n) in [
        ("12", 12.0),
        (" 12 ", 12.0),
        ("１２", 12.0),
        ("1,234", 1234.0),
        ("１，２３４", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("△1,234", -1234.0),
        ("▲ 30095", -30095.0),
        ("-5", -5.0),
        ("－5", -5.0),
        ("−5", -5.0),
        ("1.2E+5", 120000.0),
        ("2.5e-1", 0.25),
        ("+3", 3.0),
    ] {
        assert_eq!(value(&Cell::Text(text.into()), false), num(n), "{text}");
    }
    assert_eq!(value(&Cell::Number(99.2), false), num(99.2));
}

#[test]
fn percentages_are_read_only_for_percent_units() {
    assert_eq!(value(&Cell::Percent(0.85), true), num(85.0));
    assert_eq!(value(&Cell::Percent(0.071), true), num(7.1));
    assert_eq!(value(&Cell::Text("85%".into()), true), num(85.0));
    assert_eq!(value(&Cell::Text("８５％".into()), true), num(85.0));
    let e = value(&Cell::Percent(0.85), false).unwrap_err();
    assert!(e.message.ja.contains("「85%」"), "{e:?}");
    assert!(e.message.en.contains("\"85%\""), "{e:?}");
    let e = value(&Cell::Text("85%".into()), false).unwrap_err();
    assert!(e.message.ja.contains("単位は「%」ではありません"), "{e:?}");
}

#[test]
fn dates_are_refused_by_name_with_the_one_two_case_explained() {
    let e = value(
        &Cell::Date {
            year: 2024,
            month: 1,
            day: 2,
        },
        false,
    )
    .unwrap_err();
    assert_eq!(e.message.ja, "日付になっています(1月2日)");
    assert_eq!(e.message.en, "the cell holds a date (1/2)");
    let help = e.help.unwrap();
    assert!(
        help.ja.contains("「1-2」") && help.ja.contains("'"),
        "{help:?}"
    );
    assert!(help.en.contains("\"1-2\""), "{help:?}");
    // In a text column too (分類ID 1-2).
    assert!(text(&Cell::Date {
        year: 2024,
        month: 1,
        day: 2
    })
    .is_err());
}

#[test]
fn kanji_numerals_and_broken_numbers_are_refused() {
    for t in ["十二", "三百", "1,2", "1.2.3", "12万"] {
        let e = value(&Cell::Text(t.into()), false).unwrap_err();
        assert_eq!(
            e.message.ja,
            format!("数値が必要ですが「{t}」が入っています")
        );
        assert_eq!(e.message.en, format!("expected a number, found \"{t}\""));
    }
}

#[test]
fn other_text_stays_text() {
    for t in ["実施", "前年同期比50%", "〇", "達成", "inf", "NaN"] {
        assert_eq!(
            value(&Cell::Text(format!(" {t} ")), false),
            Ok(Value::Text(t.into())),
            "{t}"
        );
    }
}

#[test]
fn truth_and_error_values_are_refused() {
    let e = value(&Cell::Bool(true), false).unwrap_err();
    assert!(e.message.ja.contains("TRUE"));
    let e = value(&Cell::Error("#N/A".into()), false).unwrap_err();
    assert!(e.message.ja.contains("「#N/A」"), "{e:?}");
    assert!(e.message.en.contains("#N/A"), "{e:?}");
}

#[test]
fn whole_numbers_for_kpi_and_action_numbers() {
    assert_eq!(whole_number(&Cell::Number(3.0)), Ok(3));
    assert_eq!(whole_number(&Cell::Text("３".into())), Ok(3));
    for c in [
        Cell::Number(1.5),
        Cell::Number(0.0),
        Cell::Text("一".into()),
        Cell::Text("a".into()),
    ] {
        let e = whole_number(&c).unwrap_err();
        assert!(e.message.ja.starts_with("1以上の整数が必要です"), "{e:?}");
    }
}

#[test]
fn years_in_any_form_and_a_helpful_refusal() {
    let y = |c: Cell| year(&c, &[2019, 2020], YearFormat::Wareki, Language::Ja);
    assert_eq!(y(Cell::Text("令和5年度".into())), Ok(2023));
    assert_eq!(y(Cell::Text("R5".into())), Ok(2023));
    assert_eq!(y(Cell::Number(2023.0)), Ok(2023));
    let e = y(Cell::Text("来年".into())).unwrap_err();
    assert_eq!(e.message.ja, "年度が必要ですが「来年」が入っています");
    assert_eq!(e.message.en, "expected a fiscal year, found \"来年\"");
    let help = e.help.unwrap();
    assert!(help.ja.contains("令和元年度、令和2年度"), "{help:?}");
    assert!(y(Cell::Number(5.0)).is_err());
}

#[test]
fn statuses_must_be_exact_keys() {
    let levels = ["S", "A", "B"];
    assert_eq!(
        status(&Cell::Text(" A ".into()), &levels, "sabcd"),
        Ok("A".into())
    );
    let e = status(&Cell::Text("Ａ".into()), &levels, "sabcd").unwrap_err();
    assert!(e.message.ja.contains("「A」と入力してください"), "{e:?}");
    assert!(e.message.en.contains("type \"A\""), "{e:?}");
    let e = status(&Cell::Text("Z".into()), &levels, "sabcd").unwrap_err();
    assert_eq!(e.message.ja, "「Z」はこの計画の評価(「sabcd」)にありません");
    assert_eq!(e.help.unwrap().en, "the levels are: S, A, B");
}

#[test]
fn text_columns_take_numbers_as_written() {
    assert_eq!(text(&Cell::Number(2023.0)), Ok("2023".into()));
    assert_eq!(text(&Cell::Number(1.5)), Ok("1.5".into()));
    assert_eq!(text(&Cell::Text("  見込 ".into())), Ok("見込".into()));
    assert!(is_clear_cell(&Cell::Text(" 削除 ".into())));
    assert!(is_blank(&Cell::Text("  ".into())));
}

#[test]
fn error_and_truth_values_written_into_a_csv_file_are_refused() {
    // What Excel and Calc write into a CSV file for a cell holding an
    // error (a formula gone wrong) or TRUE: text, but not a value.
    for t in [
        "#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", " #n/a ", "Err:502",
    ] {
        let e = value(&Cell::Text(t.into()), false).unwrap_err();
        let t = t.trim();
        assert_eq!(
            e.message.ja,
            format!("エラー値「{t}」が入っています。数式ではなく値を入力してください"),
        );
        assert!(schedule_value(&Cell::Text(t.into())).is_err(), "{t}");
        assert!(text(&Cell::Text(t.into())).is_err(), "{t}");
    }
    for t in ["TRUE", "false"] {
        let e = value(&Cell::Text(t.into()), false).unwrap_err();
        assert!(e.message.ja.starts_with("真偽値「"), "{e:?}");
        assert!(schedule_value(&Cell::Text(t.into())).is_err(), "{t}");
    }
    // Text that only looks a little like them stays text.
    for t in ["#1", "Err", "#N/Aの理由", "TRUE値"] {
        assert_eq!(
            value(&Cell::Text(t.into()), false),
            Ok(Value::Text(t.into()))
        );
    }
    assert_eq!(text(&Cell::Text("TRUE".into())), Ok("TRUE".into()));
}

#[test]
fn a_date_as_a_csv_file_holds_it_is_refused_where_a_figure_belongs() {
    // Excel opens a CSV file's 1-2 as 1月2日 and saves it so.
    let e = value(&Cell::Text("1月2日".into()), false).unwrap_err();
    assert_eq!(e.message.ja, "日付になっています(1月2日)");
    assert!(e.help.unwrap().ja.contains("「1-2」"));
    let e = value(&Cell::Text("2024/1/2".into()), false).unwrap_err();
    assert_eq!(e.message.en, "the cell holds a date (1/2)");
    assert!(value(&Cell::Text("２０２４/０１/０２".into()), false).is_err());
    // Not dates: kept as text, or refused as a number.
    for t in ["13月2日", "1月", "令和5年4月1日", "2024/1", "1/2/3/4"] {
        assert!(
            !matches!(value(&Cell::Text(t.into()), false), Err(ref p) if p.message.ja.starts_with("日付")),
            "{t}"
        );
    }
    // The schedule shows its cells as written: a date there is a date.
    assert_eq!(
        schedule_value(&Cell::Text("4月1日".into())),
        Ok(Value::Text("4月1日".into()))
    );
}

#[test]
fn numbers_a_spreadsheet_turned_into_dates_are_refused_as_identities() {
    for t in ["2001/1/1", "1/2", "1月2日", "2001年1月1日", "2001-01-01"] {
        let p = identity(&Cell::Text(t.into())).unwrap_err();
        assert!(p.message.ja.contains("日付です"), "{t}: {}", p.message.ja);
    }
    for t in ["1-1", "1-1-1", "3-2", "10", "01", "a/b", "2-1-3"] {
        assert_eq!(identity(&Cell::Text(t.into())).unwrap(), t);
    }
}
