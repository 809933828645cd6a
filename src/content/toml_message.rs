//! Japanese for the `toml` crate's syntax error messages, which it gives
//! only in English as "<what is wrong>, expected <what fits there>".

/// The parser's descriptions, as `toml_parser` and `toml` word them.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("duplicate key", "同じキーが2回書かれています"),
    (
        "string values must be quoted",
        "文字列は \" で囲む必要があります",
    ),
    (
        "invalid unquoted key",
        "キーに使えない文字があります（\" で囲まないキーに使えるのは半角の英数字、-、_ です）",
    ),
    ("key with no value", "キーに値がありません"),
    ("missing value", "値がありません"),
    ("missing value for key", "キーに値がありません"),
    (
        "extra comma in inline table",
        "{ } の中に余分なカンマがあります",
    ),
    ("extra comma in array", "[ ] の中に余分なカンマがあります"),
    ("unclosed inline table", "{ が閉じていません"),
    ("unclosed array", "[ が閉じていません"),
    ("unclosed table", "[ が閉じていません"),
    ("unclosed array table", "[[ が閉じていません"),
    (
        "missing comma between array elements",
        "[ ] の要素の間にカンマがありません",
    ),
    (
        "missing comma between key-value pairs",
        "{ } の項目の間にカンマがありません",
    ),
    (
        "missing assignment between key-value pairs",
        "キーと値の間に = がありません",
    ),
    ("extra assignment between key-value pairs", "= が多すぎます"),
    ("extra `=`", "= が多すぎます"),
    ("unexpected `=` in array", "[ ] の中に = は書けません"),
    ("unexpected content", "ここに書けない文字があります"),
    (
        "unexpected content between comment and newline",
        "ここに書けない文字があります",
    ),
    ("unexpected key or value", "ここにキーや値は書けません"),
    ("invalid key-value pair", "キーと値の書き方に誤りがあります"),
    (
        "invalid inline table element",
        "{ } の中の書き方に誤りがあります",
    ),
    ("invalid basic string", "\" で囲んだ文字列に誤りがあります"),
    ("invalid literal string", "' で囲んだ文字列に誤りがあります"),
    (
        "invalid multi-line basic string",
        "\"\"\" で囲んだ文字列に誤りがあります",
    ),
    ("unquoted keys cannot be empty", "キーが空です"),
    (
        "missing key for inline table element",
        "{ } の中にキーがありません",
    ),
    ("missing escaped value", "\\ の後に文字がありません"),
    ("unexpected leading zero", "数値の先頭に 0 は書けません"),
    ("unexpected sign", "ここに符号は書けません"),
    ("redundant numeric sign", "符号が重なっています"),
    (
        "`_` may only go between digits",
        "_ は数字の間にだけ書けます",
    ),
    ("invalid value", "値の書き方に誤りがあります"),
    (
        "invalid comment character",
        "コメントに使えない文字があります",
    ),
    (
        "carriage return must be followed by newline",
        "改行の書き方に誤りがあります",
    ),
    (
        "cannot extend value of type array with a dotted key",
        "ドット付きのキーでリストに書き足すことはできません",
    ),
    (
        "cannot extend value of type inline table with a dotted key",
        "ドット付きのキーで { } の表に書き足すことはできません",
    ),
];

/// The message in Japanese: the description translated where it is known,
/// the parser's own list of what fits left as written (it names TOML
/// tokens such as `=` and `"`).
pub fn japanese(message: &str) -> String {
    let (what, expected) = match message.split_once(", expected ") {
        Some((w, e)) => (w, Some(e)),
        None => (message, None),
    };
    let what = DESCRIPTIONS
        .iter()
        .find(|(en, _)| *en == what)
        .map_or(what, |(_, ja)| ja);
    match expected {
        Some(e) => format!("{what}（ここに来るべきもの: {e}）"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_descriptions_are_translated_and_the_rest_kept() {
        assert_eq!(japanese("duplicate key"), "同じキーが2回書かれています");
        assert_eq!(
            japanese("key with no value, expected `=`"),
            "キーに値がありません（ここに来るべきもの: `=`）"
        );
        assert_eq!(japanese("something new"), "something new");
    }
}
