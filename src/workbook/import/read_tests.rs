use super::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn write_book(path: &Path) {
    let mut book = Workbook::new();
    let guide = book.add_worksheet();
    guide.set_name("使い方").unwrap();
    guide.write_string(0, 0, "計画ID").unwrap();
    guide.write_string(0, 1, "mine/reform").unwrap();
    let kpis = book.add_worksheet();
    kpis.set_name("成果指標").unwrap();
    // Nothing in row 1 or column A: the range starts at B2.
    kpis.write_string(1, 1, "目標").unwrap();
    kpis.write_number_with_format(2, 1, 0.85, &Format::new().set_num_format("0%"))
        .unwrap();
    kpis.write_number_with_format(2, 2, 0.5, &Format::new().set_num_format("0.0\"%\""))
        .unwrap();
    kpis.write_number(2, 3, 12.5).unwrap();
    let date = ExcelDateTime::from_ymd(2024, 1, 2).unwrap();
    kpis.write_datetime_with_format(3, 1, &date, &Format::new().set_num_format("m月d日"))
        .unwrap();
    kpis.merge_range(4, 1, 5, 2, "merged", &Format::new())
        .unwrap();
    kpis.write_boolean(6, 1, true).unwrap();
    let lists = book.add_worksheet();
    lists.set_name("選択肢").unwrap();
    lists.write_string(0, 0, "S").unwrap();
    lists.set_hidden(true);
    book.save(path).unwrap();
}

#[test]
fn a_workbook_reads_with_types_positions_merges_and_hidden_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    write_book(&path);
    let (sheets, diags) = read_files(&[path.as_path()]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(sheets.len(), 3);
    assert_eq!(plan_id(&sheets).as_deref(), Some("mine/reform"));
    let k = &sheets[1];
    assert_eq!((k.file.as_str(), k.index), ("plan.xlsx", 1));
    assert_eq!(k.kind, Some(SheetKind::Kpis));
    let s = &k.sheet;
    assert_eq!(s.name, "成果指標");
    assert_eq!(s.cell(1, 1), &Cell::Text("目標".into()));
    assert_eq!(s.cell(0, 0), &Cell::Empty);
    assert_eq!(s.cell(2, 1), &Cell::Percent(0.85));
    // A quoted % is text in the format, not a percentage.
    assert_eq!(s.cell(2, 2), &Cell::Number(0.5));
    assert_eq!(s.cell(2, 3), &Cell::Number(12.5));
    assert_eq!(
        s.cell(3, 1),
        &Cell::Date {
            year: 2024,
            month: 1,
            day: 2
        }
    );
    assert_eq!(s.cell(6, 1), &Cell::Bool(true));
    assert_eq!(
        s.merged,
        vec![Area {
            first_row: 4,
            first_col: 1,
            last_row: 5,
            last_col: 2
        }]
    );
    assert!(!s.hidden);
    let l = &sheets[2];
    assert!(l.sheet.hidden);
    assert_eq!(l.kind, Some(SheetKind::Lists));
}

#[test]
fn csv_files_in_utf8_with_and_without_bom_and_in_cp932() {
    let dir = tempfile::tempdir().unwrap();
    let text = "項目番号,指標番号,指標名,年度,目標\r\n9,1,\"経費\r\n削減額\",令和5年度,\"1,234\"\r\n9,2\r\n";
    let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad);
    let files = [
        (
            "a.csv",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("b.csv", text.as_bytes().to_vec()),
        ("c.csv", sjis.into_owned()),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let paths: Vec<_> = files.iter().map(|(n, _)| dir.path().join(n)).collect();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let (sheets, diags) = read_files(&refs);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(sheets.len(), 3);
    for s in &sheets {
        assert_eq!(s.kind, Some(SheetKind::Kpis), "{}", s.file);
        assert_eq!(s.sheet.name, "");
        assert_eq!(s.sheet.cell(0, 0), &Cell::Text("項目番号".into()));
        assert_eq!(s.sheet.cell(1, 2), &Cell::Text("経費\r\n削減額".into()));
        assert_eq!(s.sheet.cell(1, 4), &Cell::Text("1,234".into()));
        assert_eq!(s.sheet.rows[2].len(), 2);
    }
    assert_eq!(plan_id(&sheets), None);
}

#[test]
fn a_csv_file_name_says_its_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.reform.スケジュール.csv");
    std::fs::write(&path, "項目番号,年度\n").unwrap();
    let (sheets, _) = read_files(&[path.as_path()]);
    assert_eq!(sheets[0].kind, Some(SheetKind::Schedule));
}

#[test]
fn unreadable_files_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad_csv = dir.path().join("bad.csv");
    // Neither UTF-8 nor Shift_JIS: 0x80 alone is not a CP932 lead byte.
    std::fs::write(&bad_csv, b"\x80\x80\xFF").unwrap();
    let bad_xlsx = dir.path().join("bad.xlsx");
    std::fs::write(&bad_xlsx, b"not a zip").unwrap();
    let other = dir.path().join("plan.txt");
    std::fs::write(&other, b"x").unwrap();
    let missing = dir.path().join("missing.csv");
    // A workbook saved with .csv at the end, and Excel's "Unicode Text".
    let zipped = dir.path().join("mine.reform.csv");
    std::fs::write(&zipped, b"PK\x03\x04\x14\x00").unwrap();
    let utf16 = dir.path().join("utf16.csv");
    std::fs::write(&utf16, b"\xFF\xFE\x05\x98").unwrap();
    let (sheets, diags) = read_files(&[&bad_csv, &bad_xlsx, &other, &missing, &zipped, &utf16]);
    assert!(sheets.is_empty());
    let lines: Vec<String> = diags
        .iter()
        .map(|d| d.line(crate::config::Language::Ja))
        .collect();
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert!(
        lines[0].starts_with("bad.csv: エラー: 文字コードが"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("bad.xlsx: エラー: ブックを開けません。壊れているか、別の形式のファイルです。Excel で開けるなら「Excel ブック (*.xlsx)」で保存し直してください(詳細: "),
        "{lines:?}"
    );
    assert!(lines[2].starts_with("plan.txt: エラー:"), "{lines:?}");
    assert!(
        lines[3].starts_with("missing.csv: エラー: ファイルを読めません"),
        "{lines:?}"
    );
    assert_eq!(
        lines[4],
        "mine.reform.csv: エラー: CSV ファイルではなく Excel のブック(.xlsx)です。ファイル名の最後を .xlsx にして取り込んでください"
    );
    assert!(
        lines[5].starts_with("utf16.csv: エラー: 文字コードが UTF-16"),
        "{lines:?}"
    );
}

#[test]
fn percent_formats_are_told_from_quoted_percent_signs() {
    assert!(is_percent_format("0%"));
    assert!(is_percent_format("0.0%;[Red]-0.0%"));
    assert!(!is_percent_format("0\"%\""));
    assert!(!is_percent_format("0\\%"));
    assert!(!is_percent_format("General"));
}
