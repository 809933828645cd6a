//! Links of the rendered pages: every `href` and `src` must lead to a file
//! of the site or outside it by an allowed scheme. Used by `plansite check
//! --links` and by the tests.

use std::collections::BTreeSet;

use crate::markdown::urls;

/// A link that leads nowhere: the page it is on and the link as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub page: String,
    pub link: String,
}

/// The links of one page, taken while the site is rendered, so that only
/// the links, not the pages, are held until every path is known.
#[derive(Debug, Default)]
pub struct PageLinks {
    /// Addresses inside the site (no scheme, not on-page).
    pub internal: Vec<String>,
    /// Addresses whose scheme the site does not allow (`javascript:`,
    /// `data:` …), as the browser reads them: from templates, raw HTML a
    /// site allows, or static pages.
    pub disallowed: Vec<String>,
}

/// Attributes that hold an address a browser follows or loads.
const ADDRESS_ATTRIBUTES: [&str; 7] = [
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "poster",
    "data",
];

/// The links of `page` (none for a file that is not HTML), on a site that
/// allows the schemes `extra` besides the safe ones.
pub fn of(page: &str, bytes: &[u8], extra: &[String]) -> PageLinks {
    let mut links = PageLinks::default();
    if !page.ends_with(".html") {
        return links;
    }
    let html = String::from_utf8_lossy(bytes);
    for (name, link) in attribute_values(&html, &ADDRESS_ATTRIBUTES) {
        if !urls::allowed(&link, extra) {
            links.disallowed.push(link);
        } else if matches!(name, "href" | "src") && !external(&link) {
            links.internal.push(link);
        }
    }
    links
}

/// The internal links of a page on a site that allows no extra schemes.
pub fn internal(page: &str, bytes: &[u8]) -> Vec<String> {
    of(page, bytes, &[]).internal
}

/// The links among `pages` (each page's path relative to the site root,
/// with `/`, and its [`internal`] links) that name none of `paths`.
pub fn broken<'a>(
    paths: &BTreeSet<&str>,
    pages: impl IntoIterator<Item = (&'a str, &'a [String])>,
) -> Vec<Broken> {
    let mut broken = Vec::new();
    for (page, links) in pages {
        for link in links {
            if !resolves(page, link, paths) {
                broken.push(Broken {
                    page: page.to_string(),
                    link: link.clone(),
                });
            }
        }
    }
    broken
}

fn external(link: &str) -> bool {
    link.is_empty()
        || link.starts_with('#')
        || link.starts_with("//")
        || urls::scheme(link).is_some()
}

/// Whether `link` on `page` names a file of the site (a folder means its index.html).
fn resolves(page: &str, link: &str, paths: &BTreeSet<&str>) -> bool {
    let link = link.split(['#', '?']).next().unwrap_or_default();
    if link.is_empty() {
        return true; // "?status=a" or "#x" on the page itself
    }
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = page.split('/').collect();
        dir.pop(); // the page's own file name
        dir
    };
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return false; // above the site root
                }
            }
            s => parts.push(s),
        }
    }
    let path = parts.join("/");
    let decoded = percent_decode(&path);
    if link.ends_with('/') || path.is_empty() {
        let index = if decoded.is_empty() {
            "index.html".to_string()
        } else {
            format!("{decoded}/index.html")
        };
        return paths.contains(index.as_str());
    }
    paths.contains(decoded.as_str()) || paths.contains(format!("{decoded}/index.html").as_str())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            if let Ok(b) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or(""), 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The values of the named attributes in `html` with their names, quoted or
/// not (HTML allows either, and a site's own templates may leave them out), with character
/// references decoded as a browser decodes them.
fn attribute_values<'n>(html: &str, names: &[&'n str]) -> Vec<(&'n str, String)> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    for name in names {
        let needle = format!("{name}=");
        let mut from = 0;
        while let Some(at) = lower[from..].find(&needle) {
            let start = from + at;
            from = start + needle.len();
            // Only a whole attribute name: preceded by whitespace inside a tag.
            let before = html[..start].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = &html[from..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or_default(),
            };
            out.push((*name, decode_references(value)));
        }
    }
    out
}

/// `&#115;`, `&#x73;` (with or without `;`) and the named references that
/// can spell an address (`&colon;`, `&Tab;` …) decoded; others kept.
fn decode_references(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    const NAMED: [(&str, char); 12] = [
        ("amp", '&'),
        ("colon", ':'),
        ("Tab", '\t'),
        ("NewLine", '\n'),
        ("sol", '/'),
        ("quest", '?'),
        ("num", '#'),
        ("period", '.'),
        ("plus", '+'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
    ];
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let (decoded, used) = if let Some(num) = rest.strip_prefix('#') {
            let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16, 2),
                None => (num, 10, 1),
            };
            let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
            let c = u32::from_str_radix(&digits[..len], radix)
                .ok()
                .and_then(char::from_u32);
            (c, skip + len)
        } else {
            NAMED
                .iter()
                .find(|(n, _)| rest.starts_with(n))
                .map_or((None, 0), |(n, c)| (Some(*c), n.len()))
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])> + Clone) -> Vec<Broken> {
        let paths: BTreeSet<&str> = files.clone().into_iter().map(|(p, _)| p).collect();
        let pages: Vec<(&str, Vec<String>)> = files
            .into_iter()
            .map(|(p, b)| (p, internal(p, b)))
            .collect();
        broken(&paths, pages.iter().map(|(p, l)| (*p, l.as_slice())))
    }

    #[test]
    fn finds_links_that_lead_nowhere() {
        let files: Vec<(&str, &[u8])> = vec![
            ("index.html", b"<a href=./mine/>m</a><a href=\"missing/\">x</a><link href=style.css rel=stylesheet>".as_slice()),
            ("mine/index.html", b"<a href=../>home</a> <a href='reform/?status=a#items'>r</a> <img src=../nope.png alt>".as_slice()),
            ("mine/reform/index.html", b"<a href=data.csv download>csv</a><a href=https://example.org>out</a><a href=#x>x</a><a href=../../../x>up</a>".as_slice()),
            ("mine/reform/data.csv", b"".as_slice()),
            ("style.css", b"".as_slice()),
            ("404.html", b"<a href=/>home</a><link href=/style.css rel=stylesheet>".as_slice()),
        ];
        let broken: Vec<(String, String)> = check(files.iter().map(|(p, b)| (*p, *b)))
            .into_iter()
            .map(|b| (b.page, b.link))
            .collect();
        assert_eq!(
            broken,
            [
                ("index.html".to_string(), "missing/".to_string()),
                ("mine/index.html".to_string(), "../nope.png".to_string()),
                (
                    "mine/reform/index.html".to_string(),
                    "../../../x".to_string()
                ),
            ]
        );
    }

    #[test]
    fn reads_quoted_and_unquoted_values_of_whole_attributes_only() {
        let v = attribute_values(
            "<a href=a/ data-href=\"no\"><img src='b.png' srcset=x>",
            &["href", "src"],
        );
        assert_eq!(
            v,
            [("href", "a/".to_string()), ("src", "b.png".to_string())]
        );
    }

    #[test]
    fn addresses_that_run_code_are_found_however_they_are_written() {
        let html = concat!(
            "<a href=\"javascript:alert(1)\">a</a>",
            "<a href=\"java&#115;cript:alert(2)\">b</a>",
            "<a href='java&#x09;script&colon;alert(3)'>c</a>",
            "<a href=vbscript:x>d</a>",
            "<img src=\"data:image/svg+xml,x\">",
            "<svg><a xlink:href=\"javascript:4\"></a></svg>",
            "<form action=\"javascript:5\"></form>",
            "<a href=\"https://city.example/\">ok</a><a href=\"../x/\">in</a>",
        );
        let links = of("p/index.html", html.as_bytes(), &[]);
        assert_eq!(links.disallowed.len(), 7, "{:?}", links.disallowed);
        assert_eq!(links.internal, ["../x/"]);
        assert!(
            of("p/index.html", b"<img src=\"data:x\">", &["data".into()])
                .disallowed
                .is_empty()
        );
    }
}
