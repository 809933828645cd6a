//! What the index and the query agree on: the same normalisation and the
//! same character n-grams on both sides, so that no segmenter's idea of a
//! word can make them disagree (pagefind #1237). `static/search.js` does
//! exactly this in the browser; `tests` below and the browser suite hold
//! the two to the same examples.

use unicode_normalization::UnicodeNormalization;

/// Body text starts at this position, so that a match's position tells
/// whether it is in the title (ranked first). Titles longer than this
/// count as body past it.
pub const TITLE_SPAN: u32 = 1024;

/// The text as both sides compare it: NFKC (full-width ASCII and
/// half-width kana become their usual forms) and lower case.
pub fn normalize(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

/// Letters and digits make words; everything else separates them, except
/// the joiners below.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// 「・」 between words is dropped rather than separating them: 防災・減災
/// is read as 防災減災, so 防災減災 typed without it finds it and 減災
/// still does. (NFKC has turned the half-width ･ into ・ already.)
pub fn is_joiner(c: char) -> bool {
    c == '・'
}

/// The runs of word characters of normalised `text` with the position of
/// each character, counted from `start`; a separator takes a position, so
/// runs never touch.
pub fn runs(text: &str, start: u32) -> (Vec<Vec<(char, u32)>>, u32) {
    let mut out: Vec<Vec<(char, u32)>> = Vec::new();
    let mut current: Vec<(char, u32)> = Vec::new();
    let mut pos = start;
    for c in text.chars() {
        if is_word(c) {
            current.push((c, pos));
            pos += 1;
        } else if is_joiner(c) && !current.is_empty() {
            continue;
        } else {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            pos += 1;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    (out, pos)
}

/// The runs of a query, as the browser splits it.
pub fn query_runs(query: &str) -> Vec<String> {
    runs(&normalize(query), 0)
        .0
        .into_iter()
        .map(|r| r.into_iter().map(|(c, _)| c).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_are_folded() {
        assert_eq!(normalize("ＤＸ推進　Ａｂｃ"), "dx推進 abc");
        assert_eq!(normalize("ｶﾀｶﾅ"), "カタカナ");
    }

    #[test]
    fn the_middle_dot_joins_and_punctuation_separates() {
        assert_eq!(query_runs("防災・減災"), ["防災減災"]);
        assert_eq!(query_runs("防災･減災"), ["防災減災"]);
        assert_eq!(
            query_runs("ふるさと納税 の推進、協働"),
            ["ふるさと納税", "の推進", "協働"]
        );
        assert_eq!(query_runs("・防災"), ["防災"]);
        assert_eq!(query_runs("データ々ー"), ["データ々ー"]);
    }

    #[test]
    fn positions_skip_a_place_between_runs() {
        let (runs, end) = runs("ab cd", 10);
        assert_eq!(runs[0], [('a', 10), ('b', 11)]);
        assert_eq!(runs[1], [('c', 13), ('d', 14)]);
        assert_eq!(end, 15);
    }
}
