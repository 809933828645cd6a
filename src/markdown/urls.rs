//! Which link and image addresses a page may carry.
//!
//! Content is typed by many hands and copied from many places; a Markdown
//! link to `javascript:` runs code in every reader's browser. Only addresses
//! that lead somewhere are kept: relative ones, fragments, and the schemes
//! `http`, `https`, `mailto` and `tel`, plus those a site lists in
//! `link_schemes`.

/// Schemes allowed on every site.
pub const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Schemes no setting can allow: they run code in the reader's browser.
pub const CODE_SCHEMES: [&str; 2] = ["javascript", "vbscript"];

/// The scheme of `url` as a browser reads it, lower-case, or None for a
/// relative or fragment address. Browsers drop leading spaces and control
/// characters and ignore tabs and line breaks anywhere (the URL Standard),
/// so `" java\tscript:"` has the scheme `javascript`.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    let name = &cleaned[..end];
    let valid = cleaned[end..].starts_with(':')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| name.to_ascii_lowercase())
}

/// Whether `url` may be a link or image address on a page of a site that
/// allows `extra` schemes besides the safe ones.
pub fn allowed(url: &str, extra: &[String]) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => SAFE_SCHEMES.contains(&s.as_str()) || extra.contains(&s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        assert_eq!(scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme(" JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\tscr\nipt:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("\u{1}javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("data:text/html,x").as_deref(), Some("data"));
        assert_eq!(scheme("https://city.example/").as_deref(), Some("https"));
        assert_eq!(scheme("../print/"), None);
        assert_eq!(scheme("#kpi-1"), None);
        assert_eq!(scheme("?status=a"), None);
        assert_eq!(scheme("//cdn.example/x"), None);
        assert_eq!(scheme("a/b:c"), None, "a colon after a slash is a path");
        assert_eq!(scheme("1x:y"), None, "a scheme starts with a letter");
    }

    #[test]
    fn only_safe_and_listed_schemes_are_allowed() {
        for ok in [
            "https://a.example",
            "http://a",
            "mailto:a@b",
            "tel:0836",
            "x/y",
            "#z",
        ] {
            assert!(allowed(ok, &[]), "{ok}");
        }
        for bad in [
            "javascript:1",
            "vbscript:1",
            "data:image/png;base64,AA",
            "file:///etc/passwd",
        ] {
            assert!(!allowed(bad, &[]), "{bad}");
        }
        assert!(allowed("ftp://files.example", &["ftp".to_string()]));
    }
}
