//! Shift_JIS as Windows writes it (CP932), for CSV files staff open in a
//! Japanese Excel. A few characters have two Unicode forms that CP932
//! writes with one code — the wave dash 〜 and the full-width tilde ～, the
//! em dash — and the horizontal bar ―, … (the 波ダッシュ problem). Export
//! writes them in CP932's form and import counts the two forms as the same
//! text, so a plan sent through a Shift_JIS CSV comes back unchanged.

/// (the form content files usually hold, the form CP932 gives back).
const PAIRS: [(char, char); 9] = [
    ('\u{301C}', '\u{FF5E}'), // 〜 ～
    ('\u{2014}', '\u{2015}'), // — ―
    ('\u{2212}', '\u{FF0D}'), // − －
    ('\u{2016}', '\u{2225}'), // ‖ ∥
    ('\u{00A2}', '\u{FFE0}'), // ¢ ￠
    ('\u{00A3}', '\u{FFE1}'), // £ ￡
    ('\u{00AC}', '\u{FFE2}'), // ¬ ￢
    ('\u{00A5}', '\u{FFE5}'), // ¥ ￥ (a CP932 0x5C reads back as \)
    ('\u{203E}', '\u{FFE3}'), // ‾ ￣ (a CP932 0x7E reads back as ~)
];

/// The character CP932 writes for `c`.
fn cp932_form(c: char) -> char {
    PAIRS
        .iter()
        .find(|(plain, _)| *plain == c)
        .map_or(c, |(_, cp)| *cp)
}

/// Whether two texts are the same once written in CP932.
pub fn same_text(a: &str, b: &str) -> bool {
    a == b || a.chars().map(cp932_form).eq(b.chars().map(cp932_form))
}

/// `text` in CP932, or the first character it cannot hold.
pub fn encode(text: &str) -> Result<Vec<u8>, char> {
    let mapped: String = text.chars().map(cp932_form).collect();
    let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode(&mapped);
    if !had_errors {
        return Ok(bytes.into_owned());
    }
    let bad = mapped
        .chars()
        .find(|c| encoding_rs::SHIFT_JIS.encode(&c.to_string()).2)
        .unwrap_or('\u{FFFD}');
    Err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_forms_survive_a_trip_through_cp932_as_the_same_text() {
        let text = "R1〜R3 — −5 ‖ ¢£¬ ¥100 ‾ 髙 ① ㈱";
        let bytes = encode(text).expect("every character has a CP932 code");
        let (back, _, errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!errors);
        assert_ne!(back, text);
        assert!(same_text(&back, text), "{back}");
        assert!(!same_text("R1〜R3", "R1~R3"));
    }

    #[test]
    fn a_character_cp932_has_no_code_for_is_named() {
        assert_eq!(encode("高压受電"), Err('压'));
        assert_eq!(encode("😀"), Err('😀'));
    }
}
