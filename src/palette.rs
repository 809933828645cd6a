//! Level colours: the default palette for levels that name none, and the
//! contrast check of those that do.
//!
//! A level's colour is drawn as the thick border of its tag and as its
//! segment of the summary bar, never as text (the label is always written
//! in the text colour). WCAG 2.1 (1.4.11, non-text contrast) asks such
//! marks for 3:1 against the page; the default palette reaches 4.5:1, the
//! level for text, so that a theme may also write labels in it.

/// By a level's position in its scale (best first), cycling after the last:
/// green, blue, ochre, red, purple, teal, grey. Dark enough for 4.5:1 on
/// white and told apart by hue and lightness; the label says the level, so
/// no reader depends on the colour.
pub const DEFAULT_PALETTE: [&str; 7] = [
    "#1d6b2f", "#0050a0", "#8a5a00", "#b3261e", "#4a2a8a", "#00676b", "#595959",
];

/// The page's background, which tags and bars stand on.
pub const PAGE: &str = "#ffffff";

/// The contrast a tag's border and a bar's segment need against the page.
pub const MIN_MARK_CONTRAST: f64 = 3.0;

/// The default colour of the level at `position` (from 0).
pub fn default_colour(position: usize) -> &'static str {
    DEFAULT_PALETTE[position % DEFAULT_PALETTE.len()]
}

/// Relative luminance of a colour written `#rrggbb` (WCAG 2.1); `None` for
/// anything else.
pub fn luminance(hex: &str) -> Option<f64> {
    if hex.len() != 7 || !hex.starts_with('#') {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(1)? + 0.7152 * channel(3)? + 0.0722 * channel(5)?)
}

/// The contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (x, y) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_palette_is_distinct_and_reads_as_text_on_the_page() {
        for (i, c) in DEFAULT_PALETTE.iter().enumerate() {
            let ratio = contrast(c, PAGE).unwrap();
            assert!(ratio >= 4.5, "{c} is {ratio:.2}:1 on white");
            assert!(!DEFAULT_PALETTE[..i].contains(c), "{c} twice");
        }
        assert_eq!(default_colour(0), "#1d6b2f");
        assert_eq!(default_colour(7), "#1d6b2f");
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast("#000000", "#ffffff").unwrap() - 21.0).abs() < 1e-9);
        assert!((contrast("#ffffff", "#ffffff").unwrap() - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that reaches 4.5:1 on white.
        let grey = contrast("#767676", PAGE).unwrap();
        assert!((4.5..4.6).contains(&grey), "{grey}");
        // Okabe–Ito orange is too light for a border on white.
        assert!(contrast("#e69f00", PAGE).unwrap() < MIN_MARK_CONTRAST);
        assert_eq!(contrast("red", PAGE), None);
    }

    fn parse(toml: &str) -> (crate::config::Config, Vec<String>) {
        let mut d = crate::diagnostics::Diagnostics::default();
        let file = crate::diagnostics::SourceFile::new("site.toml".into(), toml.into());
        let c = crate::config::parse(file, &mut d);
        (c, d.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn levels_without_colours_get_the_palette_by_position() {
        let (c, errs) = parse(
            "title = \"t\"\nlanguage = \"en\"\n[scales.x]\nname = \"X\"\n[[scales.x.levels]]\nkey = \"A\"\n[[scales.x.levels]]\nkey = \"B\"\ncolor = \"#000000\"\n[[scales.x.levels]]\nkey = \"C\"\n",
        );
        assert!(errs.is_empty(), "{errs:?}");
        let colours: Vec<_> = c.scales["x"]
            .levels
            .iter()
            .map(|l| l.color.as_str())
            .collect();
        assert_eq!(colours, ["#1d6b2f", "#000000", "#8a5a00"]);
    }

    #[test]
    fn a_colour_too_light_for_a_border_is_a_warning_at_its_line() {
        let (c, errs) = parse(
            "title = \"t\"\nlanguage = \"en\"\n[scales.x]\nname = \"X\"\n[[scales.x.levels]]\nkey = \"A\"\ncolor = \"#e69f00\"\n[[scales.x.levels]]\nkey = \"B\"\ncolor = \"#767676\"\n",
        );
        assert_eq!(
            errs,
            ["site.toml:7:9: warning: scales.x.levels[0].color: \"#e69f00\" has a contrast of 2.25:1 against the white page, short of the 3:1 (WCAG 2.1 AA) a status tag's border and the summary bar need; use a darker colour such as \"#595959\""]
        );
        // Kept: the label says the level; the colour only helps.
        assert_eq!(c.scales["x"].levels[0].color, "#e69f00");
    }
}
