//! The slips recognised on lines the way the parser meets them.

use super::*;

fn slip(doc: &str, at: &str) -> Slip {
    let at = doc.find(at).unwrap();
    recognise(doc, at, "string values must be quoted")
        .unwrap_or_else(|| panic!("no slip found in {doc:?}"))
}

#[test]
fn full_width_digits_are_named_and_written_half_width() {
    let doc = "targets = { 2022 = ６０ }\n";
    let s = slip(doc, "６");
    assert_eq!(&doc[s.range.clone()], "６０");
    assert_eq!(
        s.message.ja,
        "「６０」は全角の数字です。半角で 60 と書いてください"
    );
    assert!(s.help.en.ends_with("targets = { 2022 = 60 }"));
    // In a key, and with a full-width minus and period.
    let s = slip("２０２２ = 60\n", "２");
    assert!(s.message.en.contains("as 2022"), "{}", s.message.en);
    let s = slip("x = { 2022 = －１．５ }\n", "－");
    assert!(s.message.ja.contains("（－ １ ． ５）"), "{}", s.message.ja);
    assert!(s.message.en.ends_with("as -1.5"));
}

#[test]
fn thousands_separators_only_where_a_value_is() {
    let doc = "targets = { 2022 = 1,200, 2023 = 1,300 }\n";
    // The parser stops at the comma after 200.
    let s = slip(doc, ", 2023");
    assert_eq!(&doc[s.range.clone()], "1,200");
    assert!(s
        .help
        .en
        .ends_with("write it as 1200: targets = { 2022 = 1200, 2023 = 1300 }"));
    let s = slip("value = 12,345.5\n", ",");
    assert!(s.message.en.contains("12,345.5"));
    assert!(s.help.en.contains("as 12345.5"));
    // An array of two numbers is valid TOML; nothing is claimed there.
    assert!(recognise("x = [1,200] ６\n", 4, "").is_none());
    assert!(scan("x = [1,200]").is_empty());
    assert!(scan("x = { a = 1,b = 2 }").is_empty());
}

#[test]
fn numbers_as_reports_print_them() {
    let doc = "baseline = { year = 2017, value = △ 30,095 }\n";
    let s = slip(doc, "△");
    assert_eq!(&doc[s.range.clone()], "△ 30,095");
    assert_eq!(
        s.message.en,
        "\"△ 30,095\" cannot be read as a number (a thousands separator, △ for minus); write it as -30095"
    );
    assert!(s.help.en.ends_with("value = -30095 }"));
    let s = slip("reported_rate = 91.2%\n", "%");
    assert!(
        s.message.ja.contains("（% 記号）。91.2 と書いてください"),
        "{}",
        s.message.ja
    );
    assert!(s
        .help
        .en
        .starts_with("write (the % goes in the KPI's unit): reported_rate = 91.2"));
}

#[test]
fn era_years_as_bare_keys_give_the_western_year() {
    for (written, year) in [
        ("令和4年度", 2022),
        ("R4", 2022),
        ("H30", 2018),
        ("平成30年度", 2018),
        ("令和元年度", 2019),
        ("Ｒ４", 2022),
    ] {
        let doc = format!("status = {{ {written} = \"B\" }}\n");
        let s = slip(&doc, written);
        assert_eq!(&doc[s.range.clone()], written);
        assert!(
            s.help
                .en
                .ends_with(&format!("status = {{ {year} = \"B\" }}")),
            "{written}: {}",
            s.help.en
        );
        assert!(s.message.ja.contains(&format!("{year} 年度")));
    }
    assert_eq!(era_year("令和"), None);
    assert_eq!(era_year("Hello"), None);
    assert_eq!(era_year("R0"), None);
}

#[test]
fn quotes_equals_and_spaces_typed_full_width() {
    let doc = "title = “計画”\n";
    let s = slip(doc, "“");
    assert_eq!(&doc[s.range.clone()], "“計画”");
    assert!(s.help.en.ends_with("title = \"計画\""));
    let s = slip("title = 「計画」\n", "「");
    assert!(s.help.ja.ends_with("title = \"計画\""));
    let s = slip("title ＝ \"t\"\n", "＝");
    assert!(s.help.en.ends_with("title = \"t\""));
    let s = slip("title\u{3000}= \"t\"\n", "\u{3000}");
    assert!(s.message.en.contains("U+3000"));
    assert!(s.help.en.ends_with("title = \"t\""));
    // Inside a string they are text.
    assert!(scan("title = \"“計画”＝６０　\"").is_empty());
}

#[test]
fn an_unclosed_string_is_pointed_at_its_opening_quote() {
    let doc = "number = \"3\"\ntitle = \"計画\n";
    let at = doc.len() - 1;
    let s = recognise(doc, at, "invalid basic string").unwrap();
    assert_eq!(s.range.start, doc.rfind('"').unwrap());
    assert_eq!(s.range.len(), 1);
    assert!(s.message.en.contains("not closed"));
    assert!(s.help.en.ends_with("title = \"計画\""));
    // A multi-line string is left to the parser.
    assert!(scan("a = \"\"\"x").is_empty());
}

#[test]
fn full_width_brackets_and_commas_but_not_text_in_full_width_brackets() {
    let s = slip("status = { 2022 = \"B\" ｝\n", "｝");
    assert!(
        s.help.en.ends_with("status = { 2022 = \"B\" }"),
        "{}",
        s.help.en
    );
    let s = slip("targets = { 2022 = １，２００ }\n", "１");
    assert_eq!(
        s.message.ja,
        "「１，２００」は数値として読めません（全角の文字 １ ， ２ ０、桁区切りのカンマ）。1200 と書いてください"
    );
    // Two values with a full-width comma between them are not one number.
    let s = slip("targets = { 2022 = 60，2023 = 70 }\n", "= 70");
    assert!(
        s.help.en.ends_with("{ 2022 = 60,2023 = 70 }"),
        "{}",
        s.help.en
    );
    // Unquoted Japanese text: the fix is quotes, not half-width brackets.
    let s = slip("title = 窓口（電子化）\n", "窓");
    assert_eq!(s.message.en, "text must be written in double quotes: \"…\"");
    assert!(
        s.help.ja.ends_with("title = \"窓口（電子化）\""),
        "{}",
        s.help.ja
    );
}

#[test]
fn unquoted_text_is_shown_quoted() {
    let doc = "status = { 2022 = B, 2023 = C }\n";
    let s = slip(doc, "B");
    assert_eq!(&doc[s.range.clone()], "B");
    assert!(s.help.en.ends_with("status = { 2022 = \"B\", 2023 = C }"));
    let s = slip("unit = 件 # 単位\n", "件");
    assert!(s.help.en.ends_with("unit = \"件\" # 単位"), "{}", s.help.en);
    // Only on the parser's word: another error is left as it is.
    assert!(recognise("unit = 件\n", 7, "invalid value").is_none());
}

proptest::proptest! {
    /// Whatever the line, wherever the parser stopped: no panic, and a
    /// range inside the document on the line of the error.
    #[test]
    fn any_line_and_place_is_safe(
        doc in "[ -~０-９＝“”「」\u{3000}令和年度元，．－△▲％\n]{0,40}",
        at in 0usize..160,
    ) {
        for parser in ["string values must be quoted", "invalid basic string"] {
            if let Some(s) = recognise(&doc, at, parser) {
                proptest::prop_assert!(s.range.end <= doc.len());
                proptest::prop_assert!(doc.get(s.range.clone()).is_some());
                proptest::prop_assert!(!doc[s.range.clone()].contains('\n'));
            }
        }
    }
}

#[test]
fn nothing_is_claimed_for_other_errors() {
    assert!(recognise("title = \"t\" x\n", 12, "unexpected content").is_none());
    assert!(recognise("a.b = 1\n[a\n", 9, "unclosed table").is_none());
}
