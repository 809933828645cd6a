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
        "キーに使えない文字があります。日本語などを含むキーは \" で囲みます",
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

/// The parser's words for what fits, as `toml_parser` words them; tokens
/// written in backquotes (`=`, `"`) read the same in both languages.
const EXPECTED: &[(&str, &str)] = &[
    ("key", "キー"),
    ("value", "値"),
    ("letters", "英字"),
    ("numbers", "数字"),
    ("digits", "数字"),
    ("nothing", "何もない"),
    ("literal string", "' で囲んだ文字列"),
    ("basic string", "\" で囲んだ文字列"),
    ("multi-line basic string", "\"\"\" で囲んだ文字列"),
    ("unicode hexadecimal value", "16進数の文字コード"),
    ("printable characters", "表示できる文字"),
    ("characters", "文字"),
    ("non-single-quote characters", "' 以外の文字"),
    ("non-single-quote visible characters", "' 以外の文字"),
    ("non-double-quote visible characters", "\" 以外の文字"),
];

/// The message in Japanese: the description and the list of what fits
/// translated where they are known, kept as written otherwise.
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
        Some(e) => {
            let fits: Vec<&str> = e
                .split(", ")
                .map(|x| {
                    EXPECTED
                        .iter()
                        .find(|(en, _)| *en == x)
                        .map_or(x, |(_, ja)| ja)
                })
                .collect();
            format!("{what}（ここに書けるもの: {}）", fits.join("、"))
        }
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
            "キーに値がありません（ここに書けるもの: `=`）"
        );
        assert_eq!(
            japanese("invalid unquoted key, expected letters, numbers, `-`, `_`"),
            "キーに使えない文字があります。日本語などを含むキーは \" で囲みます（ここに書けるもの: 英字、数字、`-`、`_`）"
        );
        assert_eq!(japanese("something new"), "something new");
    }
}
